"""``analyze --out FILE.parquet``: one typed row per article whose ``document`` is the JSONL
object itself, written a row group at a time, appearing only when complete; and Parquet
input, analysed and written back."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from narrascope import parquet_output, runner
from narrascope.cli import main
from narrascope.errors import OutputError
from narrascope.parquet_output import (
    ARTICLE_PARQUET_SCHEMA,
    ParquetArticleWriter,
    is_parquet_name,
    open_article_sink,
    parquet_row,
)
from narrascope.store import Store

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "samples/corpus/txt"
INPUTS = [SAMPLES / "en_war_01.txt", SAMPLES / "ru_war_01.txt", SAMPLES / "uk_war_koi8u.txt"]
QUIET = ["--no-db", "--progress", "never", "-q", "--workers", "1"]
FAST = ["--stages", "clean,language,sentences", "--progress", "never", "-q", "--workers", "1"]
BODY = ("Ukrainian grain ships left Odesa on Monday under a new insurance scheme, officials said "
        "in Kyiv, adding that more ships would follow.")


def rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_input(path: Path) -> Path:
    """A Parquet table of articles as a scraper might leave it: other column names, a struct,
    a timestamp, and a row without text."""
    texts = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in INPUTS[:2]]
    pq.write_table(pa.table({
        "headline": ["Long-range rockets for Kyiv", "Second headline", "No body"],
        "body": [texts[0], texts[1], None],
        "meta": pa.array([{"url": "https://www.example-news.org/a"},
                          {"url": "https://other.example/b"}, {"url": None}]),
        "when": pa.array([1678786200_000_000, None, None], pa.timestamp("us", tz="UTC")),
    }), path, row_group_size=2)
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same inputs through the full default pipeline, once to Parquet and once to JSONL;
    then a Parquet input, and the Parquet output read back as input."""
    folder = tmp_path_factory.mktemp("parquet-out")
    out = {name: folder / name for name in ("r.parquet", "r.jsonl", "in.parquet",
                                            "p.parquet", "p.jsonl", "back.parquet")}
    files = [str(p) for p in INPUTS]
    assert main(["analyze", *files, "--out", str(out["r.parquet"]), *QUIET]) == 0
    assert main(["analyze", *files, "--out", str(out["r.jsonl"]), *QUIET]) == 0
    write_input(out["in.parquet"])
    fields = ["--text-field", "body", "--title-field", "headline", "--url-field", "meta.url",
              "--date-field", "when"]
    for name in ("p.parquet", "p.jsonl"):  # one row has no text: a partial run (exit 1)
        assert main(["analyze", str(out["in.parquet"]), *fields, "--out", str(out[name]),
                     *QUIET]) == 1
    assert main(["analyze", str(out["r.parquet"]), "--out", str(out["back.parquet"]),
                 *QUIET]) == 0
    return out


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def test_the_file_has_the_one_documented_schema(runs: dict[str, Path]) -> None:
    schema = pq.read_schema(runs["r.parquet"])
    assert schema.equals(ARTICLE_PARQUET_SCHEMA, check_metadata=True)
    assert schema.metadata == {b"narrascope.parquet_layout": b"1"}
    types = {field.name: field.type for field in schema}
    assert types["language_score"] == pa.float64()
    assert {types[c] for c in ("n_sentences", "n_entities", "n_quotes", "n_techniques")} == {
        pa.int32()}
    assert pa.types.is_list(types["narratives"])
    assert types["narratives"].value_type == pa.string()
    assert {types[c] for c in ("id", "source", "url", "outlet", "title", "published",
                               "language", "schema_version", "text", "document")} == {
        pa.string()}
    assert not schema.field("document").nullable and schema.field("url").nullable
    section = (ROOT / "docs/schema.md").read_text(encoding="utf-8").split("\n## Parquet", 1)[1]
    documented = set(re.findall(r"^\| (.+?) \|", section, re.MULTILINE))
    names = {name for cell in documented for name in re.findall(r"`(\w+)`", cell)}
    assert set(schema.names) <= names


def test_one_row_per_article_whose_document_is_the_jsonl_object(runs: dict[str, Path]) -> None:
    table, lines = rows(runs["r.parquet"]), jsonl(runs["r.jsonl"])
    assert len(table) == len(lines) == len(INPUTS)
    assert [row["source"] for row in table] == [str(p) for p in INPUTS]
    assert [json.loads(row["document"]) for row in table] == lines
    # The JSON object is written as the JSONL line is (UTF-8 as it is, same key order).
    assert [row["document"] + "\n" for row in table] == (
        runs["r.jsonl"].read_text(encoding="utf-8").splitlines(keepends=True))


