"""The narrative model: training from knowledge, prediction with evidence, model files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from narrascope.embeddings import get_embedder
from narrascope.narratives.knowledge import Knowledge
from narrascope.narratives.model import ModelError, NarrativeModel
from narrascope.narratives.taxonomy import Taxonomy
from narrascope.narratives.training import train_from_knowledge

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge"


@pytest.fixture(scope="module")
def model() -> NarrativeModel:
    taxonomy = Taxonomy.builtin()
    knowledge = Knowledge.load(FIXTURE, taxonomy)
    return train_from_knowledge(knowledge, taxonomy, get_embedder(), synthetic=80)


def _predict(model: NarrativeModel, sentences: list[str]):
    return model.predict(get_embedder().encode(sentences))


def test_knowledge_exemplars_and_labels() -> None:
    taxonomy = Taxonomy.builtin()
    knowledge = Knowledge.load(FIXTURE, taxonomy)
    labels = {e.label for e in knowledge.exemplars(taxonomy)}
    assert "URW: Discrediting Ukraine: Ukraine is a puppet of the West" in labels
    assert {"URW: none", "CC: none", "none"} <= labels


def test_a_puppet_article_gets_its_narrative_with_evidence(model: NarrativeModel) -> None:
    sentences = [
        "The city council met on Monday to discuss the budget.",
        "Critics say Kyiv cannot decide anything without instructions from Washington.",
        "Trains between the two cities were delayed by an hour.",
    ]
    prediction = _predict(model, sentences)
    assert prediction.domain == "URW"
    assert prediction.narrative_labels == ["URW: Discrediting Ukraine"]
    (top,) = prediction.narratives
    assert top.evidence[0] == 1  # the sentence that carries the narrative comes first
    assert 0.0 < top.score <= 1.0


def test_neutral_reporting_is_other(model: NarrativeModel) -> None:
    prediction = _predict(model, [
        "The regional governor said three drones were shot down overnight.",
        "Repairs to the power line will take two more days, the operator said.",
    ])
    assert prediction.narrative_labels == ["Other"]
    assert prediction.subnarrative_labels == ["Other"]


def test_hierarchy_is_consistent(model: NarrativeModel) -> None:
    prediction = _predict(model, ["Solar cycles and not humans drive the climate, as always."])
    for sub in prediction.subnarrative_labels:
        if sub != "Other":
            assert sub.rsplit(": ", 1)[0] in prediction.narrative_labels


def test_model_directory_round_trip_and_refusals(model: NarrativeModel, tmp_path: Path) -> None:
    model.save(tmp_path / "m")
    loaded = NarrativeModel.load(tmp_path / "m", embedder_checksum=model.embedder_checksum)
    embeddings = get_embedder().encode(["Kyiv obeys Washington in everything."])
    assert np.allclose(loaded.sentence_probabilities(embeddings),
                       model.sentence_probabilities(embeddings), atol=1e-5)
    with pytest.raises(ModelError, match="other static-e5 weights"):
        NarrativeModel.load(tmp_path / "m", embedder_checksum="0" * 64)
    manifest = json.loads((tmp_path / "m" / "model.json").read_text())
    manifest["format"] = 99
    (tmp_path / "m" / "model.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="format 99"):
        NarrativeModel.load(tmp_path / "m")
    with pytest.raises(ModelError, match="not a narrascope narrative model"):
        NarrativeModel.load(tmp_path / "missing")
