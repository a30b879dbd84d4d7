"""The document model every pipeline stage reads and writes.

A :class:`Document` starts as the raw text of one article (as decoded and, for HTML, extracted)
and is enriched stage by stage. The cleaned ``text`` is the single source of truth for offsets:
every annotation a stage adds (sentences, later entities, quotes, narratives…) carries
``start``/``end`` character offsets into it (end exclusive). Removed boilerplate is the one
exception: its offsets point into ``raw_text``, because that text is no longer in ``text``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from narrascope.annotations import (
    Entity,
    NarrativeLabel,
    Quote,
    Removal,
    Role,
    Sentence,
    TechniqueParagraph,
    TechniqueSpan,
)
from narrascope.errors import PipelineError
from narrascope.safetext import clean_text, is_storable, printable_name, text_warnings

if TYPE_CHECKING:
    import numpy as np

__all__ = ["SCHEMA_VERSION", "Document", "RawArticle", "Removal", "Sentence", "article_id"]

#: Version of the JSON object written per article (JSONL output and the store).
#: Bump the minor part for additive changes, the major part for breaking ones.
SCHEMA_VERSION = "1.5"

_WHITESPACE = re.compile(r"\s+")
_TRACKING_PARAM = re.compile(r"(utm_[a-z]+|fbclid|gclid|yclid|mc_cid|mc_eid)=", re.IGNORECASE)


@dataclass
class RawArticle:
    """What an ingest reader produces: one article before any analysis.

    ``source`` says where it came from: a path, a URL, or ``path#N`` for the N-th record of a
    container file (JSONL line, CSV row, feed item, WARC response).
    """

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    given_id: str | None = None
    encoding: str | None = None
    input_format: str | None = None
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Make every string storable, whichever reader built the article: PostgreSQL refuses
        NUL and UTF-8 cannot encode lone surrogates, so NULs are removed and lone surrogates
        become U+FFFD, each with a warning; ``source`` (a file name that may not be UTF-8)
        keeps its bad characters as visible escapes (see :mod:`narrascope.safetext`)."""
        notes: list[str] = []
        for name in _RAW_TEXT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                cleaned, nuls, surrogates = clean_text(value)
                if cleaned is not value:
                    setattr(self, name, cleaned)
                    notes += text_warnings(name, nuls, surrogates)
        if isinstance(self.source, str):
            self.source = printable_name(self.source)
        if notes or not all(map(is_storable, self.warnings)):
            self.warnings = [printable_name(w) for w in self.warnings] + notes


_RAW_TEXT_FIELDS = ("text", "title", "url", "outlet", "published", "author", "given_id",
                    "encoding", "input_format")


@dataclass
class SentenceVectors:
    """Working data of the ``vectors`` stage: L2-normalised rows, ``sentences[i]`` embedding
    ``Document.sentences[i]`` (and ``title`` the title, when there is one)."""

    encoder: str
    title: np.ndarray | None
    sentences: np.ndarray


