"""Fitting technique models: the default one from the knowledge base's exemplars, and one on
the user's labelled articles (``narrascope semeval2023 train`` reads them from a SemEval-2023
sub-task 3 release, :mod:`narrascope.semeval.task3_2023`).

Training happens at sentence level. With gold spans, a sentence carries the techniques whose
spans overlap it; without, it carries its paragraph's labels. Per-technique thresholds of a
trained model are chosen by cross-validation over articles at paragraph level (a paragraph's
score is its best sentence's), the level the benchmark scores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from narrascope.calibration import precision_at_prevalence, precision_threshold
from narrascope.sentences import split_sentences
from narrascope.techniques.detect import line_spans
from narrascope.techniques.lexicon import (
    DATA,
    TECHNIQUES,
    Lexicon,
    builtin_lexicon,
    knowledge_exemplars,
)
from narrascope.techniques.model import (
    TechniqueModel,
    dense_features,
    ngram_vectorizer,
)

#: model-only decisions of the default model need this much (its exemplars are balanced,
#: while most sentences of real news use no technique)
DEFAULT_THRESHOLD = 0.9
NGRAMS = 2**16
_GRID = np.round(np.arange(0.05, 0.96, 0.05), 2)


class TrainingArticle(Protocol):
    """A labelled article to train on: its text and, when known, its gold technique spans
    ``(technique, start, end)`` with offsets into ``text``; without spans, its paragraphs'
    labels are given separately, keyed by ``(id, line number)``."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def spans(self) -> Sequence[tuple[str, int, int]] | None: ...


@dataclass
class SentenceRows:
    texts: list[str]
    labels: np.ndarray  # (sentences, techniques) 0/1
    article: list[str]
    line: list[int]  # paragraph line number in the article (0 for exemplars)


def _fit(rows: SentenceRows, dense: np.ndarray, *, ngrams: int, seed: int,
         c: float = 1.0) -> dict[str, Any]:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    mean = dense.mean(axis=0)
    scale = dense.std(axis=0) + 1e-3
    z = (dense - mean) / scale
    x = sparse.hstack([sparse.csr_matrix(z), ngram_vectorizer(ngrams).transform(rows.texts)]
                      ).tocsr() if ngrams else z
    coef = np.zeros((len(TECHNIQUES), z.shape[1]), dtype=np.float32)
    ngram_coef = np.zeros((len(TECHNIQUES), ngrams), dtype=np.float32) if ngrams else None
    intercept = np.full(len(TECHNIQUES), -20.0, dtype=np.float32)
    for column in range(len(TECHNIQUES)):
        y = rows.labels[:, column]
        if y.sum() < 2 or y.sum() == len(y):
            continue
        head = LogisticRegression(C=c, max_iter=2000, class_weight="balanced",
                                  solver="liblinear", random_state=seed).fit(x, y)
        coef[column] = head.coef_[0][: z.shape[1]]
        if ngram_coef is not None:
            ngram_coef[column] = head.coef_[0][z.shape[1]:]
        intercept[column] = head.intercept_[0]
    return {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32), "coef": coef,
            "intercept": intercept, "ngram_coef": ngram_coef}


def knowledge_rows() -> SentenceRows:
    exemplars = knowledge_exemplars()
    labels = np.zeros((len(exemplars), len(TECHNIQUES)), dtype=np.int8)
    for i, (_text, technique, _span, _language) in enumerate(exemplars):
        if technique:
            labels[i, TECHNIQUES.index(technique)] = 1
    return SentenceRows([e[0] for e in exemplars], labels,
                        [f"knowledge:{i}" for i in range(len(exemplars))], [0] * len(exemplars))


