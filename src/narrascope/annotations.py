"""What the stages add to a document, one dataclass per kind of annotation.

Every annotation points into the cleaned text with character offsets (``start``/``end``, end
exclusive); judgements carry a score and the evidence behind them. Each class has one
``to_dict``/``from_dict`` pair: ``to_dict`` writes the JSON object documented in
``docs/schema.md`` (and checked against ``schema/article.schema.json``), ``from_dict`` reads it
back, so ``X.from_dict(x.to_dict()) == x`` up to the rounding of scores.

>>> quote = Quote(text="We will win", start=1, end=12, kind="direct", cue="said",
...               speaker=None, confidence=0.91234)
>>> quote.to_dict()["confidence"], Quote.from_dict(quote.to_dict()).text
(0.912, 'We will win')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Entity", "Evidence", "FineRole", "Mention", "NarrativeLabel", "Quote", "Removal", "Role",
    "Sentence", "Span", "Speaker", "SubnarrativeLabel", "TechniqueParagraph", "TechniqueSpan",
    "Voice",
]


@dataclass(frozen=True)
class Span:
    """A stretch of the cleaned text (evidence sentences, quote parts)."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["start"], data["end"])


def _spans(items: list[dict[str, Any]] | None) -> list[Span]:
    return [Span.from_dict(item) for item in items or []]


@dataclass(frozen=True)
class Voice:
    """Whose voice carries a stretch of text: ``outlet`` (the article's own narration),
    ``quoted`` (a direct or partial quote) or ``paraphrase`` (reported speech), with the
    speaker the quotes stage found (None: not said) and the quote it lies in."""

    kind: str
    speaker: str | None = None
    entity_id: str | None = None
    quote: Span | None = None

    @property
    def label(self) -> str:
        """How an analyst reads it: "the outlet", "Sergey Lavrov (quoted)"."""
        if self.kind == "outlet":
            return "the outlet"
        return f"{self.speaker or 'an unnamed speaker'} ({self.kind})"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "speaker": self.speaker,
                                "entity_id": self.entity_id}
        if self.quote is not None:
            data["quote"] = self.quote.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Voice:
        quote = data.get("quote")
        return cls(data["kind"], data.get("speaker"), data.get("entity_id"),
                   Span.from_dict(quote) if quote else None)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Voice | None:
        """The ``voice`` field of an annotation's JSON, when it has one."""
        voice = data.get("voice")
        return cls.from_dict(voice) if voice else None


@dataclass(frozen=True)
class Evidence(Span):
    """An evidence sentence of a judgement, and whose voice it is (None: the quotes stage
    did not run)."""

    voice: Voice | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.voice is not None:
            data["voice"] = self.voice.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(data["start"], data["end"], Voice.of(data))


def _evidence(items: list[dict[str, Any]] | None) -> list[Evidence]:
    return [Evidence.from_dict(item) for item in items or []]


def _voices(evidence: list[Evidence]) -> list[dict[str, Any]]:
    """The distinct voices of the evidence, in order, without their quotes: the label's
    article-level "who carries it"."""
    seen: list[Voice] = []
    for item in evidence:
        if item.voice is not None:
            voice = Voice(item.voice.kind, item.voice.speaker, item.voice.entity_id)
            if voice not in seen:
                seen.append(voice)
    return [v.to_dict() for v in seen]


@dataclass(frozen=True)
class Removal:
    """One boilerplate line removed by the cleaner, kept so an analyst can audit it. Its
    offsets point into ``raw_text``, because the line is no longer in ``text``."""

    start: int
    end: int
    text: str
    reason: str  # name of the rule that fired, e.g. "comment_form"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removal:
        return cls(data["start"], data["end"], data["text"], data["reason"])


class Sentence(Span):
    """A sentence of the cleaned text (the splitter's output; every later stage reads it)."""


# -- entities -------------------------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # "name", "alias", "fuzzy", "surname", "role"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(data["start"], data["end"], data["text"], data["kind"])


@dataclass
class Entity:
    """A canonical entity and its mentions in one article."""

    id: str
    name: str
    type: str
    source: str  # "gazetteer", "ner" or "rules"
    mentions: list[Mention] = field(default_factory=list)
    #: Working data of the entities and quotes stages (pronoun agreement); not output.
    gender: str | None = None
    #: Keys of the titles the article attaches to the entity (see entities.titles).
    titles: list[str] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        mentions = sorted(self.mentions, key=lambda m: m.start)
        data: dict[str, Any] = {
            "id": self.id, "name": self.name, "type": self.type, "source": self.source,
            "count": len(mentions), "mentions": [m.to_dict() for m in mentions],
        }
        if self.titles:
            data["titles"] = sorted(set(self.titles))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(data["id"], data["name"], data["type"], data["source"],
                   [Mention.from_dict(m) for m in data.get("mentions", [])],
                   titles=list(data.get("titles", [])))


