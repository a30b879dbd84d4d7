"""The narratives stage with the shipped default model, end to end."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from narrascope import Pipeline, RawArticle
from narrascope.narratives import NarrativeStage, load_model
from narrascope.narratives.documents import GATE, DocumentModel
from narrascope.narratives.model import NarrativeModel

PIPELINE = Pipeline()
ROOT = Path(__file__).resolve().parents[2]


def test_default_model_is_trained_on_the_corpus_precision_first() -> None:
    model = load_model(None)
    assert isinstance(model, DocumentModel)
    assert model.embedder == "static-e5" and len(model.embedder_checksum) == 64
    assert model.metrics["precision_target"] >= 0.7
    assert GATE in model.labels
    # the knowledge base's sentence heads, calibrated on our labelled articles, are features
    assert isinstance(model.knowledge, NarrativeModel)
    assert model.knowledge.metrics["calibration_articles"] >= 60


def test_shipped_models_were_built_from_the_current_corpus() -> None:
    from narrascope.corpus import corpus_digest
    from narrascope.roles import load_role_model
    from narrascope.techniques import load_technique_model

    digest = corpus_digest(ROOT / "corpus" / "articles")
    stale = "the corpus changed: run scripts/build_default_models.py"
    assert load_model(None).metrics["corpus_sha256"] == digest, stale
    assert load_role_model(None).metrics["corpus_sha256"] == digest, stale
    assert load_technique_model(None).metrics["corpus_sha256"] == digest, stale


def test_propaganda_article_gets_narrative_evidence_and_explanation() -> None:
    text = (
        "The Kiev regime does not take a single decision without a call from Washington.\n"
        "Zelensky reads the script his Western curators write for him, and every weapon "
        "delivery only prolongs the suffering of ordinary Ukrainians.\n"
        "Meanwhile the regime jails priests and bans opposition parties, while officials "
        "steal the aid sent from Europe."
    )
    prepared = Pipeline(["clean", "language", "sentences", "vectors", "entities", "quotes"])(
        RawArticle(source="t", text=text, title="Puppets in Kiev"))
    # The shipped model abstains unless it is sure; one that dares more shows the mechanics.
    stage = NarrativeStage()
    stage.model = dataclasses.replace(stage.model,
                                      thresholds=np.minimum(stage.model.thresholds, 0.3))
    doc = stage(prepared)
    record = doc.to_dict()
    assert record["narrative_domain"] == "URW"
    names = [n["narrative"] for n in record["narratives"]]
    assert "URW: Discrediting Ukraine" in names and len(names) <= 2
    for narrative in record["narratives"]:
        assert narrative["evidence"], "no label without evidence"
        for span in narrative["evidence"]:
            assert doc.text[span["start"] : span["end"]].strip()
            assert span["voice"]["kind"] == "outlet"
        for sub in narrative["subnarratives"]:
            assert sub["subnarrative"].startswith(narrative["narrative"] + ": ")
    explanation = record["explanation"]
    assert explanation and len(explanation.split()) <= 80
    assert explanation.startswith("The outlet") and "discredits Ukraine" in explanation


@pytest.mark.parametrize(
    "text",
    [
        "The home team won the derby 2-1 with a late goal from the captain.\n"
        "Tickets for the next match go on sale on Monday at the stadium office.",
        "The museum opens an exhibition of Flemish paintings next month.\n"
        "Entry will be free for students on Wednesdays, the director said.",
    ],
)
def test_unrelated_news_is_other(text: str) -> None:
    record = PIPELINE(RawArticle(source="t", text=text)).to_dict()
    assert record["narratives"] == []
    assert record["explanation"] is None


def test_shipped_model_was_built_from_the_current_knowledge_base() -> None:
    from narrascope.narratives.knowledge import Knowledge

    digest = Knowledge.load().digest
    assert load_model(None).knowledge.source == f"knowledge base {digest}", (
        "the knowledge base changed: run scripts/build_narrative_model.py")