@dataclass
class Document:
    """One article and every annotation the pipeline has added to it.

    An annotation field is None until the stage that assigns it has run (and then a list,
    possibly empty), so the JSON object holds exactly the fields of the stages that ran.
    """

    id: str
    source: str
    raw_text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    input_format: str | None = None
    encoding: str | None = None
    text: str = ""
    language: str = "und"
    language_score: float = 0.0
    removed: list[Removal] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Stage ``entities``: every canonical entity the article names, with its mentions.
    entities: list[Entity] | None = None
    #: Stage ``quotes``: direct, partial and indirect quotes with their speakers.
    quotes: list[Quote] | None = None
    #: Stage ``narratives``: the narratives carried, the domain (``URW``/``CC``) of the top
    #: one, and a short explanation of it.
    narratives: list[NarrativeLabel] | None = None
    narrative_domain: str | None = None
    explanation: str | None = None
    #: Stage ``roles``: how the article casts the entities it frames.
    roles: list[Role] | None = None
    #: Stage ``techniques``: persuasion technique spans, and which techniques each paragraph
    #: uses.
    techniques: list[TechniqueSpan] | None = None
    technique_paragraphs: list[TechniqueParagraph] | None = None
    #: Stage ``vectors``: one embedding per sentence (and the title), shared by the stages
    #: that read embeddings; working data, never output.
    sentence_vectors: SentenceVectors | None = field(default=None, repr=False, compare=False)
    #: Annotations of plugin stages, keyed by output field name: JSON-ready values or objects
    #: (or lists of objects) with a ``to_dict()`` method.
    extensions: dict[str, Any] = field(default_factory=dict)
    #: Working data stages share but never output (a parse tree, a loaded gazetteer).
    internal: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_raw(cls, raw: RawArticle) -> Document:
        return cls(
            id=raw.given_id or article_id(raw.text, title=raw.title, url=raw.url),
            source=raw.source,
            raw_text=raw.text,
            title=raw.title,
            url=raw.url,
            outlet=raw.outlet,
            published=raw.published,
            author=raw.author,
            input_format=raw.input_format,
            encoding=raw.encoding,
            text=raw.text,
            warnings=list(raw.warnings),
        )

    def require(self, name: str, stage: str) -> Any:
        """The annotation ``name``, which ``stage`` cannot run without; a
        :class:`~narrascope.errors.PipelineError` if no stage has assigned it yet (the
        pipeline checks this when it is built; this guards a stage called on its own)."""
        value = getattr(self, name) if name in self.__dataclass_fields__ \
            else self.extensions.get(name)
        if value is None:
            raise PipelineError(f"stage {stage!r} needs {name!r}: run the stage that assigns "
                                "it first")
        return value

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]

    def span_text(self, span: Any) -> str:
        """The cleaned text under anything with ``start`` and ``end`` offsets."""
        return self.text[span.start : span.end]

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this canonical id, if the article names it."""
        return next((e for e in self.entities or [] if e.id == entity_id), None)

    def quotes_by(self, entity_id: str) -> list[Quote]:
        """The quotes attributed to one entity."""
        return [q for q in self.quotes or [] if q.speaker and q.speaker.entity_id == entity_id]

    def to_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        """The versioned JSON object documented in docs/schema.md."""
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "language": self.language,
            "language_score": round(self.language_score, 4),
            "input_format": self.input_format,
            "encoding": self.encoding,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "sentences": [s.to_dict() for s in self.sentences],
            "warnings": list(self.warnings),
        }
        if include_raw:
            data["raw_text"] = self.raw_text
        if self.entities is not None:
            data["entities"] = [e.to_dict() for e in self.entities]
        if self.quotes is not None:
            data["quotes"] = [q.to_dict() for q in self.quotes]
        if self.narratives is not None:
            data["narrative_domain"] = self.narrative_domain
            data["narratives"] = [n.to_dict() for n in self.narratives]
            data["explanation"] = self.explanation
        if self.roles is not None:
            data["roles"] = [r.to_dict() for r in self.roles]
        if self.techniques is not None:
            data["techniques"] = [t.to_dict() for t in self.techniques]
        if self.technique_paragraphs is not None:
            data["technique_paragraphs"] = [p.to_dict() for p in self.technique_paragraphs]
        data.update({key: _jsonable(value) for key, value in self.extensions.items()})
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """A document from its JSON object (as :meth:`to_dict` writes it and the store keeps
        it); fields this code does not know stay in ``extensions``."""
        def listed(key: str, kind: Any) -> Any:
            return None if data.get(key) is None else [kind.from_dict(x) for x in data[key]]

        doc = cls(
            id=data["id"], source=data["source"], raw_text=data.get("raw_text", data["text"]),
            title=data.get("title"), url=data.get("url"), outlet=data.get("outlet"),
            published=data.get("published"), author=data.get("author"),
            input_format=data.get("input_format"), encoding=data.get("encoding"),
            text=data["text"], language=data.get("language", "und"),
            language_score=data.get("language_score", 0.0),
            removed=[Removal.from_dict(r) for r in data.get("removed", [])],
            sentences=[Sentence.from_dict(s) for s in data.get("sentences", [])],
            warnings=list(data.get("warnings", [])),
            entities=listed("entities", Entity), quotes=listed("quotes", Quote),
            narratives=listed("narratives", NarrativeLabel),
            narrative_domain=data.get("narrative_domain"), explanation=data.get("explanation"),
            roles=listed("roles", Role), techniques=listed("techniques", TechniqueSpan),
            technique_paragraphs=listed("technique_paragraphs", TechniqueParagraph),
        )
        doc.extensions = {k: v for k, v in data.items() if k not in _KNOWN_KEYS}
        return doc

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["internal"] = {}  # parse trees and models do not travel between processes
        state["sentence_vectors"] = None
        return state


_KNOWN_KEYS = frozenset({
    "schema_version", "id", "source", "url", "outlet", "title", "published", "author",
    "language", "language_score", "input_format", "encoding", "text", "removed", "sentences",
    "warnings", "raw_text", "entities", "quotes", "narrative_domain", "narratives",
    "explanation", "roles", "techniques", "technique_paragraphs",
})


def spans_overlap(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    """Does ``span`` share a character with any of ``others`` (end-exclusive offsets)?"""
    return any(span[0] < end and start < span[1] for start, end in others)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def article_id(text: str, *, title: str | None = None, url: str | None = None) -> str:
    """A stable id: the same article ingested twice (from any path) gets the same id.

    With a URL the id is derived from the normalised URL, so a page re-fetched with slightly
    different residue keeps its id; otherwise from the title and raw text with Unicode and
    whitespace normalised, so re-encoding or re-wrapping a file does not change it.

    >>> article_id("Body", title="Title") == article_id(" Body\\r\\n", title="Title ")
    True
    """
    if url:
        key = "url:" + _normalise_url(url)
    else:
        key = "text:" + _normalise_text(title or "") + "\n" + _normalise_text(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _normalise_text(value: str) -> str:
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _normalise_url(url: str) -> str:
    url = url.strip()
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    url = re.sub(r"^www\.", "", url, flags=re.IGNORECASE)
    url = url.split("#", 1)[0]
    url, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and not _TRACKING_PARAM.match(p)]
    host, _, path = url.partition("/")
    normalised = host.lower() + ("/" + path if path else "").rstrip("/")
    return normalised + ("?" + "&".join(kept) if kept else "")
