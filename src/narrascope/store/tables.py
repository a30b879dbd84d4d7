"""Database tables of the store (SQLAlchemy Core; the same schema on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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
#: 4: the near-duplicate index (MinHash signatures, LSH band keys, copy pairs) and the story
#: index (lead vectors, story links); filled on first use for stored articles.
#: 5: full-text search over titles and texts (an FTS5 table on SQLite, a tsvector with a GIN
#: index on PostgreSQL; see :mod:`narrascope.store.search`), filled on upgrade.
STORE_VERSION = 5

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


def _article_key(name: str = "article_id") -> Column:
    """A column naming a stored article, part of the primary key; the row goes with it."""
    return Column(name, String(64), ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True)


def _pair_key() -> list[Column]:
    """Two stored articles, ``article_a`` < ``article_b``."""
    return [_article_key("article_a"), _article_key("article_b")]


#: One row per stored article the near-duplicate index has seen: its MinHash signature, or
#: why it was not indexed (too short). Deleted with the article's other derived rows when the
#: article is written again, so that it is indexed afresh.
copy_signatures = Table(
    "copy_signatures",
    metadata,
    _article_key(),
    Column("words", Integer, nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary),  # uint32[num_perm], little-endian; None if skipped
    Column("skipped", Text),
    Column("indexed_at", DateTime(timezone=True), nullable=False),
)

#: The LSH band keys of each indexed article: articles sharing a key are candidate copies.
copy_bands = Table(
    "copy_bands",
    metadata,
    Column("key", BigInteger, primary_key=True),
    _article_key(),
    sqlite_with_rowid=False,  # one B-tree on (key, article_id) instead of two
)

#: Pairs of articles sharing text, estimated from their signatures (``article_a`` <
#: ``article_b``); ``contained_a`` is the share of a's shingles found in b.
copy_pairs = Table(
    "copy_pairs",
    metadata,
    *_pair_key(),
    Column("jaccard", Float, nullable=False),
    Column("contained_a", Float, nullable=False),
    Column("contained_b", Float, nullable=False),
    Index("ix_copy_pairs_b", "article_b"),
)

#: The syndication chains at the default overlap: each copied article's group (named by its
#: earliest member), its place in time order, where it was copied from and the diff against
#: that source (JSON, see narrascope.copies.diff). Rebuilt for a group when its members change.
copy_chains = Table(
    "copy_chains",
    metadata,
    _article_key(),
    Column("group_id", String(64), nullable=False),
    Column("position", Integer, nullable=False),
    Column("day", String(10)),
    Column("dated", Integer, nullable=False),  # 1: published date; 0: the day first seen
    Column("copied_from", String(64)),
    Column("overlap", Float),
    Column("order_known", Integer, nullable=False),  # 0: same moment as its source
    Column("diff", Text),
    Index("ix_copy_chains_group", "group_id"),
)

#: Each story-indexed article's lead vector (float16) and the entities it is about.
story_vectors = Table(
    "story_vectors",
    metadata,
    _article_key(),
    Column("day", String(10)),  # the published day, else the day first seen
    Column("dated", Integer, nullable=False),  # 1 when ``day`` is the published date
    Column("vector", LargeBinary),  # None when the article has no text to embed
    Column("entities", Text, nullable=False),  # JSON list of entity ids
    Column("numbers", Text, nullable=False),  # JSON list of the figures it reports
    Column("indexed_at", DateTime(timezone=True), nullable=False),
    Index("ix_story_vectors_day", "day"),
)

#: What each story-indexed article is about, as terms ("e:" + entity id, "n:" + figure): the
#: inverted index that finds the articles sharing them. A term held by very many articles
#: ("e:place/ukraine") stops gaining holders; it tells no story apart.
story_terms = Table(
    "story_terms",
    metadata,
    Column("term", String(200), primary_key=True),
    _article_key(),
    sqlite_with_rowid=False,
)

#: Pairs of articles judged to report the same story, with the score and its parts.
story_links = Table(
    "story_links",
    metadata,
    *_pair_key(),
    Column("score", Float, nullable=False),
    Column("similarity", Float),  # None across languages
    Column("shared_entities", Text, nullable=False),  # JSON list of entity ids
    Column("shared_numbers", Text, nullable=False),  # JSON list of figures
    Index("ix_story_links_b", "article_b"),
)

#: The tables derived from an article's text for finding copies and stories.
COPY_TABLES = (copy_signatures, copy_bands, story_vectors, story_terms, copy_chains)
PAIR_TABLES = (copy_pairs, story_links)


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
