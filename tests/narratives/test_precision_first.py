"""A precision-first document model: a gate decides whether the article carries a narrative
at all, and each label fires only at a cut its cross-validated precision justifies."""

from __future__ import annotations

import numpy as np

from narrascope.calibration import NEVER
from narrascope.embeddings import get_embedder
from narrascope.narratives.documents import GATE, LabelledArticle, train_documents
from narrascope.narratives.taxonomy import Taxonomy

PUPPET = "URW: Discrediting Ukraine"
PUPPET_SUB = "URW: Discrediting Ukraine: Ukraine is a puppet of the West"


def _corpus(seed: int = 3) -> tuple[list[LabelledArticle], np.ndarray]:
    """60 articles: 20 push the puppet narrative (a strong signal in feature 0), 40 carry
    none; feature 1 is noise."""
    rng = np.random.default_rng(seed)
    articles, rows = [], []
    for n in range(60):
        carries = n % 3 == 0
        articles.append(LabelledArticle(f"a{n}", [], [PUPPET] if carries else [],
                                        [PUPPET_SUB] if carries else []))
        rows.append([(3.0 if carries else 0.0) + rng.normal(0, 0.3), rng.normal()])
    return articles, np.array(rows, dtype=np.float32)


def test_the_gate_and_the_labels_get_precision_thresholds() -> None:
    articles, x = _corpus()
    model = train_documents(articles, Taxonomy.builtin(), get_embedder(), None,
                            precision=0.8, features=x)
    assert model.labels[-1] == GATE
    gate = model.thresholds[model.labels.index(GATE)]
    assert gate < NEVER
    scores = model.probabilities(x)
    opened = scores[:, model.labels.index(GATE)] >= gate
    carries = np.array([bool(a.narratives) for a in articles])
    assert (opened & carries).sum() / opened.sum() >= 0.8
    # a label with no examples never fires
    never = model.labels.index("CC: Amplifying Climate Fears")
    assert model.thresholds[never] == NEVER
    assert model.metrics["precision_target"] == 0.8


def test_without_a_precision_target_the_model_is_as_before() -> None:
    articles, x = _corpus()
    model = train_documents(articles, Taxonomy.builtin(), get_embedder(), None, features=x)
    assert GATE not in model.labels
