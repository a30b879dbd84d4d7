"""``narrascope analyze --engine ray``: the batch pipeline on a Ray cluster.

The driver (the process running the command) discovers the inputs and cuts them into work units
(:mod:`narrascope.distributed.units`); Ray Data hands the units to a pool of actors, one CPU
each, and streams their results back; the driver stores them, in batches, exactly as the local
engine (:func:`narrascope.runner.run_batch`) does, and writes ``--out``.

* **Actors.** Each builds the pipeline once (``narrascope.runner.start_worker``, as a local
  worker process does, warm-up included) and analyses each article of a unit through
  ``narrascope.runner._process``: the same code, the same per-article time budget
  (``--article-timeout``), the same failures. The budget is a SIGALRM timer, which only the
  main thread receives: by default Ray Data runs a class's ``__call__`` in a helper thread,
  so the actors are made with ``enable_true_multi_threading=True`` and one call at a time,
  which Ray runs on the actor's main thread.
* **Results** travel as pickled :class:`~narrascope.document.Document` objects (what the
  local engine's worker processes send back too), then go through the same writing code:
  ``Store.write`` in batches of :data:`~narrascope.runner.FLUSH_EVERY_ARTICLES` articles or
  :data:`~narrascope.runner.FLUSH_EVERY_SECONDS`, one transaction each, idempotent upserts,
  in a run recorded with ``start_run``/``finish_run``. Only the driver writes, so workers
  need no access to the store.
* **Faults.** A unit's results leave its actor together, once the unit is done, so a worker
  that dies mid-unit has sent nothing of it: Ray restarts the actor (``max_restarts=-1``) and
  runs the unit again (up to :data:`TASK_RETRIES` times), with no duplicate and no loss. A
  unit that kills its worker every time is given up: its articles are recorded as failures
  (the run goes on) and ``--resume`` tries them again later.
* **Resume**: the sources already stored are left out of the units (one-article files) or
  skipped by the worker reading them (records of a JSONL, CSV, WARC…).

Articles come back in the order they are finished, not the order of the input: ``--out``
holds the same lines as the local engine's, perhaps in another order.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import pickle
import signal
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from narrascope.distributed import ClusterError
from narrascope.distributed.units import (
    EMPTY_JSONL,
    FilesUnit,
    LinesUnit,
    PartUnit,
    Unit,
    UnitDone,
    WholeUnit,
    plan_units,
)
from narrascope.document import RawArticle
from narrascope.ingest import discover
from narrascope.ingest.base import Failure, InputRef, ReadOptions
from narrascope.pipeline import DEFAULT_MAX_CHARS, DEFAULT_STAGES, Pipeline
from narrascope.runner import (
    DEFAULT_ARTICLE_TIMEOUT,
    ProgressCallback,
    RunBooks,
    RunSummary,
    _process,
    _ReadFile,
    _Resumed,
    default_workers,
)
from narrascope.store import Store

__all__ = ["TASK_RETRIES", "run_ray"]

#: Times a unit is run again after the worker running it died, before it is given up.
TASK_RETRIES = 3
#: Units sent to an actor at once: one, so that no unit waits behind another on an actor that
#: may die of it (a queued unit would lose a retry, or more, to a neighbour's crash); a unit
#: holds many articles, so the actor's wait for the next is small.
_UNITS_IN_FLIGHT = 1
#: Seconds to wait for a TCP connection to ``--address`` before saying it cannot be reached.
_CONNECT_SECONDS = 5.0
#: Test hooks (fault injection): an actor about to analyse an article whose source ends with
#: CRASH_SOURCE exits at once (``os._exit(1)``), if it is the first to create the file
#: CRASH_MARKER (``-``: every time).
CRASH_SOURCE_ENV = "NARRASCOPE_RAY_TEST_CRASH_SOURCE"
CRASH_MARKER_ENV = "NARRASCOPE_RAY_TEST_CRASH_MARKER"
#: Environment variable overriding the size of JSONL ranges and Parquet runs (bytes).
SPLIT_BYTES_ENV = "NARRASCOPE_RAY_SPLIT_BYTES"

_RAY_MISSING = ("--engine ray needs Ray, which is not installed: pip install 'narrascope[ray]' "
                "(the version narrascope is tested with, hash-locked in requirements/ray.txt)")


# -- connecting ---------------------------------------------------------------------------


@dataclass
class _Cluster:
    actors: int
    address: str
    started: bool  # this run started a local Ray, and stops it at the end


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise ClusterError(_RAY_MISSING) from None
    return ray


def preflight(address: str | None) -> None:
    """The checks :func:`connect` makes before it starts anything (Ray is installed, the
    address can be reached), for a command to make before it opens the store."""
    ray = _import_ray()
    if address is not None and not ray.is_initialized():
        _check_reachable(address)


@contextlib.contextmanager
def connect(address: str | None, num_cpus: int | None) -> Iterator[_Cluster]:
    """Ray for one run: the one this process already joined, else the cluster at ``address``
    (``auto``: the one running on this machine; ``HOST:PORT``: its head; ``ray://HOST:PORT``:
    Ray Client), else a new local Ray of ``num_cpus`` CPUs (default: one per core), stopped
    at the end. Yields the number of actors to start: ``num_cpus``, or every CPU of the
    cluster."""
    if num_cpus is not None and num_cpus < 1:
        raise ClusterError(f"--num-cpus must be at least 1, got {num_cpus}")
    ray = _import_ray()
    if ray.is_initialized():
        yield _Cluster(_actors(ray, num_cpus), "this process's Ray", started=False)
        return
    if address is not None:
        _check_reachable(address)
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                              "logging_level": logging.WARNING}
    if address is None:
        kwargs.update(address="local", num_cpus=num_cpus or default_workers())
    else:
        kwargs.update(address=address)
    with _handlers_kept():
        try:
            ray.init(**kwargs)
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
            where = "start a local Ray" if address is None else f"connect to Ray at {address}"
            raise ClusterError(f"cannot {where}: {_one_line(exc)}") from None
    try:
        yield _Cluster(_actors(ray, num_cpus), address or "local", started=True)
    finally:
        with contextlib.suppress(Exception):
            ray.shutdown()


def _actors(ray: Any, num_cpus: int | None) -> int:
    if num_cpus:
        return num_cpus
    cpus = int(ray.cluster_resources().get("CPU", 0))
    if cpus < 1:
        raise ClusterError("the Ray cluster has no CPUs yet (an autoscaling cluster whose "
                           "workers have not started?): give --num-cpus N, the number of "
                           "actors to start")
    return cpus


def _check_reachable(address: str) -> None:
    """Refuse at once an ``--address`` that cannot work (Ray itself waits minutes for an
    unreachable head)."""
    if address == "auto":
        return
    target = address
    if address.startswith("ray://"):
        if importlib.util.find_spec("grpc") is None:
            raise ClusterError(
                f"--address {address}: ray:// (Ray Client) needs the ray[client] extra, which "
                "narrascope[ray] does not install; run the command on a node of the cluster "
                "with --address auto (or HOST:PORT of the head's GCS, port 6379), or submit it "
                "as a Ray job (docs/cluster.md)")
        target = address.removeprefix("ray://")
    host, colon, port = target.rpartition(":")
    if not colon or not host or not port.isdigit():
        raise ClusterError(f"--address {address}: expected auto, HOST:PORT or ray://HOST:PORT")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), _CONNECT_SECONDS):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, TimeoutError | socket.timeout):
            reason = f"no answer within {_CONNECT_SECONDS:g} s"
        raise ClusterError(f"cannot reach the Ray cluster at {address} ({reason}); is its head "
                           "running ('ray start --head') and the port open?") from None


@contextlib.contextmanager
def _handlers_kept() -> Iterator[None]:
    """``ray.init`` installs its own SIGTERM handler (exit at once); the command's own, which
    stores what was analysed and records the run as interrupted, is put back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    kept = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in kept.items():
            if handler is not None:
                signal.signal(signum, handler)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 400 else text[:400] + "…"


