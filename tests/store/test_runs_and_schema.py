"""Stores opened by several processes at once, runs killed mid-way, and older stores upgraded."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from narrascope import analyze
from narrascope.store import Store, tables
from narrascope.store.tables import STORE_VERSION

ROOT = Path(__file__).parents[2]


def _open_at_once(db: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait()
    Store.open(db).close()


def test_processes_opening_a_new_store_at_once_all_succeed(db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    processes = [context.Process(target=_open_at_once, args=(db_url, barrier)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    with Store.open(db_url) as store:
        assert store.count() == 0


def test_a_run_whose_process_is_gone_is_marked_interrupted(db_url: str) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    with Store.open(db_url) as store:
        stale = store.start_run("narrascope analyze old/")
        with store.engine.begin() as conn:
            conn.execute(tables.runs.update().where(tables.runs.c.id == stale)
                         .values(pid=dead.pid))
        alive = store.start_run("narrascope analyze new/")
        status = {run["id"]: run["status"] for run in store.runs()}
        assert status == {stale: "interrupted", alive: "running"}


def test_a_store_of_version_1_is_upgraded_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    doc = analyze("Missiles hit Kyiv at dawn, officials said.", title="Kyiv hit", source="a.txt")
    with Store.open(str(path)) as store:
        store.write([doc])
    with sqlite3.connect(path) as conn:  # take the store back to the version 1 layout
        for column in ("host", "pid", "heartbeat_at"):
            conn.execute(f"ALTER TABLE runs DROP COLUMN {column}")
        conn.execute("UPDATE narrascope_meta SET value = '1' WHERE key = 'store_version'")
    with Store.open(str(path)) as store:
        assert store.get(doc.id) == doc.to_dict()
        run_id = store.start_run("narrascope analyze again")
        assert store.runs()[0]["id"] == run_id
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM narrascope_meta").fetchone() == (
            str(STORE_VERSION),)


def test_a_store_of_version_2_gets_its_narrative_technique_and_voice_rows(
        tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    text = ("Russian Foreign Minister Sergey Lavrov spoke in Moscow on Monday.\n\n"
            "“The Kiev regime is a puppet of Washington, and the West will fight to the last "
            "Ukrainian,” Lavrov told reporters.")
    doc = analyze(text, title="Lavrov on the war", source="a.txt")
    assert doc.techniques, "the test needs an article with a technique span"
    with Store.open(str(path)) as store:
        store.write([doc])
        expected = (store.technique_rows(), store.narrative_rows(), store.role_rows())
    with sqlite3.connect(path) as conn:  # back to the version 2 layout
        conn.execute("DROP TABLE narratives")
        conn.execute("DROP TABLE techniques")
        for column in ("voice", "voice_speaker"):
            conn.execute(f"ALTER TABLE entity_roles DROP COLUMN {column}")
        conn.execute("UPDATE narrascope_meta SET value = '2' WHERE key = 'store_version'")
    with Store.open(str(path)) as store:
        assert store.get(doc.id) == doc.to_dict()
        assert (store.technique_rows(), store.narrative_rows(), store.role_rows()) == expected
        quoted = store.technique_rows(voice="quoted")
        assert quoted and {row["voice_speaker"] for row in quoted} == {"Sergei Lavrov"}
        assert store.technique_rows(voice="outlet") == [
            row for row in expected[0] if row["voice"] == "outlet"]


def test_a_store_of_version_3_gets_the_copy_and_story_index_on_first_use(
        tmp_path: Path) -> None:
    from narrascope.copies import copy_groups, update_copies

    path = tmp_path / "v3.db"
    body = ("Repair crews restored power to 40,000 homes in the Odesa region on Monday after "
            "an overnight drone attack damaged two substations, the regional governor said, "
            "adding that hospitals and water pumping stations had been reconnected first and "
            "that nobody was hurt in the attack.")
    docs = [analyze(body, title="Power restored", source="a.txt"),
            analyze(body + " More repairs are planned.", title="Lights back", source="b.txt")]
    with Store.open(str(path)) as store:
        store.write(docs)
    with sqlite3.connect(path) as conn:  # back to the version 3 layout
        for table in ("copy_chains", "copy_pairs", "copy_bands", "copy_signatures",
                      "story_links", "story_vectors"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE narrascope_meta SET value = '3' WHERE key = 'store_version'")
    with Store.open(str(path)) as store:
        assert store.count() == 2
        assert update_copies(store).indexed == 2
        (group,) = copy_groups(store)
        assert {m.article_id for m in group.members} == {d.id for d in docs}


def _articles_file(folder: Path, count: int) -> Path:
    path = folder / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            body = (f"Report {n}: the regional administration said repairs to the bridge near "
                    f"the village of Pisky number {n} would take several weeks.")
            out.write(json.dumps({"id": f"a{n:05d}", "text": body}) + "\n")
    return path


def _start_run(folder: Path, db: str, count: int = 3000, workers: int = 1
               ) -> subprocess.Popen[bytes]:
    source = _articles_file(folder, count)
    return subprocess.Popen(
        [sys.executable, "-m", "narrascope", "analyze", str(source), "--db", db,
         "--stages", "clean,language,sentences", "--out", str(folder / "out.jsonl"), "-q",
         "--workers", str(workers)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _wait_for_stored_articles(db: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run finished before it could be stopped"
        with Store.open(db) as store:
            if store.count() > 0:
                return
        time.sleep(0.2)
    pytest.fail("no article was stored within 120 s")


def _run_counts_match_the_store(db: str) -> dict:
    with Store.open(db) as store:
        runs = store.runs()
        with store.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(tables.sources)
                                  .where(tables.sources.c.run_id == runs[0]["id"])).scalar()
        assert runs[0]["articles"] == stored == store.count()
        return runs[0]


def _wait_for_worker_pool(process: subprocess.Popen[bytes]) -> None:
    """Wait until the run has moved to worker processes (their forkserver is its child)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if not children.exists():
        pytest.skip("needs Linux /proc to see the run's worker processes")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run finished before its workers started"
        for child in children.read_text().split():
            with contextlib.suppress(OSError):
                if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return
        time.sleep(0.1)
    pytest.fail("the run did not start worker processes within 120 s")


