"""Analysing what a user submits through the web: a pasted text, a URL or an uploaded file.

The pipeline runs in one separate process that loads the models once, so the server keeps
answering while an article is analysed. Reading a submission (fetching a URL, extracting an
HTML page) and analysing each article it holds are separate calls to that process, each under
one article's time budget; a process that overruns even that is killed and a fresh one started.
Submissions queue on the event loop, not in the server's thread pool, so pages keep loading
while one is analysed, and a full queue is refused with "busy" rather than left to pile up.
Results go to the store exactly as ``narrascope analyze`` writes them, and the copy index is
brought up to date.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from narrascope.document import Document, RawArticle
from narrascope.ingest import format_for_path
from narrascope.ingest.base import Failure, IngestItem, InputRef, ReadOptions, Skipped
from narrascope.ingest.metadata import parse_iso_date
from narrascope.pipeline import DEFAULT_MAX_CHARS, DEFAULT_STAGES
from narrascope.runner import analyse_submitted, read_submitted, start_worker
from narrascope.store import Store

#: Articles analysed from one submitted file or URL; batches belong to ``narrascope analyze``.
MAX_ARTICLES = 50
#: Submissions that may wait for the one running; more are refused as busy.
MAX_WAITING = 4


class SubmissionError(ValueError):
    """What was submitted cannot be analysed; the message says why, for the user."""


class BusyError(SubmissionError):
    """Too many submissions are waiting already."""


@dataclass(frozen=True)
class Submitted:
    """The outcome of one submission: the stored articles, and what failed or was skipped."""

    article_ids: list[str]
    problems: list[str]


class AnalysisService:
    """One analysis process, used by one submission at a time."""

    def __init__(self, *, article_timeout: float = 120.0, max_chars: int = DEFAULT_MAX_CHARS,
                 allow_private_urls: bool = False, url_timeout: float = 20.0) -> None:
        self.article_timeout = article_timeout
        self.max_chars = max_chars
        self.options = ReadOptions(allow_private_urls=allow_private_urls,
                                   url_timeout=url_timeout)
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._slot: asyncio.Semaphore | None = None
        self._waiting = 0

    # -- the queue ---------------------------------------------------------------------------

    async def submit(self, call: Callable[..., Submitted], *args: Any, **kwargs: Any
                     ) -> Submitted:
        """Run ``call`` (one of the ``analyse_*`` methods) once the submissions before it are
        done; refuse with :class:`BusyError` when :data:`MAX_WAITING` already wait."""
        if self._slot is None:
            self._slot = asyncio.Semaphore(1)
        if self._waiting >= MAX_WAITING:
            raise BusyError(f"{self._waiting} analyses are waiting already; try again in a "
                            "minute (narrascope analyze takes batches)")
        self._waiting += 1
        try:
            async with self._slot:
                return await run_in_threadpool(call, *args, **kwargs)
        finally:
            self._waiting -= 1

    # -- the worker process ------------------------------------------------------------------

    def _executor(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                # spawn, not fork: the server process runs threads, which a fork would copy
                # mid-operation.
                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=start_worker,
                    initargs=(DEFAULT_STAGES, {}, self.max_chars, self.article_timeout))
            return self._pool

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def _call(self, function: Callable[..., Any], *args: Any) -> Any:
        # The worker enforces the budget itself; the margin covers its start (loading the
        # models) and a worker that stopped answering altogether.
        wait = self.article_timeout * 2 + 120
        future = self._executor().submit(function, *args)
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            self.close()
            raise SubmissionError(f"analysis did not finish within {wait:g} s") from None
        except BrokenProcessPool:
            self.close()
            raise SubmissionError("the analysis process died (out of memory?); try again or "
                                  "analyse the file with narrascope analyze") from None

    def _analyse_items(self, items: list[IngestItem]) -> list[Document | Failure | Skipped]:
        results: list[Document | Failure | Skipped] = []
        for item in items:
            if isinstance(item, RawArticle):
                results.append(self._call(analyse_submitted, item))
            else:
                results.append(item)
        return results

    def _read(self, ref: InputRef, shown_as: str) -> list[IngestItem]:
        items = self._call(read_submitted, ref, self.options, MAX_ARTICLES)
        if len(items) > MAX_ARTICLES:
            items = items[:MAX_ARTICLES]
            items.append(Failure(shown_as, f"only the first {MAX_ARTICLES} articles were "
                                 "analysed; use narrascope analyze for batches"))
        return items

    # -- what can be submitted ---------------------------------------------------------------

    def analyse_text(self, store: Store, text: str, *, title: str | None = None,
                     url: str | None = None, outlet: str | None = None,
                     published: str | None = None) -> Submitted:
        if not text.strip():
            raise SubmissionError("the text is empty")
        if published:
            try:
                published = parse_iso_date(published)
            except ValueError as exc:
                raise SubmissionError(f"published: {exc}") from None
        raw = RawArticle(source=f"web:{_digest(text)}", text=text, title=title or None,
                         url=url or None, outlet=outlet or None, published=published or None,
                         input_format="txt")
        return self._store(store, self._analyse_items([raw]))

    def analyse_url(self, store: Store, url: str) -> Submitted:
        if not url.lower().startswith(("http://", "https://")):
            raise SubmissionError("the URL must start with http:// or https://")
        items = self._read(InputRef("url", url), url)
        return self._store(store, self._analyse_items(items))

    def analyse_upload(self, store: Store, filename: str, data: bytes) -> Submitted:
        """Analyse an uploaded file, read as ``narrascope analyze`` reads a file of that kind
        (by its extension)."""
        shown = display_name(filename)
        stored_as = "upload" + safe_suffix(filename)
        if format_for_path(Path(stored_as)) is None:
            raise SubmissionError(f"{shown}: unsupported file type; use .txt, .html, .jsonl, "
                                  ".csv, .xml (feeds) or .warc.gz")
        if not data:
            raise SubmissionError(f"{shown}: the file is empty")
        with tempfile.TemporaryDirectory(prefix="narrascope-upload-") as folder:
            path = Path(folder) / stored_as
            path.write_bytes(data)
            items = self._read(InputRef("file", str(path), path=path, size=len(data)), shown)
        results = self._analyse_items(items)
        for result in results:  # name the upload, not the temporary file
            if isinstance(result, Document):
                result.source = result.source.replace(str(path), f"upload:{shown}")
        submitted = self._store(store, results)
        return Submitted(submitted.article_ids,
                         [p.replace(str(path), f"upload:{shown}") for p in submitted.problems])

    def _store(self, store: Store, results: list[Document | Failure | Skipped]) -> Submitted:
        documents = [r for r in results if isinstance(r, Document)]
        problems = [_problem(r) for r in results if not isinstance(r, Document)]
        problems += [_problem(f) for f in store.write(documents)]
        if documents:
            from narrascope.copies import update_copies

            update_copies(store, workers=1)
        if not documents and not problems:
            problems.append("no article found in what was submitted")
        return Submitted([d.id for d in documents], problems)


def display_name(filename: str) -> str:
    """An uploaded file's name as shown back: its last part, printable, at most 80 characters.

    >>> display_name("../../etc/passwd.txt"), display_name("a\\x00b\\x1b[31m.txt")
    ('passwd.txt', 'ab[31m.txt')
    """
    name = Path(filename.replace("\\", "/") or "upload").name
    name = "".join(c for c in name if c.isprintable())
    return (name or "upload")[:80]


def safe_suffix(filename: str) -> str:
    """The extensions that tell the file's format (``.warc.gz``), without anything else of
    the user's name: the upload is saved under a name of ours.

    >>> safe_suffix("news.warc.gz"), safe_suffix("x.TXT"), safe_suffix("a\\x00b.txt")
    ('.warc.gz', '.txt', '.txt')
    >>> safe_suffix("no extension"), safe_suffix("x." + "y" * 300)
    ('', '')
    """
    suffixes = [s.lower() for s in Path(display_name(filename)).suffixes[-2:]]
    kept = [s for s in suffixes if re.fullmatch(r"\.[a-z0-9]{1,8}", s)]
    return "".join(kept)


def _problem(item: Failure | Skipped) -> str:
    return item.describe() if isinstance(item, Failure) else f"skipped: {item.reason}"


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
