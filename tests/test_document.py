"""Article ids are stable and the JSON object follows the documented schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from narrascope import SCHEMA_VERSION, analyze
from narrascope.document import article_id
from narrascope.pipeline import Pipeline, PipelineError, StageError, register_stage

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "src/narrascope/schema/article.schema.json").read_text()
)


def test_same_article_gets_the_same_id_whatever_the_whitespace_or_composition() -> None:
    body = "Russia said the café was a “military target”."
    decomposed = body.replace("é", "e\u0301")
    assert article_id(body, title="Strike") == article_id(f"  {decomposed}\r\n", title="Strike ")
    assert article_id(body, title="Strike") != article_id(body, title="Other strike")


def test_url_ids_ignore_scheme_www_fragment_and_tracking_parameters() -> None:
    first = article_id("a", url="https://www.example.org/news/1?utm_source=tg&page=2#top")
    second = article_id("different residue", url="http://example.org/news/1/?page=2")
    assert first == second
    assert first != article_id("a", url="https://example.org/news/1?page=3")


def test_analyze_output_validates_against_the_schema() -> None:
    doc = analyze(
        "Missiles hit Kyiv at dawn, officials said.\nShare this:\n“We will rebuild,” the mayor"
        " said.",
        title="Kyiv hit",
        url="https://example.org/kyiv",
        published="2023-03-14",
    )
    record = doc.to_dict()
    jsonschema.validate(record, SCHEMA)
    assert record["schema_version"] == SCHEMA_VERSION
    assert record["removed"] == [
        {"start": 43, "end": 54, "text": "Share this:", "reason": "share_prompt"}
    ]
    sentences = [record["text"][s["start"] : s["end"]] for s in record["sentences"]]
    assert sentences == [
        "Missiles hit Kyiv at dawn, officials said.",
        "“We will rebuild,” the mayor said.",
    ]


def test_schema_rejects_a_record_missing_a_required_field() -> None:
    record = analyze("Missiles hit Kyiv at dawn, officials said.").to_dict()
    del record["sentences"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, SCHEMA)


def test_unknown_stage_is_refused_with_the_registered_names() -> None:
    with pytest.raises(PipelineError, match=r"unknown stage\(s\) 'nope'.*clean"):
        Pipeline(["clean", "nope"])


def test_a_registered_stage_adds_its_field_to_the_output() -> None:
    @register_stage("test_word_count")
    class WordCount:
        def __call__(self, doc):
            doc.extensions["word_count"] = len(doc.text.split())
            return doc

    doc = Pipeline(["clean", "test_word_count"])(
        analyze("One two three.", pipeline=Pipeline(["clean"]))
    )
    assert doc.to_dict()["word_count"] == 3


def test_empty_article_fails_in_the_clean_stage() -> None:
    with pytest.raises(StageError, match="stage 'clean' failed: no article text"):
        analyze("Share this:\nTags: war")
