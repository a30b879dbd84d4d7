"""The article store: a SQLite file by default, PostgreSQL when given a ``postgresql://`` URL.

Writes are idempotent upserts keyed by the article id, made in transactions, so re-running over
the same input adds no duplicates and a run killed at any point leaves every committed article
intact (SQLite runs in WAL mode; PostgreSQL is transactional anyway).

>>> import tempfile, os
>>> from narrascope import analyze
>>> store = Store.open(os.path.join(tempfile.mkdtemp(), "demo.db"))
>>> doc = analyze("Missiles hit Kyiv at dawn, officials said.", title="Kyiv hit")
>>> store.write([doc]); store.write([doc])
[]
[]
>>> store.count(), store.get(doc.id)["title"]
(1, 'Kyiv hit')
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DataError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    StatementError,
)

from narrascope.annotations import Evidence, Span, Voice
from narrascope.document import Document
from narrascope.errors import StoreError
from narrascope.ingest.base import Failure
from narrascope.output import SQLITE_COMPANIONS
from narrascope.store import search, tables
from narrascope.store.tables import STORE_VERSION

__all__ = ["INDEX_LOCK", "Store", "StoreError", "database_url", "index_transaction",
           "lock_for_writing", "read_errors"]

#: A run on another host that has written nothing for this long is taken to be dead.
STALE_AFTER = timedelta(hours=1)


def database_url(db: str) -> str:
    """A SQLAlchemy URL for ``--db``: a file path means SQLite; URLs are passed through, with
    ``postgresql://`` mapped to the psycopg 3 driver.

    >>> database_url("postgresql://u@localhost/news")
    'postgresql+psycopg://u@localhost/news'
    """
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # The busy timeout comes first so that everything after it waits for other processes.
    cursor.execute("PRAGMA busy_timeout=30000")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the database to write-ahead logging. The mode is stored in the file, so a store
    already in WAL needs no lock; a new one needs a moment's exclusive lock, which SQLite does
    not always wait for through the busy timeout when several processes create the same store
    at once, so that case is retried for up to the same 30 s."""
    deadline = time.monotonic() + 30
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """Articles, the sources they came from, outstanding failures, and runs."""

    def __init__(self, engine: Engine, label: str) -> None:
        self.engine = engine
        self.label = label

    @classmethod
    def open(cls, db: str) -> Store:
        """Open (creating if needed) the store at ``db``: a file path or a database URL."""
        try:
            url = make_url(database_url(db))
        except ArgumentError as exc:
            raise StoreError(f"invalid database URL {db!r}: {exc}") from exc
        label = url.render_as_string(hide_password=True)
        if url.get_backend_name() == "sqlite" and url.database:
            path = Path(url.database)
            if path.is_dir():
                raise StoreError(f"{path}: is a directory, not a database file")
            path.parent.mkdir(parents=True, exist_ok=True)
            label = str(path)
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database {label}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, label)
        store._initialise()
        return store

    def _initialise(self) -> None:
        """Create or upgrade the tables. Safe when several processes open a new store at once:
        creating or upgrading happens under the database's schema lock, so only one does it;
        opening a store that is up to date takes no lock."""
        try:
            with self.engine.connect() as conn:
                found = self._stored_version(conn)
            if found == STORE_VERSION:
                return
            with self.engine.begin() as conn:
                _lock_schema(conn)
                found = self._stored_version(conn)  # another process may have just done it
                tables.metadata.create_all(conn)
                search.ensure_index(conn)
                if found is None:
                    conn.execute(
                        insert(tables.meta).values(key="store_version", value=str(STORE_VERSION))
                    )
                elif found < STORE_VERSION:
                    _add_missing_columns(conn)
                    if found < 3:
                        _backfill_derived(conn)
                    if found < 5:
                        search.reindex_all(conn)
                    conn.execute(update(tables.meta).where(tables.meta.c.key == "store_version")
                                 .values(value=str(STORE_VERSION)))
        except (DatabaseError, OperationalError) as exc:
            raise StoreError(f"cannot open database {self.label}: {_db_reason(exc)}") from exc

    def _stored_version(self, conn: Connection) -> int | None:
        """The layout version the store records (None for a new, empty database); refuses
        a store written by a newer narrascope."""
        if not inspect(conn).has_table(tables.meta.name):
            return None
        found = conn.execute(
            select(tables.meta.c.value).where(tables.meta.c.key == "store_version")
        ).scalar()
        if found is not None and int(found) > STORE_VERSION:
            raise StoreError(
                f"{self.label}: written by a newer narrascope (store version {found}, "
                f"this one reads up to {STORE_VERSION}); upgrade narrascope"
            )
        return None if found is None else int(found)

    def protected_files(self) -> dict[str, str]:
        """The files this store lives in (none for a database server), for
        :func:`narrascope.output.check_output`: no output may overwrite them."""
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database:
            return {}
        return {name: "the store this command uses"
                for name in (database, *(database + s for s in SQLITE_COMPANIONS))}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def write(
        self,
        documents: Sequence[Document],
        failures: Sequence[Failure] = (),
        *,
        run_id: int | None = None,
        records: Mapping[str, dict[str, Any]] | None = None,
    ) -> list[Failure]:
        """Store articles and failures in one transaction, and count them in run ``run_id``.

        ``records`` are the documents' JSON objects (``to_dict()``) by id, when the caller has
        made them already; the others are made here.

        If the database refuses the batch because of what one item holds, each item is written
        on its own, so one bad article costs only itself. Returns a :class:`Failure` for every
        article the database refused (already recorded in the failures table); raises
        :class:`StoreError` when the store itself cannot be written.
        """
        if not documents and not failures:
            return []
        records = {**(records or {})}
        for doc in documents:
            if doc.id not in records:
                records[doc.id] = doc.to_dict()
        try:
            self._write_batch(documents, failures, run_id, records)
            return []
        except _ItemRefused as refused:
            if len(documents) + len(failures) == 1:
                rejected = [refused.failure_for(doc) for doc in documents]
                self._record_refusals(rejected, run_id)
                return rejected
        rejected = []
        for doc in documents:
            try:
                self._write_batch([doc], [], run_id, records)
            except _ItemRefused as refused:
                rejected.append(refused.failure_for(doc))
        for failure in failures:
            with contextlib.suppress(_ItemRefused):  # still reported on stderr, just not kept
                self._write_batch([], [failure], run_id, records)
        self._record_refusals(rejected, run_id)
        return rejected

    def _record_refusals(self, refused: Sequence[Failure], run_id: int | None) -> None:
        for failure in refused:
            with contextlib.suppress(_ItemRefused):
                self._write_batch([], [failure], run_id, {})

    def _write_batch(
        self,
        documents: Sequence[Document],
        failures: Sequence[Failure],
        run_id: int | None,
        records: Mapping[str, dict[str, Any]],
    ) -> None:
        now = _now()
        article_rows = [self._article_row(doc, records[doc.id], now) for doc in documents]
        source_rows = [
            {"source": d.source, "article_id": d.id, "run_id": run_id, "ingested_at": now}
            for d in documents
        ]
        failure_rows = [
            {"source": f.source, "line": f.line, "reason": f.reason, "stage": f.stage,
             "run_id": run_id, "failed_at": now}
            for f in failures
        ]
        try:
            with self.engine.begin() as conn:
                self._upsert(conn, tables.articles, "id", _last_per_key(article_rows, "id"))
                self._upsert(conn, tables.sources, "source", _last_per_key(source_rows, "source"))
                if documents:
                    conn.execute(delete(tables.failures).where(
                        tables.failures.c.source.in_([d.source for d in documents])
                    ))
                    self._replace_derived(conn, documents)
                self._upsert(conn, tables.failures, "source",
                             _last_per_key(failure_rows, "source"))
                if run_id is not None:
                    conn.execute(update(tables.runs).where(tables.runs.c.id == run_id).values(
                        articles=tables.runs.c.articles + len(article_rows),
                        failures=tables.runs.c.failures + len(failure_rows),
                        heartbeat_at=now,
                    ))
        except (StatementError, UnicodeError, ValueError) as exc:
            if _is_item_error(exc):
                raise _ItemRefused(_db_reason(exc)) from exc
            # the store itself: locked, read-only, corrupt, no rights, gone
            raise StoreError(f"cannot write to {self.label}: {_db_reason(exc)}") from exc

    @staticmethod
    def _replace_derived(conn: Connection, documents: Sequence[Document]) -> None:
        """Rewrite the quote, entity and role rows of the given articles from their
        annotations."""
        latest = {doc.id: doc for doc in documents}  # a batch may hold an article twice
        ids = list(latest)
        for table in (tables.quotes, tables.entity_mentions, tables.entity_roles,
                      tables.narratives, tables.techniques, *tables.COPY_TABLES):
            conn.execute(delete(table).where(table.c.article_id.in_(ids)))
        # The article is indexed afresh for copies and stories the next time they are asked
        # for: its text may have changed.
        for table in tables.PAIR_TABLES:
            conn.execute(delete(table).where(table.c.article_a.in_(ids)
                                             | table.c.article_b.in_(ids)))
        role_rows = [
            {"article_id": doc.id, "entity_id": role.entity_id, "name": role.name,
             "main_role": role.main_role,
             "fine_roles": json.dumps([f.role for f in role.fine_roles]),
             "outlet": doc.outlet, "published": doc.published,
             **_main_voice(role.evidence)}
            for doc in latest.values()
            for role in {r.entity_id: r for r in doc.roles or []}.values()
        ]
        narrative_rows = [
            {"article_id": doc.id, "number": number, **row, "outlet": doc.outlet,
             "published": doc.published, "language": doc.language}
            for doc in latest.values()
            for number, row in enumerate(_narrative_rows(doc), start=1)
        ]
        technique_rows = [
            {"article_id": doc.id, "number": number, "technique": t.technique,
             "start": t.start, "end": t.end, "text": doc.text[t.start:t.end],
             "score": round(t.score, 3), "reason": t.reason, **_voice_columns(t.voice),
             "outlet": doc.outlet, "published": doc.published, "language": doc.language}
            for doc in latest.values()
            for number, t in enumerate(doc.techniques or [], start=1)
        ]
        quote_rows = [
            {"article_id": doc.id, "number": number, "kind": q.kind, "text": q.text,
             "start": q.start, "end": q.end, "cue": q.cue,
             "speaker_name": q.speaker.name if q.speaker else None,
             "speaker_entity_id": q.speaker.entity_id if q.speaker else None,
             "speaker_mention": q.speaker.mention if q.speaker else None,
             "confidence": round(q.confidence, 3), "outlet": doc.outlet,
             "published": doc.published}
            for doc in latest.values()
            for number, q in enumerate(doc.quotes or [], start=1)
        ]
        entity_rows = [
            {"article_id": doc.id, "entity_id": e.id, "name": e.name, "type": e.type,
             "count": len(e.mentions),
             "variants": json.dumps(sorted({m.text for m in e.mentions if m.kind != "role"}),
                                    ensure_ascii=False)}
            for doc in latest.values()
            for e in {e.id: e for e in doc.entities or []}.values()
        ]
        search.index_articles(conn, [(doc.id, doc.title, doc.text) for doc in latest.values()])
        for table, rows in ((tables.entity_roles, role_rows), (tables.quotes, quote_rows),
                            (tables.entity_mentions, entity_rows),
                            (tables.narratives, narrative_rows),
                            (tables.techniques, technique_rows)):
            if rows:
                conn.execute(insert(table), rows)

    @staticmethod
    def _article_row(doc: Document, record: dict[str, Any], now: datetime) -> dict[str, Any]:
        return {
            "id": doc.id,
            "source": doc.source,
            "url": doc.url,
            "outlet": doc.outlet,
            "title": doc.title,
            "published": doc.published,
            "language": doc.language,
            "language_score": doc.language_score,
            "schema_version": record["schema_version"],
            "document": record,
            "raw_text": doc.raw_text,
            "analyzed_at": now,
        }

    def _upsert(self, conn: Connection, table: Any, key: str, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows``, replacing existing rows with the same ``key`` (one statement)."""
        if not rows:
            return
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        elif conn.dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:  # pragma: no cover - other databases: delete + insert in the same transaction
            conn.execute(delete(table).where(table.c[key].in_([row[key] for row in rows])))
            conn.execute(insert(table), rows)
            return
        statement = dialect_insert(table)
        changes = {name: statement.excluded[name] for name in rows[0] if name != key}
        conn.execute(statement.on_conflict_do_update(index_elements=[key], set_=changes), rows)

    @contextlib.contextmanager
    def _bookkeeping(self, what: str) -> Iterator[Connection]:
        """A transaction for the runs table, its database errors as :class:`StoreError`."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DatabaseError as exc:
            raise StoreError(f"cannot {what} in {self.label}: {_db_reason(exc)}") from exc

    def start_run(self, command: str, settings: Mapping[str, Any] | None = None) -> int:
        """Record a new run with the ``settings`` it uses (the pipeline's stages, their
        settings, the version and model checksums), and close the books of runs whose process
        is gone."""
        self.mark_stale_runs()
        now = _now()
        with self._bookkeeping("record the run") as conn:
            result = conn.execute(
                insert(tables.runs).values(started_at=now, command=command, articles=0,
                                           failures=0, skipped=0, status="running",
                                           host=socket.gethostname(), pid=os.getpid(),
                                           process_start=_process_start(os.getpid()),
                                           heartbeat_at=now,
                                           settings=dict(settings) if settings else None)
            )
            return int(result.inserted_primary_key[0])

    def touch_run(self, run_id: int) -> None:
        """Say that run ``run_id`` is alive though it has had nothing to write for a while."""
        with self._bookkeeping("record the run") as conn:
            conn.execute(update(tables.runs).where(tables.runs.c.id == run_id)
                         .values(heartbeat_at=_now()))

    def finish_run(self, run_id: int, *, skipped: int, status: str) -> None:
        """Close run ``run_id``; its article and failure counts were kept with every write."""
        with self._bookkeeping("record the end of the run") as conn:
            conn.execute(
                update(tables.runs).where(tables.runs.c.id == run_id).values(
                    finished_at=_now(), skipped=skipped, status=status,
                )
            )

    def mark_stale_runs(self, *, silent_for: timedelta = STALE_AFTER) -> int:
        """Mark as ``interrupted`` the runs still ``running`` whose process is gone: on this
        host, no process with that id, or one started at another time (the id was reused, as
        by a restarted container); elsewhere, no sign of life for ``silent_for``. Returns how
        many were marked."""
        here = socket.gethostname()
        cutoff = _now() - silent_for
        runs = tables.runs
        with self._bookkeeping("check earlier runs") as conn:
            rows = conn.execute(
                select(runs.c.id, runs.c.host, runs.c.pid, runs.c.process_start,
                       runs.c.started_at, runs.c.heartbeat_at).where(runs.c.status == "running")
            ).all()
            stale = [row.id for row in rows if (
                not _process_alive(row.pid, row.process_start)
                if (row.host == here and row.pid) else
                _aware(row.heartbeat_at or row.started_at) < cutoff
            )]
            if stale:
                conn.execute(update(runs).where(runs.c.id.in_(stale))
                             .values(status="interrupted"))
        return len(stale)

    def runs(self) -> list[dict[str, Any]]:
        """Every recorded run, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(tables.runs).order_by(tables.runs.c.id))
            return [dict(row._mapping) for row in rows]

    # -- reading -------------------------------------------------------------------------

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tables.articles)).scalar())

    def stored_sources(self) -> set[str]:
        """Sources that already produced a stored article (what ``--resume`` skips)."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(tables.sources.c.source)).scalars())

    def get(self, article_id: str) -> dict[str, Any] | None:
        """The stored JSON object of an article, by id or unique id prefix (≥ 6 characters)."""
        with self.engine.connect() as conn:
            column = tables.articles.c.document
            found = conn.execute(
                select(column).where(tables.articles.c.id == article_id)
            ).scalar()
            if found is None and len(article_id) >= 6:
                prefix = tables.articles.c.id.startswith(article_id, autoescape=True)
                matches = conn.execute(select(column).where(prefix).limit(2)).scalars().all()
                if len(matches) > 1:
                    raise StoreError(f"id prefix {article_id!r} is ambiguous; give more of it")
                found = matches[0] if matches else None
            return found

    def document_for_source(self, source: str) -> dict[str, Any] | None:
        """The stored JSON object of the article that ``source`` produced."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(tables.articles.c.document)
                .join(tables.sources, tables.sources.c.article_id == tables.articles.c.id)
                .where(tables.sources.c.source == source)
            ).scalar()

    def raw_text(self, article_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(tables.articles.c.raw_text).where(tables.articles.c.id == article_id)
            ).scalar()

    def iter_documents(self, batch_size: int = 500) -> Iterator[dict[str, Any]]:
        """Every stored article's JSON object, ordered by source."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch_size).execute(
                select(tables.articles.c.document).order_by(tables.articles.c.source,
                                                            tables.articles.c.id)
            )
            yield from result.scalars()

    def iter_quotes(self, *, since: str | None = None, outlet: str | None = None,
                    speaker_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Quote rows with their article's title, url and source, oldest first."""
        q, a = tables.quotes, tables.articles
        statement = (
            select(q, a.c.title, a.c.url, a.c.source)
            .join(a, a.c.id == q.c.article_id)
            .order_by(q.c.published, q.c.article_id, q.c.number)
        )
        if since:
            statement = statement.where(q.c.published >= since)
        if outlet:
            statement = statement.where(func.lower(q.c.outlet) == outlet.lower())
        if speaker_ids is not None:
            statement = statement.where(q.c.speaker_entity_id.in_(list(speaker_ids)))
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(statement):
                yield dict(row._mapping)

    def entity_summary(self, *, entity_type: str | None = None) -> list[dict[str, Any]]:
        """Per canonical entity: total mentions, articles, and every surface form seen."""
        e = tables.entity_mentions
        statement = select(e.c.entity_id, e.c.name, e.c.type, e.c.count, e.c.variants)
        if entity_type:
            statement = statement.where(e.c.type == entity_type.upper())
        summary: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(statement):
                item = summary.setdefault(row.entity_id, {
                    "id": row.entity_id, "name": row.name, "type": row.type, "mentions": 0,
                    "articles": 0, "variants": Counter(),
                })
                item["mentions"] += row.count
                item["articles"] += 1
                item["variants"].update(json.loads(row.variants))
        for item in summary.values():
            item["variants"] = [v for v, _ in item["variants"].most_common()]
        return sorted(summary.values(), key=lambda i: (-i["mentions"], i["name"]))

    def role_rows(self, *, entity_ids: Iterable[str] | None = None,
                  voice: str | None = None) -> list[dict[str, Any]]:
        """Every stored (article, entity, role) row, optionally for some entities only, or
        only those framed in one voice (``outlet``, ``quoted``, ``paraphrase``)."""
        r = tables.entity_roles
        statement = select(r).order_by(r.c.published, r.c.article_id)
        if entity_ids is not None:
            statement = statement.where(r.c.entity_id.in_(list(entity_ids)))
        if voice is not None:
            statement = statement.where(r.c.voice == voice)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(statement)]

    def narrative_rows(self, *, level: str = "narrative", voice: str | None = None,
                       speaker: str | None = None, label: str | None = None
                       ) -> list[dict[str, Any]]:
        """Stored (article, label, voice) rows of one level, filtered by voice, by the
        speaker's entity id or name, or by label; in publication order."""
        n = tables.narratives
        statement = (select(n).where(n.c.level == level)
                     .order_by(n.c.published, n.c.article_id, n.c.number))
        if voice is not None:
            statement = statement.where(n.c.voice == voice)
        if speaker is not None:
            statement = statement.where((n.c.voice_entity_id == speaker)
                                        | (n.c.voice_speaker == speaker))
        if label is not None:
            statement = statement.where(n.c.label == label)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(statement)]

    def technique_rows(self, *, voice: str | None = None, technique: str | None = None
                       ) -> list[dict[str, Any]]:
        """Stored technique spans, filtered by voice or technique, in publication order."""
        t = tables.techniques
        statement = select(t).order_by(t.c.published, t.c.article_id, t.c.number)
        if voice is not None:
            statement = statement.where(t.c.voice == voice)
        if technique is not None:
            statement = statement.where(t.c.technique == technique)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(statement)]

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(tables.failures).order_by(tables.failures.c.source))
            return [dict(row._mapping) for row in rows]

    def sources_of(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        ids = list(article_ids)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(tables.sources.c.article_id, tables.sources.c.source)
                .where(tables.sources.c.article_id.in_(ids))
                .order_by(tables.sources.c.source)
            )
            found: dict[str, list[str]] = {}
            for article_id, source in rows:
                found.setdefault(article_id, []).append(source)
            return found


