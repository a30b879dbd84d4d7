"""Evidence about how an article frames one mention of an entity.

What the role model weighs, for one mention: the sentence it sits in and the other sentences
about the same entity (with the entity masked, so the name itself cannot decide), the words of
the mention ("civilians" and "the regime" are framed differently before any verb is read), cue
phrases of each fine role near the mention, whether the entity does or suffers harm or help
(English dependency parse), and what the article's narratives imply for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.cuesearch import CueSet, literal_key

DATA = Path(__file__).parent / "data"
PLACEHOLDER = "X"
_CUE_WINDOW = 80


@lru_cache(maxsize=1)
def role_taxonomy() -> dict[str, str]:
    """fine role -> main role, from the built-in ``entity_roles.tsv``."""
    roles = {}
    for line in (DATA / "entity_roles.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            main, fine = line.split("\t")
            roles[fine.strip()] = main.strip()
    return roles


MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")


def fine_roles() -> list[str]:
    return sorted(role_taxonomy())


#: English verbs by what they make of their subject (agent) or object (patient).
_HARM = ("attack shell bomb invade kill destroy threaten lie deceive steal loot sabotage provoke "
         "escalate occupy terrori oppress blackmail manipulate betray spy bribe cheat ban censor "
         "jail torture deport plot accuse blame murder execut rape abduct kidnap strike target "
         "starve exploit abandon").split()
_HELP = ("defend protect help save rescue liberate heal rebuild negotiate mediate support "
         "resist donate shelter evacuate free feed aid praise honour honor welcome").split()
_SUFFER = ("die suffer flee lose starve mourn freeze perish").split()
#: A word that starts like one of the verbs above (votes compare the verb's start).
_VERB_STEM = re.compile(r"\b(?:" + "|".join(sorted(set(_HARM + _HELP + _SUFFER))) + ")",
                        re.IGNORECASE)
#: syntax features: agent of harm, agent of help, patient of harm, patient of help, sufferer
SYNTAX_FEATURES = ("agent_harm", "agent_help", "patient_harm", "patient_help", "suffers")

#: Narrative -> (who it concerns, by name fragments) -> fine roles it implies.
NARRATIVE_PRIORS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("URW: Discrediting Ukraine", ("ukrain", "zelensk", "kyiv", "kiev", "kiiv", "azov",
                                   "zsu", "afu", "украин", "зеленск", "киев", "україн"),
     ("Incompetent", "Corrupt", "Deceiver")),
    ("URW: Discrediting the West, Diplomacy", ("nato", "west", "usa", "united stat", "america",
                                               "biden", "european union", " eu ", "brussel",
                                               "britain", "london", "washington", "нато",
                                               "запад", "сша"),
     ("Instigator", "Foreign Adversary", "Deceiver")),
    ("URW: Blaming the war on others rather than the invader", ("nato", "west", "usa",
                                                                "america", "biden", "ukrain",
                                                                "нато", "сша", "запад"),
     ("Instigator", "Foreign Adversary")),
    ("URW: Russia is the Victim", ("russia", "moscow", "putin", "russian", "росси", "путин",
                                   "москв"), ("Victim", "Scapegoat")),
    ("URW: Praise of Russia", ("russia", "moscow", "putin", "russian", "росси", "путин"),
     ("Guardian", "Virtuous")),
    ("URW: Overpraising the West", ("nato", "west", "usa", "america", "biden", "ukrain",
                                    "zelensk"), ("Guardian", "Virtuous")),
    ("URW: Hidden plots by secret schemes of powerful groups", ("nato", "west", "usa",
                                                                "soros", "cia", "pentagon"),
     ("Conspirator",)),
    ("CC: Criticism of climate movement", ("thunberg", "greenpeace", "extinction",
                                           "just stop oil", "activist", "gore"),
     ("Deceiver", "Conspirator")),
    ("CC: Criticism of institutions and authorities", ("european union", " eu ", "commission",
                                                       "government", " un ", "ipcc", "cop"),
     ("Incompetent", "Tyrant", "Corrupt")),
    ("CC: Criticism of climate policies", ("european union", " eu ", "commission",
                                           "government", "brussel"), ("Incompetent", "Tyrant")),
    ("CC: Hidden plots by secret schemes of powerful groups", ("gates", "schwab", "world econ",
                                                               "soros", "davos", "elite"),
     ("Conspirator",)),
)


@dataclass
class MentionEvidence:
    """What the role model reads for one mention (or one entity, with all its mentions)."""

    mention: str
    own: str  # the masked sentence(s) holding the mention(s), joined
    others: str  # masked sentences about the same entity elsewhere in the article, joined
    spans: list[tuple[int, int]]  # text spans of ``own`` then ``others``
    cues: np.ndarray  # per fine role, hits near the mention (capped)
    syntax: np.ndarray  # SYNTAX_FEATURES
    prior: np.ndarray  # per fine role, implied by the article's narratives
    fired: list[str]  # the cue phrases that matched, for the explanation


@lru_cache(maxsize=1)
def role_cues() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Cue phrases per fine role from the role knowledge base (all languages together)."""
    import yaml

    cues: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for entry in yaml.safe_load((DATA / "knowledge.yaml").read_text(encoding="utf-8")) or []:
        phrases = [p for words in (entry.get("cues") or {}).values() for p in words if p]
        if entry.get("role") in role_taxonomy() and phrases:
            cues[entry["role"]] = [(p, re.compile(rf"(?<!\w){re.escape(p)}", re.IGNORECASE))
                                   for p in phrases]
    return cues


