"""Stored quotes, roles, narratives and techniques as tidy tables: one row per item, every cell
a plain value (no JSON text), ready for pandas.

Rows are read with one streaming query per table (``yield_per``), in publication order, and
what the item tables lack (a role's evidence sentences, the text a narrative's evidence
offsets point into) is fetched from the stored documents a batch of rows at a time, so a
store of millions of items is never held in memory at once.

>>> list(QUOTE_COLUMNS)[:4]
['article_id', 'number', 'kind', 'text']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, nulls_last, select
from sqlalchemy.engine import Connection

from narrascope.store import Store, read_errors, tables

__all__ = ["ITEM_TABLES", "NARRATIVE_COLUMNS", "QUOTE_COLUMNS", "ROLE_COLUMNS",
           "TECHNIQUE_COLUMNS", "item_rows"]

#: Where each row's article comes from (the articles table's columns, so every table agrees).
_SOURCE = {"outlet": "string", "published": "string", "language": "string"}
_VOICE = {"voice": "string", "voice_speaker": "string", "voice_entity_id": "string"}

#: Columns of each tidy table and their types (see :data:`narrascope.export.COLUMN_TYPES`).
QUOTE_COLUMNS: dict[str, str] = {
    "article_id": "string", "number": "int64", "kind": "string", "text": "string",
    "start": "int64", "end": "int64", "cue": "string", "speaker_name": "string",
    "speaker_entity_id": "string", "speaker_mention": "string", "confidence": "float64",
    **_SOURCE, "title": "string", "url": "string",
}
ROLE_COLUMNS: dict[str, str] = {
    "article_id": "string", "entity_id": "string", "name": "string", "main_role": "string",
    "fine_roles": "list<string>", "voice": "string", "voice_speaker": "string",
    # The first evidence sentence is where the entity is mentioned; the others follow it.
    "evidence_start": "int64", "evidence_end": "int64", "evidence_count": "int64",
    **_SOURCE,
}
NARRATIVE_COLUMNS: dict[str, str] = {
    "article_id": "string", "level": "string", "label": "string", "narrative": "string",
    "score": "float64", **_VOICE, "evidence_count": "int64", "evidence_text": "string",
    **_SOURCE,
}
TECHNIQUE_COLUMNS: dict[str, str] = {
    "article_id": "string", "number": "int64", "technique": "string", "start": "int64",
    "end": "int64", "text": "string", "score": "float64", "reason": "string", **_VOICE,
    **_SOURCE,
}
ITEM_TABLES: dict[str, dict[str, str]] = {
    "quotes": QUOTE_COLUMNS, "roles": ROLE_COLUMNS, "narratives": NARRATIVE_COLUMNS,
    "techniques": TECHNIQUE_COLUMNS,
}
#: Joins the evidence sentences of a narrative in ``evidence_text``.
EVIDENCE_JOINER = " … "

_Finish = Callable[[Connection, list[dict[str, Any]]], list[dict[str, Any]]]


def item_rows(store: Store, table: str, *, since: str | None = None,
              outlet: str | None = None, language: str | None = None,
              batch_size: int = 500) -> tuple[Iterator[dict[str, Any]], dict[str, str]]:
    """The rows of the tidy table ``table`` (one of :data:`ITEM_TABLES`) and its column types.

    Only articles published on or after ``since`` (an ISO date), from ``outlet`` or in
    ``language`` (both matched without regard to case) are read. The rows are read as the
    iterator is consumed, on a connection it holds until then.
    """
    if table not in ITEM_TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(ITEM_TABLES)}")
    return _stream(store, table, since, outlet, language, batch_size), ITEM_TABLES[table]


def _stream(store: Store, table: str, since: str | None, outlet: str | None,
            language: str | None, batch_size: int) -> Iterator[dict[str, Any]]:
    build, finish = _READERS[table]
    columns = list(ITEM_TABLES[table])
    with read_errors(store, f"read the {table}"), store.engine.connect() as conn:
        statement = build(_binary_sort(conn))
        statement = _filtered(conn, statement, since, outlet, language)
        result = conn.execution_options(yield_per=batch_size).execute(statement)
        for partition in result.partitions():
            rows = [dict(row._mapping) for row in partition]
            # What the rows lack is looked up on the same connection: the same snapshot of
            # the store on PostgreSQL, whose server-side cursor stays open meanwhile.
            for row in finish(conn, rows) if finish else rows:
                yield {column: row[column] for column in columns}  # JSONL keys in table order


def _binary_sort(conn: Connection) -> Callable[[ColumnElement[Any]], ColumnElement[Any]]:
    """Order text by its code points on both databases: PostgreSQL sorts by the server's
    locale by default (which skips hyphens), SQLite by bytes; UTF-8 bytes sort as code
    points do, so "C" gives PostgreSQL the same order."""
    if conn.dialect.name == "postgresql":
        return lambda column: column.collate("C")
    return lambda column: column


_Sort = Callable[[ColumnElement[Any]], ColumnElement[Any]]
_A = tables.articles


def _source_columns() -> list[ColumnElement[Any]]:
    return [_A.c.outlet, _A.c.published, _A.c.language]


def _in_order(statement: Select[Any], sort: _Sort, *keys: ColumnElement[Any]) -> Select[Any]:
    """Publication order (undated articles last on both databases), then the item's key."""
    return statement.order_by(nulls_last(sort(_A.c.published)),
                              *(sort(key) if key.type.python_type is str else key
                                for key in keys))


