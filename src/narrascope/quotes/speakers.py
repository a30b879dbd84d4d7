"""Who could have said it: speaker candidates near a speech cue, and what they refer to.

A candidate is a mention of an entity (a name, or a role the entities stage linked), a pronoun,
or a description ("the Kremlin spokesman", "a resident", "the ministry"). :class:`Context`
holds one document's offsets and lookups, lists the candidates in a stretch of text and
resolves each to a canonical entity: a pronoun to the person it points back to, a description
to the person or organisation the article gave that title or name. :func:`nearest` picks the
candidate a speech cue belongs to.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from narrascope.annotations import Entity, Speaker
from narrascope.document import Document, spans_overlap
from narrascope.entities.titles import title_keys
from narrascope.lexicon.pronouns import PRONOUNS
from narrascope.quotes.names import PREPOSITION_BEFORE, misread_people, unlinked_names
from narrascope.quotes.patterns import (
    GENERIC_FUNCTION,
    GENERIC_ORGANISATION,
    PERSON_DESCRIPTION,
    TITLE_DESCRIPTION,
    UNNAMED_PERSON,
    cue_anywhere,
    cue_pattern,
    org_noun_pattern,
    pronoun_pattern,
)

__all__ = ["Candidate", "Context", "nearest", "priority"]

_WORD_RE = re.compile(r"[^\W\d_]+")
_SPEAKING_TYPES = {"PERSON", "ORG", "GROUP", "PLACE"}
#: Entity types that lose to a description they sit in ("the Russian foreign minister" is a
#: person, not the group "Russian"; "NATO's head" is a person, not NATO).
_WEAK_IN_DESCRIPTION = {"GROUP", "PLACE", "ORG"}


#: What stands before a description that says what the person just named is, not who else
#: comes in: an appositive ("Rein Kask, a retired colonel"), or a predicate ("who served as
#: a liaison officer", "she is a nurse").
_PREDICATIVE_BEFORE = re.compile(r"(?:,|\b(?:as|is|was|were|became|becomes))\s*$", re.IGNORECASE)


#: English words for whoever an article quotes for their knowledge, which it uses for the
#: expert it has just introduced whatever his title ("a senior fellow", "a hydrologist").
_EXPERT = re.compile(r"(?i)expert|analyst|researcher|specialist|scientist|scholar|academic")
#: The titles (as :func:`~narrascope.entities.titles.title_keys` gives them) of such people.
_EXPERT_TITLES = frozenset({"exper", "analy", "resea", "speci", "scien", "schol", "acade",
                            "econo", "histo", "socio", "profe"})
#: A description in apposition after a name: ", a senior fellow at …", ", the head of …".
_APPOSITION = re.compile(r"\s*,\s+(?:a|an|the)\s+\w", re.IGNORECASE)
#: An English adjective of a people or a place: "Ukrainian", "Finnish", "Chinese", "Baltic".
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ish|ese|ic|i)")


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    kind: str  # "entity", "pronoun", "description"
    entity: Entity | None = None
    via: str = "name"


class Context:
    """Offsets and lookups one document's attribution needs."""

    def __init__(self, doc: Document, entities: Sequence[Entity]) -> None:
        self.text = doc.text
        self.language = doc.language if doc.language in PRONOUNS else "en"
        self.sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        self.sentence_starts = [s for s, _ in self.sentences]
        unlinked = unlinked_names(self.text, doc.language, self.sentences,
                                  [(m.start, m.end) for e in entities for m in e.mentions])
        # A person the recogniser took for a body or a place speaks as that person.
        misread = misread_people(self.text, entities)
        self.mentions = sorted(
            ((m.start, m.end, m, misread.get(e.id, e)) for e in (*entities, *unlinked)
             if e.type in _SPEAKING_TYPES for m in e.mentions),
            key=lambda item: item[0],
        )
        self.mention_starts = [m[0] for m in self.mentions]
        self.entities = list(entities)
        self.cues = cue_pattern(self.language)
        self.cue_anywhere = cue_anywhere(self.language)
        self.pronouns = pronoun_pattern(self.language)
        self.org_nouns = org_noun_pattern(self.language)
        self.parse = doc.internal.get("parse")
        self.quoted: list[tuple[int, int]] = []

    def sentence_of(self, position: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.sentence_starts, position) - 1)
        return self.sentences[index]

    def speech_parse(self, start: int, end: int) -> Any:
        """The dependency parse of the text between ``start`` and ``end``, or None when there
        is none or the text has no speech verb for a rule to find (which spares the parse)."""
        if self.parse is None or not self.cue_anywhere.search(self.text, start, end):
            return None
        return self.parse.char_span(start, end, alignment_mode="expand")

    def _introduced_as_expert(self, named: tuple[int, int, Entity]) -> bool:
        """Whether a person came in with expert titles only, or with a description in
        apposition ("Tomas Lindqvist, a senior fellow at …")."""
        _start, end, entity = named
        if entity.titles:
            return set(entity.titles) <= _EXPERT_TITLES
        return any(_APPOSITION.match(self.text, m.end) for m in entity.mentions) or \
            bool(_APPOSITION.match(self.text, end))

    def in_quote(self, position: int) -> bool:
        """Whether ``position`` lies inside a quotation (``quoted`` is in text order); the
        few quotations that start at or before it are enough to look at."""
        index = bisect.bisect_right(self.quoted, (position, float("inf")))
        return any(start <= position < end
                   for start, end in self.quoted[max(0, index - 3):index])

    # -- candidates ----------------------------------------------------------------------

    def candidates(self, start: int, end: int) -> list[Candidate]:
        window = self.text[start:end]
        descriptions: list[Candidate] = []
        for pattern in (TITLE_DESCRIPTION, PERSON_DESCRIPTION, self.org_nouns):
            for match in pattern.finditer(window):
                s, e = start + match.start(), start + match.end()
                # The words a description may take in front can be the speech verb itself
                # ("…,” concluded the professor): the description starts after it.
                spoken = [c for c in self.cues.finditer(self.text, s, e)]
                if spoken:
                    s = spoken[-1].end()
                    while s < e and self.text[s].isspace():
                        s += 1
                    if not TITLE_DESCRIPTION.fullmatch(self.text, s, e) and not \
                            PERSON_DESCRIPTION.fullmatch(self.text, s, e) and not \
                            self.org_nouns.search(self.text, s, e):
                        continue
                if pattern is self.org_nouns and self._names_head(s, e):
                    continue
                if not self.in_quote(s) and not spans_overlap((s, e), [(d.start, d.end)
                                                                  for d in descriptions]):
                    descriptions.append(Candidate(s, e, self.text[s:e], "description",
                                                  via="description"))
        found: list[Candidate] = []
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
            if entity.type in ("PLACE", "GROUP") and self._in_phrase(m_start):
                continue  # "the expert from Belgrade said": Belgrade says nothing
            if entity.type == "ORG" and entity.source == "quotes" and self._in_phrase(
                    m_start, allow_according=True):
                # "a researcher at the Geneva Centre for Peace Studies said": the body a
                # person works for; the recogniser's own bodies keep their old standing.
                continue
            via = "role" if mention.kind == "role" else "name"
            found.append(Candidate(m_start, m_end, mention.text, "entity", entity, via))
        taken = [(c.start, c.end) for c in found]
        for match in self.pronouns.finditer(window):
            s, e = start + match.start(), start + match.end()
            if not spans_overlap((s, e), taken) and not self.in_quote(s):
                found.append(Candidate(s, e, match.group(), "pronoun", via="pronoun"))
        found.extend(d for d in descriptions if not spans_overlap((d.start, d.end), taken))
        return sorted(found, key=lambda c: c.start)

    def _names_head(self, start: int, end: int) -> bool:
        """Whether the organisation noun at ``start:end`` is part of a name the recogniser
        linked only in part, in English ("the Pljevlja municipality", "Climate Action Network
        Europe"): the name speaks, not a description to resolve."""
        if self.language != "en":
            return False
        index = bisect.bisect_left(self.mention_starts, start)
        near = self.mentions[max(0, index - 1) : index + 1]
        # Not a people's adjective ("the Ukrainian authorities", "Moldovan authorities"), which
        # the recogniser takes for a group, a place or even a surname.
        return any(entity.type != "GROUP" and not _DEMONYM.fullmatch(mention.text) and (
            self.text[m_end:start] == " " or self.text[end:m_start] == " ")
            for m_start, m_end, mention, entity in near)

    def _in_phrase(self, position: int, *, allow_according: bool = False) -> bool:
        """Whether a preposition governs the word at ``position`` inside its sentence (not
        the sentence's opening "In Moscow, …", which may name who speaks; with
        ``allow_according``, not "according to", which names the source)."""
        s_start = self.sentence_of(position)[0]
        match = PREPOSITION_BEFORE.search(self.text, max(s_start, position - 12), position)
        if match is None or not self.text[s_start : match.start()].strip():
            return False
        return not (allow_according and re.search(
            r"(?i)according\s*$", self.text[max(s_start, match.start() - 12) : match.start()]))

    # -- resolution ----------------------------------------------------------------------

    def resolve(self, candidate: Candidate, before: int) -> Entity | None:
        if candidate.entity is not None:
            return candidate.entity
        if candidate.kind == "pronoun":
            return self.antecedent(candidate.text.lower(), before)
        return self._described(candidate.text, before)

    def antecedent(self, pronoun: str, before: int) -> Entity | None:
        """The entity ``pronoun`` points back to from ``before`` ("" for a dropped subject)."""
        return self.antecedent_of(PRONOUNS[self.language].get(pronoun, "x"), before)

    def antecedent_of(self, gender: str, before: int) -> Entity | None:
        """The entity a pronoun of ``gender`` ("m", "f", "x", "n", "p"; see
        :data:`~narrascope.lexicon.pronouns.PRONOUNS`) points back to from ``before``."""
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
                    not _PREDICATIVE_BEFORE.search(since[: m.start()])
                    for m in UNNAMED_PERSON.finditer(since)
                ):
                    return None  # "he" is more likely the unnamed resident met since then
                return antecedent
        if gender == "p":
            return self.antecedent_of(PRONOUNS[self.language].get("he", "x"), before)
        return None

    def _described(self, description: str, before: int) -> Entity | None:
        words = description.lower()
        titles = title_keys(words)
        recent = [(m_start, entity) for m_start, _e, _m, entity in self.mentions
                  if m_start < before]
        ends = {m_start: m_end for m_start, m_end, _m, _e in self.mentions}
        for start, entity in reversed(recent):
            if titles and entity.type == "PERSON" and any(t in entity.titles for t in titles):
                if any(set(title_keys(match.group())) & set(titles)
                       for match in UNNAMED_PERSON.finditer(self.text, start, before)
                       if not self._appositive(ends[start], match.start())):
                    return None  # "a diplomat" introduced since: "the diplomat" is that one
                return entity
        if GENERIC_FUNCTION.search(words):
            for _start, entity in reversed(recent):
                if entity.type == "PERSON" and entity.titles:
                    return entity
        if GENERIC_ORGANISATION.search(words):
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
        if titles or PERSON_DESCRIPTION.search(description):
            return self._described_person(words, before)
        return None

    def _described_person(self, words: str, before: int) -> Entity | None:
        """"The geologist" / "експертът" with no title on record: the person the article
        introduced with that noun lately ("geologist Ana Lima"), else the only person named
        in the sentence before. Anyone else, or nobody, is not guessed."""
        heads = _WORD_RE.findall(words)
        if not heads:
            return None
        if self.language == "en" and not (
                re.match(r"(?:the|this|that)\s", words) and not heads[-1].endswith("s")):
            return None  # "officials", "a doctor": several people, or someone new
        stem = heads[-1][:5]
        index = bisect.bisect_right(self.sentence_starts, before) - 1
        window_start = self.sentences[max(0, index - 5)][0]
        recent = [(m_start, m_end, entity) for m_start, m_end, _m, entity in self.mentions
                  if window_start <= m_start < before and entity.type == "PERSON"
                  and not self.in_quote(m_start)]
        since_unnamed = [(m.start(), m.group().lower()) for m in
                         UNNAMED_PERSON.finditer(self.text, window_start, before)]
        for m_start, m_end, entity in reversed(recent):
            # Only "a soldier" met since the name makes "the soldier" that one; "a shortage
            # of workers" after an older name does not hide the newer expert from "the expert".
            if any(at > m_start and stem in noun and not self._appositive(m_end, at)
                   for at, noun in since_unnamed):
                return None
            around = self.text[max(0, m_start - 60) : m_end + 60].lower()
            if len(stem) >= 4 and re.search(rf"(?<!\w){re.escape(stem)}", around):
                return entity
        previous = self.sentences[max(0, index - 1)][0]
        # A one-word "person" is as often a misread place ("Kraków-based"): full names only.
        people = {entity.id: (m_start, m_end, entity) for m_start, m_end, entity in recent
                  if m_start >= previous and len(entity.name.split()) >= 2}
        named = [item for item in recent if len(item[2].name.split()) >= 2]
        if (not people and named and self.language == "en" and _EXPERT.fullmatch(heads[-1])
                and self._introduced_as_expert(named[-1])):
            # "The analyst" for the expert the article introduced a few sentences before under
            # another word ("Jonas Berg, a researcher at …"), the last person it named, when
            # that person was introduced as an expert of some kind: not someone named bare
            # (a villager), nor an office ("Agriculture Minister Florin Barbu").
            people = {named[-1][2].id: named[-1]}
        if len(people) != 1:
            return None
        m_start, m_end, entity = next(iter(people.values()))
        if any(at > m_start and not self._appositive(m_end, at) for at, _n in since_unnamed):
            return None  # "a resident" met since the name may be who "the woman" is
        return entity

    def _appositive(self, name_end: int, at: int) -> bool:
        """Whether the description at ``at`` is an appositive of the name ending at
        ``name_end`` ("Stefan Brandt, an automotive analyst"): the same person, not a new one."""
        return re.fullmatch(r"\s*,\s*", self.text[name_end:at]) is not None

    def speaker(self, candidate: Candidate, before: int) -> tuple[Speaker | None, dict | None]:
        entity = self.resolve(candidate, before)
        if entity is None:
            description = None
            if candidate.kind == "description":
                description = {"text": candidate.text, "start": candidate.start,
                               "end": candidate.end}
            return None, description
        return Speaker(entity.name, entity.id, candidate.text, candidate.start, candidate.end,
                       candidate.via), None


