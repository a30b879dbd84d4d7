"""The benchmark's speaker judgement across scripts: a gold name in Latin letters against the
name as the article writes it. Invented names."""

from __future__ import annotations

import pytest

from narrascope.entities.names import names_sound_alike, scripts_differ
from narrascope.quotes.scoring import same_speaker


@pytest.mark.parametrize(("gold", "predicted"), [
    ("Stoyan Valchev", "Стоян Вълчев"),  # Bulgarian ъ is a vowel the key dropped
    ("Ed Wilkins", "Ед Уилкинс"),  # an English name written by ear
    ("Hanna Hryshchenko", "Ганна Грищенко"),  # Ukrainian г is h
    ("Rohit Malhotra", "रोहित मल्होत्रा"),
    ("Kiran Mohapatra", "किरण महापात्र"),  # the unwritten a of Devanagari
    ("Olena Bondar", "प्रवक्ता ओलेना बोंदार"),  # the surname alone agrees
])
def test_the_same_name_in_another_script_is_the_same_speaker(gold: str, predicted: str) -> None:
    assert same_speaker(gold, {"name": predicted, "entity_id": "person/x"})


@pytest.mark.parametrize(("gold", "predicted"), [
    ("Ivan Petrov", "Иван Петрова"),  # another person: the feminine form
    ("Plamen Ninov", "Пламен Иванов"),
    ("Rohit Malhotra", "रोहित शर्मा"),
    ("Anna Novak", "Donald Novakovich"),
])
def test_different_names_stay_different(gold: str, predicted: str) -> None:
    assert not same_speaker(gold, {"name": predicted, "entity_id": "person/x"})


def test_sounds_are_only_compared_across_scripts() -> None:
    # Within one script the spelling keys decide; the looser sound comparison is not used.
    assert names_sound_alike("Ivan Novak", "Иван Новак")
    assert scripts_differ("Ivan Novak", "Иван Новак")
    assert not scripts_differ("Ivan Novak", "Ivan Nowak")
    assert not same_speaker("Anna Berg", {"name": "Anna Lind", "entity_id": "person/x"})
