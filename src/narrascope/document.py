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
from typing import Any

from narrascope.safetext import clean_text, is_storable, printable_name, text_warnings

#: Version of the JSON object written per article (JSONL output and the store).
#: Bump the minor part for additive changes, the major part for breaking ones.
SCHEMA_VERSION = "1.4"

_WHITESPACE = re.compile(r"\s+")
_TRACKING_PARAM = re.compile(r"(utm_[a-z]+|fbclid|gclid|yclid|mc_cid|mc_eid)=", re.IGNORECASE)


@dataclass(frozen=True)
class Removal:
    """One boilerplate line removed by the cleaner, kept so an analyst can audit it."""

    start: int  # offset into Document.raw_text
    end: int
    text: str
    reason: str  # name of the rule that fired, e.g. "comment_form"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Sentence:
    start: int  # offset into Document.text
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


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
class Document:
    """One article and every annotation the pipeline has added to it."""

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
    #: Annotations of later stages (entities, quotes, narratives, …), keyed by output field name.
    #: Values are JSON-ready or objects (or lists of objects) with a ``to_dict()`` method.
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

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]

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
        data.update({key: _jsonable(value) for key, value in self.extensions.items()})
        return data

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["internal"] = {}  # parse trees and models do not travel between processes
        return state


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
