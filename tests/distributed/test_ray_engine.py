"""``analyze --engine ray`` on a local Ray of two CPUs: the same articles and failures as the
local engine, retried units without duplicates, resume, and clear usage errors."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.pg_server import new_database

from narrascope.cli import main
from narrascope.distributed import ray_engine
from narrascope.distributed.ray_engine import run_ray
from narrascope.runner import run_batch
from narrascope.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
BODY = ("Dock workers returned to work on Friday after unions and employers agreed on a new "
        "contract, the port authority said. Shipping resumed within hours.")
#: Stages enough to tell articles apart, for the tests about the engine rather than analysis.
LIGHT = ["clean", "language", "sentences"]
QUIET = ["--no-copies", "--progress", "never", "-q"]
#: Ray Data warns about its own deprecated settings when it copies its context.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")


@pytest.fixture(scope="module")
def ray_local() -> Iterator[object]:
    """A local Ray of two CPUs for the whole module (the engine uses the one the process has
    joined); the test process keeps its own signal handlers."""
    ray = pytest.importorskip("ray")
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    for signum, handler in handlers.items():
        signal.signal(signum, handler)
    yield ray
    ray.shutdown()


def _articles(count: int, start: int = 0) -> str:
    return "".join(json.dumps({"id": f"dock-{n}", "title": f"Port news {n}",
                               "text": f"{BODY} Berth {n} reopened.",
                               "url": f"https://port.example/{n}"}) + "\n"
                   for n in range(start, start + count))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every kind of input: a directory of one-article files (with its metadata CSV and
    legacy encodings), JSONL (one to be split into ranges, with a blank and a bad line),
    Parquet of several row groups, CSV, a WARC."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("inputs")
    split = folder / "split.jsonl"
    split.write_text(_articles(8) + "\n" + "{broken\n" + _articles(8, 8), encoding="utf-8")
    rows = [{"id": f"pq-{n}", "title": f"Harbour {n}", "text": f"{BODY} Crane {n} moved.",
             "date": f"2024-03-{n + 1:02d}"} for n in range(12)]
    pq.write_table(pa.Table.from_pylist(rows), folder / "rows.parquet", row_group_size=4)
    return [str(SAMPLES / "txt"), str(SAMPLES / "jsonl" / "articles.jsonl"), str(split),
            str(folder / "rows.parquet"), str(SAMPLES / "csv" / "articles.csv"),
            str(SAMPLES / "warc" / "crawl.warc.gz")]


def _documents(store: Store) -> list[dict]:
    return sorted(store.iter_documents(), key=lambda d: (d["source"], d["id"]))


def _failures(store: Store) -> set[tuple]:
    return {(f["source"], f["line"], f["reason"], f["stage"]) for f in store.failures()}


def test_the_same_articles_and_failures_as_the_local_engine(
        ray_local: object, inputs: list[str], tmp_path: Path, postgres_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Small ranges, so that the JSONL files are split and the Parquet file read by row groups.
    monkeypatch.setenv(ray_engine.SPLIT_BYTES_ENV, "700")
    local_db, ray_db = str(tmp_path / "local.db"), new_database(postgres_url)
    local_out, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    local = main(["analyze", *inputs, "--db", local_db, "--out", str(local_out), *QUIET])
    on_ray = main(["analyze", *inputs, "--db", ray_db, "--out", str(ray_out), *QUIET,
                   "--engine", "ray"])
    assert local == on_ray == 1  # the bad JSONL line
    with Store.open(local_db) as by_local, Store.open(ray_db) as by_ray:
        documents = _documents(by_local)
        assert len(documents) > 40
        assert _documents(by_ray) == documents  # every field of every article
        assert _failures(by_ray) == _failures(by_local)
        assert {f[0] for f in _failures(by_ray)} == {f"{inputs[2]}#10"}
        (run,) = by_ray.runs()
        assert (run["articles"], run["failures"], run["status"]) == (len(documents), 1,
                                                                     "partial")
        assert run["settings"]["engine"] == "ray"
    assert sorted(ray_out.read_text().splitlines()) == sorted(local_out.read_text().splitlines())
    sources = {json.loads(line)["source"] for line in ray_out.read_text().splitlines()}
    assert {f"{inputs[2]}#{n}" for n in (1, 8, 11, 17)} <= sources  # blank line 9: no article
    assert {f"{inputs[3]}#{n}" for n in (1, 5, 12)} <= sources


def test_a_worker_killed_mid_unit_is_retried_without_duplicates_or_loss(
        ray_local: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "many.jsonl"
    source.write_text(_articles(12), encoding="utf-8")
    marker = tmp_path / "crashed"
    monkeypatch.setenv(ray_engine.SPLIT_BYTES_ENV, "800")  # about four lines a range
    monkeypatch.setenv(ray_engine.CRASH_SOURCE_ENV, f"{source.name}#6")  # mid-range
    monkeypatch.setenv(ray_engine.CRASH_MARKER_ENV, str(marker))
    out = tmp_path / "out.jsonl"
    with Store.open(str(tmp_path / "store.db")) as store:
        summary = run_ray([str(source)], store=store, out=str(out), stages=LIGHT)
        assert marker.exists()  # a worker did die, in the middle of its unit
        assert (summary.articles, summary.failures) == (12, [])
        assert store.count() == 12
        (run,) = store.runs()
        assert (run["articles"], run["status"]) == (12, "complete")  # nothing counted twice
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(d["source"] for d in lines) == sorted(f"{source}#{n}" for n in range(1, 13))


def test_a_unit_that_kills_every_worker_is_recorded_and_the_run_goes_on(
        ray_local: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Port {name}\n\n{BODY}", encoding="utf-8")
    monkeypatch.setattr(ray_engine, "TASK_RETRIES", 1)
    monkeypatch.setenv(ray_engine.CRASH_SOURCE_ENV, "b.txt")
    monkeypatch.setenv(ray_engine.CRASH_MARKER_ENV, "-")  # every time
    summary = run_ray([str(folder)], store=None, stages=LIGHT)
    assert summary.articles == 2
    (failure,) = summary.failures
    assert failure.source == str(folder / "b.txt") and failure.stage == "analysis"
    assert "died 2 times" in failure.reason


def test_resume_skips_what_is_stored(ray_local: object, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    grow = folder / "grow.jsonl"
    grow.write_text(_articles(6), encoding="utf-8")
    (folder / "a.txt").write_text(f"Port a\n\n{BODY}", encoding="utf-8")
    db = str(tmp_path / "store.db")
    with Store.open(db) as store:
        first = run_batch([str(folder)], store=store, stages=LIGHT, workers=1)
    assert first.articles == 7
    with grow.open("a", encoding="utf-8") as stream:
        stream.write(_articles(6, 6))
    (folder / "b.txt").write_text(f"Port b\n\n{BODY} Later.", encoding="utf-8")
    monkeypatch.setenv(ray_engine.SPLIT_BYTES_ENV, "600")
    out = tmp_path / "out.jsonl"
    with Store.open(db) as store:
        summary = run_ray([str(folder)], store=store, stages=LIGHT, resume=True,
                          out=str(out))
        assert (summary.resumed, summary.articles, summary.failures) == (7, 7, [])
        assert store.count() == 14
        assert store.runs()[-1]["articles"] == 7
    # --out holds every article of the input, the stored ones from the store
    assert len({json.loads(line)["id"] for line in out.read_text().splitlines()}) == 14


def test_bad_records_empty_files_and_long_articles_fail_as_on_the_local_engine(
        ray_local: object, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "fine.txt").write_text(f"Port\n\n{BODY}", encoding="utf-8")
    (folder / "records.jsonl").write_text(
        _articles(2) + '{"text": 3}\n' + "{nope\n"
        + json.dumps({"text": f"{BODY} " * 40}) + "\n", encoding="utf-8")
    (folder / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    args = [str(folder), "--stages", ",".join(LIGHT), "--max-chars", "1000", *QUIET]
    codes, failures = [], []
    for engine in ("local", "ray"):
        db = str(tmp_path / f"{engine}.db")
        codes.append(main(["analyze", *args, "--db", db, "--engine", engine]))
        with Store.open(db) as store:
            failures.append(_failures(store))
            assert store.count() == 3
    assert codes == [1, 1]
    assert failures[0] == failures[1]
    assert {(source.rpartition("/")[2], stage) for source, _line, _reason, stage
            in failures[1]} == {("empty.txt", "ingest"), ("records.jsonl#3", "ingest"),
                                ("records.jsonl#4", "ingest"), ("records.jsonl#5", "analysis"),
                                ("blank.jsonl", "ingest")}


def test_the_time_budget_holds_in_the_actors(ray_local: object, tmp_path: Path) -> None:
    # SIGALRM reaches only a main thread: the actors run units on theirs.
    article = tmp_path / "a.txt"
    article.write_text(f"Port\n\n{BODY * 300}", encoding="utf-8")
    summary = run_ray([str(article)], store=None, stages=LIGHT, article_timeout=0.001)
    (failure,) = summary.failures
    assert "took longer than the 0.001 s allowed per article" in failure.reason


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "narrascope", "analyze", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_engine_options_that_cannot_work_are_usage_errors(tmp_path: Path) -> None:
    article = str(SAMPLES / "txt" / "en_war_01.txt")
    common = [article, "--db", str(tmp_path / "store.db"), "--stages", "clean", *QUIET]
    with pytest.raises(SystemExit) as stopped:
        main(["analyze", *common, "--engine", "ray", "--num-cpus", "0"])
    assert stopped.value.code == 2
    started = time.monotonic()
    refused = _command(*common, "--engine", "ray", "--address", "127.0.0.1:1")
    assert time.monotonic() - started < 60
    assert refused.returncode == 2, refused.stderr
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in refused.stderr
    assert "Traceback" not in refused.stderr
    client = _command(*common, "--engine", "ray", "--address", "ray://127.0.0.1:1")
    assert client.returncode == 2 and "Traceback" not in client.stderr
    assert "ray://" in client.stderr
    malformed = _command(*common, "--engine", "ray", "--address", "head-node")
    assert malformed.returncode == 2 and "expected auto, HOST:PORT" in malformed.stderr
    assert main(["analyze", *common, "--num-cpus", "2"]) == 2  # not for the local engine
    assert not (tmp_path / "store.db").exists()  # refused before the store was made


def test_without_ray_the_engine_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails
    code = main(["analyze", str(SAMPLES / "txt" / "en_war_01.txt"), "--db",
                 str(tmp_path / "store.db"), "--stages", "clean", *QUIET, "--engine", "ray"])
    assert code == 2
    assert "pip install 'narrascope[ray]'" in " ".join(capsys.readouterr().err.split())