def _in_appositive(text: str, subject: Candidate, other: Candidate) -> bool:
    between = text[subject.end : other.start]
    return between.lstrip().startswith(",")


def priority(candidate: Candidate) -> int:
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


def nearest(candidates: list[Candidate], cue_start: int, cue_end: int, *,
            prefer_before: bool, cue: str = "", text: str = "") -> Candidate | None:
    """The candidate the speech cue at ``cue_start:cue_end`` belongs to: its subject before
    it (or after it, "…, said Peskov"), else the closest by priority."""
    before = [c for c in candidates if c.end <= cue_start]
    after = [c for c in candidates if c.start >= cue_end]

    def closest_before() -> Candidate | None:
        near = [c for c in before if cue_start - c.end <= 120]
        if not near:
            return None
        if text:
            subjects = [c for c in near if _SUBJECT_GAP.match(text[c.end : cue_start])
                        and not any(o.start > c.end and o.end <= cue_start and o.kind == "entity"
                                    and priority(o) == 0 and not _in_appositive(text, c, o)
                                    for o in near)]
            if subjects:
                return min(subjects, key=lambda c: (c.kind == "pronoun", cue_start - c.end))
        if cue.lower().endswith("ing"):
            # "Lavrov … dismissed the deliveries to Ukraine, saying …": the participle's
            # subject is the clause's subject, the first name, not the nearest.
            return min(near, key=lambda c: (priority(c), c.start))
        return min(near, key=lambda c: (priority(c), cue_start - c.end))

    def closest_after() -> Candidate | None:
        near = [c for c in after if c.start - cue_end <= 40]
        return min(near, key=lambda c: (priority(c), c.start - cue_end)) if near else None

    first, second = (closest_before, closest_after) if prefer_before else (
        closest_after, closest_before)
    return first() or second()
