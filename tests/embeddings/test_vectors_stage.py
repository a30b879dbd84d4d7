"""One encoder pass per article: the ``vectors`` stage, and the stages that read it."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from narrascope import Pipeline, analyze
from narrascope.document import RawArticle
from narrascope.embeddings import get_embedder
from narrascope.embeddings.vectors import vectors_for
from narrascope.errors import PipelineError

ARTICLE = ("KYIV, March 3 (Wire) - Russian drones struck an energy facility in Odesa overnight, "
           "the regional governor said on Monday.\n\nThe strike left 40,000 homes without "
           "power. Repair crews were at work by morning, the energy ministry said.")


class Counting:
    def __init__(self, inner):
        self.inner, self.name, self.dim, self.calls = inner, inner.name, inner.dim, []

    def encode(self, texts):
        self.calls.append(list(texts))
        return self.inner.encode(texts)

    def checksum(self):
        return self.inner.checksum()


def test_each_sentence_is_encoded_once_for_all_stages() -> None:
    pipeline = Pipeline()
    counting = {}
    for _name, stage in pipeline._stages:
        if hasattr(stage, "embedder"):
            counting.setdefault(id(stage.embedder), Counting(stage.embedder))
            stage.embedder = counting[id(stage.embedder)]
    doc = pipeline(RawArticle(source="t", text=ARTICLE, title="Drones hit Odesa"))
    calls = [texts for c in counting.values() for texts in c.calls]
    sentence_calls = [texts for texts in calls if doc.sentence_texts()[0] in texts]
    assert sentence_calls == [["Drones hit Odesa", *doc.sentence_texts()]]
    assert doc.narratives is not None and doc.techniques is not None


def test_the_vectors_are_working_data_never_output_nor_pickled() -> None:
    doc = analyze(ARTICLE, title="Drones hit Odesa")
    assert doc.sentence_vectors is not None
    assert doc.sentence_vectors.sentences.shape[0] == len(doc.sentences)
    assert "sentence_vectors" not in doc.to_dict()
    assert pickle.loads(pickle.dumps(doc)).sentence_vectors is None


def test_a_stage_reading_embeddings_needs_the_vectors_stage() -> None:
    with pytest.raises(PipelineError, match="add stage 'vectors' before it"):
        Pipeline(["clean", "language", "sentences", "narratives"])
    Pipeline(["clean", "language", "sentences", "vectors", "narratives"])


def test_a_model_of_another_encoder_encodes_for_itself() -> None:
    doc = analyze(ARTICLE, pipeline=Pipeline(["clean", "language", "sentences", "vectors"]))

    other = Counting(get_embedder())
    other.name = "other-encoder"
    vectors = vectors_for(doc, other)
    assert vectors.encoder == "other-encoder" and other.calls
    assert np.allclose(vectors.sentences, doc.sentence_vectors.sentences)
    assert doc.sentence_vectors.encoder == "static-e5"  # the shared rows stay as they were
