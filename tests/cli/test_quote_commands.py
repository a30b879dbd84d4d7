"""`narrascope quotes` and `narrascope entities` over a small stored corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from narrascope.cli import main

ARTICLES = [
    {"id": "a1", "url": "https://first-outlet.example/1", "date": "2023-02-01",
     "title": "Zelenskyy in Brussels",
     "text": "Volodymyr Zelenskyy arrived in Brussels on Thursday.\n“We need jets now, not "
             "next year,” Zelenskyy told reporters."},
    {"id": "a2", "url": "https://second-outlet.example/2", "date": "2023-06-10",
     "title": "Зеленський про зиму",
     "text": "Президент Володимир Зеленський звернувся до нації.\n«Ми переживемо цю зиму "
             "разом», — заявив Зеленський."},
    {"id": "a3", "url": "https://first-outlet.example/3", "date": "2023-07-01",
     "title": "Peskov on talks",
     "text": "Kremlin spokesman Dmitry Peskov spoke on Monday.\n“There is no basis for talks "
             "today,” Peskov said."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("quotes")
    source = folder / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n",
                      encoding="utf-8")
    path = str(folder / "news.db")
    assert main(["analyze", str(source), "--db", path, "-q"]) == 0
    return path


def _jsonl(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_speaker_matches_every_spelling(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "--db", db, "--speaker", "Zelensky", "--format", "jsonl"]) == 0
    rows = _jsonl(capsys)
    assert [r["article_id"] for r in rows] == ["a1", "a2"]
    assert {r["speaker_entity_id"] for r in rows} == {"person/volodymyr-zelensky"}
    assert rows[0]["text"] == "We need jets now, not next year"
    assert rows[1]["text"] == "Ми переживемо цю зиму разом"


def test_since_and_outlet_filters(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "--db", db, "--since", "2023-03-01", "--format", "jsonl"]) == 0
    assert [r["article_id"] for r in _jsonl(capsys)] == ["a2", "a3"]
    assert main(["quotes", "--db", db, "--outlet", "first-outlet.example",
                 "--format", "jsonl"]) == 0
    assert [r["article_id"] for r in _jsonl(capsys)] == ["a1", "a3"]


def test_csv_and_table_output(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "--db", db, "--speaker", "Peskov", "--format", "csv"]) == 0
    (row,) = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["speaker_name"] == "Dmitry Peskov"
    assert row["kind"] == "direct"
    assert main(["quotes", "--db", db, "--speaker", "Песков"]) == 0  # Cyrillic alias
    table = capsys.readouterr().out
    assert table.startswith("1 quote(s)")
    assert "Dmitry Peskov" in table


def test_entities_lists_variants(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entities", "--db", db, "--type", "PERSON", "--format", "jsonl"]) == 0
    rows = {r["id"]: r for r in _jsonl(capsys)}
    zelensky = rows["person/volodymyr-zelensky"]
    assert zelensky["articles"] == 2
    assert {"Volodymyr Zelenskyy", "Зеленський"} <= set(zelensky["variants"])


def test_quote_rows_follow_reanalysis(db: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(Path(db).parent / "articles.jsonl"), "--db", db, "-q"]) == 0
    assert main(["quotes", "--db", db, "--format", "jsonl"]) == 0
    assert len(_jsonl(capsys)) == 3  # rewritten, not duplicated
