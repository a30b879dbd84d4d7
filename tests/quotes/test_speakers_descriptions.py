"""Speakers named once and then described, bodies named with "the", and people the entity
recogniser took for something else. Invented sentences, one behaviour per test."""

from __future__ import annotations

from narrascope import Pipeline, RawArticle
from narrascope.annotations import Entity, Mention
from narrascope.quotes.names import misread_people, unlinked_names

PIPELINE = Pipeline(["clean", "language", "sentences", "entities", "quotes"])


def speaker_of(text: str, start: str) -> str | None:
    """The speaker of the quote whose text starts with ``start`` (KeyError if none)."""
    quotes = PIPELINE(RawArticle(source="t", text=text)).to_dict()["quotes"]
    found = {q["text"][: len(start)]: q["speaker"]["name"] if q["speaker"] else None
             for q in quotes}
    return found[start]


def test_the_expert_is_the_person_just_introduced_despite_an_older_unnamed_noun() -> None:
    text = ("Deputy Minister Pavel Orlinsky said there was a shortage of workers in the "
            "ports.\n\nEconomist Marek Dolezal of the Prague Policy Forum told reporters that "
            "the tariffs had backfired. “The factories lost their buyers and the buyers found "
            "other factories,” the expert said.")
    assert speaker_of(text, "The factories lost") == "Marek Dolezal"


def test_description_after_the_verb_is_not_swallowed_by_it() -> None:
    text = ("Professor Radomir Velkov has studied the glaciers for thirty years. "
            "\"Let the measurements decide,\" concluded the professor.")
    assert speaker_of(text, "Let the measurements decide") == "Radomir Velkov"


def test_he_after_a_predicate_noun_points_back_to_the_name() -> None:
    text = ("Arvo Lepik, a retired colonel who served as a liaison officer before the war, "
            "said the front was collapsing. “They are running out of shells,” he said.")
    assert speaker_of(text, "They are running out") == "Arvo Lepik"


def test_think_tank_is_not_a_speech_verb() -> None:
    text = ("The Baltic Security Institute, a Tallinn think tank that follows the front, "
            "said this week that the supply lines were under fire.")
    assert speaker_of(text, "the supply lines") != "Tallinn"


def test_body_named_with_the_and_common_words_is_a_speaker() -> None:
    text = ("The military said the bridge was closed. The General Staff reported that its "
            "forces had repelled several assaults near the river.")
    assert speaker_of(text, "its forces had repelled") == "General Staff"


def test_organisation_name_with_a_complement_is_found_whole() -> None:
    text = ("Prisoners were exchanged on Friday. The treatment of prisoners was discussed. "
            "According to the Coordination Headquarters for the Treatment of Prisoners of "
            "War, 95 soldiers returned home.")
    names = [e.name for e in unlinked_names(text, "en", [(0, len(text))], [])]
    assert "Coordination Headquarters for the Treatment of Prisoners of War" in names


def test_body_a_person_works_for_does_not_speak_for_them() -> None:
    text = ("Laurent Vasseur, a researcher at the Lyon Centre for Peace Studies, said the "
            "talks had achieved modest goals.")
    assert speaker_of(text, "the talks had achieved") != "Lyon Centre for Peace Studies"


def test_a_name_taken_for_an_organisation_but_described_as_a_person_is_a_person() -> None:
    text = "I spoke to Tomasz Wierzba, the manager of a plant, who said output had tripled."
    start = text.index("Tomasz Wierzba")
    org = Entity("org/tomasz-wierzba", "Tomasz Wierzba", "ORG", "ner",
                 [Mention(start, start + 14, "Tomasz Wierzba", "name")])
    misread = misread_people(text, [org])
    assert misread["org/tomasz-wierzba"].type == "PERSON"


def test_a_surname_taken_for_an_organisation_is_the_person_with_that_name() -> None:
    text = "Kiril Angelova spoke first. Later Angelova remained by her opinion."
    person = Entity("person/kiril-angelova", "Kiril Angelova", "PERSON", "ner",
                    [Mention(0, 14, "Kiril Angelova", "name")])
    at = text.index("Angelova", 20)
    org = Entity("org/angelova", "Angelova", "ORG", "ner",
                 [Mention(at, at + 8, "Angelova", "name")])
    assert misread_people(text, [person, org])["org/angelova"] is person


def test_a_gazetteer_body_is_never_taken_for_a_person() -> None:
    text = "Gazprom Neft, the company's oil arm, said output rose."
    org = Entity("org/gazprom-neft", "Gazprom Neft", "ORG", "gazetteer",
                 [Mention(0, 12, "Gazprom Neft", "name")])
    assert misread_people(text, [org]) == {}
