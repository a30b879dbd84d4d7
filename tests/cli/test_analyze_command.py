"""`narrascope analyze` as a user runs it: a real subprocess, real files, a real store."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "samples" / "corpus"
SCHEMA = json.loads((ROOT / "src/narrascope/schema/article.schema.json").read_text())
#: Store and resume behaviour does not depend on the analysis stages; keep big runs quick.
FAST_STAGES = "clean,language,sentences"
N_SAMPLES = len(json.loads((ROOT / "samples/MANIFEST.json").read_text(encoding="utf-8")))


def narrascope(*args: str, stdin: bytes | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "narrascope", *args], input=stdin.decode() if stdin else None,
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )


def summary_row(stderr: str, label: str) -> str:
    """The value of one row of the summary table printed on stderr."""
    match = re.search(rf"{re.escape(label)}\s*│\s*(.*?)\s*│", stderr)
    assert match, f"no {label!r} row in:\n{stderr}"
    return match.group(1)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    """The README's main job, run once for the tests that read its results: the whole default
    pipeline over the sample corpus, into a store and a JSONL file."""
    folder = tmp_path_factory.mktemp("corpus-run")
    db, out = folder / "news.db", folder / "news.jsonl"
    return db, out, narrascope("analyze", str(CORPUS), "--db", str(db), "--out", str(out))


def test_sample_corpus_into_sqlite_and_jsonl(corpus_run: tuple[Path, Path, Any]) -> None:
    db, out, result = corpus_run
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the summary and messages go to stderr
    assert summary_row(result.stderr, "articles analysed") == str(N_SAMPLES)
    assert summary_row(result.stderr, "languages") == "en 15, ru 4, bg 4, uk 3, pt 3, hi 3"
    assert summary_row(result.stderr, "failures") == "0"
    records = _jsonl(out)
    assert len(records) == N_SAMPLES
    for record in records:
        jsonschema.validate(record, SCHEMA)
        for sentence in record["sentences"]:
            assert record["text"][sentence["start"] : sentence["end"]].strip()
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".partial")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (N_SAMPLES,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_rerun_adds_no_duplicates_and_resume_skips_stored(tmp_path: Path) -> None:
    db, out = tmp_path / "news.db", tmp_path / "again.jsonl"
    fast = ("--stages", FAST_STAGES)
    assert narrascope("analyze", str(CORPUS), "--db", str(db), *fast).returncode == 0
    assert narrascope("analyze", str(CORPUS), "--db", str(db), *fast).returncode == 0
    resumed = narrascope("analyze", str(CORPUS), "--db", str(db), "--resume", "--out", str(out),
                         *fast)
    assert resumed.returncode == 0, resumed.stderr
    assert summary_row(resumed.stderr, "articles analysed") == "0"
    assert summary_row(resumed.stderr, "already stored (resumed)") == str(N_SAMPLES)
    assert len(_jsonl(out)) == N_SAMPLES  # resumed articles still reach the JSONL, from the store
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (N_SAMPLES,)
        assert conn.execute("SELECT count(*) FROM sources").fetchone() == (N_SAMPLES,)
        statuses = [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["complete", "complete", "complete"]


def _bad_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text("Kyiv under fire\n\nMissiles hit the city at dawn, "
                                     "officials said on Monday.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "records.jsonl").write_text(
        '{"text": "The ministry denied the report on Tuesday evening."}\n{"text": oops}\n',
        encoding="utf-8",
    )
    (folder / "table.csv").write_text("headline,body\nA,B\n", encoding="utf-8")
    (folder / "feed.xml").write_text("this is not xml at all", encoding="utf-8")
    payload = gzip.compress(b"".join(
        json.dumps({"text": f"Record {i} says the front line did not move."}).encode() + b"\n"
        for i in range(200)
    ))
    (folder / "cut.jsonl.gz").write_bytes(payload[: len(payload) // 2])
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, no disk used


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "news.db"
    _bad_inputs(folder)
    result = narrascope("analyze", str(folder), "--db", str(db))
    assert result.returncode == 1, result.stderr  # some items failed
    expected = {
        "binary.txt": "binary content",
        "empty.txt": "empty file",
        "records.jsonl#2": "invalid JSON",
        "table.csv": "no column 'text'",
        "feed.xml": "not an RSS/Atom feed",
        "cut.jsonl.gz": "truncated or corrupt gzip",
        "huge.txt": "200.0 MB, over the 64.0 MB limit",
    }
    for name, reason in expected.items():
        assert any(f"{folder / name}" in line and reason in line
                   for line in result.stderr.splitlines()), (name, result.stderr)
    listed = narrascope("failures", "--db", str(db), "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    failures = {Path(row["source"]).name: row for row in rows}
    assert set(failures) == set(expected)
    assert failures["records.jsonl#2"]["line"] == 2
    with sqlite3.connect(db) as conn:
        sources = {Path(s).name for (s,) in conn.execute("SELECT source FROM sources")}
    # good files and the records before the truncation point are stored
    assert {"good.txt", "records.jsonl#1", "cut.jsonl.gz#1"} <= sources
    assert sum(name.startswith("cut.jsonl.gz#") for name in sources) >= 10


def test_exit_status_when_nothing_can_be_analysed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = narrascope("analyze", str(empty), str(tmp_path / "missing.txt"), "--no-db")
    assert result.returncode == 3
    assert "missing.txt: no such file or directory" in result.stderr


def test_exit_status_for_usage_and_store_errors(tmp_path: Path) -> None:
    assert narrascope("analyze", str(CORPUS), "--stages", "clean,nope").returncode == 2
    assert narrascope("analyze", str(CORPUS), "--workers", "0").returncode == 2
    result = narrascope("analyze", str(CORPUS), "--db", str(tmp_path))  # a directory
    assert result.returncode == 4
    assert "is a directory" in result.stderr


def test_stdin_to_stdout(tmp_path: Path) -> None:
    article = b"Kyiv under fire\n\nMissiles hit the city at dawn.\nShare this:\n"
    result = narrascope("analyze", "-", "--out", "-", "--no-db", stdin=article)
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["source"] == "<stdin>"
    assert record["title"] == "Kyiv under fire"
    assert record["text"] == "Missiles hit the city at dawn."
    assert record["removed"][0]["reason"] == "share_prompt"


def test_workers_give_the_same_records_as_one_process(
    tmp_path: Path, corpus_run: tuple[Path, Path, Any]
) -> None:
    _db, one, _result = corpus_run
    two = tmp_path / "two.jsonl"
    result = narrascope("analyze", str(CORPUS), "--no-db", "--out", str(two), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert _jsonl(one) == _jsonl(two)


def test_postgresql_store_round_trip(db_url: str, tmp_path: Path) -> None:
    result = narrascope("analyze", str(CORPUS), "--db", db_url)
    assert result.returncode == 0, result.stderr  # every annotation into the store…
    again = narrascope("analyze", str(CORPUS), "--db", db_url, "--stages", FAST_STAGES)
    assert again.returncode == 0  # …and a second run replaces, never duplicates
    exported = narrascope("export", "--db", db_url, "--format", "jsonl")
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == N_SAMPLES
    assert len({r["id"] for r in records}) == N_SAMPLES


def _many_articles(path: Path, count: int) -> None:
    body = ("Officials in Kharkiv said the night had been quiet. " * 30).strip()
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps({"id": f"a{number}", "title": f"Report {number}",
                                     "text": f"{body}\nReport {number} ends here."}) + "\n")


def test_sigkill_mid_run_then_rerun_leaves_a_complete_store(tmp_path: Path) -> None:
    data, db = tmp_path / "many.jsonl", tmp_path / "news.db"
    count = 4000
    _many_articles(data, count)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "narrascope", "analyze", str(data), "--db", str(db), "-q",
         "--out", str(tmp_path / "out.jsonl"), "--stages", FAST_STAGES],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 200:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored < count, "the run must be killed part-way for this test to mean anything"
    assert not (tmp_path / "out.jsonl").exists()  # never a truncated output under the real name
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    result = narrascope("analyze", str(data), "--db", str(db), "--resume", "--out",
                        str(tmp_path / "out.jsonl"), "--stages", FAST_STAGES)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (
            count, count)
        assert conn.execute("SELECT count(*) FROM sources").fetchone() == (count,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(_jsonl(tmp_path / "out.jsonl")) == count


@pytest.mark.parametrize("command", ["analyze", "export", "show", "quotes", "entities",
                                     "copies", "stories", "diff",
                                     "roles", "narratives", "semeval", "semeval2023",
                                     "failures", "serve", "report"])
def test_every_command_has_help_with_examples(command: str) -> None:
    result = narrascope(command, "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    assert "usage: narrascope " + command in result.stdout


def test_the_help_test_covers_every_command() -> None:
    from narrascope.cli import build_parser

    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert set(commands.choices) == {"analyze", "export", "show", "quotes", "entities",
                                     "roles", "narratives", "copies", "stories", "diff",
                                     "semeval", "semeval2023", "failures", "serve", "report"}


def test_top_level_help_and_version() -> None:
    assert "examples:" in narrascope("--help").stdout
    assert narrascope("--version").stdout.startswith("narrascope ")