def test_the_columns_are_the_documents_fields(runs: dict[str, Path]) -> None:
    for row in rows(runs["r.parquet"]):
        document = json.loads(row["document"])
        for column in ("schema_version", "id", "source", "url", "outlet", "title", "published",
                       "author", "language", "language_score", "input_format", "encoding",
                       "text", "narrative_domain"):
            assert row[column] == document.get(column), column
        for column, key in (("n_sentences", "sentences"), ("n_entities", "entities"),
                            ("n_quotes", "quotes"), ("n_techniques", "techniques")):
            assert row[column] == len(document[key]), column
        assert row["narratives"] == [n["narrative"] for n in document["narratives"]]
    assert {row["language"] for row in rows(runs["r.parquet"])} == {"en", "ru", "uk"}
    assert any(row["n_quotes"] for row in rows(runs["r.parquet"]))


def test_parquet_input_is_analysed_and_written_back(runs: dict[str, Path]) -> None:
    table, lines = rows(runs["p.parquet"]), jsonl(runs["p.jsonl"])
    assert [json.loads(row["document"]) for row in table] == lines
    source = str(runs["in.parquet"])
    assert [(row["source"], row["title"], row["outlet"], row["published"], row["input_format"])
            for row in table] == [
        (f"{source}#1", "Long-range rockets for Kyiv", "example-news.org",
         "2023-03-14T09:30:00+00:00", "parquet"),
        (f"{source}#2", "Second headline", "other.example", None, "parquet")]
    assert [row["language"] for row in table] == ["en", "ru"]


def test_the_output_reads_back_as_input(runs: dict[str, Path]) -> None:
    first, again = rows(runs["r.parquet"]), rows(runs["back.parquet"])
    assert [row["source"] for row in again] == [
        f"{runs['r.parquet']}#{n}" for n in range(1, len(first) + 1)]
    assert [(row["title"], row["language"]) for row in again] == [
        (row["title"], row["language"]) for row in first]
    assert [row["text"] for row in again] == [row["text"] for row in first]


# --------------------------------------------------------------------------------------------
# The writer on its own
# --------------------------------------------------------------------------------------------


def test_counts_and_narratives_are_null_when_their_stage_did_not_run() -> None:
    bare = {"schema_version": "1.5", "id": "a", "source": "a.txt", "language": "en",
            "language_score": 1, "text": "Body.", "sentences": []}
    row = parquet_row(bare)
    assert (row["n_sentences"], row["n_entities"], row["n_quotes"], row["n_techniques"],
            row["narratives"]) == (0, None, None, None, None)
    assert row["language_score"] == 1.0 and isinstance(row["language_score"], float)
    labelled = {**bare, "narratives": [{"narrative": "URW: Blaming the war on others",
                                        "score": 0.8}, {"narrative": "CC: Amplifying fear"}]}
    assert parquet_row(labelled)["narratives"] == ["URW: Blaming the war on others",
                                                   "CC: Amplifying fear"]


def test_rows_are_written_in_row_groups_as_they_come(tmp_path: Path) -> None:
    path = tmp_path / "groups.pq"
    record = {"schema_version": "1.5", "id": "x", "source": "s", "language": "en",
              "text": "Body."}
    with ParquetArticleWriter(path, row_group_rows=2) as writer:
        writer.write([record] * 3)
        assert not path.exists()  # appears only when complete
        writer.write([])
        writer.write([record] * 2)
    metadata = pq.ParquetFile(path).metadata
    assert (metadata.num_rows, metadata.num_row_groups) == (5, 3)
    assert [metadata.row_group(i).num_rows for i in range(3)] == [2, 2, 1]


def test_a_writer_that_fails_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "kept.parquet"
    path.write_bytes(b"previous results")
    with pytest.raises(RuntimeError), ParquetArticleWriter(path) as writer:
        writer.write([{"id": "x", "source": "s", "text": "t", "language": "en",
                       "schema_version": "1.5"}])
        raise RuntimeError("killed")
    assert path.read_bytes() == b"previous results"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.parquet"]


