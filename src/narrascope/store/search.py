"""Full-text search over the stored articles' titles and cleaned texts.

SQLite keeps an FTS5 table (``article_search``) whose rowid is the article's rowid; PostgreSQL
keeps a ``tsvector`` per article with a GIN index. Both use language-neutral tokenising (FTS5's
``unicode61`` without stemming, PostgreSQL's ``simple`` configuration), because the store holds
six languages and a stemmer for one mangles the others. Both are written in the same
transaction as the article, so a search never finds an article that is not stored yet.

The query language is the one analysts type into web search boxes, the same on both
databases: words (all must occur), ``"a phrase"``, ``OR`` between alternatives and ``-word`` to
exclude. Anything else a user types is taken as words, never as query syntax, so no input is
a syntax error.

>>> fts5_query('Lavrov "special operation" -Peskov')
'"lavrov" "special operation" NOT "peskov"'
>>> fts5_query('NATO OR "North Atlantic"'), fts5_query('"; DROP TABLE'), fts5_query('-x')
('"nato" OR "north atlantic"', '"drop table"', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: Marks a matched term in a snippet. Private-use characters cannot come from the cleaned text
#: (the cleaner drops them), so escaping the snippet and then turning these into ``<mark>``
#: tags cannot be abused by an article.
MATCH_START, MATCH_END = "\ue000", "\ue001"

_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+(?:[\u0900-\u0963\u0966-\u097f]+[^\W_]*)*")


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    exclude: bool = False
    alternative: bool = False  # joined to the term before it by OR


def parse_query(query: str) -> list[_Term]:
    """The terms of a user's query; words are lower-cased and stripped of punctuation."""
    terms: list[_Term] = []
    pending_or = False
    for match in _TERM.finditer(query):
        negative, phrase, bare = match.groups()
        if bare == "OR":
            pending_or = bool(terms)
            continue
        exclude = bool(negative) or (bare is not None and bare.startswith("-"))
        words = tuple(w.lower() for w in _WORD.findall(phrase if bare is None else bare))
        if not words:
            continue
        terms.append(_Term(words, exclude=exclude, alternative=pending_or and not exclude))
        pending_or = False
    return terms


def fts5_query(query: str) -> str | None:
    """The SQLite FTS5 expression for ``query``; None when it has nothing to search for.
    Exclusions go last: FTS5's NOT needs a term on its left.

    >>> fts5_query("-Peskov Lavrov OR Zakharova")
    '"lavrov" OR "zakharova" NOT "peskov"'
    """
    terms = parse_query(query)
    wanted = [t for t in terms if not t.exclude]
    if not wanted:
        return None
    parts: list[str] = []
    for term in wanted:
        parts.append(("OR " if term.alternative and parts else "") + _fts5_phrase(term))
    parts += [f"NOT {_fts5_phrase(t)}" for t in terms if t.exclude]
    return " ".join(parts)


def _fts5_phrase(term: _Term) -> str:
    return '"' + " ".join(term.words).replace('"', '""') + '"'


def tsquery_text(query: str) -> str | None:
    """The same query for PostgreSQL's ``websearch_to_tsquery`` (which never raises)."""
    terms = parse_query(query)
    if not any(not t.exclude for t in terms):
        return None
    parts: list[str] = []
    for term in terms:
        words = " ".join(term.words)
        quoted = f'"{words}"' if len(term.words) > 1 else words
        if term.exclude:
            parts.append(f"-{quoted}")
        elif term.alternative and parts:
            parts.append(f"or {quoted}")
        else:
            parts.append(quoted)
    return " ".join(parts)


def ensure_index(conn: Connection) -> None:
    """Create the search index if it is missing (a new store, or one from before version 5)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS article_search ("
            "article_id VARCHAR(64) PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
            "vector TSVECTOR NOT NULL)"
        )
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_article_search_vector "
                             "ON article_search USING GIN (vector)")


def index_articles(conn: Connection, items: Iterable[tuple[str, str | None, str]]) -> None:
    """(Re)index ``(article_id, title, text)`` items of articles already written in this
    transaction."""
    rows = [{"id": i, "title": title or "", "body": body} for i, title, body in items]
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        ids = [row["id"] for row in rows]
        rowids = dict(conn.execute(
            text("SELECT id, rowid FROM articles WHERE id IN (SELECT value FROM json_each(:ids))"),
            {"ids": _json_list(ids)},
        ).all())
        conn.execute(text("DELETE FROM article_search WHERE rowid = :rowid"),
                     [{"rowid": rowids[i]} for i in ids if i in rowids])
        conn.execute(
            text("INSERT INTO article_search (rowid, title, body) VALUES (:rowid, :title, :body)"),
            [{**row, "rowid": rowids[row["id"]]} for row in rows if row["id"] in rowids],
        )
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "INSERT INTO article_search (article_id, vector) VALUES (:id, "
            "setweight(to_tsvector('simple', :title), 'A') || "
            "setweight(to_tsvector('simple', :body), 'B')) "
            "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector"
        ), rows)


def forget_articles(conn: Connection, article_ids: Sequence[str]) -> None:
    """Drop deleted articles from the index (PostgreSQL's rows go with the article)."""
    if conn.dialect.name == "sqlite" and article_ids:
        conn.execute(text(
            "DELETE FROM article_search WHERE rowid IN "
            "(SELECT rowid FROM articles WHERE id IN (SELECT value FROM json_each(:ids)))"
        ), {"ids": _json_list(list(article_ids))})


def reindex_all(conn: Connection, batch: int = 500) -> None:
    """Index every stored article (after an upgrade to a store with search)."""
    last = ""
    while True:
        found = conn.execute(text(
            "SELECT id, title, document FROM articles WHERE id > :last ORDER BY id LIMIT :n"
        ), {"last": last, "n": batch}).all()
        if not found:
            return
        index_articles(conn, [(i, title, _document_text(document))
                              for i, title, document in found])
        last = found[-1][0]


def _document_text(document: object) -> str:
    import json

    if isinstance(document, str):
        document = json.loads(document)
    return str(document.get("text") or "") if isinstance(document, dict) else ""


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps(values)
