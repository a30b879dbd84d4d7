"""Quotes and speakers: who said what, with the evidence for each attribution.

The ``quotes`` stage (after ``entities``) finds

* **direct** quotations by their marks (any of “” ‘’ «» „“ "", across paragraphs),
* **partial** quotations embedded in reported speech (… said the weapons "will not change the
  outcome"),
* **indirect** speech without marks (X said that …, according to X, …, …, the ministry said),

drops scare quotes, labels and titles of works, and attributes each quotation to a speaker:
from the speech cue next to it and the nearest name, pronoun or description, resolved to a
canonical entity (a pronoun to the person it points back to; "the spokesman" to the person the
article calls spokesman; "the ministry" to the ministry it named). When the article does not
say who spoke, ``speaker`` is null — a description that names nobody is kept as
``speaker_description``, never passed off as a name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from narrascope.document import Document, spans_overlap
from narrascope.entities import Entity
from narrascope.entities.titles import TITLE_PATTERN, title_keys
from narrascope.pipeline import register_stage
from narrascope.quotes.lexicon import (
    ACCORDING_TO_AFTER,
    COMPLEMENTISERS,
    PRONOUNS,
    SO_CALLED_BEFORE,
    WORK_TITLE_BEFORE,
    according_pattern,
    cue_pattern,
    org_noun_pattern,
    pronoun_pattern,
)
from narrascope.quotes.marks import QuoteSpan, find_quotes

__all__ = ["Quote", "QuoteStage", "Speaker", "extract_quotes"]

_SPEAKING_TYPES = {"PERSON", "ORG", "GROUP", "PLACE"}
#: A title with up to three words before it: "the Kremlin spokesman", "глава МИД России" is
#: caught by its title word and what precedes it.
_TITLE_RE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:(?:the|this|that|o|a|os|as)\s+)?(?:[\w’'-]+\s+){0,3}?"
    + TITLE_PATTERN.pattern.replace("(?<![\\w\\u0900-\\u097f])", "", 1)
    + r"(?:\s+of\s+(?:the\s+)?[\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}"
    # a genitive or prepositional complement: "глава МЗС", "министърът на отбраната"
    r"|\s+(?:на|до|do|da|dos|das|de)(?:\s+[A-ZА-ЯЁІЇЄҐ][\w’'-]*){1,3}"
    r"|(?:\s+[А-ЯЁІЇЄҐ][\w’'-]*){1,3})?",
    re.IGNORECASE,
)
#: Functions that fit any titled person: "the official", "a governante", "dirigente".
_GENERIC_FUNCTIONS = re.compile(
    r"(?i)\b(?:official|governante|responsável|dirigente|чиновник|посадовець|служител)\b"
)
#: Organisation nouns that stand for whichever organisation the article last named.
_GENERIC_ORGANISATION = re.compile(
    r"(?i)(?<!\w)(?:ведомств\w*|відомств\w*|ведомството|organisation|organization|agency|"
    r"instituição|институт\w*|інститут\w*|instituto|संस्थान|विभाग)(?!\w)"
)
_PERSON_NOUNS = (
    r"resident|woman|man|soldier|official|diplomat|rescuer|volunteer|officer|source|expert|"
    r"analyst|doctor|nurse|teacher|farmer|activist|mother|father|pensioner|worker|witness|"
    r"local|student|driver|engineer|fighter|commander|journalist|girl|boy|refugee|survivor|"
    r"veteran|medic|priest|villager|delegate|insider|observer|trader|miner|businessman|owner|"
    r"employee|manager|lawyer|researcher|spokesman|spokeswoman|spokesperson"
)
_UNNAMED_PERSON = re.compile(
    rf"(?<!\w)(?:a|an|one|another)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{_PERSON_NOUNS})s?(?!\w)",
    re.IGNORECASE,
)
#: "the resident", "a woman in Simferopol": people described, not named.
_PERSON_DESCRIPTION = re.compile(
    rf"(?<!\w)(?:the|a|an|one|another|this|that)\s+(?:[\w’'-]+\s+){{0,2}}?"
    rf"(?:{_PERSON_NOUNS})s?(?!\w)"
    r"(?:\s+(?:for|at|of|from)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?",
    re.IGNORECASE,
)
#: Entity types that lose to a description they sit in ("the Russian foreign minister" is a
#: person, not the group "Russian"; "NATO's head" is a person, not NATO).
_WEAK_IN_DESCRIPTION = {"GROUP", "PLACE", "ORG"}
_TERMINAL = ".!?…।"
#: Attribution text runs at most this far from the quotation.
_WINDOW = 160
_MAX_SCARE_WORDS = 3


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


@dataclass
class Quote:
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


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    kind: str  # "entity", "pronoun", "description"
    entity: Entity | None = None
    via: str = "name"


@dataclass
class _Found:
    candidate: _Candidate | None
    cue: str | None
    method: str
    confidence: float


class _Context:
    """Offsets and lookups one document's attribution needs."""

    def __init__(self, doc: Document, entities: Sequence[Entity]) -> None:
        self.text = doc.text
        self.language = doc.language if doc.language in PRONOUNS else "en"
        self.sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.mentions = sorted(
            ((m.start, m.end, m, e) for e in entities if e.type in _SPEAKING_TYPES
             for m in e.mentions),
            key=lambda item: item[0],
        )
        self.mention_starts = [m[0] for m in self.mentions]
        self.entities = list(entities)
        self.cues = cue_pattern(self.language)
        self.pronouns = pronoun_pattern(self.language)
        self.org_nouns = org_noun_pattern(self.language)
        self.parse = doc.internal.get("parse")
        self.quoted: list[tuple[int, int]] = []

    def sentence_of(self, position: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.sentence_starts, position) - 1)
        return self.sentences[index]

    def in_quote(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.quoted)

    # -- candidates ----------------------------------------------------------------------

    def candidates(self, start: int, end: int) -> list[_Candidate]:
        window = self.text[start:end]
        descriptions: list[_Candidate] = []
        for pattern in (_TITLE_RE, _PERSON_DESCRIPTION, self.org_nouns):
            for match in pattern.finditer(window):
                s, e = start + match.start(), start + match.end()
                if not self.in_quote(s) and not spans_overlap((s, e), [(d.start, d.end)
                                                                  for d in descriptions]):
                    descriptions.append(_Candidate(s, e, match.group(), "description",
                                                   via="description"))
        found: list[_Candidate] = []
        lo = bisect.bisect_left(self.mention_starts, start)
        for m_start, m_end, mention, entity in self.mentions[lo:]:
            if m_start >= end:
                break
            if m_end > end or self.in_quote(m_start):
                continue
            inside = [d for d in descriptions if d.start <= m_start and m_end <= d.end]
            if inside and mention.kind != "role" and entity.type in _WEAK_IN_DESCRIPTION and (
                any(d.end > m_end for d in inside)
            ):
                continue
            via = "role" if mention.kind == "role" else "name"
            found.append(_Candidate(m_start, m_end, mention.text, "entity", entity, via))
        taken = [(c.start, c.end) for c in found]
        for match in self.pronouns.finditer(window):
            s, e = start + match.start(), start + match.end()
            if not spans_overlap((s, e), taken) and not self.in_quote(s):
                found.append(_Candidate(s, e, match.group(), "pronoun", via="pronoun"))
        found.extend(d for d in descriptions if not spans_overlap((d.start, d.end), taken))
        return sorted(found, key=lambda c: c.start)

    # -- resolution ----------------------------------------------------------------------

    def resolve(self, candidate: _Candidate, before: int) -> Entity | None:
        if candidate.entity is not None:
            return candidate.entity
        if candidate.kind == "pronoun":
            return self._antecedent(candidate.text.lower(), before)
        return self._described(candidate.text, before)

    def _antecedent(self, pronoun: str, before: int) -> Entity | None:
        gender = PRONOUNS[self.language].get(pronoun, "x")
        wanted = {"PERSON"} if gender in ("m", "f", "x") else {"ORG", "GROUP", "PLACE"}
        sentence_start = self.sentence_of(before)[0]
        index = bisect.bisect_left(self.sentence_starts, sentence_start)
        # The first fitting mention of the nearest earlier sentence that has one: subjects
        # come first in news sentences, objects later.
        for k in range(index, max(-1, index - 4), -1):
            s_start, s_end = self.sentences[k]
            limit = min(s_end, before)
            fitting = [
                (m_start, entity) for m_start, _e, _m, entity in self.mentions
                if s_start <= m_start < limit and entity.type in wanted
                and not self.in_quote(m_start)
                and (gender not in ("m", "f") or entity.gender in (None, gender))
            ]
            if fitting:
                antecedent_at, antecedent = fitting[0]
                since = self.text[antecedent_at:before]
                if self.language == "en" and any(
                    not since[: m.start()].rstrip().endswith(",")  # not an appositive
                    for m in _UNNAMED_PERSON.finditer(since)
                ):
                    return None  # "he" is more likely the unnamed resident met since then
                return antecedent
        if gender == "p":
            return self._antecedent("he", before)
        return None

    def _described(self, description: str, before: int) -> Entity | None:
        words = description.lower()
        titles = title_keys(words)
        recent = [(m_start, entity) for m_start, _e, _m, entity in self.mentions
                  if m_start < before]
        for start, entity in reversed(recent):
            if titles and entity.type == "PERSON" and any(t in entity.titles for t in titles):
                since = self.text[start:before]
                if any(set(title_keys(match.group())) & set(titles)
                       for match in _UNNAMED_PERSON.finditer(since)):
                    return None  # "a diplomat" introduced since: "the diplomat" is that one
                return entity
        if _GENERIC_FUNCTIONS.search(words):
            for _start, entity in reversed(recent):
                if entity.type == "PERSON" and entity.titles:
                    return entity
        if _GENERIC_ORGANISATION.search(words):
            for _start, entity in reversed(recent):
                if entity.type == "ORG":
                    return entity
        noun = self.org_nouns.search(words)
        if noun:
            stem = noun.group().lower()[:6]
            for _start, entity in reversed(recent):
                names = [entity.name.lower()] + [m.text.lower() for m in entity.mentions]
                if entity.type == "ORG" and any(stem in name for name in names):
                    return entity
        return None

    def speaker(self, candidate: _Candidate, before: int) -> tuple[Speaker | None, dict | None]:
        entity = self.resolve(candidate, before)
        if entity is None:
            description = None
            if candidate.kind == "description":
                description = {"text": candidate.text, "start": candidate.start,
                               "end": candidate.end}
            return None, description
        return Speaker(entity.name, entity.id, candidate.text, candidate.start, candidate.end,
                       candidate.via), None