def test_an_empty_run_gives_an_empty_table_with_every_column(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    ParquetArticleWriter(path).close()
    table = pq.read_table(path)
    assert table.num_rows == 0 and table.schema.equals(ARTICLE_PARQUET_SCHEMA)


def test_the_format_comes_from_the_name_and_stdout_is_never_parquet(tmp_path: Path) -> None:
    assert is_parquet_name("a.parquet") and is_parquet_name("A.PQ")
    assert not is_parquet_name("a.jsonl") and not is_parquet_name("-")
    assert not is_parquet_name("a.parquet.jsonl")
    with pytest.raises(OutputError, match="binary"):
        ParquetArticleWriter("-")
    sink = open_article_sink(str(tmp_path / "x.jsonl"))
    assert not isinstance(sink, ParquetArticleWriter)
    sink.abandon()


# --------------------------------------------------------------------------------------------
# What --out refuses, and runs that do not finish
# --------------------------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "grain.txt"
    path.parent.mkdir()
    path.write_text(f"Grain ships leave Odesa\n\n{BODY}\n", encoding="utf-8")
    return path


def test_out_dash_is_json_lines_on_stdout_even_for_parquet_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": [BODY]}), source)
    assert main(["analyze", str(source), "--no-db", "--out", "-", *FAST]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["source"] == f"{source}#1"


def test_out_refuses_the_store_of_the_same_run(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.parquet"  # a store with a Parquet name is still the store
    assert main(["analyze", str(article), "--db", str(db), *FAST]) == 0
    before = db.read_bytes()
    assert main(["analyze", str(article), "--db", str(db), "--out", str(db), *FAST]) == 2
    assert "store" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_out_refuses_another_store_and_a_directory(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "news.pq"
    assert main(["analyze", str(article), "--db", str(other), *FAST]) == 0
    code = main(["analyze", str(article), "--no-db", "--out", str(other), *FAST])
    assert code == 2 and "is a database" in capsys.readouterr().err
    with Store.open(str(other)) as store:
        assert store.count() == 1
    folder = tmp_path / "results.parquet"
    folder.mkdir()
    assert main(["analyze", str(article), "--no-db", "--out", str(folder), *FAST]) == 2
    assert "is a directory" in capsys.readouterr().err


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_run_that_stops_leaves_no_parquet_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    inputs = []
    for n in range(4):
        path = tmp_path / "in" / f"a{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Title {n}\n\n{BODY} ({n})\n", encoding="utf-8")
        inputs.append(str(path))
    target = tmp_path / "out" / "results.parquet"
    target.parent.mkdir()
    target.write_bytes(b"the previous run's results")
    monkeypatch.setattr(runner, "FLUSH_EVERY_ARTICLES", 1)
    monkeypatch.setattr(parquet_output, "ROW_GROUP_ROWS", 1)
    analyse = runner._analyse
    partial_sizes: list[int] = []

    def stopping(article: Any) -> Any:
        if article.source == inputs[2]:
            partial_sizes.extend(p.stat().st_size for p in target.parent.glob(".*.partial"))
            raise stop
        return analyse(article)

    monkeypatch.setattr(runner, "_analyse", stopping)
    args = ["analyze", *inputs, "--no-db", "--out", str(target), *FAST]
    if stop is KeyboardInterrupt:
        assert main(args) == 130
    else:
        with pytest.raises(RuntimeError):
            main(args)
    # Two row groups of articles had been written beside the target, not just "PAR1".
    assert partial_sizes and partial_sizes[0] > 1000
    assert target.read_bytes() == b"the previous run's results"
    assert [p.name for p in target.parent.iterdir()] == ["results.parquet"]


def test_resumed_articles_are_written_from_the_store(tmp_path: Path, article: Path) -> None:
    db = tmp_path / "news.db"
    assert main(["analyze", str(article), "--db", str(db), *FAST]) == 0
    second = article.with_name("second.txt")
    second.write_text(f"Second\n\n{BODY} Again.\n", encoding="utf-8")
    paths = [str(article), str(second)]
    out = {name: tmp_path / name for name in ("r.parquet", "r.jsonl")}
    assert main(["analyze", *paths, "--db", str(db), "--resume", "--out", str(out["r.parquet"]),
                 *FAST]) == 0
    assert main(["analyze", *paths, "--db", str(db), "--resume", "--out", str(out["r.jsonl"]),
                 *FAST]) == 0
    table = rows(out["r.parquet"])
    assert [row["source"] for row in table] == paths
    assert [json.loads(row["document"]) for row in table] == jsonl(out["r.jsonl"])
