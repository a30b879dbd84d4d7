"""Explanations name who carries the narrative, state the claim and say why it fits."""

from __future__ import annotations

from narrascope.annotations import Voice
from narrascope.narratives.explain import MAX_WORDS, explain

LAVROV = Voice("quoted", "Sergei Lavrov", "person/sergei-lavrov")
SENTENCE = "“The West will fight to the last Ukrainian,” Lavrov said."
CLAIM = "The West will fight to the last Ukrainian,"


def test_a_quoted_speaker_carries_the_narrative_not_the_outlet() -> None:
    text = explain("URW: Discrediting the West, Diplomacy", None, [SENTENCE], [],
                   [(0, len(SENTENCE))], [LAVROV], [CLAIM])
    assert text.startswith("Sergei Lavrov is quoted saying")
    assert "The West will fight to the last Ukrainian." in text
    assert "in its own voice" not in text


def test_the_outlets_own_voice_reads_differently_and_names_the_sub_narrative() -> None:
    sentence = "Kyiv takes its orders from Washington and always has."
    text = explain("URW: Discrediting Ukraine",
                   "URW: Discrediting Ukraine: Ukraine is a puppet of the West", [sentence], [],
                   [(0, len(sentence))], [Voice("outlet")])
    assert text.startswith("The outlet asserts in its own voice")
    assert "Ukraine is a puppet of the West" in text
    quoted = explain("URW: Discrediting Ukraine",
                     "URW: Discrediting Ukraine: Ukraine is a puppet of the West", [SENTENCE], [],
                     [(0, len(SENTENCE))], [LAVROV], [CLAIM])
    assert text.split(":")[0] != quoted.split(":")[0]  # not one fixed template


def test_two_voices_are_both_named_and_the_length_stays_within_the_limit() -> None:
    long_sentence = " ".join(["The regime in Kyiv has betrayed its own people"] * 8) + "."
    text = explain("URW: Discrediting Ukraine", None, [long_sentence, SENTENCE], [],
                   [(0, 10), (11, 20)], [Voice("outlet"), LAVROV], [None, CLAIM])
    assert len(text.split()) <= MAX_WORDS
    assert text.startswith("The outlet")
