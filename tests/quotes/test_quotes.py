"""Quotes and speakers: the hard cases, one behaviour per test."""

from __future__ import annotations

import pytest

from narrascope import Pipeline, RawArticle
from narrascope.quotes.marks import find_quotes
from narrascope.quotes.scoring import QuoteScores, overlap, same_speaker, score_article

#: The quotes stage and what it needs; no embeddings.
PIPELINE = Pipeline(["clean", "language", "sentences", "entities", "quotes"])


def quotes_of(text: str) -> list[dict]:
    return PIPELINE(RawArticle(source="t", text=text)).to_dict()["quotes"]


def speakers(text: str) -> list[tuple[str, str, str | None]]:
    return [(q["kind"], q["text"], q["speaker"]["name"] if q["speaker"] else None)
            for q in quotes_of(text)]


@pytest.mark.parametrize(
    "text",
    [
        "“The weapons will not change the outcome,” Lavrov said.",
        "“The weapons will not change the outcome,” said Lavrov.",
        "Lavrov said: “The weapons will not change the outcome.”",
        "‘The weapons will not change the outcome,’ Lavrov told reporters.",
        '"The weapons will not change the outcome," Lavrov said.',
        "«The weapons will not change the outcome», — said Lavrov.",
    ],
)
def test_direct_quote_with_any_marks_and_speaker_position(text: str) -> None:
    assert speakers(text) == [("direct", "The weapons will not change the outcome",
                               "Sergei Lavrov")] or speakers(text) == [
        ("direct", "The weapons will not change the outcome.", "Sergei Lavrov")]


def test_pronoun_speaker_resolves_to_the_named_person() -> None:
    text = ("Dmitry Peskov spoke to journalists on Monday. “We see no basis for talks,” he said.")
    assert speakers(text)[-1] == ("direct", "We see no basis for talks", "Dmitry Peskov")


def test_split_quote_keeps_kind_and_speaker() -> None:
    text = "“We will respond,” Peskov said, “and the response will be harsh.”"
    assert speakers(text) == [
        ("direct", "We will respond", "Dmitry Peskov"),
        ("direct", "and the response will be harsh.", "Dmitry Peskov"),
    ]


def test_quote_paragraph_after_a_colon_line() -> None:
    text = "Zelensky wrote on Telegram:\n\n“We will never surrender. Never.”"
    assert speakers(text) == [("direct", "We will never surrender. Never.",
                               "Volodymyr Zelensky")]


def test_quote_over_two_paragraphs_is_one_quote() -> None:
    text = ("“We are not here to bargain with physics.\n\n“Physics does not negotiate,” "
            "Guterres said.")
    (quote,) = quotes_of(text)
    assert quote["text"] == "We are not here to bargain with physics. Physics does not negotiate"
    assert len(quote["parts"]) == 2
    assert quote["speaker"]["name"].endswith("Guterres")


def test_partial_quote_in_reported_speech() -> None:
    text = ("Lavrov dismissed the deliveries to Ukraine on Tuesday, saying the tanks "
            "“will not change the outcome” of the war.")
    kinds = speakers(text)
    assert ("partial", "will not change the outcome", "Sergei Lavrov") in kinds


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “special military operation” entered its third year.",
        "Kyiv’s “counteroffensive” stalled in the mud, officials admit.",
        "The newspaper “Izvestia” published the letter on Monday.",
        "Moscow launched the “hunt” for collaborators in the occupied areas.",
    ],
)
def test_scare_quotes_labels_and_titles_are_not_quotes(text: str) -> None:
    assert [q for q in quotes_of(text) if q["kind"] != "indirect"] == []


def test_indirect_speech_with_that_and_according_to() -> None:
    text = ("Peskov said that the talks had no prospects. According to Lavrov, the West "
            "wants the war to go on.")
    indirect = [(q["text"], q["speaker"]["name"]) for q in quotes_of(text)
                if q["kind"] == "indirect"]
    assert indirect == [("the talks had no prospects", "Dmitry Peskov"),
                        ("the West wants the war to go on", "Sergei Lavrov")]


def test_unnamed_description_is_kept_but_not_called_a_speaker() -> None:
    (quote,) = [q for q in quotes_of("“We pulled two people out alive,” a rescuer said.")
                if q["kind"] == "direct"]
    assert quote["speaker"] is None


def test_russian_dash_attribution_and_inflected_names() -> None:
    text = "«Это провокация», — заявил Песков. По словам Лаврова, Запад хочет войны."
    found = [(q["kind"], q["speaker"]["name"] if q["speaker"] else None)
             for q in quotes_of(text)]
    assert found == [("direct", "Dmitry Peskov"), ("indirect", "Sergei Lavrov")]


def test_marks_ignore_apostrophes_and_nested_quotes() -> None:
    text = "‘Ukraine’s army is tired,’ he said. «Мы не позволим „Западу“ диктовать»."
    assert [q.text(text) for q in find_quotes(text)] == [
        "Ukraine’s army is tired", "Мы не позволим „Западу“ диктовать"]


def test_offsets_point_at_the_quoted_words() -> None:
    text = "Kyiv under fire again\n\n“Nobody will save us but ourselves,” the mayor said."
    doc = PIPELINE(RawArticle(source="t", text=text))
    (quote,) = doc.to_dict()["quotes"]
    assert doc.text[quote["start"] : quote["end"]] == quote["text"]


def test_scorer_matches_overlapping_quotes_and_judges_speakers() -> None:
    text = "“We will respond,” Peskov said. “Nothing else,” he added."
    gold = [{"text": "We will respond", "kind": "direct", "speaker": "Dmitry Peskov"},
            {"text": "Nothing else", "kind": "direct", "speaker": "Dmitry Peskov"},
            {"text": "not in text", "kind": "direct", "speaker": None}]
    predicted = [{"text": "We will respond,", "start": 1, "end": 17, "kind": "direct",
                  "speaker": {"name": "Dmitry Peskov", "entity_id": "person/x"}},
                 {"text": "Peskov said", "start": 19, "end": 30, "kind": "direct",
                  "speaker": None}]
    scores = QuoteScores()
    score_article(text, gold, predicted, scores)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 1, 2)
    assert scores.speaker_accuracy() == 1.0
    assert overlap([(0, 10)], [(20, 30)]) == 0.0
    assert same_speaker("Volodymyr Zelensky", {"name": "Volodymyr Zelenskyy"})
    assert not same_speaker(None, {"name": "Volodymyr Zelenskyy"})


def test_attribution_followed_by_more_reporting_and_the_subject_before_a_relative_clause(
) -> None:
    text = ("The attack involved more than 20 drones, the Ukrainian air force said, adding "
            "that 13 of them were shot down over the Odesa region.\n"
            "Hans Riedel, who runs a glassworks in Thuringia, told a regional newspaper that "
            "his gas bill had risen fourfold.")
    found = {q["text"][:20]: q["speaker"]["name"] if q["speaker"] else None
             for q in quotes_of(text)}
    assert found["The attack involved "] == "Ukrainian Air Force"
    assert found["his gas bill had ris"] == "Hans Riedel"