@lru_cache(maxsize=8)
def _cue_matches(text: str) -> list[tuple[tuple[str, str], list[int], list[int]]]:
    """Where each role cue matches in ``text`` (one article): ((role, phrase), starts, ends),
    found once over the whole text, so that a cue's "no letter before" sees the real text
    ("lies" does not match inside "allies")."""
    found = []
    for pattern, cue in _role_cue_set().present(text):
        spans = [m.span() for m in pattern.finditer(text)]
        if spans:
            found.append((cue, [s for s, _ in spans], [e for _, e in spans]))
    return found


@lru_cache(maxsize=1)
def _role_cue_set() -> CueSet[tuple[str, str]]:
    return CueSet([(literal_key(phrase), pattern, (role, phrase))
                   for role, cues in role_cues().items() for phrase, pattern in cues])


def _masked(text: str, span: tuple[int, int], mentions: Sequence[tuple[int, int]]) -> str:
    start, end = span
    pieces, cursor = [], start
    for m0, m1 in sorted(mentions):
        if start <= m0 < end and m0 >= cursor:
            pieces += [text[cursor:m0], PLACEHOLDER]
            cursor = min(m1, end)
    pieces.append(text[cursor:end])
    return " ".join("".join(pieces).split())


def _sentence_of(sentences: Sequence[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    for span in sentences:
        if span[0] <= offset < span[1]:
            return span
    return None


def mention_evidence(text: str, sentences: Sequence[tuple[int, int]],
                     targets: Sequence[tuple[int, int]], entity: Sequence[tuple[int, int]] = (),
                     *, narratives: Sequence[str] = (), entity_key: str = "",
                     parse: Any = None, max_own: int = 2, max_others: int = 3
                     ) -> MentionEvidence:
    """Evidence for the mentions ``targets``; ``entity`` lists every mention of the same
    entity in the article (defaults to ``targets``).

    Sentences are joined, a few at most, so that an entity costs three embeddings whatever
    its number of mentions."""
    entity = sorted(set(entity) | set(targets))
    own_spans = list(dict.fromkeys(s for m0, _ in targets
                                   if (s := _sentence_of(sentences, m0)) is not None))
    if not own_spans:  # a mention in a title or outside any sentence: a window around it
        m0, m1 = targets[0]
        own_spans = [(max(0, m0 - 150), min(len(text), m1 + 150))]
    other_spans = list(dict.fromkeys(
        s for m0, _ in entity if (s := _sentence_of(sentences, m0)) is not None
        and s not in own_spans))[:max_others]
    own_spans = own_spans[:max_own]
    roles = fine_roles()
    cues = np.zeros(len(roles), dtype=np.float32)
    fired: list[str] = []
    found = _cue_matches(text)
    for m0, m1 in targets:
        low, high = max(0, m0 - _CUE_WINDOW), m1 + _CUE_WINDOW
        hits: dict[str, list[str]] = {}
        for (role, phrase), starts, ends in found:
            first = bisect_left(starts, low)
            if first < len(starts) and ends[first] <= high:
                hits.setdefault(role, []).append(phrase)
        for role, phrases in hits.items():
            cues[roles.index(role)] += min(len(phrases), 3)
            fired += phrases[:2]
    syntax = _syntax(parse, targets, sentences) if parse is not None else np.zeros(
        len(SYNTAX_FEATURES), dtype=np.float32)
    prior = np.zeros(len(roles), dtype=np.float32)
    key = f" {entity_key.lower()} "
    for narrative, fragments, implied in NARRATIVE_PRIORS:
        if narrative in narratives and any(f in key for f in fragments):
            for role in implied:
                prior[roles.index(role)] += 1.0
    mention = text[targets[0][0] : targets[0][1]]
    return MentionEvidence(mention, " ".join(_masked(text, s, entity) for s in own_spans),
                           " ".join(_masked(text, s, entity) for s in other_spans),
                           own_spans + other_spans, np.minimum(cues, 3.0), syntax,
                           np.minimum(prior, 2.0), list(dict.fromkeys(fired)))


def syntax_sentences(text: str, sentences: Sequence[tuple[int, int]],
                     mentions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences :func:`_syntax` will parse for these mentions."""
    return [sentence for m0, m1 in mentions
            if (sentence := _sentence_of(sentences, m0) or (max(0, m0 - 300), m1 + 300))
            and _VERB_STEM.search(text, sentence[0], sentence[1])]


def _syntax(parse: Any, mentions: Sequence[tuple[int, int]],
            sentences: Sequence[tuple[int, int]] = ()) -> np.ndarray:
    """English: the entity as subject of an attacking verb, object of a harming one…"""
    votes = np.zeros(len(SYNTAX_FEATURES), dtype=np.float32)
    for m0, m1 in mentions:
        sentence = _sentence_of(sentences, m0) or (max(0, m0 - 300), m1 + 300)
        if not _VERB_STEM.search(parse.text, sentence[0], sentence[1]):
            continue  # no verb here can vote: spare the parse
        span = parse.char_span(m0, m1, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        verb = head.head
        word = (verb.lemma_ or verb.text).lower()  # the pipeline runs without a lemmatizer
        if head.dep_ == "pobj" and head.head.text.lower() == "by":  # "was shelled by X"
            verb = head.head.head
            word, role = (verb.lemma_ or verb.text).lower(), "agent"
        elif head.dep_ in ("nsubj",):
            role = "agent"
        elif head.dep_ in ("dobj", "nsubjpass", "pobj"):
            role = "patient"
        else:
            continue
        if role == "agent" and any(word.startswith(v) for v in _SUFFER):
            votes[4] += 1
        for index, verbs in ((0, _HARM), (1, _HELP)):
            if any(word.startswith(v) for v in verbs):
                votes[index + (2 if role == "patient" else 0)] += 1
    return np.minimum(votes, 2.0)


def knowledge_exemplars() -> list[tuple[str, str, str]]:
    """(sentence with the mention marked [[…]], fine role or "none", language) from the role
    knowledge base."""
    import yaml

    rows = []
    for entry in yaml.safe_load((DATA / "knowledge.yaml").read_text(encoding="utf-8")) or []:
        role = entry["role"] if entry["role"] in role_taxonomy() else "none"
        for language, items in (entry.get("exemplars") or {}).items():
            rows += [(sentence, role, language) for sentence in items]
    return rows


_MARK = re.compile(r"\[\[(.+?)\]\]")


def exemplar_evidence(marked: str, parse: Any = None) -> MentionEvidence:
    """Evidence for the ``[[…]]`` mention of an exemplar sentence."""
    match = _MARK.search(marked)
    if match is None:
        raise ValueError(f"exemplar without a [[mention]]: {marked!r}")
    text = marked[: match.start()] + match.group(1) + _MARK.sub(r"\1", marked[match.end():])
    span = (match.start(), match.start() + len(match.group(1)))
    return mention_evidence(text, [(0, len(text))], [span], parse=parse)