def _in_appositive(text: str, subject: _Candidate, other: _Candidate) -> bool:
    between = text[subject.end : other.start]
    return between.lstrip().startswith(",")


def _priority(candidate: _Candidate) -> int:
    """Who speaks: people and organisations before descriptions and pronouns, and those
    before places and groups ("In Ukraine, Zelensky said"; "Russia" only when nobody else)."""
    if candidate.kind == "entity":
        assert candidate.entity is not None
        return 2 if candidate.entity.type in ("PLACE", "GROUP") else 0
    return 1


#: Between a subject and its verb: nothing, an adverb or two, or an appositive
#: ("Oksana Petrenko, chief editor of TruthCheck UA, said").
_SUBJECT_GAP = re.compile(
    r"^\s*(?:,[^,\n]{1,90},\s*|(?:[\w’'-]+\s+){0,2}?)?(?:also\s+|later\s+|then\s+)?$"
)


def _nearest(candidates: list[_Candidate], cue_start: int, cue_end: int, *,
             prefer_before: bool, cue: str = "", text: str = "") -> _Candidate | None:
    before = [c for c in candidates if c.end <= cue_start]
    after = [c for c in candidates if c.start >= cue_end]

    def closest_before() -> _Candidate | None:
        near = [c for c in before if cue_start - c.end <= 120]
        if not near:
            return None
        if text:
            subjects = [c for c in near if _SUBJECT_GAP.match(text[c.end : cue_start])
                        and not any(o.start > c.end and o.end <= cue_start and o.kind == "entity"
                                    and _priority(o) == 0 and not _in_appositive(text, c, o)
                                    for o in near)]
            if subjects:
                return min(subjects, key=lambda c: (c.kind == "pronoun", cue_start - c.end))
        if cue.lower().endswith("ing"):
            # "Lavrov … dismissed the deliveries to Ukraine, saying …": the participle's
            # subject is the clause's subject, the first name, not the nearest.
            return min(near, key=lambda c: (_priority(c), c.start))
        return min(near, key=lambda c: (_priority(c), cue_start - c.end))

    def closest_after() -> _Candidate | None:
        near = [c for c in after if c.start - cue_end <= 40]
        return min(near, key=lambda c: (_priority(c), c.start - cue_end)) if near else None

    first, second = (closest_before, closest_after) if prefer_before else (
        closest_after, closest_before)
    return first() or second()


