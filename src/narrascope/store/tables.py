"""Database tables of the store (SQLAlchemy Core; the same schema on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

#: Version of the table layout; a store written by a newer layout is refused, not guessed at.
STORE_VERSION = 1

metadata = MetaData()
_Json = JSON().with_variant(JSONB(), "postgresql")

meta = Table(
    "narrascope_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", String(40)),
    Column("language", String(16)),
    Column("language_score", Float),
    Column("schema_version", String(16), nullable=False),
    Column("document", _Json, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("analyzed_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_language", "language"),
    Index("ix_articles_published", "published"),
)

#: Every input item that produced a stored article (several sources may hold the same article).
sources = Table(
    "sources",
    metadata,
    Column("source", Text, primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("run_id", Integer),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_sources_article", "article_id"),
)

#: The latest outstanding failure of each input item; cleared when the item later succeeds.
failures = Table(
    "failures",
    metadata,
    Column("source", Text, primary_key=True),
    Column("line", Integer),
    Column("reason", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("run_id", Integer),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("command", Text),
    Column("articles", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="running"),
)
