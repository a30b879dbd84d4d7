"""Typed JSON of the REST API (what OpenAPI documents). Article fields follow
``docs/schema.md``; fields a later schema adds pass through (``extra="allow"``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Offsets(_Open):
    start: int
    end: int


class Voice(_Open):
    kind: str = Field(description="outlet, quoted or paraphrase")
    speaker: str | None = None
    entity_id: str | None = None


class Evidence(Offsets):
    voice: Voice | None = None


class Speaker(_Open):
    name: str | None = None
    entity_id: str | None = None
    mention: str | None = None


class Quote(Offsets):
    text: str
    kind: str = Field(description="direct, partial or indirect")
    cue: str | None = None
    speaker: Speaker | None = None
    confidence: float


class Technique(Offsets):
    technique: str
    score: float
    reason: str | None = None
    voice: Voice | None = None


class SubNarrative(_Open):
    subnarrative: str
    score: float
    evidence: list[Evidence] = []


class Narrative(_Open):
    narrative: str
    score: float
    voices: list[Voice] = []
    evidence: list[Evidence] = []
    subnarratives: list[SubNarrative] = []


class FineRole(_Open):
    role: str
    score: float | None = None


class Role(_Open):
    entity_id: str
    name: str
    main_role: str
    score: float | None = None
    fine_roles: list[FineRole] = []
    voices: list[Voice] = []
    evidence: list[Evidence] = []


class Mention(Offsets):
    text: str
    kind: str | None = None


class Entity(_Open):
    id: str
    name: str
    type: str
    mentions: list[Mention] = []


class Removed(Offsets):
    text: str
    reason: str


class Article(_Open):
    """One analysed article; every offset points into ``text``, the cleaned text."""

    schema_version: str
    id: str
    source: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    text: str
    removed: list[Removed] = []
    sentences: list[Offsets] = []
    entities: list[Entity] | None = None
    quotes: list[Quote] | None = None
    narratives: list[Narrative] | None = None
    explanation: str | None = None
    roles: list[Role] | None = None
    techniques: list[Technique] | None = None


class ArticleSummary(_Open):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    narratives: list[str] = []
    techniques: int = 0
    quotes: int = 0
    snippet: str | None = Field(
        None, description="text around the matches, each match between U+E000 and U+E001")


class ArticleList(BaseModel):
    items: list[ArticleSummary]
    total: int
    page: int
    per_page: int
    pages: int
    warnings: list[str] = []


class QuoteRow(_Open):
    article_id: str
    number: int
    kind: str
    text: str
    published: str | None = None
    outlet: str | None = None
    title: str | None = None


class QuoteList(BaseModel):
    items: list[QuoteRow]
    total: int
    page: int
    per_page: int
    pages: int
    warnings: list[str] = []


class SeriesRow(BaseModel):
    period: str
    label: str
    group: str
    articles: int


class Series(BaseModel):
    kind: str
    period: str
    by: str
    series: list[SeriesRow]
    undated: int = Field(description="articles without a publication date, not charted")


class FramingRow(BaseModel):
    period: str
    group: str
    framed: int
    roles: dict[str, int]
    shares: dict[str, float]


class Framing(BaseModel):
    entity_id: str
    period: str
    by: str
    series: list[FramingRow]
    undated: int


class AnalyseText(BaseModel):
    """A text to analyse, or a URL to fetch and analyse (exactly one of them)."""

    text: str | None = Field(None, description="the article's body")
    url: str | None = Field(None, description="with text: the article's address; alone: "
                            "a page to fetch and analyse")
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO date")


class Analysed(BaseModel):
    article_ids: list[str]
    links: list[str]
    problems: list[str]