# -- attribution of a quotation ----------------------------------------------------------

def _tail(ctx: _Context, span: QuoteSpan, following: QuoteSpan | None) -> _Found | None:
    start = span.outer_end
    sentence_end = ctx.sentence_of(max(start - 1, 0))[1]
    end = min(sentence_end, start + _WINDOW, following.open_mark if following else len(ctx.text))
    if end <= start:
        return None
    window = ctx.text[start:end]
    cue = ctx.cues.search(window)
    if cue is None or cue.start() > 70:
        return None
    candidates = ctx.candidates(start, end)
    chosen = _nearest(candidates, start + cue.start(), start + cue.end(), prefer_before=True,
                      cue=cue.group(), text=ctx.text)
    return _Found(chosen, cue.group(), "after", 0.95)


def _head(ctx: _Context, start: int, end: int, method: str = "before") -> _Found | None:
    if end <= start:
        return None
    window = ctx.text[start:end]
    according = according_pattern(ctx.language)
    if according is not None:
        matches = list(according.finditer(window))
        if matches:
            match = matches[-1]
            candidates = ctx.candidates(start + match.end(), end)
            if candidates:
                return _Found(candidates[0], match.group(), method, 0.9)
    after_marker = ACCORDING_TO_AFTER.get(ctx.language)
    if after_marker:
        match = re.search(after_marker, window)
        if match:
            candidates = ctx.candidates(start, start + match.start())
            if candidates:
                return _Found(candidates[-1], match.group(), method, 0.9)
    cues = list(ctx.cues.finditer(window))
    if not cues:
        return None
    cue = cues[-1]
    candidates = ctx.candidates(start, end)
    chosen = _nearest(candidates, start + cue.start(), start + cue.end(), prefer_before=True,
                      cue=cue.group(), text=ctx.text)
    return _Found(chosen, cue.group(), method, 0.9)