@pytest.mark.parametrize(("how", "pooled"), [
    ("SIGKILL", False), ("SIGTERM", False),
    # With workers, SIGTERM may land on a pool thread: the store's write under way must finish.
    ("SIGTERM", True),
])
def test_a_run_stopped_mid_way_is_recorded_with_what_it_stored(tmp_path: Path, how: str,
                                                               pooled: bool) -> None:
    db = str(tmp_path / "news.db")
    process = _start_run(tmp_path, db, count=30_000 if pooled else 3000,
                         workers=2 if pooled else 1)
    if pooled:
        _wait_for_worker_pool(process)
    _wait_for_stored_articles(db, process)
    process.send_signal(getattr(signal, how))
    process.wait(timeout=60)
    if how == "SIGTERM":  # stopped like Ctrl-C: recorded at once, partial output removed
        assert process.returncode == 130
        assert _run_counts_match_the_store(db)["status"] == "interrupted"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
    else:  # killed outright: the next run finds it stale
        assert process.returncode == -signal.SIGKILL
        with Store.open(db) as store:
            assert store.runs()[0]["status"] == "running"
            store.mark_stale_runs()
        assert _run_counts_match_the_store(db)["status"] == "interrupted"
    assert not (tmp_path / "out.jsonl").exists()


def test_resume_after_a_kill_stores_every_article_once(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    process = _start_run(tmp_path, db)
    _wait_for_stored_articles(db, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    done = subprocess.run(
        [sys.executable, "-m", "narrascope", "analyze", str(tmp_path / "many.jsonl"), "--db", db,
         "--stages", "clean,language,sentences", "--resume", "-q"],
        cwd=ROOT, capture_output=True, check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    with Store.open(db) as store:
        assert store.count() == 3000
        statuses = [run["status"] for run in store.runs()]
        assert statuses == ["interrupted", "complete"]
        assert sum(run["articles"] for run in store.runs()) == 3000


def test_a_reused_process_id_does_not_keep_a_dead_run_alive(db_url: str) -> None:
    with Store.open(db_url) as store:
        stale = store.start_run("narrascope analyze old/")
        with store.engine.begin() as conn:  # our pid, but a process that started at another time
            conn.execute(tables.runs.update().where(tables.runs.c.id == stale)
                         .values(process_start="1"))
        ours = store.start_run("narrascope analyze new/")
        assert {r["id"]: r["status"] for r in store.runs()} == {
            stale: "interrupted", ours: "running"}


def test_a_store_that_refuses_every_write_is_a_store_error_not_a_refused_article(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlalchemy as sa

    from narrascope.cli import main

    name = f"ro_{os.getpid()}_{time.monotonic_ns()}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    db = postgres_url.rsplit("/", 1)[0] + "/" + name
    Store.open(db).close()  # tables exist; from now on the database takes no writes
    with admin.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    source = _articles_file(tmp_path, 3)
    code = main(["analyze", str(source), "--db", db, "--stages", "clean", "-q"])
    assert code == 4
    assert "read-only" in capsys.readouterr().err


def test_a_run_records_its_stages_settings_version_and_models(tmp_path: Path) -> None:
    from narrascope.about import __version__
    from narrascope.cli import main
    from narrascope.version import model_checksums

    db = str(tmp_path / "news.db")
    source = _articles_file(tmp_path, 2)
    stages = "clean,language,sentences,vectors,techniques"
    assert main(["analyze", str(source), "--db", db, "--stages", stages, "-q"]) == 0
    with Store.open(db) as store:
        (run,) = store.runs()
    settings = run["settings"]
    assert settings["stages"] == stages.split(",")
    assert settings["narrascope"] == __version__
    assert settings["config"] == {"vectors": {"encoder": "static-e5"},
                                  "techniques": {"model": None, "encoder": "static-e5"}}
    assert settings["models"] == {"techniques": model_checksums()["techniques"]}
    assert (settings["max_chars"], settings["article_timeout"]) == (200_000, 300.0)