def _is_item_error(exc: Exception) -> bool:
    """Does ``exc`` say that what one item holds is unacceptable (a NUL for PostgreSQL, a lone
    surrogate, a constraint), rather than that the store is unusable? A StatementError that
    is no database error was raised before the statement reached the database (a value that
    cannot be encoded)."""
    if isinstance(exc, (DataError, IntegrityError, UnicodeError, ValueError)):
        return True
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)


class _ItemRefused(Exception):
    """The database refused what an item holds (not the store being unusable)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def failure_for(self, doc: Document) -> Failure:
        return Failure(doc.source, f"cannot store the article: {self.reason}", stage="store")


#: Schema changes in PostgreSQL wait for this advisory lock ("narr" in ASCII).
_SCHEMA_LOCK = 0x6E617272
#: The lock under which the copy and story indexes are read and extended.
INDEX_LOCK = 0x6E617273


def _lock_schema(conn: Connection) -> None:
    """Take the database-wide lock under which tables are created or upgraded; held until
    the transaction ends, so concurrent first opens of a new store create the tables once."""
    lock_for_writing(conn, _SCHEMA_LOCK)


def lock_for_writing(conn: Connection, key: int) -> None:
    """Take the lock ``key`` (PostgreSQL: an advisory lock; SQLite: the database's write
    lock) at the start of ``conn``'s transaction, held until it ends: what is read in the
    transaction stays true until its writes are committed."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif conn.dialect.name == "sqlite":
        # The sqlite3 driver starts no transaction before DDL; take the write lock explicitly
        # (other writers wait on busy_timeout), and the transaction commits with the block.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextlib.contextmanager
