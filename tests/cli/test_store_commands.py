"""`narrascope export`, `show` and `failures` over a store filled from the sample corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from narrascope.cli import main

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "samples" / "corpus"


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("store")
    (folder / "broken.jsonl").write_text('{"text": "A fine record about the war in Donbas."}\n'
                                         "not json\n", encoding="utf-8")
    db = str(folder / "news.db")
    assert main(["analyze", str(CORPUS), str(folder / "broken.jsonl"), "--db", db, "-q"]) == 1
    return db


def _records(db: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["export", "--db", db, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_export_jsonl_is_the_stored_objects(filled_db: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    records = _records(filled_db, capsys)
    manifest = json.loads((ROOT / "samples" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert len(records) == len(manifest) + 1  # and the fine record of broken.jsonl
    assert [r["source"] for r in records] == sorted(r["source"] for r in records)
    assert {r["language"] for r in records} == {"en", "ru", "uk", "bg", "pt", "hi"}


def test_export_csv_has_one_row_per_article_with_nested_fields_as_json(
    filled_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = {r["id"]: r for r in _records(filled_db, capsys)}
    out = tmp_path / "news.csv"
    assert main(["export", "--db", filled_db, "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(records)
    for row in rows:
        record = records[row["id"]]
        assert row["text"] == record["text"]
        assert json.loads(row["sentences"]) == record["sentences"]
        assert json.loads(row["removed"]) == record["removed"]


def test_export_parquet(filled_db: str, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    records = {r["id"]: r for r in _records(filled_db, capsys)}
    out = tmp_path / "news.parquet"
    assert main(["export", "--db", filled_db, "--format", "parquet", "--out", str(out)]) == 0
    table = pq.read_table(out).to_pylist()
    assert len(table) == len(records)
    for row in table:
        assert row["title"] == records[row["id"]]["title"]
        assert row["language_score"] == pytest.approx(records[row["id"]]["language_score"])
        assert json.loads(row["sentences"]) == records[row["id"]]["sentences"]


def test_export_parquet_needs_a_file(filled_db: str) -> None:
    assert main(["export", "--db", filled_db, "--format", "parquet"]) == 2


def test_show_prints_sentences_and_removed_lines(filled_db: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    record = next(r for r in _records(filled_db, capsys) if r["removed"])
    assert main(["show", record["id"][:8], "--db", filled_db]) == 0
    out = capsys.readouterr().out
    assert record["title"] in out
    first = record["sentences"][0]
    assert record["text"][first["start"] : first["end"]][:60] in out.replace("\n", " ")
    assert record["removed"][0]["reason"] in out


def test_show_json_and_raw(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    record = _records(filled_db, capsys)[0]
    assert main(["show", record["id"], "--db", filled_db, "--json", "--raw"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in shown.items() if k != "raw_text"} == record
    for removal in shown["removed"]:
        assert shown["raw_text"][removal["start"] : removal["end"]] == removal["text"]


def test_show_unknown_id(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "doesnotexist", "--db", filled_db]) == 2
    assert "no article with id 'doesnotexist'" in capsys.readouterr().err


def test_failures_lists_the_outstanding_failure(filled_db: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["failures", "--db", filled_db]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("ingest\t")
    assert line.endswith("broken.jsonl#2: invalid JSON: Expecting value (column 1)")
