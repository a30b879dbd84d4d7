"""Batch runs: inputs → ingest → pipeline → store and JSONL, with workers and resume.

This is the engine behind ``narrascope analyze``; it calls the same :class:`Pipeline` as
:func:`narrascope.analyze` and adds what a batch needs: per-item isolation (a bad article is a
recorded failure, never a crash), parallel workers, transactional writes in small batches,
resume, and an output file that only appears once complete.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from narrascope.document import Document, RawArticle
from narrascope.ingest import discover, format_for_path, read_ref
from narrascope.ingest.base import Failure, IngestItem, InputRef, ReadOptions, Skipped
from narrascope.pipeline import (
    DEFAULT_MAX_CHARS,
    DEFAULT_STAGES,
    Pipeline,
    PipelineError,
    StageError,
)
from narrascope.store import Store, StoreError

#: Write to the store at least this often (articles, seconds), each batch one transaction.
FLUSH_EVERY_ARTICLES = 100
FLUSH_EVERY_SECONDS = 2.0
#: A run with nothing to store says it is alive this often (see Store.mark_stale_runs).
HEARTBEAT_SECONDS = 60.0


@dataclass
class RunSummary:
    articles: int = 0
    resumed: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    inputs: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class _Resumed:
    source: str


@dataclass(frozen=True)
class _InputDone:
    size: int


@dataclass(frozen=True)
class _ReadFile:
    """A one-article file (.txt, .html) read inside the worker, so that decoding and HTML
    extraction, the costly part of ingest, run in parallel too."""

    ref: InputRef
    options: ReadOptions
    input_format: str | None


_WorkItem = RawArticle | Failure | Skipped | _Resumed | _InputDone | _ReadFile
_Result = Document | Failure | Skipped | _Resumed | _InputDone
ProgressCallback = Callable[[str, int], None]  # event ("bytes" | "article" | "failure"), amount

#: Formats whose files hold exactly one article, with the file path as its source.
_ONE_ARTICLE_FORMATS = {"txt", "html"}

#: Seconds one article may take in the pipeline by default before it is given up as a failure.
DEFAULT_ARTICLE_TIMEOUT = 300.0

_worker_pipeline: Pipeline | None = None
_worker_error: str | None = None
_worker_timeout: float | None = None


#: One short text per supported language, run once when a worker starts, so that models which
#: load on first use load then, not inside the first article's time budget.
_WARM_UP = (
    "Officials in Kyiv said on Monday that repairs would take weeks.",
    "В Киеве в понедельник заявили, что ремонт займёт несколько недель.",
    "У Києві в понеділок заявили, що ремонт триватиме кілька тижнів.",
    "В Киев в понеделник заявиха, че ремонтът ще отнеме седмици.",
    "Em Kiev, as autoridades disseram na segunda-feira que os reparos levarão semanas.",
    "कीव में अधिकारियों ने सोमवार को कहा कि मरम्मत में कई सप्ताह लगेंगे।",
)


def _init_worker(stages: Sequence[str], config: Mapping[str, Mapping[str, Any]],
                 max_chars: int | None, article_timeout: float | None) -> None:
    """Build this worker process's pipeline (each process loads the models once)."""
    try:
        pipeline = Pipeline(stages, config, max_chars=max_chars)
    except Exception as exc:
        global _worker_error
        _worker_error = f"worker could not start the pipeline: {type(exc).__name__}: {exc}"
        return
    _use_pipeline(pipeline, article_timeout)


def _use_pipeline(pipeline: Pipeline, article_timeout: float | None) -> None:
    global _worker_pipeline, _worker_timeout
    _worker_pipeline, _worker_timeout = pipeline, article_timeout
    if article_timeout:
        for text in _WARM_UP:
            with contextlib.suppress(Exception):  # a real article will report the problem
                pipeline(RawArticle(source="<warm-up>", text=text))


class _OverBudget(BaseException):
    """Raised by the timer inside whatever the pipeline is doing. A BaseException, so that no
    stage's ``except Exception`` can swallow it."""


def _on_timer(_signum: int, _frame: object) -> None:
    raise _OverBudget


