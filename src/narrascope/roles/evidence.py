"""Evidence about how an article frames one entity: its sentences, cue words near it, whether
it acts or is acted upon, and what the article's narratives imply for it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from narrascope.roles.model import PLACEHOLDER

DATA = Path(__file__).parent / "data"
_CUE_WINDOW = 80
CUE_WEIGHT = 0.04
PRIOR_WEIGHT = 0.06

#: English verbs by what they make of their subject (agent) or object (patient).
_AGENT_VERBS = {
    "Antagonist": "attack shell bomb invade kill destroy threaten lie deceive steal loot "
                  "sabotage provoke escalate occupy terrorise terrorize oppress blackmail "
                  "manipulate betray spy bribe cheat ban censor jail torture deport plot",
    "Protagonist": "defend protect help save rescue liberate heal rebuild negotiate mediate "
                   "support resist fight donate shelter evacuate",
}
_PATIENT_VERBS = {
    "Innocent": "kill wound injure shell bomb attack displace deport abandon forget exploit "
                "use betray blame starve torture destroy flood evacuate",
}
_MAIN_FINE = {"Antagonist": "Instigator", "Protagonist": "Guardian", "Innocent": "Victim"}

#: Narrative -> (who it concerns, by name key fragments) -> fine roles it implies.
NARRATIVE_PRIORS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("URW: Discrediting Ukraine", ("ukrain", "zelensk", "kyiv", "kiev", "kiiv", "azov",
                                   "zsu", "afu"), ("Incompetent", "Corrupt", "Deceiver")),
    ("URW: Discrediting the West, Diplomacy", ("nato", "west", "usa", "united stat", "america",
                                               "biden", "european union", "eu", "brussel",
                                               "britain", "london", "washington"),
     ("Instigator", "Foreign Adversary", "Deceiver")),
    ("URW: Blaming the war on others rather than the invader", ("nato", "west", "usa",
                                                                "america", "biden", "ukrain"),
     ("Instigator", "Foreign Adversary")),
    ("URW: Russia is the Victim", ("russia", "moscow", "putin", "russian"),
     ("Victim", "Scapegoat")),
    ("URW: Praise of Russia", ("russia", "moscow", "putin", "russian"),
     ("Guardian", "Virtuous")),
    ("URW: Overpraising the West", ("nato", "west", "usa", "america", "biden", "ukrain",
                                    "zelensk"), ("Guardian", "Virtuous")),
    ("URW: Hidden plots by secret schemes of powerful groups", ("nato", "west", "usa",
                                                                "soros", "cia", "pentagon"),
     ("Conspirator",)),
    ("CC: Criticism of climate movement", ("thunberg", "greenpeace", "extinction",
                                           "just stop oil", "activist", "gore"),
     ("Deceiver", "Conspirator")),
    ("CC: Criticism of institutions and authorities", ("european union", "eu", "commission",
                                                       "government", "un ", "ipcc", "cop"),
     ("Incompetent", "Tyrant", "Corrupt")),
    ("CC: Criticism of climate policies", ("european union", "eu", "commission", "government",
                                           "brussel"), ("Incompetent", "Tyrant")),
    ("CC: Hidden plots by secret schemes of powerful groups", ("gates", "schwab", "world econ",
                                                               "soros", "davos", "elite"),
     ("Conspirator",)),
)


@dataclass
class EntityContext:
    sentences: list[tuple[int, int]]  # spans in the text
    masked: list[str]  # the sentences with the entity's mentions replaced by X
    cue_votes: dict[str, float]
    prior: dict[str, float]


@lru_cache(maxsize=1)
def role_cues() -> dict[str, list[re.Pattern[str]]]:
    """Cue phrases per fine role from the role knowledge base (all languages together)."""
    import yaml

    path = DATA / "knowledge.yaml"
    if not path.exists():
        return {}
    cues: dict[str, list[re.Pattern[str]]] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        phrases = [p for words in (entry.get("cues") or {}).values() for p in words if p]
        if entry.get("role") and phrases:
            cues[entry["role"]] = [re.compile(rf"(?<!\w){re.escape(p)}", re.IGNORECASE)
                                   for p in phrases]
    return cues


def context(text: str, sentences: Sequence[tuple[int, int]],
            mentions: Sequence[tuple[int, int]], *, narratives: Sequence[str] = (),
            entity_key: str = "", parse: Any = None) -> EntityContext:
    """Everything the role model weighs for one entity with these mention spans."""
    chosen = [s for s in sentences if any(s[0] <= m0 < s[1] for m0, _ in mentions)]
    masked = []
    for start, end in chosen:
        pieces, cursor = [], start
        for m0, m1 in sorted(mentions):
            if start <= m0 < end and m0 >= cursor:
                pieces += [text[cursor:m0], PLACEHOLDER]
                cursor = min(m1, end)
        pieces.append(text[cursor:end])
        masked.append("".join(pieces))
    votes: dict[str, float] = {}
    for m0, m1 in mentions:
        window = text[max(0, m0 - _CUE_WINDOW) : m1 + _CUE_WINDOW]
        for role, patterns in role_cues().items():
            hits = sum(1 for pattern in patterns if pattern.search(window))
            if hits:
                votes[role] = votes.get(role, 0.0) + CUE_WEIGHT * min(hits, 3)
    if parse is not None:
        for role, bonus in _syntax_votes(parse, mentions).items():
            votes[role] = votes.get(role, 0.0) + bonus
    prior: dict[str, float] = {}
    key = f" {entity_key.lower()} "
    for narrative, fragments, roles in NARRATIVE_PRIORS:
        if narrative in narratives and any(f in key for f in fragments):
            for role in roles:
                prior[role] = prior.get(role, 0.0) + PRIOR_WEIGHT
    return EntityContext(chosen, masked, votes, prior)


def _syntax_votes(parse: Any, mentions: Sequence[tuple[int, int]]) -> dict[str, float]:
    """English: the entity as subject of an attacking verb, object of a harming one…"""
    votes: dict[str, float] = {}
    for m0, m1 in mentions:
        span = parse.char_span(m0, m1, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        verb = head.head
        word = (verb.lemma_ or verb.text).lower()  # the pipeline runs without a lemmatizer
        for dependencies, table in ((("nsubj",), _AGENT_VERBS),
                                    (("dobj", "nsubjpass", "pobj"), _PATIENT_VERBS)):
            if head.dep_ not in dependencies:
                continue
            for main, verbs in table.items():
                if any(word.startswith(v) for v in verbs.split()):
                    votes[_MAIN_FINE[main]] = votes.get(_MAIN_FINE[main], 0.0) + 0.05
    return votes