#: A sentence that hands the preceding quotation to its speaker.
_ATTRIBUTING_SENTENCE = re.compile(
    r"(?i)^(?:this|these|those|such|that)\s+(?:was|were|is|are)\s+(?:the\s+|how\s+)?"
    r"(?:words|assessment|verdict|view|opinion|reaction|message|conclusion|warning|answer|"
    r"response|comment|statement)?|^(?:так|об этом|такое мнение|такими словами|про це|так само|"
    r"това|така|с тези думи|foi o que|as palavras|a declaração|a afirmação|assim|"
    r"(?:foram|são) (?:estas|essas|estas as|essas as) palavras|estas foram as palavras)\b|"
    r"यह बात|ये शब्द"
)


def _after_sentence(ctx: _Context, span: QuoteSpan) -> _Found | None:
    """“…” These were the words of Sergei Lavrov. — the speaker named in the next sentence."""
    _s, end = ctx.sentence_of(max(span.outer_end - 1, 0))
    index = bisect.bisect_left(ctx.sentence_starts, end)
    if index >= len(ctx.sentences):
        return None
    n_start, n_end = ctx.sentences[index]
    if "\n" in ctx.text[end:n_start] and ctx.text[end:n_start].count("\n") > 2:
        return None
    sentence = ctx.text[n_start:n_end]
    if any(ch in sentence for ch in "“”«»„\""):
        return None
    frame = _ATTRIBUTING_SENTENCE.search(sentence)
    cue = frame or (ctx.cues.search(sentence) if len(sentence.split()) <= 12 else None)
    if cue is None or cue.start() > 40:
        return None
    candidates = [c for c in ctx.candidates(n_start, n_end) if c.kind == "entity"]
    if not candidates:
        return None
    return _Found(candidates[0], cue.group(), "next_sentence", 0.8)


