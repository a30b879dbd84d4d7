"""Explanations an analyst can paste into a report: who carries the dominant narrative, what
they claim, and why that claim is the narrative.

An explanation names its carrier (the outlet itself, or the speaker it quotes or paraphrases,
as the quotes stage found them), states the claim from the article's own words (the quoted
words when a speaker carries it), and says why the claim fits: what the narrative does and,
when the evidence is specific, which sub-narrative it is, naming the entities the evidence is
about. Its shape follows the evidence (one voice or two, a quote or a paraphrase), so two
explanations do not read alike. It stays within :data:`MAX_WORDS` words and invents nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from narrascope.annotations import Entity, Voice

MAX_WORDS = 80
_SPACE = re.compile(r"\s+")


def _clip_words(text: str, limit: int) -> str:
    words = _SPACE.sub(" ", text).strip().split(" ")
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]).rstrip(",;:—-") + "…"


def _short_label(label: str) -> str:
    return label.rsplit(": ", 1)[-1]


def _carrier(voice: Voice | None) -> tuple[str, str]:
    """(who, how they say it) for one evidence sentence."""
    if voice is None or voice.kind == "outlet":
        return "the outlet", "asserts in its own voice"
    who = voice.speaker or "an unnamed source"
    if voice.kind == "quoted":
        return who, "is quoted saying"
    return who, "is reported as saying"


def explain(narrative: str, subnarrative: str | None, evidence: Sequence[str],
            entities: Sequence[Entity], evidence_spans: Sequence[tuple[int, int]] = (),
            voices: Sequence[Voice | None] = (), claims: Sequence[str | None] = ()) -> str:
    """A justification of ``narrative`` from the article's evidence sentences.

    ``voices`` gives each evidence sentence's voice, and ``claims`` the words a speaker is
    quoted or reported saying in it (the sentence itself is used otherwise).

    >>> from narrascope.annotations import Entity, Mention, Voice
    >>> kyiv = Entity("place/kyiv", "Kyiv", "PLACE", "gazetteer", [Mention(0, 4, "Kyiv", "name")])
    >>> print(explain(
    ...     "URW: Discrediting Ukraine",
    ...     "URW: Discrediting Ukraine: Ukraine is a puppet of the West",
    ...     ["Kyiv takes its orders from Washington, the blogger wrote."], [kyiv], [(0, 56)]))
    ... # doctest: +NORMALIZE_WHITESPACE
    The outlet asserts in its own voice: "Kyiv takes its orders from Washington, the blogger
    wrote." This discredits Ukraine, centring on Kyiv: it is the claim that Ukraine is a
    puppet of the West.
    >>> lavrov = Voice("quoted", "Sergei Lavrov", "person/sergei-lavrov")
    >>> print(explain("URW: Discrediting the West, Diplomacy", None,
    ...     ["“The West will fight to the last Ukrainian,” Lavrov said."], [], [(0, 55)],
    ...     [lavrov], ["The West will fight to the last Ukrainian,"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    Sergei Lavrov is quoted saying: "The West will fight to the last Ukrainian." The outlet
    carries it without challenge, and the claim discredits the West and its diplomacy.
    """
    topic = _short_label(narrative)
    framing = _FRAMINGS.get(topic, f"pushes the narrative “{topic}”")
    sub = _short_label(subnarrative) if subnarrative and not subnarrative.endswith(
        ": Other") else None
    actors = _actors(entities, evidence_spans)
    voices = list(voices) + [None] * (len(evidence) - len(voices))
    claims = list(claims) + [None] * (len(evidence) - len(claims))
    if not evidence:
        head = f"The article {framing}" + (f": the claim that {_lower_first(sub)}" if sub
                                           else "") + "."
        return _clip_words(head, MAX_WORDS)
    who, how = _carrier(voices[0])
    claim = _claim(claims[0] or evidence[0])
    opening = f"{who[0].upper()}{who[1:]} {how}: \"{claim}\""
    why = _why(framing, sub, actors, voices[0])
    budget = MAX_WORDS - len(opening.split()) - len(why.split())
    second = ""
    others = [i for i in range(1, len(evidence)) if _carrier(voices[i])[0] != who]
    if others and budget > 14:
        other_who, other_how = _carrier(voices[others[0]])
        other_claim = _clip_words(_claim(claims[others[0]] or evidence[others[0]]), budget - 8)
        second = f" {other_who[0].upper()}{other_who[1:]} {other_how}: \"{other_claim}\""
    elif len(evidence) > 1 and budget > 12:
        second = f" It goes on: \"{_clip_words(_claim(claims[1] or evidence[1]), budget - 4)}\""
    if len(opening.split()) > MAX_WORDS - len(why.split()):
        opening = _clip_words(opening, MAX_WORDS - len(why.split()) - 1) + "\""
    return _clip_words(opening + second + " " + why, MAX_WORDS)


def _claim(text: str) -> str:
    """The claim in a sentence or quote, without the trailing comma a quote ends with."""
    text = _SPACE.sub(" ", text).strip().strip("“”\"«»„")
    text = text.rstrip(",;: ")
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _why(framing: str, sub: str | None, actors: list[str], voice: Voice | None) -> str:
    centring = f", centring on {_join(actors)}" if actors else ""
    specific = f": it is the claim that {_lower_first(sub)}" if sub else ""
    if voice is not None and voice.kind != "outlet":
        return (f"The outlet carries it without challenge, and the claim {framing}"
                f"{centring}{specific}.")
    return f"This {framing}{centring}{specific}."


def _lower_first(text: str) -> str:
    if (len(text) > 1 and text[0].isupper() and not text[1].isupper()
            and text.split()[0] not in _PROPER_STARTS):
        return text[0].lower() + text[1:]
    return text


#: Sub-narratives that start with a name, whose capital stays.
_PROPER_STARTS = {"Ukraine", "Ukrainian", "Russia", "Russian", "NATO", "West", "Western",
                  "EU", "Europe", "Zelensky", "Putin", "Kyiv", "Russians", "Ukrainians",
                  "Climate", "CO2", "Greta"}


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
