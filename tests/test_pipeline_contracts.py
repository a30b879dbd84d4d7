"""Pipelines are checked when built: stage order, settings, and what a run records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from narrascope import Document, Pipeline, analyze, register_stage
from narrascope.errors import PipelineError
from narrascope.pipeline import available_stages

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "src/narrascope/schema/article.schema.json").read_text()
)


@pytest.mark.parametrize(("stages", "message"), [
    (["clean", "quotes"], "stage 'quotes' needs 'entities': add stage 'entities' before it"),
    (["clean", "sentences", "roles", "entities"],
     "stage 'roles' needs 'entities', which stage 'entities' assigns after it; put "
     "'entities' first"),
    (["clean", "sentences", "entities", "roles", "narratives"],
     "stage 'roles' reads 'narratives', which stage 'narratives' assigns after it"),
    (["clean", "clean"], "stage 'clean' is listed twice"),
    ("clean", "a list of names"),
])
def test_a_stage_without_what_it_needs_is_refused_by_name(stages, message: str) -> None:
    with pytest.raises(PipelineError, match=message.replace("(", r"\(")):
        Pipeline(stages)


@pytest.mark.parametrize(("config", "message"), [
    ({"entities": {"gazeteer": ["x.yaml"]}},
     "stage 'entities' has no setting 'gazeteer'; its settings are 'gazetteer'"),
    ({"entities": {"gazetteer": 3}},
     r"stage 'entities': setting 'gazetteer' must be tuple\[str, \.\.\.\], got int 3"),
    ({"narratives": {"model": True}}, "setting 'model' must be str | None, got bool"),
    ({"language": {"threshold": 0.5}}, "stage 'language' takes no settings"),
    ({"roles": {"model": None}}, "settings for stage 'roles', which is not in the pipeline"),
])
def test_unknown_or_ill_typed_settings_are_refused_naming_stage_and_key(
    config: dict, message: str
) -> None:
    stages = ["clean", "language", "sentences", "vectors", "entities", "narratives"]
    with pytest.raises(PipelineError, match=message.replace("|", r"\|")):
        Pipeline(stages, config)


@dataclass(frozen=True)
class _ShoutSettings:
    suffix: str = "!"


@register_stage("test_shout", requires=("text",), assigns=("shout",), config=_ShoutSettings)
class _Shout:
    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def __call__(self, doc: Document) -> Document:
        doc.extensions["shout"] = doc.text.upper() + self.suffix
        return doc


@register_stage("test_needs_shout", requires=("shout",), assigns=("echo",))
class _Echo:
    def __call__(self, doc: Document) -> Document:
        doc.extensions["echo"] = doc.require("shout", "test_needs_shout")
        return doc


def test_plugin_stages_declare_their_contract_and_settings() -> None:
    assert {"test_shout", "test_needs_shout", "quotes"} <= set(available_stages())
    pipeline = Pipeline(["clean", "test_shout", "test_needs_shout"],
                        {"test_shout": {"suffix": "?!"}})
    doc = pipeline(Document(id="x", source="x", raw_text="calm down", text="calm down"))
    assert doc.to_dict()["echo"] == "CALM DOWN?!"
    with pytest.raises(PipelineError, match="'test_needs_shout' needs 'shout': add stage "
                                            "'test_shout' before it"):
        Pipeline(["clean", "test_needs_shout"])


def test_a_stage_called_on_its_own_says_what_it_lacks() -> None:
    from narrascope.quotes import QuoteStage

    doc = Document(id="x", source="x", raw_text="He said so.", text="He said so.")
    with pytest.raises(PipelineError, match="stage 'quotes' needs 'entities'"):
        QuoteStage()(doc)


def test_describe_records_stages_settings_version_and_model_checksums(tmp_path: Path) -> None:
    from narrascope.version import model_checksums

    gazetteer = tmp_path / "mine.yaml"
    gazetteer.write_text("entities: []\n")
    stages = ["clean", "language", "sentences", "vectors", "entities", "techniques"]
    pipeline = Pipeline(stages, {"entities": {"gazetteer": [str(gazetteer)]}})
    described = pipeline.describe()
    assert described["stages"] == stages
    assert described["config"] == {"entities": {"gazetteer": (str(gazetteer),)},
                                   "vectors": {"encoder": "static-e5"},
                                   "techniques": {"model": None, "encoder": "static-e5"}}
    assert described["models"]["techniques"] == model_checksums()["techniques"]
    assert len(described["models"][f"entities:{gazetteer}"]) == 64
    assert Pipeline(pipeline.names, pipeline.config).describe() == described


def test_every_annotation_reads_back_from_its_json() -> None:
    doc = analyze(
        "Missiles hit Kyiv at dawn, officials said. “We will rebuild,” Mayor Vitali Klitschko"
        " said. The Kremlin regime wants to wipe Ukraine off the map, Zelensky warned.\n\n"
        "Who benefits? The West has betrayed the brave defenders again and again.",
        title="Kyiv hit", url="https://example.org/kyiv", published="2023-03-14",
    )
    record = doc.to_dict()
    jsonschema.validate(record, SCHEMA)
    assert record["quotes"] and record["entities"]
    again = Document.from_dict(record)
    assert again.to_dict() == record
    assert again.quotes[0].speaker is None or again.quotes[0].speaker.entity_id
    assert {e.id for e in again.entities} == {e.id for e in doc.entities}