def index_transaction(store: Store, what: str) -> Iterator[Connection]:
    """A transaction that extends a derived index (copies, stories) under
    :data:`INDEX_LOCK`, its database errors as :class:`StoreError`."""
    try:
        with store.engine.begin() as conn:
            lock_for_writing(conn, INDEX_LOCK)
            yield conn
    except (DatabaseError, OperationalError) as exc:
        raise StoreError(f"cannot {what} in {store.label}: {_db_reason(exc)}") from exc


def read_errors(store: Store, what: str) -> contextlib.AbstractContextManager[None]:
    """Turn the database errors of a read into :class:`StoreError` naming ``what``."""
    @contextlib.contextmanager
    def wrapped() -> Iterator[None]:
        try:
            yield
        except (DatabaseError, OperationalError) as exc:
            raise StoreError(f"cannot {what} in {store.label}: {_db_reason(exc)}") from exc
    return wrapped()


def _voice_columns(voice: Voice | None) -> dict[str, Any]:
    return {"voice": voice.kind if voice else None,
            "voice_speaker": voice.speaker if voice else None,
            "voice_entity_id": voice.entity_id if voice else None}


def _main_voice(evidence: Sequence[Span]) -> dict[str, Any]:
    """A role's voice in one row: the outlet's when its own narration frames the entity in
    any evidence sentence, else the first speaker's."""
    voices = [e.voice for e in evidence if isinstance(e, Evidence) and e.voice is not None]
    if not voices:
        return {"voice": None, "voice_speaker": None}
    voice = next((v for v in voices if v.kind == "outlet"), voices[0])
    return {"voice": voice.kind, "voice_speaker": voice.speaker}


