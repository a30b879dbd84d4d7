"""The corpus checker: strings become offsets, and every problem names file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.corpus import load_corpus, split_of

EXAMPLE = json.loads((Path(__file__).parents[1] / "docs" / "examples" / "corpus-article.json")
                     .read_text(encoding="utf-8"))


def _write(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "w9-01.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def test_the_example_article_passes_with_offsets_into_its_text(tmp_path: Path) -> None:
    articles, problems = load_corpus(_write(tmp_path, EXAMPLE))
    assert problems == []
    article = articles[0]
    narrative = article.narratives[0]
    sentence = article.text[narrative.evidence[0].start:narrative.evidence[0].end]
    assert sentence.startswith("“Washington will fight") and sentence.endswith("said.")
    assert (narrative.voice, narrative.speaker) == ("quoted", "Maria Zakharova")
    mention = article.entities[0].mention
    assert article.text[mention.start:mention.end] == "Washington"
    span = article.techniques[0].span
    assert article.text[span.start:span.end] == "Kiev regime"
    assert [article.text[r.start:r.end] for r in article.residue] == [
        "Home | World | Politics", "Photo: RIA / Ivan Ivanov"]
    assert article.narrative_labels == ["URW: Discrediting the West, Diplomacy"]


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"techniques": [{"technique": "Name_Calling-Labeling", "span": "Kyiv regime"}]},
     "techniques[0].span", "is not in the text"),
    ({"techniques": [{"technique": "Loaded_Language", "span": "Ivan Ivanov"}]},
     "techniques[0].span", "lies in a residue line"),
    ({"techniques": [{"technique": "Loaded", "span": "Kiev regime"}]},
     "techniques[0].technique", "not a technique"),
    ({"entities": [{**EXAMPLE["entities"][0], "fine_roles": ["Victim"]}]},
     "entities[0].fine_roles", "not a fine role of Antagonist"),
    ({"narratives": [{**EXAMPLE["narratives"][0], "speaker": None}]},
     "narratives[0].speaker", "needs the speaker's name"),
    ({"narratives": []}, "explanation", "narrative-free article has no explanation"),
    ({"explanation": "word " * 81}, "explanation", "81 words"),
    ({"residue": ["World | Politics"]}, "residue[0]", "not a whole line"),
])
def test_a_bad_annotation_is_refused_with_its_field_and_reason(
        tmp_path: Path, change: dict, field: str, reason: str) -> None:
    articles, problems = load_corpus(_write(tmp_path, {**EXAMPLE, **change},
                                            {**EXAMPLE, "id": "en-w9-0002"}))
    assert [a.id for a in articles] == ["en-w9-0002"]  # one bad article hides no other
    assert len(problems) == 1
    assert problems[0].where.endswith("w9-01.jsonl:1")
    assert problems[0].field == field and reason in problems[0].reason


def test_a_repeated_string_is_found_at_the_occurrence_asked_for(tmp_path: Path) -> None:
    record = {**EXAMPLE, "techniques": [
        {"technique": "Loaded_Language", "span": "Zakharova", "occurrence": 2}]}
    articles, problems = load_corpus(_write(tmp_path, record))
    assert problems == []
    span = articles[0].techniques[0].span
    assert articles[0].text[span.start - 2:span.end + 6] == "” Zakharova said."
    articles, problems = load_corpus(_write(tmp_path, {**record, "techniques": [
        {"technique": "Loaded_Language", "span": "Zakharova", "occurrence": 3}]}))
    assert "occurs 2 time(s)" in problems[0].reason


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    articles, problems = load_corpus(_write(tmp_path, EXAMPLE, EXAMPLE))
    assert len(articles) == 1 and problems[0].field == "id"


def test_splits_follow_the_protocol() -> None:
    assert split_of("en-w3-0001", "en", "w3") == "test"  # one whole English writer
    english = {split_of(f"en-w1-{n:04d}", "en", "w1") for n in range(1, 200)}
    assert english == {"train", "dev"}
    other = [split_of(f"ru-w4-{n:04d}", "ru", "w4") for n in range(1, 400)]
    assert 0.05 < other.count("test") / len(other) < 0.16
    assert split_of("ru-w4-0007", "ru", "w4") == split_of("ru-w4-0007", "ru", "w4")
