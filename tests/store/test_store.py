"""The store on SQLite and on a real PostgreSQL server: idempotent, transactional, complete."""

from __future__ import annotations

import sqlite3

import pytest

from narrascope import analyze
from narrascope.ingest.base import Failure
from narrascope.store import Store, StoreError, database_url


def _doc(body: str, source: str, title: str = "Kyiv hit"):
    return analyze(body, title=title, source=source)


def test_writes_are_idempotent_upserts(db_url: str) -> None:
    doc = _doc("Missiles hit Kyiv at dawn, officials said.", "a.txt")
    with Store.open(db_url) as store:
        store.write([doc])
        store.write([doc])
        assert store.count() == 1
        assert store.get(doc.id) == doc.to_dict()
        assert store.stored_sources() == {"a.txt"}


def test_same_article_from_two_sources_is_one_article_with_both_sources(db_url: str) -> None:
    first = _doc("Missiles hit Kyiv at dawn, officials said.", "outlet-a/1.txt")
    copy = _doc("Missiles hit Kyiv at dawn, officials said.", "outlet-b/7.txt")
    assert first.id == copy.id
    with Store.open(db_url) as store:
        store.write([first, copy])
        assert store.count() == 1
        assert store.sources_of([first.id]) == {first.id: ["outlet-a/1.txt", "outlet-b/7.txt"]}
        assert store.document_for_source("outlet-b/7.txt")["id"] == first.id


def test_failures_are_recorded_and_cleared_when_the_item_later_succeeds(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.write([], [Failure("feed.jsonl#3", "invalid JSON: x", line=3)])
        rows = store.failures()
        assert [(r["source"], r["line"], r["reason"], r["stage"]) for r in rows] == [
            ("feed.jsonl#3", 3, "invalid JSON: x", "ingest")
        ]
        store.write([_doc("Now the record is fine and readable.", "feed.jsonl#3")])
        assert store.failures() == []


def test_an_article_the_database_refuses_costs_only_itself(db_url: str) -> None:
    good = _doc("Missiles hit Kyiv at dawn, officials said.", "a.txt")
    with Store.open(db_url) as store:
        store.write([good])
        third = _doc("Third article in the same batch.", "c.txt", "Third")
        bad = _doc("Another article, with a broken title.", "b.txt", title="Other")
        bad.title = "broken \ud800 title"  # no UTF-8 encoder takes a lone surrogate
        refused = store.write([third, bad])
        assert [(f.source, f.stage) for f in refused] == [("b.txt", "store")]
        assert "cannot store the article" in refused[0].reason
        assert store.count() == 2
        assert store.get(good.id)["text"] == good.text
        assert store.get(third.id)["title"] == "Third"
        assert [(r["source"], r["stage"]) for r in store.failures()] == [("b.txt", "store")]


def test_get_by_unique_prefix_and_ambiguous_prefix(db_url: str) -> None:
    doc = _doc("Missiles hit Kyiv at dawn, officials said.", "a.txt")
    with Store.open(db_url) as store:
        store.write([doc])
        assert store.get(doc.id[:8])["id"] == doc.id
        assert store.get("zzzzzzzz") is None


def test_runs_count_what_each_write_stored(db_url: str) -> None:
    with Store.open(db_url) as store:
        run_id = store.start_run("narrascope analyze x")
        docs = [_doc(f"Article number {n} about the front line.", f"{n}.txt", f"T{n}")
                for n in range(3)]
        store.write(docs[:2], [Failure("x.jsonl#4", "invalid JSON: y", line=4)],
                    run_id=run_id)
        store.write(docs[2:], run_id=run_id)
        (row,) = store.runs()
        assert (row["articles"], row["failures"], row["status"]) == (3, 1, "running")
        store.finish_run(run_id, skipped=2, status="partial")
        (row,) = store.runs()
        assert (row["articles"], row["failures"], row["skipped"], row["status"]) == (
            3, 1, 2, "partial")
        assert row["finished_at"] is not None


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"notes\.db.*(not a database|file is not)"):
        Store.open(str(path))
    assert path.read_text().startswith("this is not sqlite")  # left untouched


def test_a_store_from_a_newer_version_is_refused(tmp_path) -> None:
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE narrascope_meta SET value = '99' WHERE key = 'store_version'")
    with pytest.raises(StoreError, match="newer narrascope"):
        Store.open(str(path))


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("postgresql://nobody@127.0.0.1:1/nothing")


def test_database_url_forms(tmp_path) -> None:
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///rel.db") == "sqlite:///rel.db"
