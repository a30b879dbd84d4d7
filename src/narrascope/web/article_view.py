"""The article view: a stored article's cleaned text cut into pieces, each piece carrying every
annotation that covers it (quote, technique span, narrative evidence, entity mention).

Annotations overlap freely (a technique span inside a quote inside an evidence sentence), and
HTML elements must nest; so the text is cut at every annotation boundary into flat pieces, and
each piece lists what covers it. Templates render one ``<span>`` per piece and never build
markup from article text: every string here is escaped by the template engine.

>>> view = build_view({"id": "a1", "text": "NATO said it will act.", "quotes": [
...     {"text": "it will act", "start": 10, "end": 21, "kind": "indirect", "cue": "said",
...      "speaker": {"name": "NATO", "entity_id": "org/nato"}, "confidence": 0.8}]})
>>> [(p.text, [m.kind for m in p.marks]) for p in view.pieces]
[('NATO said ', []), ('it will act', ['quote']), ('.', [])]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

#: Speaker colours cycle through this many CSS classes (``speaker-0`` …).
SPEAKER_COLOURS = 8


@dataclass(frozen=True)
class Mark:
    """One annotation over a piece of text."""

    kind: str  # "quote", "technique", "evidence" or "entity"
    ref: int  # index into the view's list of that kind
    label: str  # what a hover shows first
    detail: str = ""  # the rest of the hover text
    css: str = ""  # extra CSS classes (speaker colour, role)
    href: str | None = None  # where the piece links to (an entity's page)


@dataclass
class Piece:
    start: int
    end: int
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        names = [f"m-{kind}" for kind in dict.fromkeys(m.kind for m in self.marks)]
        names += [m.css for m in self.marks if m.css]
        return " ".join(dict.fromkeys(names))

    @property
    def title(self) -> str:
        """The hover text: every annotation over this piece, one per line."""
        return "\n".join(f"{m.label}{' — ' + m.detail if m.detail else ''}"
                         for m in self.marks)

    @property
    def link(self) -> str | None:
        return next((m.href for m in self.marks if m.href), None)


@dataclass
class Paragraph:
    pieces: list[Piece]


@dataclass
class ArticleView:
    record: dict[str, Any]
    pieces: list[Piece]
    paragraphs: list[Paragraph]
    quotes: list[dict[str, Any]]
    techniques: list[dict[str, Any]]
    narratives: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    speakers: dict[str, int]
    safe_url: str | None

    @property
    def title(self) -> str:
        return str(self.record.get("title") or "(untitled)")


def voice_text(voice: dict[str, Any] | None) -> str:
    """"the outlet", "Sergei Lavrov (quoted)", "unnamed source (paraphrase)".

    >>> voice_text({"kind": "quoted", "speaker": "Sergei Lavrov"}), voice_text(None)
    ('Sergei Lavrov (quoted)', 'voice unknown')
    """
    if not voice:
        return "voice unknown"
    if voice.get("kind") == "outlet":
        return "the outlet"
    return f"{voice.get('speaker') or 'unnamed source'} ({voice.get('kind') or '?'})"


def safe_link(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL that is safe to put in ``href``; None for
    ``javascript:``, ``data:`` and anything else.

    >>> safe_link("https://example.org/a?b=1"), safe_link("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> safe_link(" JaVaScRiPt:alert(1)"), safe_link("//evil.example/x")
    (None, None)
    """
    if not isinstance(url, str) or any(ord(c) < 33 for c in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def speaker_of(quote: dict[str, Any]) -> tuple[str, str]:
    """The key (entity id, else name) and display name of a quote's speaker."""
    speaker = quote.get("speaker") or {}
    name = speaker.get("name") or "unattributed"
    return str(speaker.get("entity_id") or speaker.get("name") or ""), str(name)


def build_view(record: dict[str, Any], *, entity_href: str = "/entities/") -> ArticleView:
    """The view of a stored article's JSON object (see ``docs/schema.md``)."""
    text = str(record.get("text") or "")
    marks: list[tuple[int, int, Mark]] = []
    speakers: dict[str, int] = {}
    quotes = []
    for number, quote in enumerate(record.get("quotes") or []):
        key, name = speaker_of(quote)
        colour = speakers.setdefault(key, len(speakers) % SPEAKER_COLOURS) if key else None
        css = f"speaker-{colour}" if colour is not None else "speaker-none"
        quotes.append({**quote, "number": number, "speaker_key": key, "speaker_name": name,
                       "css": css, "confidence": quote.get("confidence") or 0.0})
        marks.append((quote.get("start"), quote.get("end"), Mark(
            "quote", number, f"quote ({quote.get('kind', '?')}): {name}",
            f"cue “{quote.get('cue') or '?'}”, confidence {_number(quote.get('confidence'))}",
            css)))
    techniques = []
    for number, span in enumerate(record.get("techniques") or []):
        voice = voice_text(span.get("voice"))
        start, end = span.get("start"), span.get("end")
        shown = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
        techniques.append({**span, "number": number, "voice_text": voice, "text": shown,
                           "score": span.get("score") or 0.0})
        marks.append((start, end, Mark(
            "technique", number, str(span.get("technique")),
            f"score {_number(span.get('score'))}; {span.get('reason') or 'no cue'}; "
            f"voice: {voice}")))
    narratives = _narratives(record, marks)
    roles = {role.get("entity_id"): role for role in record.get("roles") or []}
    for entity in record.get("entities") or []:
        role = roles.get(entity.get("id"))
        main = str(role.get("main_role") or "?") if role else None
        fine = ", ".join(str(f.get("role")) for f in (role or {}).get("fine_roles") or [])
        detail = f"{main} ({fine})" if role else "mentioned"
        for mention in entity.get("mentions") or []:
            marks.append((mention.get("start"), mention.get("end"), Mark(
                "entity", 0, f"{entity.get('name')} ({entity.get('type', '?')})", detail,
                f"role-{main.lower()}" if main else "role-none",
                entity_href + str(entity.get("id")))))
    pieces = _cut(text, marks)
    return ArticleView(record, pieces, _paragraphs(pieces), quotes, techniques, narratives,
                       [_role_view(role) for role in roles.values() if role.get("entity_id")],
                       speakers,
                       safe_link(record.get("url")))


def _narratives(record: dict[str, Any], marks: list[tuple[int, int, Mark]]
                ) -> list[dict[str, Any]]:
    shown = []
    for number, label in enumerate(record.get("narratives") or []):
        evidence = label.get("evidence") or []
        shown.append({**label, "number": number, "score": label.get("score") or 0.0,
                      "evidence": evidence, "subnarratives": [
                          {**sub, "score": sub.get("score") or 0.0}
                          for sub in label.get("subnarratives") or []],
                      "voices_text": [voice_text(v) for v in label.get("voices") or []]})
        for item in evidence:
            marks.append((item.get("start"), item.get("end"), Mark(
                "evidence", number, f"evidence: {label.get('narrative')}",
                f"score {_number(label.get('score'))}; voice: {voice_text(item.get('voice'))}")))
    return shown


def _number(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else "?"


def _role_view(role: dict[str, Any]) -> dict[str, Any]:
    return {**role, "main_role": str(role.get("main_role") or "?"),
            "fine_text": ", ".join(f"{f.get('role')} {_number(f.get('score'))}"
                                   for f in role.get("fine_roles") or []),
            "voices_text": [voice_text(v) for v in role.get("voices") or []]}


def _cut(text: str, marks: Iterable[tuple[int, int, Mark]]) -> list[Piece]:
    """Cut ``text`` at every mark boundary; each piece lists the marks that cover it."""
    valid = [(s, e, m) for s, e, m in marks
             if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)]
    bounds = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    starts: dict[int, list[tuple[int, Mark]]] = {}
    for start, end, mark in valid:
        starts.setdefault(start, []).append((end, mark))
    pieces: list[Piece] = []
    open_marks: list[tuple[int, Mark]] = []
    for left, right in itertools.pairwise(bounds):
        open_marks = [(end, m) for end, m in open_marks if end > left]
        open_marks += starts.get(left, [])
        order = {"evidence": 0, "quote": 1, "technique": 2, "entity": 3}
        covering = sorted((m for _, m in open_marks), key=lambda m: order.get(m.kind, 9))
        pieces.append(Piece(left, right, text[left:right], covering))
    return pieces


def _paragraphs(pieces: list[Piece]) -> list[Paragraph]:
    """Split the pieces at blank lines (the cleaner's paragraph breaks) into paragraphs."""
    paragraphs: list[Paragraph] = [Paragraph([])]
    for piece in pieces:
        parts = piece.text.split("\n\n")
        offset = piece.start
        for number, part in enumerate(parts):
            if number:
                paragraphs.append(Paragraph([]))
                offset += 2
            if part:
                paragraphs[-1].pieces.append(Piece(offset, offset + len(part), part,
                                                   piece.marks))
            offset += len(part)
    return [p for p in paragraphs if any(x.text.strip() for x in p.pieces)]
