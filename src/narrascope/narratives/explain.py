"""Explanations an analyst can paste into a report: the dominant narrative, grounded in the
article's own sentences and in who it blames or praises.

The explanation names the narrative, then quotes or condenses the article's strongest evidence
sentences (never invented claims), and names the entities those sentences are about. It stays
within :data:`MAX_WORDS` words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from narrascope.annotations import Entity

MAX_WORDS = 80
_SPACE = re.compile(r"\s+")


def _clip_words(text: str, limit: int) -> str:
    words = _SPACE.sub(" ", text).strip().split(" ")
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]).rstrip(",;:—-") + "…"


def _short_label(label: str) -> str:
    return label.rsplit(": ", 1)[-1]


def explain(narrative: str, subnarrative: str | None, evidence: Sequence[str],
            entities: Sequence[Entity], evidence_spans: Sequence[tuple[int, int]] = ()
            ) -> str:
    """A plain-language justification of ``narrative`` from the article's own sentences.

    >>> from narrascope.annotations import Entity, Mention
    >>> kyiv = Entity("place/kyiv", "Kyiv", "PLACE", "gazetteer", [Mention(0, 4, "Kyiv", "name")])
    >>> text = explain(
    ...     "URW: Discrediting Ukraine",
    ...     "URW: Discrediting Ukraine: Ukraine is a puppet of the West",
    ...     ["Kyiv takes its orders from Washington, the blogger wrote."], [kyiv], [(0, 56)])
    >>> text.split(" It says: ")[0]
    'The article discredits Ukraine (Ukraine is a puppet of the West), centring on Kyiv.'
    """
    topic = _short_label(narrative)
    framing = _FRAMINGS.get(topic, f"pushes the narrative “{topic}”")
    sub = _short_label(subnarrative) if subnarrative and not subnarrative.endswith(
        ": Other") else None
    head = f"The article {framing}" + (f" ({sub})" if sub else "")
    actors = _actors(entities, evidence_spans)
    if actors:
        head += f", centring on {_join(actors)}"
    head += "."
    budget = MAX_WORDS - len(head.split()) - 2
    quoted = []
    for sentence in evidence:
        if budget <= 4:
            break
        clipped = _clip_words(sentence, budget)
        quoted.append(clipped)
        budget -= len(clipped.split())
    if not quoted:
        return _clip_words(head, MAX_WORDS)
    body = " It says: " + " … ".join(f'"{q}"' for q in quoted[:1]) + (
        "".join(f' It adds: "{q}"' for q in quoted[1:2]))
    return _clip_words(head + body, MAX_WORDS)


def _actors(entities: Sequence[Entity], spans: Sequence[tuple[int, int]]) -> list[str]:
    """The people, organisations and countries the evidence sentences are about."""
    counts: Counter[str] = Counter()
    for entity in entities:
        if entity.type not in ("PERSON", "ORG", "PLACE", "GROUP"):
            continue
        for mention in entity.mentions:
            if any(s <= mention.start < e for s, e in spans):
                counts[entity.name] += 1
    return [name for name, _ in counts.most_common(2)]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"


#: How each narrative is described in an explanation ("The article …").
_FRAMINGS = {
    "Discrediting Ukraine": "discredits Ukraine",
    "Discrediting the West, Diplomacy": "discredits the West and its diplomacy",
    "Praise of Russia": "praises Russia",
    "Russia is the Victim": "presents Russia as the victim",
    "Blaming the war on others rather than the invader": "blames the war on others rather "
    "than on the invader",
    "Amplifying war-related fears": "amplifies fears about the war",
    "Distrust towards Media": "sows distrust of the media",
    "Hidden plots by secret schemes of powerful groups": "alleges hidden plots by powerful "
    "groups",
    "Negative Consequences for the West": "stresses negative consequences for the West",
    "Overpraising the West": "overpraises the West",
    "Speculating war outcomes": "speculates about how the war will end",
    "Amplifying Climate Fears": "amplifies fears about climate change",
    "Climate change is beneficial": "presents climate change as beneficial",
    "Controversy about green technologies": "casts doubt on green technologies",
    "Criticism of climate movement": "attacks the climate movement",
    "Criticism of climate policies": "attacks climate policies",
    "Criticism of institutions and authorities": "attacks institutions and authorities over "
    "climate",
    "Downplaying climate change": "downplays climate change",
    "Green policies are geopolitical instruments": "presents green policies as geopolitical "
    "instruments",
    "Questioning the measurements and science": "questions climate measurements and science",
}
