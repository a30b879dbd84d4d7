"""`narrascope copies`, `diff` and `stories` on a stored corpus, with hostile titles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from narrascope.cli import main

from .conftest import NEIGHBOUR, ORIGINAL, slanted_copy

SCHEMA = json.loads((Path(__file__).parents[2] / "src/narrascope/schema/copies.schema.json")
                    .read_text(encoding="utf-8"))


def _valid(obj: dict) -> dict:
    jsonschema.validate(obj, SCHEMA)
    return obj


HOSTILE = "[red]Odesa[/red] \x1b[2J<script>alert(1)</script>"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("copies")
    rows = [
        {"id": "orig", "url": "https://wire.example/1", "date": "2024-03-03",
         "title": "Drones cut power in Odesa region", "text": ORIGINAL},
        {"id": "copy", "url": "https://proxy.example/2", "date": "2024-03-04",
         "title": HOSTILE, "text": slanted_copy(ORIGINAL)},
        {"id": "other", "url": "https://wire.example/3", "date": "2024-03-03",
         "title": "Odesa ports ship record grain", "text": NEIGHBOUR},
        {"id": "tiny", "url": "https://wire.example/4", "date": "2024-03-03",
         "title": "Brief", "text": "Drones struck Odesa overnight, officials said."},
    ]
    source = folder / "articles.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    path = str(folder / "news.db")
    assert main(["analyze", str(source), "--db", path, "-q"]) == 0
    return path


def test_copies_lists_the_chain_with_the_earliest_first(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["copies", "--db", db, "--json"]) == 0
    captured = capsys.readouterr()
    (group,) = [_valid(json.loads(line)) for line in captured.out.splitlines()]
    assert group["earliest"] == "orig"
    assert [m["article_id"] for m in group["members"]] == ["orig", "copy"]
    copy = group["members"][1]
    assert copy["copied_from"] == "orig" and copy["day"] == "2024-03-04" and copy["dated"]
    assert copy["diff"]["reworded"][0]["swaps"][0]["new"] == "Kiev regime's"
    assert "not indexed: too short" in captured.err


def test_copies_of_one_article_and_an_unknown_id(db: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["copies", "--db", db, "--article", "other"]) == 0
    assert "no copies found of other" in capsys.readouterr().out
    assert main(["copies", "--db", db, "--article", "tiny"]) == 0
    assert "too short to index" in capsys.readouterr().err
    assert main(["copies", "--db", db, "--article", "nosuch"]) == 2
    assert "no article with id 'nosuch'" in capsys.readouterr().err


def test_min_overlap_out_of_range_is_a_usage_error(db: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["copies", "--db", db, "--min-overlap", "1.5"])
    assert exit_.value.code == 2
    assert "not between 0.3 and 1" in capsys.readouterr().err


def test_hostile_titles_print_as_text(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["copies", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "[red]Odesa[/red]" in out and "<script>" in out and "\x1b" not in out


def test_diff_shows_removed_added_and_swapped_words(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "orig", "copy", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Ukrainian → Kiev regime's" in out
    assert "\n- Ukraine's energy ministry said" in out
    assert "\n+ Observers note" in out
    assert main(["diff", "orig", "copy", "--db", db, "--json"]) == 0
    data = _valid(json.loads(capsys.readouterr().out))
    assert data["original"] == "orig" and data["copy"] == "copy" and data["unchanged"] >= 3


def test_diff_refuses_an_unknown_id_and_the_same_article(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "orig", "nosuch", "--db", db]) == 2
    assert "no article with id 'nosuch'" in capsys.readouterr().err
    assert main(["diff", "orig", "orig", "--db", db]) == 2
    assert "same article twice" in capsys.readouterr().err


def test_stories_group_the_copy_with_its_source(db: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", "--db", db, "--json"]) == 0
    stories = [_valid(json.loads(line)) for line in capsys.readouterr().out.splitlines()]
    ids = [{a["article_id"] for a in s["articles"]} for s in stories]
    assert {"orig", "copy"} in ids
    assert not any("other" in group and "orig" in group for group in ids)
    (link,) = [link for s in stories for link in s["links"]]
    assert link["copy"] is True
    assert main(["stories", "--db", db, "--since", "2030-01-01"]) == 0
    assert "no stories" in capsys.readouterr().out


def test_export_tables_of_copies_and_stories(db: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    import pyarrow.parquet as pq

    assert main(["export", "--db", db, "--table", "copies", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["group_id"], r["position"], r["article_id"]) for r in rows] == [
        ("orig", "0", "orig"), ("orig", "1", "copy")]
    assert rows[1]["copied_from"] == "orig" and "Kiev regime's" in rows[1]["swaps"]
    out = tmp_path / "stories.parquet"
    assert main(["export", "--db", db, "--table", "stories", "--format", "parquet",
                 "--out", str(out)]) == 0
    table = pq.read_table(out)
    assert set(table.column("article_id").to_pylist()) == {"orig", "copy"}
    assert str(table.schema.field("story_size").type) == "int64"