# -- quotes ---------------------------------------------------------------------------------


@dataclass
class Speaker:
    name: str
    entity_id: str
    mention: str
    start: int
    end: int
    via: str  # "name", "role", "pronoun", "description", "continuation"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity_id": self.entity_id, "mention": self.mention,
                "start": self.start, "end": self.end, "via": self.via}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(data["name"], data["entity_id"], data["mention"], data["start"],
                   data["end"], data["via"])


@dataclass
class Quote:
    """Who said what: the quoted words and whose voice they are (None: the article does not
    say)."""

    text: str
    start: int
    end: int
    kind: str  # "direct", "partial" or "indirect"
    cue: str | None
    speaker: Speaker | None
    confidence: float
    parts: list[tuple[int, int]] | None = None
    speaker_description: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "cue": self.cue, "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": round(self.confidence, 3),
        }
        if self.parts and len(self.parts) > 1:
            data["parts"] = [{"start": s, "end": e} for s, e in self.parts]
        if self.speaker_description:
            data["speaker_description"] = self.speaker_description
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        speaker = data.get("speaker")
        parts = [(p["start"], p["end"]) for p in data.get("parts", [])] or None
        return cls(data["text"], data["start"], data["end"], data["kind"], data.get("cue"),
                   Speaker.from_dict(speaker) if speaker else None, data["confidence"],
                   parts, data.get("speaker_description"))


# -- narratives -----------------------------------------------------------------------------


@dataclass
class SubnarrativeLabel:
    subnarrative: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"subnarrative": self.subnarrative, "score": round(self.score, 3),
                "voices": _voices(self.evidence),
                "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubnarrativeLabel:
        return cls(data["subnarrative"], data["score"], _evidence(data.get("evidence")))


@dataclass
class NarrativeLabel:
    """A narrative the article carries, its score, the sentences that show it, and its
    sub-narratives."""

    narrative: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    subnarratives: list[SubnarrativeLabel] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"narrative": self.narrative, "score": round(self.score, 3),
                "voices": _voices(self.evidence),
                "evidence": [e.to_dict() for e in self.evidence],
                "subnarratives": [s.to_dict() for s in self.subnarratives]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NarrativeLabel:
        return cls(data["narrative"], data["score"], _evidence(data.get("evidence")),
                   [SubnarrativeLabel.from_dict(s) for s in data.get("subnarratives", [])])


# -- roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FineRole:
    role: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "score": round(self.score, 3)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FineRole:
        return cls(data["role"], data["score"])


@dataclass
class Role:
    """How the article casts one entity: main role, fine roles, the cues and the sentences."""

    entity_id: str
    name: str
    main_role: str  # "Protagonist", "Antagonist" or "Innocent"
    score: float
    framed: float
    main_scores: dict[str, float]
    fine_roles: list[FineRole] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id, "name": self.name, "main_role": self.main_role,
            "score": round(self.score, 3), "framed": round(self.framed, 3),
            "main_scores": {k: round(v, 3) for k, v in self.main_scores.items()},
            "fine_roles": [f.to_dict() for f in self.fine_roles],
            "cues": list(self.cues),
            "voices": _voices(self.evidence),
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        return cls(data["entity_id"], data["name"], data["main_role"], data["score"],
                   data["framed"], dict(data["main_scores"]),
                   [FineRole.from_dict(f) for f in data.get("fine_roles", [])],
                   list(data.get("cues", [])), _evidence(data.get("evidence")))


# -- persuasion techniques ------------------------------------------------------------------


@dataclass(frozen=True)
class TechniqueSpan:
    """A span that uses a persuasion technique, its score and why it fired (the cue, the
    repeated phrase or the model's confidence)."""

    technique: str
    start: int
    end: int
    score: float
    reason: str
    voice: Voice | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"technique": self.technique, "start": self.start,
                                "end": self.end, "score": round(self.score, 3),
                                "reason": self.reason}
        if self.voice is not None:
            data["voice"] = self.voice.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TechniqueSpan:
        return cls(data["technique"], data["start"], data["end"], data["score"],
                   data["reason"], Voice.of(data))


@dataclass(frozen=True)
class TechniqueParagraph:
    """The techniques one paragraph (line) of the text uses, derived from the spans."""

    start: int
    end: int
    techniques: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "techniques": list(self.techniques)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TechniqueParagraph:
        return cls(data["start"], data["end"], tuple(data.get("techniques", [])))