def _dependency(ctx: _Context, span: QuoteSpan) -> _Found | None:
    """English fallback: the subject of a speech verb governing the sentence of the quote."""
    if ctx.parse is None:
        return None
    s_start, s_end = ctx.sentence_of(span.open_mark)
    sentence = ctx.parse.char_span(s_start, s_end, alignment_mode="expand")
    if sentence is None:
        return None
    for token in sentence:
        inside = span.open_mark <= token.idx < span.outer_end
        if inside or token.pos_ != "VERB" or not ctx.cues.fullmatch(token.text):
            continue
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                sub = child.subtree
                words = list(sub)
                c_start, c_end = words[0].idx, words[-1].idx + len(words[-1])
                candidates = ctx.candidates(c_start, c_end)
                if candidates:
                    return _Found(candidates[0], token.text, "dependency", 0.75)
    return None


def _colon_line(ctx: _Context, span: QuoteSpan) -> _Found | None:
    """A quotation paragraph after "The minister said:" or "Zakharova wrote on Telegram:"."""
    paragraph_start = ctx.text.rfind("\n", 0, span.open_mark) + 1
    if ctx.text[paragraph_start:span.open_mark].strip():
        return None
    previous_end = paragraph_start
    while previous_end > 0 and ctx.text[previous_end - 1] in "\n ":
        previous_end -= 1
    if previous_end == 0 or ctx.text[previous_end - 1] != ":":
        return None
    s_start, _ = ctx.sentence_of(previous_end - 1)
    found = _head(ctx, s_start, previous_end - 1, method="colon_line")
    if found is None:
        candidates = ctx.candidates(s_start, previous_end - 1)
        entity_candidates = [c for c in candidates if c.kind == "entity"]
        if entity_candidates:
            found = _Found(entity_candidates[-1], None, "colon_line", 0.8)
    return found


def _classify(ctx: _Context, span: QuoteSpan, content: str) -> str | None:
    """"direct", "partial", or None for a scare quote, label or title of a work."""
    s_start, _ = ctx.sentence_of(span.open_mark)
    before = ctx.text[max(s_start, span.open_mark - 80) : span.open_mark]
    words = content.split()
    if SO_CALLED_BEFORE.search(before) and len(words) <= 6:
        return None
    first = content[:1]
    if (WORK_TITLE_BEFORE.search(before) and first.isupper() and len(words) <= 8
            and content.rstrip()[-1:] not in _TERMINAL):
        return None
    preceding = before.rstrip()[-1:]
    if first.isalpha() and first.islower():
        return "partial"
    if first.isalpha() and first.isupper():
        return "direct"
    # Scripts without case (Devanagari), digits: by position and punctuation.
    if preceding in ("", ":", "—", "–", "-") or content.rstrip()[-1:] in _TERMINAL:
        return "direct"
    return "partial"