@contextlib.contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (a real-time timer signal). Signals reach only the
    main thread, so elsewhere (a web server's worker thread) the block runs unbounded."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_timer)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _analyse(article: RawArticle) -> Document | Failure:
    if _worker_pipeline is None:
        return Failure(article.source, _worker_error or "worker has no pipeline",
                       stage="analysis")
    try:
        return _worker_pipeline(article)
    except StageError as exc:
        return Failure(article.source, str(exc), stage=exc.stage)
    except PipelineError as exc:  # refused before any stage ran (too long)
        return Failure(article.source, str(exc), stage="analysis")


def _process(item: _WorkItem) -> list[_Result]:
    """Read and analyse one work item (in a worker or in-process); failures are values. The
    time budget covers reading too: a one-article file is read here, and a pathological page
    can hold the HTML extractor as long as any stage."""
    if not isinstance(item, (RawArticle, _ReadFile)):
        return [item]
    if _worker_pipeline is not None:
        _worker_pipeline.running = None
    try:
        with _time_budget(_worker_timeout):
            if isinstance(item, RawArticle):
                return [_analyse(item)]
            return [
                _analyse(read) if isinstance(read, RawArticle) else read
                for read in read_ref(item.ref, item.options, input_format=item.input_format)
            ]
    except _OverBudget:
        source = item.source if isinstance(item, RawArticle) else item.ref.location
        stage = _worker_pipeline.running if _worker_pipeline else None
        where = f", stopped in stage {stage!r}" if stage else ", stopped while reading it"
        return [Failure(source, f"analysis took longer than the {_worker_timeout:g} s allowed "
                        f"per article (--article-timeout){where}", stage=stage or "ingest")]


def _work_items(
    refs: Sequence[InputRef | Failure | Skipped],
    options: ReadOptions,
    input_format: str | None,
    skip_sources: set[str],
    stdin: bytes | None,
) -> Iterator[_WorkItem]:
    for ref in refs:
        if not isinstance(ref, InputRef):  # a Failure or Skipped from discover
            yield ref
            continue
        if ref.kind == "file" and ref.path is not None and (
            (input_format or format_for_path(ref.path)) in _ONE_ARTICLE_FORMATS
        ):
            yield _Resumed(ref.location) if ref.location in skip_sources else _ReadFile(
                ref, options, input_format
            )
        else:
            for item in read_ref(ref, options, input_format=input_format, stdin=stdin):
                if isinstance(item, RawArticle) and item.source in skip_sources:
                    yield _Resumed(item.source)
                else:
                    yield item
        yield _InputDone(ref.size)


def run_batch(
    paths: Iterable[str],
    *,
    store: Store | None,
    out: str | None = None,
    read_options: ReadOptions | None = None,
    input_format: str | None = None,
    pipeline: Pipeline | None = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    config: Mapping[str, Mapping[str, Any]] | None = None,
    workers: int = 1,
    resume: bool = False,
    include_raw: bool = False,
    stdin: bytes | None = None,
    command: str = "",
    on_progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
) -> RunSummary:
    """Analyse everything under ``paths``; see the module docstring.

    The pipeline is ``pipeline`` when given (its stages, settings and length limit), else one
    built from ``stages``, ``config`` and ``max_chars``. Each article's cost is bounded: texts
    over ``max_chars`` characters are refused, and an article still in the pipeline after
    ``article_timeout`` seconds is given up; both become recorded failures, and the batch goes
    on (None: no bound).
    """
    if article_timeout is not None and not 0 < article_timeout < float("inf"):
        raise ValueError(f"article_timeout must be a positive number of seconds (or None), "
                         f"got {article_timeout!r}")
    started = time.monotonic()
    options = read_options or ReadOptions()
    # Built (and so checked) before any work.
    pipeline = pipeline or Pipeline(stages, config, max_chars=max_chars)
    refs = list(discover(paths, follow_links=options.follow_links))
    summary = RunSummary(inputs=len(refs))
    protected = {str(ref.path): "one of this command's inputs"
                 for ref in refs if isinstance(ref, InputRef) and ref.path}
    protected |= store.protected_files() if store is not None else {}
    if out:  # JSON Lines, or Parquet for a .parquet/.pq name (pyarrow is imported only then)
        from narrascope.parquet_output import open_article_sink
    sink = open_article_sink(out, protect=protected) if out else None
    if on_start:
        on_start(sum(ref.size for ref in refs if isinstance(ref, InputRef)))
    skip_sources = store.stored_sources() if (store is not None and resume) else set()
    run_id = None
    if store is not None:
        settings = {**pipeline.describe(), "article_timeout": article_timeout,
                    "workers": workers}
        run_id = store.start_run(command, settings)
    books = RunBooks(store, sink, summary, include_raw=include_raw, on_progress=on_progress,
                     run_id=run_id)
    try:
        with books.running():
            items = _work_items(refs, options, input_format, skip_sources, stdin)
            for result in _results(items, pipeline, workers, article_timeout):
                books.take(result)
    finally:
        summary.seconds = time.monotonic() - started
    return summary


class RunBooks:
    """A run's bookkeeping, whichever engine produces the results: the summary, batched writes
    to the store (with the run's counts in the same transactions), ``--out``, progress, and the
    run's final status. Results are taken in any order; ``--out`` gets them in that order."""

    def __init__(self, store: Store | None, sink: Any, summary: RunSummary, *,
                 include_raw: bool = False, on_progress: ProgressCallback | None = None,
                 run_id: int | None = None) -> None:
        self.store = store
        self.sink = sink
        self.summary = summary
        self.include_raw = include_raw
        self.on_progress = on_progress
        self.run_id = run_id
        # Kept only for the store: what it has not yet taken.
        self.pending_docs: list[Document] = []
        self.pending_failures: list[Failure] = []
        # What goes to --out, written once the store has taken the articles: each document
        # with its JSON object (made once, for the store too), or a stored object.
        self.pending_lines: list[tuple[Document | None, dict[str, Any]]] = []
        self.last_flush = self.last_beat = time.monotonic()

    def progress(self, event: str, amount: int) -> None:
        if self.on_progress:
            self.on_progress(event, amount)

    def take(self, result: _Result) -> None:
        """Count one result and queue it for the store and ``--out``."""
        summary, store = self.summary, self.store
        if isinstance(result, Document):
            summary.articles += 1
            summary.languages[result.language] += 1
            if store is not None:
                self.pending_docs.append(result)
            if store is not None or self.sink:
                self.pending_lines.append((result, result.to_dict(
                    include_raw=self.include_raw and self.sink is not None)))
            self.progress("article", 1)
        elif isinstance(result, Failure):
            summary.failures.append(result)
            if store is not None:
                self.pending_failures.append(result)
            self.progress("failure", 1)
        elif isinstance(result, Skipped):
            summary.skipped.append(result)
        elif isinstance(result, _Resumed):
            summary.resumed += 1
            if self.sink and store is not None:
                stored = store.document_for_source(result.source)
                if stored is not None:
                    self.pending_lines.append((None, stored))
        elif isinstance(result, _InputDone):
            self.progress("bytes", result.size)
        if len(self.pending_lines) >= FLUSH_EVERY_ARTICLES or (
            time.monotonic() - self.last_flush > FLUSH_EVERY_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        """Store what is pending (one transaction), then write it to ``--out``."""
        refused: set[str] = set()
        store, summary = self.store, self.summary
        if store is not None:
            languages = {doc.source: doc.language for doc in self.pending_docs}
            with _signals_deferred():  # stored and forgotten together, or neither
                stored = {doc.id: _without_raw(record)
                          for doc, record in self.pending_lines if doc}
                rejected = store.write(self.pending_docs, self.pending_failures,
                                       run_id=self.run_id, records=stored)
                if self.pending_docs or self.pending_failures:
                    self.last_beat = time.monotonic()  # a write is a sign of life too
                elif self.run_id is not None and (
                        time.monotonic() - self.last_beat > HEARTBEAT_SECONDS):
                    store.touch_run(self.run_id)
                    self.last_beat = time.monotonic()
                self.pending_docs.clear()
                self.pending_failures.clear()
            for failure in rejected:
                refused.add(failure.source)
                summary.articles -= 1
                summary.languages[languages[failure.source]] -= 1
                summary.failures.append(failure)
        if self.sink:
            self.sink.write([record for doc, record in self.pending_lines
                             if doc is None or doc.source not in refused])
        self.pending_lines.clear()
        self.last_flush = time.monotonic()

    def _beat(self, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            if time.monotonic() - self.last_beat > HEARTBEAT_SECONDS and self.run_id:
                with contextlib.suppress(Exception):  # the next write reports a broken store
                    assert self.store is not None
                    self.store.touch_run(self.run_id)
                    self.last_beat = time.monotonic()

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """The block that feeds :meth:`take`. At its end everything is flushed and ``--out``
        committed; if it fails, what was taken is still stored when the store can take it,
        ``--out`` is abandoned, and the run is recorded as failed or interrupted."""
        status = "failed"
        store_broken = False
        stop = threading.Event()
        if self.store is not None and self.run_id is not None:
            # Results may be long in coming (a Ray unit of a whole WARC): the run must not
            # look dead to another process meanwhile.
            threading.Thread(target=self._beat, args=(stop,), daemon=True,
                             name="narrascope-heartbeat").start()
        try:
            yield
            self.flush()
            if self.sink:
                self.sink.commit()
                self.sink = None
            status = "partial" if self.summary.failures else "complete"
        except StoreError:
            store_broken = True
            raise
        except BaseException as exc:
            status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
            with contextlib.suppress(Exception):  # keep what was analysed, if the store can
                self.flush()
            raise
        finally:
            stop.set()
            if self.sink:
                self.sink.abandon()
            if self.store is not None and self.run_id is not None:
                try:
                    self.store.finish_run(self.run_id, skipped=len(self.summary.skipped),
                                          status=status)
                except StoreError:
                    if not store_broken:
                        raise
            # drop languages whose articles were refused
            self.summary.languages = +self.summary.languages


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the block runs (they arrive when it ends), so that a
    batch is never stored without its bookkeeping, nor stored twice.

    The handlers are swapped rather than the signals masked: a mask covers only this thread,
    and the kernel may hand the signal to a worker pool's helper thread instead, after which
    Python still runs the handler here, in the middle of the store's transaction.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        arrived.append(signum)

    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, hold) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # None: a handler set outside Python, which cannot be put back; the default stands in
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if arrived:  # now delivered to the handler that was there before
            signal.raise_signal(arrived[0])


def _without_raw(record: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a JSON object (``--include-raw`` adds raw_text to --out only; the
    store keeps it in its own column)."""
    return {k: v for k, v in record.items() if k != "raw_text"} if "raw_text" in record \
        else record


_CHUNK = 4

#: Work items read ahead to tell a large run (this many or more: workers at once) from a small
#: one (timed in this process first); few enough to hold in memory.
_LOOKAHEAD = 256

#: Seconds a worker process takes to start Python and import narrascope, before it builds its
#: pipeline (measured: about 0.4 s on the 2-core development machine).
_PROCESS_START_SECONDS = 0.5


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pool_pays(*, seconds_per_article: float, queued: int, start_seconds: float,
              workers: int) -> bool:
    """Whether moving the ``queued`` articles left in a run to ``workers`` processes saves
    time, at the rate seen so far. Workers split that work, and each first spends
    ``start_seconds`` building its pipeline, while this process waits."""
    if workers <= 1:
        return False
    return seconds_per_article * queued * (1 - 1 / workers) > start_seconds


def _results(
    items: Iterator[_WorkItem], pipeline: Pipeline, workers: int, article_timeout: float | None,
) -> Iterator[_Result]:
    # A worker pays seconds to start (imports, models, warm-up). A run with more items than
    # the read-ahead holds goes to the workers at once. A smaller one starts in this process,
    # whose pipeline is built, and moves the rest to workers only once the articles it has
    # timed show that the work left repays their start: a sample of a few dozen articles
    # never starts one.
    items = iter(items)
    ahead = collections.deque(itertools.islice(items, _LOOKAHEAD)) if workers > 1 else None
    if ahead is None or len(ahead) < _LOOKAHEAD:
        warm_up = time.monotonic()
        _use_pipeline(pipeline, article_timeout)
        start_seconds = (_PROCESS_START_SECONDS + pipeline.build_seconds
                         + time.monotonic() - warm_up)
        if ahead is None:
            for item in items:
                yield from _process(item)
            return
        analysed, busy = 0, 0.0
        while ahead:
            queued = sum(isinstance(item, (RawArticle, _ReadFile)) for item in ahead)
            if analysed and pool_pays(seconds_per_article=busy / analysed, queued=queued,
                                      start_seconds=start_seconds, workers=workers):
                break
            item = ahead.popleft()
            began = time.monotonic()
            results = _process(item)
            if isinstance(item, (RawArticle, _ReadFile)):
                analysed += 1
                busy += time.monotonic() - began
            yield from results
        if not ahead:
            return
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    limits = (pipeline.max_chars, article_timeout)
    with context.Pool(workers, initializer=_init_worker,
                      initargs=(pipeline.names, pipeline.config, *limits)) as pool:
        for results in pool.imap(_process, itertools.chain(ahead, items), chunksize=_CHUNK):
            yield from results


def start_worker(stages: Sequence[str], config: Mapping[str, Mapping[str, Any]],
                 max_chars: int | None, article_timeout: float | None) -> None:
    """Initialiser for a long-lived analysis process outside a batch (the web server's): builds
    the pipeline once, as a batch worker does."""
    _init_worker(stages, config, max_chars, article_timeout)


def read_submitted(ref: InputRef, options: ReadOptions, limit: int) -> list[IngestItem]:
    """Read up to ``limit`` + 1 items of one submitted file or URL, in a process set up by
    :func:`start_worker`, under one article's time budget (HTML extraction and fetching are
    where a hostile input can hang)."""
    try:
        with _time_budget(_worker_timeout):
            return list(itertools.islice(read_ref(ref, options), limit + 1))
    except _OverBudget:
        return [Failure(ref.location, f"reading took longer than the {_worker_timeout:g} s "
                        "allowed per article")]


def analyse_submitted(article: RawArticle) -> Document | Failure:
    """Analyse one submitted article under its time budget, in a process set up by
    :func:`start_worker`; every problem comes back as a Failure."""
    (result,) = _process(article)
    assert isinstance(result, (Document, Failure))
    return result
