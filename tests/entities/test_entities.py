"""Entities: gazetteer matching, canonical ids across spellings, and the surname guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrascope import Pipeline, RawArticle
from narrascope.entities import find_entities
from narrascope.entities.gazetteer import Gazetteer, GazetteerError, cached_gazetteer
from narrascope.entities.names import close_keys, name_key

PIPELINE = Pipeline(["clean", "language", "sentences", "entities"])


def entities_of(text: str, title: str = "") -> dict[str, dict]:
    doc = PIPELINE(RawArticle(source="t", text=text, title=title or None))
    return {e["id"]: e for e in doc.to_dict()["entities"]}


def test_spelling_variants_share_one_name_key() -> None:
    variants = ["Zelensky", "Zelenskyy", "Zelenskiy", "Зеленский", "Zelenskyi"]
    assert len({name_key(v) for v in variants}) == 1
    assert name_key("Sergey Lavrov") == name_key("Sergei Lavrov") == name_key("Сергей Лавров")
    assert close_keys(name_key("Lavorov"), name_key("Lavrov"))
    assert not close_keys(name_key("Petrov"), name_key("Petrova"))
    assert not close_keys(name_key("Ivanov"), name_key("Smirnov"))


def test_english_mentions_group_under_gazetteer_ids() -> None:
    found = entities_of(
        "Russian Foreign Minister Sergei Lavrov said ATACMS missiles had hit Kiev. Lavorov "
        "added that the strikes on Kyiv changed nothing. The head of Russian diplomacy was "
        "blunt, and Lavrov left."
    )
    lavrov = found["person/sergei-lavrov"]
    assert lavrov["name"] == "Sergei Lavrov"
    kinds = {(m["text"], m["kind"]) for m in lavrov["mentions"]}
    assert ("Lavorov", "fuzzy") in kinds
    assert ("head of Russian diplomacy", "role") in kinds
    assert found["place/kyiv"]["count"] == 2
    assert found["equipment/atacms"]["type"] == "EQUIPMENT"  # spaCy alone calls it a PERSON


def test_russian_inflected_forms_reach_the_same_entity() -> None:
    found = entities_of(
        "Министр иностранных дел России Сергей Лавров прибыл в Москву. По словам Лаврова, "
        "удары по Киеву продолжатся. Глава МИД России также встретился с Иваном Петровым, "
        "но Петров промолчал."
    )
    lavrov = {m["text"] for m in found["person/sergei-lavrov"]["mentions"]}
    assert {"Сергей Лавров", "Лаврова"} <= lavrov
    assert {m["text"] for m in found["place/kyiv"]["mentions"]} == {"Киеву"}
    petrov = next(e for e in found.values() if e["name"] == "Иван Петров")
    assert {m["text"] for m in petrov["mentions"]} == {"Иваном Петровым", "Петров"}


def test_two_people_with_one_surname_are_not_merged() -> None:
    text = ("Vitali Klitschko, the mayor, met his brother Wladimir Klitschko in Kyiv. "
            "Klitschko said the city was ready.")
    doc = PIPELINE(RawArticle(source="doc-a", text=text))
    people = [e for e in doc.to_dict()["entities"] if e["type"] == "PERSON"]
    full = {e["name"] for e in people if " " in e["name"]}
    assert {"Vitali Klitschko", "Wladimir Klitschko"} <= full
    bare = [e for e in people if e["name"] == "Klitschko"]
    assert bare and all(e["id"].endswith("@" + doc.id) for e in bare)  # article-scoped


def test_ids_are_stable_across_articles_spellings_and_scripts() -> None:
    english = entities_of("Sergey Ivanenko told the council the bridge was safe. Ivanenko left.")
    variant = entities_of("Sergei Ivanenko, a local official, said the bridge was safe.")
    russian = entities_of("Сергей Иваненко заявил журналистам, что мост безопасен.")

    def person(found: dict[str, dict]) -> dict:
        (entity,) = [e for e in found.values() if e["type"] == "PERSON"]
        return entity

    assert person(english)["count"] == 2
    assert person(english)["id"] == person(variant)["id"] == person(russian)["id"]
    assert person(english)["id"] == "person/sergei-ivanenko"


def test_user_gazetteer_extends_and_adds(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- id: person/sergei-lavrov\n  aliases: [Lavrik]\n"
        "- id: person/ivan-testov\n  name: Ivan Testov\n  type: PERSON\n"
        "  aliases: [Testov, Тестов]\n",
        encoding="utf-8",
    )
    gazetteer = cached_gazetteer((str(extra),))
    entities, _ = find_entities("Lavrik met Ivan Testov; Тестова не было.", "en", gazetteer)
    ids = {e.id for e in entities}
    assert {"person/sergei-lavrov", "person/ivan-testov"} <= ids


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- id: x\n  type: SHIP\n", "type 'SHIP' is not one of"),
        ("- name: no id\n", "needs at least an 'id'"),
        ("- id: x\n  aliases: oops\n", "'aliases' must be a list of strings"),
        ("key: [unclosed\n", "invalid YAML"),
    ],
)
def test_bad_gazetteer_files_name_the_file_and_problem(tmp_path: Path, content: str,
                                                       message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message) as error:
        Gazetteer.load([path])
    assert "bad.yaml" in str(error.value)


def test_capitalised_aliases_do_not_match_common_words() -> None:
    found = entities_of("A true patriot would never vote for sanctions, a farmer said.")
    assert "equipment/patriot" not in found


@pytest.mark.parametrize(("text", "language"), [
    ("Russian forces shelled Kharkiv and the Russian Foreign Ministry denied it.", "en"),
    ("Российские войска обстреляли Харьков, сообщили в штабе.", "ru"),
    ("As tropas russas bombardearam Kharkiv durante a noite.", "pt"),
])
def test_a_demonym_used_as_an_adjective_names_no_group(text: str, language: str) -> None:
    from narrascope.entities.gazetteer import cached_gazetteer

    entities, _ = find_entities(text, language, cached_gazetteer(()))
    assert "group/russians" not in {e.id for e in entities}


def test_the_people_themselves_are_still_a_group() -> None:
    found = entities_of("Russians fear a new mobilisation, and many Russians have left.")
    assert found["group/russians"]["count"] == 2


def test_ids_spell_the_name_as_written() -> None:
    found = entities_of("Officials in Ottawa said the Canadians would send more aid. "
                        "Analyst Thandiwe Okonkwo-Baptiste said the aid was modest.")
    people = [i for i in found if i.startswith("person/")]
    assert people == ["person/thandiwe-okonkwo-baptiste"]
    assert all("canadan" not in i for i in found)


def _hindi_people(text: str) -> list[str]:
    from narrascope.entities.ner import rule_ner

    spans, _ = rule_ner(text, "hi")
    return [text[s.start:s.end] for s in spans if s.label == "PERSON"]


def test_hindi_names_lose_the_role_and_the_words_before_it() -> None:
    # "the district's resident X said", "the city's governor X Y said": the name alone.
    text = ("गांव की निवासी सुमित्रा ने कहा कि पानी नहीं आया। "
            "शहर के गवर्नर अर्जुन मेहरा ने बताया कि सड़क बंद है।")
    assert _hindi_people(text) == ["सुमित्रा", "अर्जुन मेहरा"]


def test_a_hindi_body_that_speaks_is_not_a_person() -> None:
    text = "बारिश जारी रही। मंत्रालय ने कहा कि राहत भेजी गई।"
    assert _hindi_people(text) == []
