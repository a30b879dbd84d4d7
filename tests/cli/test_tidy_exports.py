"""`narrascope export --table quotes|roles|narratives|techniques`: one row per item, plain cells,
typed Parquet columns, the same rows from SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from tests.pg_server import new_database

from narrascope.annotations import Evidence, FineRole, Role, Voice
from narrascope.cli import main
from narrascope.document import Document
from narrascope.store import Store, tables
from narrascope.store.rows import EVIDENCE_JOINER, ITEM_TABLES, item_rows

SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"
#: Six articles in five languages, with quotes, narratives in two voices and techniques.
SAMPLE = SAMPLES / "jsonl" / "articles.jsonl"
HOSTILE_OUTLET = 'Hostile, "Outlet"; Ltd'
HOSTILE = {
    "id": "hostile-1", "outlet": HOSTILE_OUTLET, "date": "2024-02-01",
    "url": "https://hostile.example/a?b=1,c=\"2\"",
    "title": 'Title, with "quotes"; =1+1 \\ back\\slash',
    "text": ('Officials in Kharkiv said on Tuesday that the so-called "reform" had failed.\n'
             '"Prices, taxes; and =SUM(A1:A9) fees rose by 5%,\ttoo — 🙂 \u202egnp.exe \\ '
             'back\\slash, \'single\' and «nested»," the regional governor Oleh Kiper said.\n'
             'The shameful, disgraceful lies of the so-called "experts" must end, he added.'),
}
TABLE_OF = {"quotes": tables.quotes, "roles": tables.entity_roles,
            "narratives": tables.narratives, "techniques": tables.techniques}
FORMATS = ("csv", "jsonl", "parquet")
ARROW_TYPE = {"string": "string", "int64": "int64", "float64": "double",
              "list<string>": "list<element: string>"}


def _add_roles(db: str) -> None:
    """The shipped role model frames no entity of these articles (its framing threshold is
    above 1), so two articles get roles here, through the same write an analysis makes."""
    with Store.open(db) as store:
        for article_id in ("balkan-voice-20230721-peskov", "hostile-1"):
            doc = Document.from_dict(store.get(article_id))
            people = [e for e in doc.entities or [] if e.type in {"PERSON", "ORG", "PLACE"}]
            first, second = doc.sentences[0], doc.sentences[1]
            doc.roles = [
                Role(people[0].id, people[0].name, "Antagonist", score=0.8, framed=0.9,
                     main_scores={"Antagonist": 0.8}, fine_roles=[
                         FineRole("Instigator", 0.6), FineRole("Deceiver", 0.4)],
                     evidence=[Evidence(second.start, second.end,
                                        Voice("quoted", "Oleh Kiper", "person/oleh-kiper")),
                               Evidence(first.start, first.end, Voice("outlet"))]),
                Role(people[1].id, people[1].name, "Innocent", score=0.7, framed=0.8,
                     main_scores={"Innocent": 0.7}, fine_roles=[FineRole("Victim", 0.9)]),
            ]
            store.write([doc])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("tidy")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    path = str(folder / "news.db")
    assert main(["analyze", str(SAMPLE), str(hostile), "--db", path, "--no-copies",
                 "--progress", "never", "-q"]) == 0
    _add_roles(path)
    return path


@pytest.fixture(scope="module")
def pg_db(db: str, request: pytest.FixtureRequest) -> str:
    """The same articles in a new database on the test PostgreSQL server."""
    url = new_database(request.getfixturevalue("postgres_url"))
    with Store.open(db) as source, Store.open(url) as target:
        target.write([Document.from_dict(record) for record in source.iter_documents()])
    return url


def _export(db: str, table: str, fmt: str, out: Path, *extra: str) -> list[dict[str, Any]]:
    path = out / f"{table}-{uuid.uuid4().hex[:6]}.{fmt}"
    assert main(["export", "--db", db, "--table", table, "--format", fmt, "--out", str(path),
                 *extra]) == 0
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _count(db: str, table: str) -> int:
    with Store.open(db) as store, store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(TABLE_OF[table]))
                   .scalar_one())


def _documents(db: str) -> dict[str, dict[str, Any]]:
    with Store.open(db) as store:
        return {record["id"]: record for record in store.iter_documents()}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", ITEM_TABLES)
def test_one_row_per_item_with_the_tables_columns(db: str, tmp_path: Path, table: str,
                                                  fmt: str) -> None:
    rows = _export(db, table, fmt, tmp_path)
    assert len(rows) == _count(db, table) > 0
    assert all(list(row) == list(ITEM_TABLES[table]) for row in rows)
    for row in rows:  # no cell holds JSON text
        assert not any(isinstance(v, str) and v.startswith(("[", "{"))
                       and v.endswith(("]", "}")) for v in row.values())


def test_the_samples_give_every_kind_of_item(db: str, tmp_path: Path) -> None:
    narratives = _export(db, "narratives", "jsonl", tmp_path)
    assert {r["level"] for r in narratives} == {"narrative", "subnarrative"}
    assert len({r["voice"] for r in narratives}) >= 2
    languages = {r["language"] for r in _export(db, "quotes", "jsonl", tmp_path)}
    assert {"en", "bg", "pt", "hi"} <= languages
    assert len({r["article_id"] for r in _export(db, "techniques", "jsonl", tmp_path)}) >= 2


def test_offsets_slice_the_articles_text(db: str, tmp_path: Path) -> None:
    docs = _documents(db)
    quotes = _export(db, "quotes", "parquet", tmp_path)
    for row in quotes:
        text = docs[row["article_id"]]["text"]
        found = text[row["start"]:row["end"]]
        # A quotation over two paragraphs is its parts joined; its offsets span them all.
        assert found == row["text"] or (found[:20] == row["text"][:20]
                                        and found[-10:] == row["text"][-10:])
    assert sum(docs[r["article_id"]]["text"][r["start"]:r["end"]] == r["text"]
               for r in quotes) > len(quotes) / 2
    for row in _export(db, "techniques", "csv", tmp_path):
        text = docs[row["article_id"]]["text"]
        assert text[int(row["start"]):int(row["end"])] == row["text"]
    for row in _export(db, "narratives", "jsonl", tmp_path):
        text = docs[row["article_id"]]["text"]
        parts = row["evidence_text"].split(EVIDENCE_JOINER) if row["evidence_count"] else []
        assert len(parts) == row["evidence_count"] and all(p and p in text for p in parts)


def test_roles_one_row_per_entity_with_fine_roles_and_evidence(db: str, tmp_path: Path
                                                                ) -> None:
    docs = _documents(db)
    by_format = {fmt: _export(db, "roles", fmt, tmp_path) for fmt in FORMATS}
    jsonl = by_format["jsonl"]
    assert len(jsonl) == 4 and len({(r["article_id"], r["entity_id"]) for r in jsonl}) == 4
    framed = [r for r in jsonl if r["main_role"] == "Antagonist"]
    assert {r["article_id"] for r in framed} == {"balkan-voice-20230721-peskov", "hostile-1"}
    for row in framed:
        assert row["fine_roles"] == ["Instigator", "Deceiver"]
        assert (row["voice"], row["voice_speaker"]) == ("outlet", None)
        sentence = docs[row["article_id"]]["sentences"][1]
        assert (row["evidence_start"], row["evidence_end"], row["evidence_count"]) == (
            sentence["start"], sentence["end"], 2)
    bare = [r for r in jsonl if r["main_role"] == "Innocent"]
    assert all((r["evidence_start"], r["evidence_count"], r["fine_roles"]) == (None, 0, ["Victim"])
               for r in bare)
    assert [r["fine_roles"] for r in by_format["parquet"]] == [r["fine_roles"] for r in jsonl]
    assert [r["fine_roles"] for r in by_format["csv"]] == [";".join(r["fine_roles"])
                                                           for r in jsonl]
    assert [r["evidence_start"] for r in by_format["csv"]] == [
        "" if r["evidence_start"] is None else str(r["evidence_start"]) for r in jsonl]


@pytest.mark.parametrize("table", ITEM_TABLES)
def test_parquet_columns_are_typed_even_when_no_row_is_left(db: str, tmp_path: Path,
                                                            table: str) -> None:
    expected = {name: ARROW_TYPE[kind] for name, kind in ITEM_TABLES[table].items()}
    for extra in ((), ("--since", "2099-01-01")):
        path = tmp_path / f"{table}{len(extra)}.parquet"
        assert main(["export", "--db", db, "--table", table, "--format", "parquet",
                     "--out", str(path), *extra]) == 0
        written = pq.read_table(path)
        assert {f.name: str(f.type) for f in written.schema} == expected
        assert written.column_names == list(expected)
        assert (written.num_rows == 0) == bool(extra)
    assert _export(db, table, "jsonl", tmp_path, "--since", "2099-01-01") == []
    header = (tmp_path / "empty.csv")
    assert main(["export", "--db", db, "--table", table, "--format", "csv", "--out",
                 str(header), "--outlet", "nobody"]) == 0
    assert header.read_text(encoding="utf-8").splitlines() == [",".join(ITEM_TABLES[table])]


def test_since_outlet_and_language_narrow_the_items(db: str, tmp_path: Path) -> None:
    everything = _export(db, "quotes", "jsonl", tmp_path)
    since = _export(db, "quotes", "jsonl", tmp_path, "--since", "2023-07-21")
    assert since == [r for r in everything if (r["published"] or "") >= "2023-07-21"]
    assert {r["article_id"] for r in since} == {
        "balkan-voice-20230721-peskov", "britannia-voice-net-zero-pensioners",
        "sofia-dnevnik-20231116-bronetransporteri", "hostile-1"}
    # Any case, beyond ASCII too: the databases' lower() would not fold "София".
    sofia = _export(db, "quotes", "csv", tmp_path, "--outlet", "софия дневник")
    assert sofia and {r["outlet"] for r in sofia} == {"София Дневник"}
    bulgarian = _export(db, "techniques", "jsonl", tmp_path, "--language", "BG")
    assert bulgarian == [r for r in _export(db, "techniques", "jsonl", tmp_path)
                         if r["language"] == "bg"] != []
    both = _export(db, "narratives", "parquet", tmp_path, "--language", "bg",
                   "--outlet", "Гласът на Балканите", "--since", "2023-07-01")
    assert len(both) == _count(db, "narratives") - sum(
        r["article_id"] != "balkan-voice-20230721-peskov"
        for r in _export(db, "narratives", "jsonl", tmp_path))
    assert _export(db, "roles", "jsonl", tmp_path, "--outlet", HOSTILE_OUTLET.upper()) == [
        r for r in _export(db, "roles", "jsonl", tmp_path) if r["article_id"] == "hostile-1"]


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-02-30"])
def test_a_bad_date_is_a_usage_error(db: str, value: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--db", db, "--table", "quotes", "--since", value])
    assert exit_.value.code == 2
    assert "is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_narrowing_a_table_that_cannot_be_narrowed_is_a_usage_error(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", db, "--table", "copies", "--language", "en"]) == 2
    assert "only the tables quotes, roles, narratives, techniques" in capsys.readouterr().err


def test_hostile_text_round_trips_in_every_format(db: str, tmp_path: Path) -> None:
    with Store.open(db) as store, store.engine.connect() as conn:
        stored = [dict(r._mapping) for r in conn.execute(
            sa.select(tables.quotes.c.text, tables.quotes.c.number)
            .where(tables.quotes.c.article_id == "hostile-1")
            .order_by(tables.quotes.c.number))]
        title, url = conn.execute(sa.select(tables.articles.c.title, tables.articles.c.url)
                                  .where(tables.articles.c.id == "hostile-1")).one()
    assert any("=SUM(A1:A9)" in r["text"] and "🙂" in r["text"] and "\\" in r["text"]
               for r in stored)
    for fmt in FORMATS:
        rows = _export(db, "quotes", fmt, tmp_path, "--outlet", HOSTILE_OUTLET)
        assert [(r["text"], str(r["number"])) for r in rows] == [
            (r["text"], str(r["number"])) for r in stored]
        assert {(r["outlet"], r["title"], r["url"]) for r in rows} == {
            (HOSTILE_OUTLET, title, url)}
    docs = _documents(db)
    techniques = _export(db, "techniques", "csv", tmp_path, "--outlet", HOSTILE_OUTLET)
    assert techniques and all(
        docs["hostile-1"]["text"][int(r["start"]):int(r["end"])] == r["text"]
        for r in techniques)


def test_stdout_gets_the_rows_too(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", db, "--table", "techniques", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == _count(db, "techniques")


def _all_tables(db: str, tmp_path: Path, fmt: str, *extra: str
                ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for table in ITEM_TABLES:
        yield table, _export(db, table, fmt, tmp_path, *extra)


@pytest.mark.parametrize("extra", [(), ("--outlet", "гласът на балканите", "--since",
                                        "2023-01-01")])
def test_postgresql_gives_the_same_rows_in_the_same_order(
        db: str, pg_db: str, tmp_path: Path, extra: tuple[str, ...]) -> None:
    for fmt in ("jsonl", "parquet"):
        from_sqlite = dict(_all_tables(db, tmp_path, fmt, *extra))
        from_postgres = dict(_all_tables(pg_db, tmp_path, fmt, *extra))
        assert from_postgres == from_sqlite
        assert all(from_sqlite.values())


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_rows_read_in_small_batches_are_the_same(
        db: str, backend: str, request: pytest.FixtureRequest) -> None:
    """Lookups between the batches of a streaming read (PostgreSQL: a server-side cursor
    left open meanwhile) change nothing."""
    url = db if backend == "sqlite" else request.getfixturevalue("pg_db")
    with Store.open(url) as store:
        for table in ITEM_TABLES:
            whole, _ = item_rows(store, table)
            batched, _ = item_rows(store, table, batch_size=2)
            assert list(batched) == list(whole) != []