# -- the actors ---------------------------------------------------------------------------


class Analyser:
    """A Ray Data actor: builds the pipeline once, then reads and analyses units."""

    def __init__(self, stages: Sequence[str], config: Mapping[str, Mapping[str, Any]],
                 max_chars: int | None, article_timeout: float | None, options: ReadOptions,
                 input_format: str | None, crash: tuple[str, str] | None = None) -> None:
        from narrascope.runner import start_worker

        start_worker(stages, config, max_chars, article_timeout)
        self.options = options
        self.input_format = input_format
        self.crash = crash

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        results = [pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
                   for blob in batch.column("unit").to_pylist()
                   for result in self.results(pickle.loads(blob))]
        return pa.table({"result": pa.array(results, type=pa.large_binary())})

    def results(self, unit: Unit) -> Iterator[Any]:
        """Everything one unit gives, as the local engine's ``_work_items`` and ``_process``
        give it, then :class:`UnitDone`."""
        seen: list[bool] = []
        if isinstance(unit, FilesUnit):
            for ref in unit.refs:
                self._maybe_crash(ref.location)
                yield from _process(_ReadFile(ref, self.options, self.input_format))
        else:
            assert isinstance(unit, WholeUnit | PartUnit)
            items = unit.read(self.options, self.input_format, seen) \
                if isinstance(unit, PartUnit) else unit.read(self.options, self.input_format)
            for item in items:
                if isinstance(item, RawArticle):
                    if item.source in unit.skip:
                        yield _Resumed(item.source)
                        continue
                    self._maybe_crash(item.source)
                    yield from _process(item)
                else:
                    yield item
        yield UnitDone(unit.index, unit.size, seen=bool(seen))

    def _maybe_crash(self, source: str) -> None:
        if self.crash and source.endswith(self.crash[0]):
            if self.crash[1] != "-":  # "-": every time
                try:
                    os.close(os.open(self.crash[1], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    return
            os._exit(1)


def _crash_hook() -> tuple[str, str] | None:
    source, marker = os.environ.get(CRASH_SOURCE_ENV), os.environ.get(CRASH_MARKER_ENV)
    return (source, marker) if source and marker else None


@contextlib.contextmanager
def _data_context(ray: Any) -> Iterator[None]:
    """Ray Data settings for a run: no progress bars or execution logs of its own (the
    command has its own), and a block whose task failed every retry does not stop the run
    (its unit is recorded as failed)."""
    context = ray.data.DataContext.get_current()
    wanted = {"enable_progress_bars": False, "max_errored_blocks": -1,
              "print_on_execution_start": False}
    kept = {name: getattr(context, name) for name in wanted if hasattr(context, name)}
    data_logger = logging.getLogger("ray.data")
    level = data_logger.level
    for name in kept:
        setattr(context, name, wanted[name])
    # A unit whose worker died every time is reported as a failure of its own; Ray Data's
    # traceback of it is noise on the command's stderr.
    data_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for name, value in kept.items():
            setattr(context, name, value)
        data_logger.setLevel(level)


def _ray_results(units: Sequence[Unit], pipeline: Pipeline, actors: int,
                 article_timeout: float | None, options: ReadOptions,
                 input_format: str | None) -> Iterator[Any]:
    """The results of every unit, as they come back from the actors."""
    if not units:
        return
    ray = _import_ray()
    from ray.data import ActorPoolStrategy

    with _data_context(ray), warnings.catch_warnings():
        # max_restarts and max_task_retries have no named parameter in map_batches (Ray
        # 2.60), and Ray Data's default of endless retries would loop on a unit that kills
        # its worker every time.
        warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
        dataset = ray.data.from_items(
            [{"unit": pickle.dumps(unit, protocol=pickle.HIGHEST_PROTOCOL)} for unit in units],
            override_num_blocks=len(units),  # one unit a block: a task is one unit
        ).map_batches(
            Analyser,
            fn_constructor_kwargs={
                "stages": list(pipeline.names), "config": pipeline.config,
                "max_chars": pipeline.max_chars, "article_timeout": article_timeout,
                "options": options, "input_format": input_format, "crash": _crash_hook(),
            },
            batch_size=1, batch_format="pyarrow", num_cpus=1,
            compute=ActorPoolStrategy(size=min(actors, len(units)),
                                      max_tasks_in_flight_per_actor=_UNITS_IN_FLIGHT,
                                      enable_true_multi_threading=True),
            max_restarts=-1, max_task_retries=TASK_RETRIES,
        )
        batches = dataset.iter_batches(batch_size=None, batch_format="pyarrow",
                                       prefetch_batches=1)
        try:
            for batch in batches:
                for blob in batch.column("result").to_pylist():
                    yield pickle.loads(blob)
        finally:
            close = getattr(batches, "close", None)
            if close is not None:
                close()


# -- the driver ---------------------------------------------------------------------------


def run_ray(
    paths: Iterable[str],
    *,
    store: Store | None,
    out: str | None = None,
    read_options: ReadOptions | None = None,
    input_format: str | None = None,
    pipeline: Pipeline | None = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    config: Mapping[str, Mapping[str, Any]] | None = None,
    resume: bool = False,
    include_raw: bool = False,
    stdin: bytes | None = None,
    command: str = "",
    on_progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
    address: str | None = None,
    num_cpus: int | None = None,
    split_bytes: int | None = None,
) -> RunSummary:
    """:func:`narrascope.runner.run_batch` on Ray: the same arguments (but ``workers``) and the
    same results, stored and written the same way; see the module docstring. ``address`` and
    ``num_cpus`` say which Ray and how many actors (see :func:`connect`); ``split_bytes`` the
    size of JSONL ranges and Parquet runs (default: from the input and the actors, or
    ``$NARRASCOPE_RAY_SPLIT_BYTES``)."""
    if article_timeout is not None and not 0 < article_timeout < float("inf"):
        raise ValueError(f"article_timeout must be a positive number of seconds (or None), "
                         f"got {article_timeout!r}")
    started = time.monotonic()
    options = read_options or ReadOptions()
    pipeline = pipeline or Pipeline(stages, config, max_chars=max_chars)
    split_bytes = split_bytes or _split_from_environment()
    with connect(address, num_cpus) as cluster:
        refs = list(discover(paths, follow_links=options.follow_links))
        summary = RunSummary(inputs=len(refs))
        protected = {str(ref.path): "one of this command's inputs"
                     for ref in refs if isinstance(ref, InputRef) and ref.path}
        protected |= store.protected_files() if store is not None else {}
        if out:  # JSON Lines, or Parquet for a .parquet/.pq name
            from narrascope.parquet_output import open_article_sink
        sink = open_article_sink(out, protect=protected) if out else None
        try:
            if on_start:
                on_start(sum(ref.size for ref in refs if isinstance(ref, InputRef)))
            if stdin is None and any(isinstance(ref, InputRef) and ref.kind == "stdin"
                                     for ref in refs):
                stdin = sys.stdin.buffer.read(options.max_bytes + 1)  # as the reader would
            skip_sources = store.stored_sources() if (store is not None and resume) else set()
            plan = plan_units(refs, options, input_format=input_format,
                              skip_sources=skip_sources, stdin=stdin, workers=cluster.actors,
                              split_bytes=split_bytes)
            books = RunBooks(store, sink, summary, include_raw=include_raw,
                             on_progress=on_progress)
            if store is not None:
                settings = {**pipeline.describe(), "article_timeout": article_timeout,
                            "workers": cluster.actors, "engine": "ray"}
                books.run_id = store.start_run(command, settings)
            sink = None  # the books commit or abandon it from here on
            _take_results(books, plan.early, plan.units,
                          _ray_results(plan.units, pipeline, cluster.actors, article_timeout,
                                       options, input_format))
        finally:
            if sink is not None:
                sink.abandon()
            summary.seconds = time.monotonic() - started
    return summary


def _split_from_environment() -> int | None:
    value = os.environ.get(SPLIT_BYTES_ENV)
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ClusterError(f"${SPLIT_BYTES_ENV} must be a number of bytes, got {value!r}")
    return int(value)


def _take_results(books: RunBooks, early: Sequence[Any], units: Sequence[Unit],
                  results: Iterator[Any]) -> None:
    """Feed the driver's books: first what needed no cluster (failures found by the driver,
    one-article files already stored), then the actors' results as they come; a unit that
    never finished is recorded as failed."""
    try:
        with books.running():
            try:
                for item in early:
                    if isinstance(item, tuple):  # a one-article file already stored
                        books.take(_Resumed(item[0]))
                        books.progress("bytes", item[1])
                    else:
                        books.take(item)
                _take_unit_results(books, units, results)
            except BaseException as exc:
                if _is_ray_error(exc):
                    raise ClusterError(f"the Ray cluster failed under the run: "
                                       f"{_one_line(exc)}; what was analysed is stored "
                                       "(--resume continues)") from exc
                raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:  # stops the dataset's execution, if it is still running
            with contextlib.suppress(Exception):
                close()


def _take_unit_results(books: RunBooks, units: Sequence[Unit], results: Iterator[Any]
                       ) -> None:
    done: set[int] = set()
    parts_left: dict[str, list[int]] = {}  # split JSONL file → [parts left, parts seen]
    for unit in units:
        if isinstance(unit, LinesUnit):
            parts_left.setdefault(unit.location, [unit.parts, 0])
    for result in results:
        if isinstance(result, UnitDone):
            done.add(result.index)
            books.progress("bytes", result.size)
            unit = units[result.index]
            if isinstance(unit, LinesUnit):
                left = parts_left[unit.location]
                left[0] -= 1
                left[1] += result.seen
                if left[0] == 0 and not left[1]:
                    books.take(Failure(unit.location, EMPTY_JSONL))
        else:
            books.take(result)
    for unit in units:
        if unit.index not in done:
            reason = (f"the Ray worker analysing it died {TASK_RETRIES + 1} times, or "
                      "failed (see the Ray logs); --resume tries again")
            for failure in unit.lost(reason):
                books.take(failure)


def _is_ray_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("ray.")
