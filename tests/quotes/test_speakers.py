"""Quotes and speakers: reported speech beside quotations, possessive sources, names the
entities stage missed, descriptions and places. Invented sentences, one behaviour per test."""

from __future__ import annotations

from narrascope import Pipeline, RawArticle

PIPELINE = Pipeline(["clean", "language", "sentences", "entities", "quotes"])


def quotes_of(text: str) -> list[dict]:
    return PIPELINE(RawArticle(source="t", text=text)).to_dict()["quotes"]


def speaker_of(text: str, start: str) -> str | None:
    """The speaker of the quote whose text starts with ``start`` (KeyError if none)."""
    found = {q["text"][: len(start)]: q["speaker"]["name"] if q["speaker"] else None
             for q in quotes_of(text)}
    return found[start]


def test_said_a_adding_that_b_gives_two_reports() -> None:
    text = ("Lavrov met his Turkish counterpart in Ankara on Tuesday. The grain corridor had "
            "been closed for a week, Lavrov said, adding that the ships would wait for "
            "guarantees.")
    assert speaker_of(text, "The grain corridor") == "Sergei Lavrov"
    assert speaker_of(text, "the ships would wait") == "Sergei Lavrov"


def test_reported_speech_beside_a_quotation_in_the_same_sentence() -> None:
    text = ("Dmitry Peskov called the sanctions “an act of economic war” and said that the "
            "Kremlin would answer them within a month.")
    assert speaker_of(text, "the Kremlin would answer") == "Dmitry Peskov"


def test_quoted_words_are_not_reported_speech_again() -> None:
    text = "“We will answer,” Peskov said, “and the answer will be firm.”"
    assert all(q["kind"] != "indirect" for q in quotes_of(text))


def test_possessive_source_points_back_to_the_person_named_before() -> None:
    text = ("Sergei Lavrov spoke to reporters after the meeting in Geneva. In his view, the "
            "talks could not go on without written guarantees.")
    assert speaker_of(text, "the talks could not") == "Sergei Lavrov"


def test_possessive_source_in_ukrainian() -> None:
    text = ("Сергій Лавров виступив перед журналістами після зустрічі. За його словами, "
            "переговори не можуть тривати без письмових гарантій.")
    assert speaker_of(text, "переговори не можуть") == "Sergei Lavrov"


def test_possessive_source_without_anyone_named_is_not_guessed() -> None:
    text = "In his view, the talks could not go on without written guarantees."
    assert all(q["speaker"] is None for q in quotes_of(text))


def test_new_speech_verb_forms_find_reported_speech_in_bulgarian() -> None:
    text = "Сергей Лавров обяви, че преговорите ще продължат следващата седмица в Женева."
    assert speaker_of(text, "преговорите ще продължат") is not None


def test_a_name_the_entities_stage_missed_speaks() -> None:
    text = ("Реката заля центъра на града за две нощи.\n\n„Атмосферата носи повече влага и "
            "валежите стават по-силни“, обясни климатологът Мирела Стоянова от института.")
    assert speaker_of(text, "Атмосферата носи") == "Мирела Стоянова"


def test_a_place_after_a_preposition_is_not_the_speaker() -> None:
    text = "The analyst from Belgrade said that the plan would fail within a year."
    assert all((q["speaker"] or {}).get("name") != "Belgrade" for q in quotes_of(text))


def test_the_geologist_is_the_person_introduced_as_geologist() -> None:
    text = ("The geologist Tomas Berglund has studied the slope for a decade. The village "
            "below it was evacuated on Monday.\n\n“The rock is moving faster every spring,” "
            "the geologist said.")
    assert speaker_of(text, "The rock is moving") == "Tomas Berglund"


def test_the_geologist_after_someone_else_was_introduced_unnamed_is_not_guessed() -> None:
    text = ("The geologist Tomas Berglund has studied the slope for a decade. A geologist "
            "from the regional office visited on Monday.\n\n“The rock is moving faster every "
            "spring,” the geologist said.")
    assert speaker_of(text, "The rock is moving") is None


def test_plural_officials_are_not_the_person_named_before() -> None:
    text = ("“We will hold the line,” Volodymyr Zelensky said on Monday.\n"
            "Two bridges were closed overnight, officials said.")
    assert speaker_of(text, "Two bridges were closed") is None


def test_the_analyst_is_the_person_the_appositive_introduced() -> None:
    # ", an energy analyst at …" describes the name before it; it is not a new, unnamed person.
    text = ("Prices for industrial users rose again in March.\n\n"
            "Tomasz Wierzbicki, an energy analyst at a Warsaw consultancy, expects more. "
            "“The winter reserves are thinner than they look,” the analyst said.")
    assert speaker_of(text, "The winter reserves") == "Tomasz Wierzbicki"


def test_a_name_after_the_country_it_serves_is_the_speaker() -> None:
    # The country the minister serves is linked; the name that follows is still a name.
    text = ("Голова спілки фермерів Польщі Остап Гнатюкевич нагадав, що ремонт триватиме "
            "до зими.")
    assert speaker_of(text, "ремонт триватиме") == "Остап Гнатюкевич"