def _narrative_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per (label, voice) of the document's narratives and sub-narratives."""
    rows = []
    for label in doc.narratives or []:
        items = [("narrative", label.narrative, label.narrative, label.score, label.evidence)]
        items += [("subnarrative", sub.subnarrative, label.narrative, sub.score, sub.evidence)
                  for sub in label.subnarratives]
        for level, name, parent, score, evidence in items:
            by_voice: dict[tuple[Any, ...], list[Span]] = {}
            for item in evidence:
                voice = item.voice if isinstance(item, Evidence) else None
                key = (voice.kind, voice.speaker, voice.entity_id) if voice else (None,) * 3
                by_voice.setdefault(key, []).append(item)
            for (kind, speaker, entity_id), spans in (by_voice or {(None,) * 3: []}).items():
                rows.append({
                    "level": level, "label": name, "narrative": parent,
                    "score": round(score, 3), "voice": kind, "voice_speaker": speaker,
                    "voice_entity_id": entity_id,
                    "evidence": json.dumps([{"start": e.start, "end": e.end} for e in spans]),
                })
    return rows


def _backfill_derived(conn: Connection) -> None:
    """Fill the rows a store upgrade added (narratives, techniques, voices) from the stored
    documents, a few hundred at a time."""
    last = ""
    while True:
        batch = conn.execute(
            select(tables.articles.c.id, tables.articles.c.document)
            .where(tables.articles.c.id > last).order_by(tables.articles.c.id).limit(500)
        ).all()
        if not batch:
            return
        documents = []
        for _id, record in batch:
            with contextlib.suppress(Exception):  # a document an older layout cannot rebuild
                documents.append(Document.from_dict(record))  # keeps its rows as they were
        if documents:
            Store._replace_derived(conn, documents)
        last = batch[-1][0]


def _add_missing_columns(conn: Connection) -> None:
    present: dict[str, set[str]] = {}
    for table, column in tables.ADDED_COLUMNS:
        if table.name not in present:
            present[table.name] = {c["name"] for c in inspect(conn).get_columns(table.name)}
        if column not in present[table.name]:
            kind = table.c[column].type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN "{column}" {kind}')


def _process_alive(pid: int, started: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    return started is None or _process_start(pid) in (None, started)


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started, in clock ticks since boot (Linux), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22; the name before ")" may hold spaces


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; ours are all UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _last_per_key(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One row per key (the last wins): a batch may hold the same article twice, which one
    multi-row upsert statement cannot take."""
    return list({row[key]: row for row in rows}.values())


def _db_reason(exc: Exception) -> str:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return reason[0] if reason else type(exc).__name__
