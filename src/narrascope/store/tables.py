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
#: 2: runs record the process that runs them (host, pid, its start) and a heartbeat, so a run killed
#: mid-way can be told from one still going, and the settings and models they used.
#: 3: narrative and technique rows, and the voice of each role, narrative and technique (the
#: outlet's own, or a quoted or paraphrased speaker's), filled for stored articles on upgrade.
STORE_VERSION = 3

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
    Column("host", Text),
    Column("pid", Integer),
    #: When that process started (Linux clock ticks since boot), so a reused pid is not taken
    #: for the process that ran the run.
    Column("process_start", String(32)),
    Column("heartbeat_at", DateTime(timezone=True)),
    #: What the run used: stages, their settings, narrascope version, model checksums.
    Column("settings", _Json),
)


#: One row per quotation of a stored article (derived from its document; rewritten with it).
quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("cue", Text),
    Column("speaker_name", Text),
    Column("speaker_entity_id", Text),
    Column("speaker_mention", Text),
    Column("confidence", Float, nullable=False),
    Column("outlet", Text),
    Column("published", String(40)),
    Index("ix_quotes_speaker", "speaker_entity_id"),
)

#: One row per canonical entity of a stored article.
entity_mentions = Table(
    "entity_mentions",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("entity_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("count", Integer, nullable=False),
    Column("variants", Text, nullable=False),  # JSON list of the surface forms
    Index("ix_entity_mentions_entity", "entity_id"),
)

#: How each stored article frames each entity (derived from its document).
entity_roles = Table(
    "entity_roles",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("entity_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("main_role", String(16), nullable=False),
    Column("fine_roles", Text, nullable=False),  # JSON list
    Column("outlet", Text),
    Column("published", String(40)),
    #: "outlet" when the outlet's own narration frames the entity, else "quoted" or
    #: "paraphrase" with the speaker; None for articles analysed without the quotes stage.
    Column("voice", String(16)),
    Column("voice_speaker", Text),
    Index("ix_entity_roles_entity", "entity_id"),
)

def _voice_columns() -> list[Column]:
    """Whose voice carries a row: outlet, quoted or paraphrase, and the speaker."""
    return [Column("voice", String(16)), Column("voice_speaker", Text),
            Column("voice_entity_id", Text)]


def _source_columns() -> list[Column]:
    """Where a row's article comes from, copied for grouping without a join."""
    return [Column("outlet", Text), Column("published", String(40)),
            Column("language", String(16))]


#: One row per narrative or sub-narrative of a stored article and voice that carries it: a
#: label carried by the outlet and by a quoted speaker has two rows.
narratives = Table(
    "narratives",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("level", String(16), nullable=False),  # "narrative" or "subnarrative"
    Column("label", Text, nullable=False),
    Column("narrative", Text, nullable=False),  # the label itself, or its parent
    Column("score", Float, nullable=False),
    *_voice_columns(),
    Column("evidence", Text, nullable=False),  # JSON list of {start, end} of this voice
    *_source_columns(),
    Index("ix_narratives_label", "label"),
)

#: One row per persuasion-technique span of a stored article.
techniques = Table(
    "techniques",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("technique", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text),
    *_voice_columns(),
    *_source_columns(),
    Index("ix_techniques_technique", "technique"),
)


#: Columns added to existing tables by later store versions (table, column), in order; a store
#: of an older version gets them on open, and nothing stored is touched.
ADDED_COLUMNS: tuple[tuple[Table, str], ...] = (
    (runs, "host"),
    (runs, "pid"),
    (runs, "process_start"),
    (runs, "heartbeat_at"),
    (runs, "settings"),
    (entity_roles, "voice"),
    (entity_roles, "voice_speaker"),
)
