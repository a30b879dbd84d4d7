"""Narratives: which propaganda narratives and sub-narratives an article carries, the
sentences that show it, and an explanation of the dominant one.

The ``narratives`` stage embeds the title and sentences of an article (multilingual-e5-small),
scores them with a :class:`~narrascope.narratives.model.NarrativeModel` — by default the one
built from narrascope's own knowledge base, or one trained on the user's labelled data
(``narrascope semeval train``) — and writes ``narratives``, ``narrative_domain`` and
``explanation`` to the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.annotations import NarrativeLabel, Span, SubnarrativeLabel
from narrascope.document import Document
from narrascope.embeddings import DEFAULT_EMBEDDER, get_embedder
from narrascope.embeddings.vectors import SentenceVectors, vectors_for
from narrascope.narratives.documents import DocumentModel
from narrascope.narratives.explain import explain
from narrascope.narratives.model import ModelError, NarrativeModel, NarrativePrediction
from narrascope.version import default_model_folder
from narrascope.voice import voiced

DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model"  # the fast encoder's
#: Sentences beyond this many add little and cost embedding time.
MAX_SENTENCES = 80

__all__ = ["DEFAULT_MODEL", "ModelError", "NarrativeModel", "NarrativeStage", "load_model"]


@lru_cache(maxsize=4)
def load_model(path: str | None = None, encoder: str = DEFAULT_EMBEDDER
                ) -> NarrativeModel | DocumentModel:
    """The model in ``path`` (default: the built-in one for ``encoder``), checked against the
    installed embedding weights and this code's model format."""
    import json

    folder = Path(path) if path else default_model_folder("narratives", encoder)
    try:
        manifest = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        hint = " (build it with scripts/build_narrative_model.py)" if path is None else ""
        raise ModelError(f"{folder}: no narrative model here{hint}") from exc
    checksum = get_embedder(manifest.get("embedder", "")).checksum()
    if manifest.get("kind") == "trained":
        return DocumentModel.load(folder, embedder_checksum=checksum)
    return NarrativeModel.load(folder, embedder_checksum=checksum)


def knowledge_model(encoder: str = DEFAULT_EMBEDDER) -> NarrativeModel:
    """The knowledge base's model for ``encoder``: the shipped default itself, or the
    knowledge features inside it when the default is trained on the corpus."""
    model = load_model(None, encoder)
    if isinstance(model, DocumentModel):
        if model.knowledge is None:
            raise ModelError("the default narrative model carries no knowledge model")
        return model.knowledge
    return model


def article_units(doc: Document) -> list[tuple[int, int, str]]:
    """The texts scored: the title (offsets -1) and the sentences of the body."""
    units = [(-1, -1, doc.title)] if doc.title else []
    units += [(s.start, s.end, doc.text[s.start : s.end]) for s in doc.sentences]
    return units[:MAX_SENTENCES]


def unit_vectors(vectors: SentenceVectors, count: int) -> np.ndarray:
    """The rows of :func:`article_units` (title first when there is one), ``count`` of them."""
    rows = vectors.sentences if vectors.title is None else np.vstack(
        [vectors.title[None, :], vectors.sentences])
    return rows[:count]


def narrative_labels(prediction: NarrativePrediction, units: list[tuple[int, int, str]]
                     ) -> list[NarrativeLabel]:
    """The prediction as annotations, each with at most five evidence sentences (the title,
    which has no offsets in the text, is never evidence)."""
    def evidence(indices: list[int]) -> list[Span]:
        return [Span(units[i][0], units[i][1]) for i in indices if units[i][0] >= 0][:5]

    labels = []
    for narrative in prediction.narratives:
        subs = [s for s in prediction.subnarratives
                if s.label.startswith(narrative.label + ": ")]
        labels.append(NarrativeLabel(
            narrative.label, round(narrative.score, 3), evidence(narrative.evidence),
            [SubnarrativeLabel(s.label, round(s.score, 3), evidence(s.evidence)) for s in subs],
        ))
    return labels


class NarrativeStage:
    """Pipeline stage: ``narratives``, ``narrative_domain`` and ``explanation`` (which names
    the entities of the evidence when the ``entities`` stage ran).

    ``model`` is a model directory from ``narrascope semeval train``; default: built-in.
    """

    def __init__(self, model: str | None = None, encoder: str = DEFAULT_EMBEDDER) -> None:
        self.model = load_model(model, encoder)
        self.embedder = get_embedder(self.model.embedder)

    def __call__(self, doc: Document) -> Document:
        units = article_units(doc)
        embeddings = unit_vectors(vectors_for(doc, self.embedder), len(units))
        prediction = self.model.predict(embeddings)
        labels = narrative_labels(prediction, units)
        for label in labels:
            label.evidence = voiced(label.evidence, doc.quotes)
            for sub in label.subnarratives:
                sub.evidence = voiced(sub.evidence, doc.quotes)
        doc.narrative_domain = prediction.domain if labels else None
        doc.narratives = labels
        doc.explanation = None
        if labels:
            top = labels[0]
            sub = top.subnarratives[0].subnarrative if top.subnarratives else None
            doc.explanation = _explain(doc, top.narrative, sub, top.evidence)
        return doc


def _explain(doc: Document, narrative: str, subnarrative: str | None,
             evidence: Sequence[Span]) -> str:
    """The explanation of ``narrative`` from its evidence, with whose voice each sentence is
    and, for a speaker's, the words they are quoted or reported saying."""
    spans = [(e.start, e.end) for e in evidence]
    voices = [getattr(e, "voice", None) for e in evidence]
    claims = [doc.text[v.quote.start:v.quote.end] if v is not None and v.quote is not None
              and v.kind != "outlet" else None for v in voices]
    return explain(narrative, subnarrative, [doc.text[s:e] for s, e in spans],
                   doc.entities or [], spans, voices, claims)


def label_evidence(model: NarrativeModel | DocumentModel, embeddings: Any, label: str
                   ) -> list[int]:
    """Sentence indices that best support ``label`` in an article, strongest first."""
    if isinstance(model, DocumentModel):
        if label not in model.labels:
            return []
        return model._evidence(embeddings, model.coef[:, : embeddings.shape[1]], label)
    raw, _domains = model.raw_scores(embeddings)
    return raw.get(label, (0.0, []))[1]


def explain_dominant(doc: Document, model: NarrativeModel | DocumentModel, narrative: str,
                     subnarrative: str | None) -> str:
    """An explanation of a given dominant narrative (SemEval sub-task 3)."""
    units = article_units(doc)
    embeddings = get_embedder(model.embedder).encode([text for _s, _e, text in units])
    target = subnarrative if subnarrative and subnarrative in model.taxonomy.parent else narrative
    indices = label_evidence(model, embeddings, target) or label_evidence(
        model, embeddings, narrative)
    spans = [Span(units[i][0], units[i][1]) for i in indices if units[i][0] >= 0][:2]
    return _explain(doc, narrative, subnarrative, voiced(spans, doc.quotes))