def extract_quotes(doc: Document, entities: Sequence[Entity]) -> list[Quote]:
    ctx = _Context(doc, entities)
    spans = find_quotes(doc.text)
    ctx.quoted = [(span.open_mark, span.outer_end) for span in spans]
    indirect = _indirect(ctx, doc, spans)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_span: QuoteSpan | None = None
    for index, span in enumerate(spans):
        content = span.text(doc.text)
        kind = _classify(ctx, span, content)
        if kind is None:
            continue
        if _continues_split_quote(ctx, previous, previous_span, span):
            kind = previous.kind  # “We will respond,” Peskov said, “and it will be harsh.”
        following = spans[index + 1] if index + 1 < len(spans) else None
        s_start, _ = ctx.sentence_of(span.open_mark)
        head_start = s_start
        if previous_span is not None and previous_span.outer_end > s_start:
            head_start = previous_span.outer_end
        found = (
            _tail(ctx, span, following)
            or _head(ctx, head_start, span.open_mark)
            or _colon_line(ctx, span)
            or _after_sentence(ctx, span)
            or (_dependency(ctx, span) if doc.language == "en" else None)
        )
        words = len(content.split())
        if found is None and (words <= _MAX_SCARE_WORDS or (kind == "partial" and words < 6)):
            continue  # a label or scare quote: quoted words nobody is said to have said
        speaker, description = (None, None)
        confidence = 0.6 if span.close_mark is not None else 0.45
        cue = found.cue if found else None
        if found is not None and found.candidate is not None:
            speaker, description = ctx.speaker(found.candidate, span.open_mark)
            if speaker is not None:
                confidence = found.confidence * (0.85 if speaker.via == "pronoun" else 1.0)
        elif found is not None and found.cue and ctx.language != "en":
            # "“…”, declarou, “…”": a speech verb with no subject (pro-drop) has the subject
            # of the sentence before.
            entity = ctx._antecedent("", span.open_mark)
            if entity is not None:
                speaker = Speaker(entity.name, entity.id, found.cue, span.outer_end,
                                  span.outer_end, "pronoun")
                confidence = found.confidence * 0.8
        if found is None:  # no attribution at all: it may continue the previous speaker
            before = [q for q in (*quotes, *indirect) if q.end <= span.open_mark]
            latest = max(before, key=lambda q: q.end, default=None)
            if latest is not None:
                speaker, confidence = _continuation(ctx, span, latest, confidence)
        quotes.append(Quote(
            text=content, start=span.start, end=span.end, kind=kind, cue=cue, speaker=speaker,
            confidence=confidence, parts=span.parts, speaker_description=description,
        ))
        previous, previous_span = quotes[-1], span
    quotes.extend(indirect)
    return sorted(quotes, key=lambda q: q.start)


def _continues_split_quote(ctx: _Context, previous: Quote | None,
                           previous_span: QuoteSpan | None, span: QuoteSpan) -> bool:
    if previous is None or previous_span is None:
        return False
    between = ctx.text[previous_span.outer_end : span.open_mark]
    return (len(between) < 80 and "\n" not in between
            and ctx.sentence_of(previous_span.open_mark) == ctx.sentence_of(span.open_mark)
            and ctx.cues.search(between) is not None)


def _continuation(ctx: _Context, span: QuoteSpan, previous: Quote, confidence: float
                  ) -> tuple[Speaker | None, float]:
    """A quotation right after another one (or after reported speech), with no new speaker
    in between, continues it."""
    if previous.speaker is None:
        return None, confidence
    previous_end = max(previous.end, previous.speaker.end)
    between = ctx.text[previous_end : span.open_mark]
    if len(between) > 200 or between.count("\n") > 2:
        return None, confidence
    others = [c for c in ctx.candidates(previous_end, span.open_mark)
              if c.kind == "entity" and c.entity is not None
              and c.entity.type == "PERSON" and c.entity.id != previous.speaker.entity_id]
    if others:
        return None, confidence
    carried = Speaker(previous.speaker.name, previous.speaker.entity_id,
                      previous.speaker.mention, previous.speaker.start, previous.speaker.end,
                      "continuation")
    return carried, 0.65


# -- indirect speech ---------------------------------------------------------------------

def _indirect(ctx: _Context, doc: Document, spans: Sequence[QuoteSpan]) -> list[Quote]:
    found: list[Quote] = []
    quoted = [(s.open_mark, s.outer_end) for s in spans]
    complementiser = COMPLEMENTISERS.get(ctx.language, "that")
    according = according_pattern(ctx.language)
    after_marker = ACCORDING_TO_AFTER.get(ctx.language)
    for s_start, s_end in ctx.sentences:
        if spans_overlap((s_start, s_end), quoted):
            continue
        sentence = ctx.text[s_start:s_end]
        body_end = s_end - (1 if sentence[-1:] in _TERMINAL else 0)
        quote = None
        if according is not None:
            quote = _according(ctx, according, s_start, body_end)
        if quote is None and after_marker:
            match = re.search(after_marker + r"\s*,?\s*", sentence)
            if match:
                candidates = ctx.candidates(s_start, s_start + match.start())
                if candidates:
                    quote = _indirect_quote(ctx, candidates[-1], match.group().strip(),
                                            s_start + match.end(), body_end)
        if quote is None:
            quote = _said_that(ctx, complementiser, s_start, body_end)
        if quote is None and ctx.parse is not None:
            quote = _reported_clause(ctx, s_start, body_end)
        if quote is None:
            quote = _reverse(ctx, s_start, body_end)
        if quote is not None and len(quote.text.split()) >= 3:
            found.append(quote)
    return found