def train_default(embedder: Any, seed: int = 13) -> TechniqueModel:
    rows = knowledge_rows()
    dense = dense_features(rows.texts, embedder, builtin_lexicon())
    heads = _fit(rows, dense, ngrams=0, seed=seed)
    digest = hashlib.sha256((DATA / "knowledge.yaml").read_bytes()).hexdigest()[:16]
    return TechniqueModel(embedder.name, embedder.checksum(), heads["mean"], heads["scale"],
                          heads["coef"], heads["intercept"],
                          np.full(len(TECHNIQUES), DEFAULT_THRESHOLD, dtype=np.float32),
                          source=f"technique knowledge {digest}",
                          metrics={"exemplars": len(rows.texts)})


def article_sentences(text: str, language: str = "und") -> list[tuple[int, int, int]]:
    """(line number, start, end) of the sentences of every non-empty line."""
    found = []
    for number, start, end in line_spans(text):
        for s, e in split_sentences(text[start:end], language):
            if text[start + s : start + e].strip():
                found.append((number, start + s, start + e))
    return found


def release_rows(articles: Sequence[TrainingArticle], paragraph_labels: dict[tuple[str, int],
                 frozenset[str]]) -> SentenceRows:
    texts, labels, ids, lines = [], [], [], []
    for article in articles:
        for number, start, end in article_sentences(article.text):
            row = np.zeros(len(TECHNIQUES), dtype=np.int8)
            if article.spans is not None:
                for technique, s, e in article.spans:
                    if s < end and e > start:
                        row[TECHNIQUES.index(technique)] = 1
            else:
                for technique in paragraph_labels.get((article.id, number), ()):
                    row[TECHNIQUES.index(technique)] = 1
            texts.append(article.text[start:end])
            labels.append(row)
            ids.append(article.id)
            lines.append(number)
    return SentenceRows(texts, np.array(labels, dtype=np.int8).reshape(-1, len(TECHNIQUES)),
                        ids, lines)


def _paragraph_max(rows: SentenceRows, probabilities: np.ndarray
                   ) -> tuple[list[tuple[str, int]], np.ndarray]:
    keys: dict[tuple[str, int], int] = {}
    for article, line in zip(rows.article, rows.line, strict=True):
        keys.setdefault((article, line), len(keys))
    scores = np.zeros((len(keys), len(TECHNIQUES)), dtype=np.float32)
    for i, (article, line) in enumerate(zip(rows.article, rows.line, strict=True)):
        k = keys[(article, line)]
        scores[k] = np.maximum(scores[k], probabilities[i])
    return list(keys), scores


def _rates_at(scores: np.ndarray, gold: np.ndarray, cut: float, prevalence: float | None
              ) -> dict[str, float]:
    """Cross-validated paragraph figures of one technique at its threshold: recall,
    precision on the labelled articles, and precision expected at ``prevalence``."""
    predicted, positive = scores >= cut, gold > 0
    hits = float((predicted & positive).sum())
    recall = hits / max(1, int(positive.sum()))
    figures = {"threshold": round(cut, 2), "recall": round(recall, 4),
               "precision": round(hits / max(1, int(predicted.sum())), 4)}
    if prevalence is not None:
        false_alarms = (float(predicted.sum()) - hits) / max(1, int((~positive).sum()))
        figures["precision_at_real_share"] = round(
            precision_at_prevalence(recall, false_alarms, prevalence), 4)
        figures["real_share"] = prevalence
    return figures


