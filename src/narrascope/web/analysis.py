"""Analysing what a user submits through the web: a pasted text, a URL or an uploaded file.

The pipeline runs in one separate process that loads the models once, so the server keeps
answering while an article is analysed, and an article that overruns its time budget costs
only that process: it is killed and a fresh one started. Results go to the store exactly as
``narrascope analyze`` writes them, and the copy index is brought up to date.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from narrascope.document import Document, RawArticle
from narrascope.ingest import format_for_path
from narrascope.ingest.base import Failure, InputRef, ReadOptions, Skipped
from narrascope.pipeline import DEFAULT_MAX_CHARS, DEFAULT_STAGES
from narrascope.runner import analyse_submitted, start_worker
from narrascope.store import Store


class SubmissionError(ValueError):
    """What was submitted cannot be analysed; the message says why, for the user."""


@dataclass(frozen=True)
class Submitted:
    """The outcome of one submission: the stored articles, and what failed or was skipped."""

    article_ids: list[str]
    problems: list[str]


class AnalysisService:
    """One analysis process, used by one request at a time."""

    def __init__(self, *, article_timeout: float = 120.0, max_chars: int = DEFAULT_MAX_CHARS,
                 allow_private_urls: bool = False, url_timeout: float = 20.0) -> None:
        self.article_timeout = article_timeout
        self.max_chars = max_chars
        self.options = ReadOptions(allow_private_urls=allow_private_urls,
                                   url_timeout=url_timeout)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the server process runs threads, which a fork would copy
            # mid-operation.
            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker,
                initargs=(DEFAULT_STAGES, {}, self.max_chars, self.article_timeout))
        return self._pool

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, item: RawArticle | InputRef) -> list[Document | Failure | Skipped]:
        # The worker enforces the budget per article; the margin here covers its start (model
        # loading) and a worker that stopped answering altogether.
        wait = self.article_timeout * 2 + 120
        with self._lock:
            future = self._executor().submit(analyse_submitted, item, self.options)
            try:
                return future.result(timeout=wait)
            except FutureTimeout:
                self.close()
                raise SubmissionError(f"analysis did not finish within {wait:g} s") from None
            except BrokenProcessPool:
                self.close()
                raise SubmissionError("the analysis process died (out of memory?); "
                                      "try again or analyse the file with the CLI") from None

    def analyse_text(self, store: Store, text: str, *, title: str | None = None,
                     url: str | None = None, outlet: str | None = None,
                     published: str | None = None) -> Submitted:
        if not text.strip():
            raise SubmissionError("the text is empty")
        raw = RawArticle(source=f"web:{_digest(text)}", text=text, title=title or None,
                         url=url or None, outlet=outlet or None, published=published or None,
                         input_format="txt")
        return self._store(store, self._run(raw))

    def analyse_url(self, store: Store, url: str) -> Submitted:
        if not url.lower().startswith(("http://", "https://")):
            raise SubmissionError("the URL must start with http:// or https://")
        return self._store(store, self._run(InputRef("url", url)))

    def analyse_upload(self, store: Store, filename: str, data: bytes) -> Submitted:
        """Analyse an uploaded file, read as ``narrascope analyze`` reads a file of that name."""
        name = Path(filename or "upload.txt").name or "upload.txt"
        if format_for_path(Path(name)) is None:
            raise SubmissionError(f"{name}: unsupported file type; use .txt, .html, .jsonl, "
                                  ".csv, .xml (feeds) or .warc.gz")
        if not data:
            raise SubmissionError(f"{name}: the file is empty")
        with tempfile.TemporaryDirectory(prefix="narrascope-upload-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            results = self._run(InputRef("file", str(path), path=path, size=len(data)))
        for result in results:  # name the upload, not the temporary file
            if isinstance(result, Document):
                result.source = result.source.replace(str(path), f"upload:{name}")
        submitted = self._store(store, results)
        return Submitted(submitted.article_ids,
                         [p.replace(str(path), f"upload:{name}") for p in submitted.problems])

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


def _problem(item: Failure | Skipped) -> str:
    return item.describe() if isinstance(item, Failure) else f"skipped: {item.reason}"


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