def _indirect_quote(ctx: _Context, candidate: _Candidate, cue: str, start: int, end: int
                    ) -> Quote | None:
    while start < end and ctx.text[start] in " ,:":
        start += 1
    while end > start and ctx.text[end - 1] in " ,;":
        end -= 1
    if end - start < 10:
        return None
    speaker, description = ctx.speaker(candidate, start)
    if speaker is None and description is None:
        return None
    return Quote(ctx.text[start:end], start, end, "indirect", cue, speaker,
                 0.75 if speaker else 0.5, speaker_description=description)


def _according(ctx: _Context, pattern: re.Pattern[str], start: int, end: int) -> Quote | None:
    match = pattern.search(ctx.text, start, end)
    if match is None:
        return None
    candidates = ctx.candidates(match.end(), min(end, match.end() + 80))
    if not candidates:
        return None
    candidate = candidates[0]
    comma = ctx.text.find(",", candidate.end, end)
    if match.start() - start < 3 and comma != -1:  # "According to X, CONTENT"
        return _indirect_quote(ctx, candidate, match.group(), comma + 1, end)
    if match.start() - start >= 10:  # "CONTENT, according to X."
        return _indirect_quote(ctx, candidate, match.group(), start, match.start())
    return None


def _said_that(ctx: _Context, complementiser: str, start: int, end: int) -> Quote | None:
    window = ctx.text[start:end]
    for cue in ctx.cues.finditer(window):
        rest = window[cue.end():]
        link = re.match(rf"(?:\s+[\w’'-]+){{0,4}}?\s*,?\s+(?:{complementiser})(?!\w)", rest)
        if link is None:
            continue
        candidates = [c for c in ctx.candidates(start, start + cue.start())
                      if start + cue.start() - c.end <= 40]
        if not candidates:
            continue
        candidate = min(candidates, key=lambda c: (start + cue.start() - c.end))
        return _indirect_quote(ctx, candidate, cue.group(), start + cue.end() + link.end(), end)
    return None


def _reported_clause(ctx: _Context, start: int, end: int) -> Quote | None:
    """English without "that": "Lavrov said the weapons would change nothing." — a speech
    verb whose clausal complement is the reported speech (from the dependency parse)."""
    sentence = ctx.parse.char_span(start, end, alignment_mode="expand")
    if sentence is None:
        return None
    for token in sentence:
        if token.pos_ not in ("VERB", "AUX") or not ctx.cues.fullmatch(token.text):
            continue
        clauses = [c for c in token.children if c.dep_ == "ccomp" and c.i > token.i]
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not clauses or not subjects:
            continue
        subject = list(subjects[0].subtree)
        candidates = ctx.candidates(subject[0].idx, subject[-1].idx + len(subject[-1]))
        if not candidates:
            continue
        clause = list(clauses[0].subtree)
        first = next((t for t in clause if t.dep_ != "mark"), clause[0])
        return _indirect_quote(ctx, min(candidates, key=_priority), token.text, first.idx,
                               min(end, clause[-1].idx + len(clause[-1])))
    return None


def _reverse(ctx: _Context, start: int, end: int) -> Quote | None:
    """"The attack was repelled, the ministry said." / "…, said Peskov.\""""
    window = ctx.text[start:end]
    comma = window.rfind(",")
    if comma < 15:
        return None
    tail = window[comma + 1 :]
    if len(tail.split()) > 7:
        return None
    cue = ctx.cues.search(tail)
    if cue is None:
        return None
    candidates = ctx.candidates(start + comma + 1, end)
    if not candidates:
        return None
    chosen = _nearest(candidates, start + comma + 1 + cue.start(), start + comma + 1 + cue.end(),
                      prefer_before=True)
    if chosen is None:
        return None
    return _indirect_quote(ctx, chosen, cue.group(), start, start + comma)


@register_stage("quotes")
class QuoteStage:
    """Pipeline stage: fills ``doc.extensions["quotes"]``; needs the ``entities`` stage."""

    def __call__(self, doc: Document) -> Document:
        entities = doc.extensions.get("entities", [])
        doc.extensions["quotes"] = extract_quotes(doc, entities)
        return doc