def train_from_release(articles: Sequence[TrainingArticle],
                       paragraph_labels: dict[tuple[str, int], frozenset[str]], embedder: Any,
                       *, folds: int = 5, seed: int = 13,
                       lexicon: Lexicon | None = None,
                       precision: float | None = None,
                       prevalence: Mapping[str, float] | None = None) -> TechniqueModel:
    """A model on the user's articles, with per-technique thresholds from cross-validation:
    those that maximise paragraph F1, or with ``precision`` the lowest that reach it (a
    technique that never does abstains). Paragraph labels come from ``paragraph_labels``,
    and from an article's own spans where it has them.

    ``prevalence``: the share of paragraphs carrying each technique where the model will be
    used, for articles labelled more sparsely than that (an invented corpus): precision is
    then judged at that share (:mod:`narrascope.techniques.base_rates`)."""
    lexicon = lexicon or builtin_lexicon()
    if len(articles) < 4:
        raise ValueError(f"only {len(articles)} labelled article(s); need at least 4")
    rows = release_rows(articles, paragraph_labels)
    dense = dense_features(rows.texts, embedder, lexicon)
    ids = sorted({a.id for a in articles})
    rng = np.random.default_rng(seed)
    folds = max(2, min(folds, len(ids)))
    fold_of = dict(zip(ids, rng.permutation(len(ids)) % folds, strict=True))
    article_fold = np.array([fold_of[a] for a in rows.article])
    oof = np.zeros(rows.labels.shape, dtype=np.float32)
    for fold in range(folds):
        train, test = article_fold != fold, article_fold == fold
        sub = SentenceRows([t for t, keep in zip(rows.texts, train, strict=True) if keep],
                           rows.labels[train], [], [])
        heads = _fit(sub, dense[train], ngrams=NGRAMS, seed=seed)
        model = TechniqueModel(embedder.name, "", heads["mean"], heads["scale"], heads["coef"],
                               heads["intercept"], np.zeros(len(TECHNIQUES)), heads["ngram_coef"])
        test_texts = [t for t, keep in zip(rows.texts, test, strict=True) if keep]
        oof[test] = model.probabilities(test_texts, embedder, lexicon, dense=dense[test])
    keys, scores = _paragraph_max(rows, oof)
    gold = np.zeros_like(scores)
    for k, (article, line) in enumerate(keys):
        for technique in paragraph_labels.get((article, line), ()):
            gold[k, TECHNIQUES.index(technique)] = 1
    where = {key: k for k, key in enumerate(keys)}
    for i, key in enumerate(zip(rows.article, rows.line, strict=True)):
        gold[where[key]] = np.maximum(gold[where[key]], rows.labels[i])  # from spans
    thresholds = np.ones(len(TECHNIQUES), dtype=np.float32)
    judged: dict[str, dict[str, float]] = {}
    for column, technique in enumerate(TECHNIQUES):
        if precision is not None:
            share = (prevalence or {}).get(technique)
            thresholds[column] = precision_threshold(scores[:, column], gold[:, column],
                                                     target=precision, prevalence=share)
            if thresholds[column] <= 1.0:
                judged[technique] = _rates_at(scores[:, column], gold[:, column],
                                              float(thresholds[column]), share)
            continue
        best, best_f1 = 1.01, 0.0
        for cut in _GRID:
            predicted = scores[:, column] >= cut
            tp = float((predicted & (gold[:, column] > 0)).sum())
            f1 = 2 * tp / (predicted.sum() + gold[:, column].sum()) if tp else 0.0
            if f1 > best_f1:
                best, best_f1 = float(cut), f1
        thresholds[column] = best
    chosen = scores >= thresholds
    tp = float((chosen & (gold > 0)).sum())
    micro = 2 * tp / (chosen.sum() + gold.sum()) if tp else 0.0
    heads = _fit(rows, dense, ngrams=NGRAMS, seed=seed)
    return TechniqueModel(embedder.name, embedder.checksum(), heads["mean"], heads["scale"],
                          heads["coef"], heads["intercept"], thresholds, heads["ngram_coef"],
                          metrics={"articles": len(articles), "sentences": len(rows.texts),
                                   "paragraphs": len(keys), "cv_folds": folds,
                                   "cv_paragraph_micro_f1": round(micro, 4),
                                   **({"cv_at_threshold": judged} if precision is not None
                                      else {}),
                                   "trained_on_spans": sum(a.spans is not None
                                                           for a in articles)},
                          source=f"trained on {len(articles)} articles", kind="trained")