def _quotes(sort: _Sort) -> Select[Any]:
    q = tables.quotes
    return _in_order(
        select(q.c.article_id, q.c.number, q.c.kind, q.c.text, q.c.start, q.c.end, q.c.cue,
               q.c.speaker_name, q.c.speaker_entity_id, q.c.speaker_mention, q.c.confidence,
               *_source_columns(), _A.c.title, _A.c.url)
        .join(_A, _A.c.id == q.c.article_id), sort, q.c.article_id, q.c.number)


def _roles(sort: _Sort) -> Select[Any]:
    r = tables.entity_roles
    return _in_order(
        select(r.c.article_id, r.c.entity_id, r.c.name, r.c.main_role, r.c.fine_roles,
               r.c.voice, r.c.voice_speaker, *_source_columns())
        .join(_A, _A.c.id == r.c.article_id), sort, r.c.article_id, r.c.entity_id)


def _narratives(sort: _Sort) -> Select[Any]:
    n = tables.narratives
    return _in_order(
        select(n.c.article_id, n.c.level, n.c.label, n.c.narrative, n.c.score, n.c.voice,
               n.c.voice_speaker, n.c.voice_entity_id, n.c.evidence, *_source_columns())
        .join(_A, _A.c.id == n.c.article_id), sort, n.c.article_id, n.c.number)


def _techniques(sort: _Sort) -> Select[Any]:
    t = tables.techniques
    return _in_order(
        select(t.c.article_id, t.c.number, t.c.technique, t.c.start, t.c.end, t.c.text,
               t.c.score, t.c.reason, t.c.voice, t.c.voice_speaker, t.c.voice_entity_id,
               *_source_columns())
        .join(_A, _A.c.id == t.c.article_id), sort, t.c.article_id, t.c.number)


def _filtered(conn: Connection, statement: Select[Any], since: str | None,
              outlet: str | None, language: str | None) -> Select[Any]:
    if since:  # ISO dates and timestamps sort as text; an undated article is left out
        statement = statement.where(_A.c.published >= since)
    for column, wanted in ((_A.c.outlet, outlet), (_A.c.language, language)):
        if wanted is not None:
            statement = statement.where(column.in_(_spelled_like(conn, column, wanted)))
    return statement


def _spelled_like(conn: Connection, column: ColumnElement[Any], wanted: str) -> list[str]:
    """The stored values of ``column`` equal to ``wanted`` but for case. The databases'
    lower() folds ASCII only (SQLite always, PostgreSQL under the C locale), which would miss
    "София Дневник" for "софия дневник"; there are few distinct outlets and languages, so
    Python folds them, and the query then uses the column's index."""
    folded = wanted.casefold()
    values = conn.execute(select(column).where(column.is_not(None)).distinct()).scalars()
    return [value for value in values if value.casefold() == folded]


def _fetch_documents(conn: Connection, rows: Sequence[dict[str, Any]],
                     field: ColumnElement[Any]) -> dict[str, Any]:
    """``field`` (an expression on the stored document) of each article of ``rows``."""
    ids = sorted({row["article_id"] for row in rows})
    found = conn.execute(select(_A.c.id, field).where(_A.c.id.in_(ids)))
    return {article_id: value for article_id, value in found}


def _finish_roles(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The table keeps no evidence; the document's roles do (only that part of it is read).
    documents = _fetch_documents(conn, rows, _A.c.document["roles"])
    for row in rows:
        row["fine_roles"] = json.loads(row["fine_roles"])
        # The table keeps the last role of an entity named twice; so does this.
        roles = {role.get("entity_id"): role for role in documents.get(row["article_id"]) or []}
        role = roles.get(row["entity_id"])
        evidence = (role.get("evidence") or []) if role is not None else None
        row["evidence_count"] = None if evidence is None else len(evidence)
        row["evidence_start"] = evidence[0]["start"] if evidence else None
        row["evidence_end"] = evidence[0]["end"] if evidence else None
    return rows


def _finish_narratives(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    texts = _fetch_documents(conn, rows, _A.c.document["text"].as_string())
    for row in rows:
        spans = json.loads(row.pop("evidence"))
        text = texts.get(row["article_id"])
        row["evidence_count"] = len(spans)
        row["evidence_text"] = None if text is None else EVIDENCE_JOINER.join(
            text[span["start"]:span["end"]] for span in spans)
    return rows


_READERS: dict[str, tuple[Callable[[_Sort], Select[Any]], _Finish | None]] = {
    "quotes": (_quotes, None),
    "roles": (_roles, _finish_roles),
    "narratives": (_narratives, _finish_narratives),
    "techniques": (_techniques, None),
}
