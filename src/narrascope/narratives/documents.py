"""Narrative models trained on the user's labelled articles (``narrascope semeval train``).

Each article becomes one feature vector: the mean and the max of its sentence embeddings, plus
the knowledge model's per-label scores and domain scores (what narrascope already knows about
every label, which helps labels with few training articles). One logistic regression per label
(one-vs-rest) is trained on these features, and each label gets its own threshold, chosen by
cross-validation to maximise the samples-F1 the benchmark uses. Evidence for a label is the
sentences that push the article's features most towards it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.calibration import NEVER, precision_threshold
from narrascope.embeddings import read_model_files
from narrascope.narratives.model import (
    MODEL_FORMAT,
    LabelScore,
    ModelError,
    NarrativeModel,
    NarrativePrediction,
)
from narrascope.narratives.taxonomy import OTHER, Taxonomy, samples_f1

_GRID = [round(x, 2) for x in np.arange(0.1, 0.91, 0.05)]
#: The pseudo-label of a precision-first model's gate: "the article carries some narrative".
#: Deciding that at all is the hard part (most news carries none); a narrative is given only
#: when the gate opens, and then at most :data:`MAX_GATED` of them, strongest first.
GATE = "(any narrative)"
MAX_GATED = 2


@dataclass
class LabelledArticle:
    id: str
    sentences: list[str]  # title first
    narratives: list[str]
    subnarratives: list[str]


def article_features(embeddings: np.ndarray, knowledge: NarrativeModel | None,
                     labels: Sequence[str]) -> np.ndarray:
    """Mean and max pooled sentence embeddings, plus knowledge scores per label."""
    if len(embeddings) == 0:
        embeddings = np.zeros((1, embeddings.shape[1] if embeddings.ndim == 2 else 384),
                              dtype=np.float32)
    parts = [embeddings.mean(axis=0), embeddings.max(axis=0)]
    if knowledge is not None:
        raw, domains = knowledge.raw_scores(embeddings)
        parts.append(np.array([raw.get(label, (0.0, []))[0] for label in labels],
                              dtype=np.float32))
        parts.append(np.array([domains.get("URW", 0.0), domains.get("CC", 0.0)],
                              dtype=np.float32))
    return np.concatenate(parts).astype(np.float32)


@dataclass
class DocumentModel:
    taxonomy: Taxonomy
    embedder: str
    embedder_checksum: str
    labels: list[str]  # narratives and sub-narratives with a classifier
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray
    thresholds: np.ndarray  # per label
    knowledge: NarrativeModel | None
    metrics: dict[str, Any] = field(default_factory=dict)
    kind: str = "trained"

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(features @ self.coef.T + self.intercept)))

    def predict(self, embeddings: np.ndarray) -> NarrativePrediction:
        if len(embeddings) == 0:
            return NarrativePrediction(None, 0.0, [], [])
        features = article_features(embeddings, self.knowledge, self.labels)
        scores = self.probabilities(features[None, :])[0]
        if GATE in self.labels and scores[self.labels.index(GATE)] < self.thresholds[
                self.labels.index(GATE)]:
            return NarrativePrediction(None, 0.0, [], [])
        chosen = {label: float(score) for label, score, cut in
                  zip(self.labels, scores, self.thresholds, strict=True) if score >= cut}
        if GATE in self.labels:
            chosen = _gated(self.taxonomy, chosen)
        narratives_set = {label for label in chosen if label in self.taxonomy.children}
        subs = {label for label in chosen if label in self.taxonomy.parent
                and self.taxonomy.parent[label] in narratives_set}
        mean_part = self.coef[:, : embeddings.shape[1]]
        narratives = []
        subnarratives = []
        # Sets have no order (it changes with the hash seed): ties are broken by name, so
        # every process gives the same labels in the same order.
        for label in sorted(narratives_set, key=lambda n: (-chosen[n], n)):
            narratives.append(LabelScore(label, chosen[label],
                                         self._evidence(embeddings, mean_part, label)))
            own = sorted((s for s in subs if self.taxonomy.parent[s] == label),
                         key=lambda s: (-chosen[s], s))
            if not own:
                own_scores = [(s, float(scores[self.labels.index(s)]))
                              for s in self.taxonomy.children[label] if s in self.labels]
                best = max(own_scores, key=lambda item: item[1], default=None)
                other = self.taxonomy.other_of(label)
                own = [best[0]] if best and best[0] != other and best[1] > 0.5 * \
                    self.thresholds[self.labels.index(best[0])] else []
                if not own:
                    subnarratives.append(LabelScore(other, chosen[label],
                                                    narratives[-1].evidence))
            for sub in own:
                score = chosen.get(sub, float(scores[self.labels.index(sub)]))
                subnarratives.append(LabelScore(sub, score,
                                                self._evidence(embeddings, mean_part, sub)))
        domain = None
        if narratives:
            domain = self.taxonomy.domain_of(narratives[0].label)
        return NarrativePrediction(domain, narratives[0].score if narratives else 0.0,
                                   narratives, subnarratives)

    def _evidence(self, embeddings: np.ndarray, mean_part: np.ndarray, label: str) -> list[int]:
        contribution = embeddings @ mean_part[self.labels.index(label)]
        if self.knowledge is not None and label in self.knowledge.taxonomy.parent:
            probabilities = self.knowledge.sentence_probabilities(embeddings)
            if label in self.knowledge.classes:
                contribution = contribution + 5.0 * probabilities[
                    :, self.knowledge.classes.index(label)]
        order = np.argsort(-contribution)[:3]
        return [int(i) for i in order]

    # -- files -------------------------------------------------------------------------

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / "document_weights.npz", coef=self.coef,
                            intercept=self.intercept, thresholds=self.thresholds)
        if self.knowledge is not None:
            self.knowledge.save(folder / "knowledge")
        manifest = {
            "format": MODEL_FORMAT, "kind": self.kind, "embedder": self.embedder,
            "embedder_checksum": self.embedder_checksum,
            "taxonomy": self.taxonomy.to_dict(),
            "labels": self.labels, "metrics": self.metrics,
        }
        (folder / "model.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                           encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, *, embedder_checksum: str | None = None
             ) -> DocumentModel:
        folder = Path(folder)
        manifest, weights = read_model_files(
            folder, "model.json", "document_weights.npz", model_format=MODEL_FORMAT,
            embedder_checksum=embedder_checksum, error=ModelError,
            what="trained narrative model")
        knowledge = None
        if (folder / "knowledge" / "model.json").exists():
            knowledge = NarrativeModel.load(folder / "knowledge")
        return cls(Taxonomy.from_dict(manifest["taxonomy"]),
                   manifest["embedder"], manifest["embedder_checksum"], manifest["labels"],
                   weights["coef"], weights["intercept"], weights["thresholds"], knowledge,
                   manifest.get("metrics", {}))


def _targets(articles: Sequence[LabelledArticle], labels: Sequence[str]) -> np.ndarray:
    y = np.zeros((len(articles), len(labels)), dtype=np.int8)
    index = {label: i for i, label in enumerate(labels)}
    for row, article in enumerate(articles):
        for label in (*article.narratives, *article.subnarratives):
            if label in index:
                y[row, index[label]] = 1
        if GATE in index and article.narratives:
            y[row, index[GATE]] = 1
    return y


def _fit(x: np.ndarray, y: np.ndarray, seed: int, *, strength: float | None = None
         ) -> tuple[np.ndarray, np.ndarray]:
    """One logistic head per label. With ``strength`` (the inverse regularisation C) the
    features are standardised first, which a small corpus needs to keep the heads from
    over-fitting, and the scaling is folded back into the weights."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0) if strength is not None else np.zeros(x.shape[1])
    scale = (x.std(axis=0) + 1e-6) if strength is not None else np.ones(x.shape[1])
    z = (x - mean) / scale
    coef = np.zeros((y.shape[1], x.shape[1]), dtype=np.float32)
    intercept = np.full(y.shape[1], -8.0, dtype=np.float32)
    for j in range(y.shape[1]):
        positives = int(y[:, j].sum())
        if positives == 0 or positives == len(y):
            continue
        model = LogisticRegression(C=2.0 if strength is None else strength, max_iter=3000,
                                   class_weight="balanced", random_state=seed)
        model.fit(z, y[:, j])
        coef[j] = model.coef_[0] / scale
        intercept[j] = model.intercept_[0] - float((model.coef_[0] * mean / scale).sum())
    return coef, intercept


def _gated(taxonomy: Taxonomy, chosen: dict[str, float]) -> dict[str, float]:
    """What a precision-first model gives once its gate is open, from the labels that passed
    their thresholds (label -> score): at most :data:`MAX_GATED` narratives, strongest first,
    then their sub-narratives. A sub-narrative precise enough to fire implies its narrative,
    whose own head (covering every sub-narrative at once) may never reach the precision."""
    strength: dict[str, float] = {}
    for label, score in chosen.items():
        narrative = label if label in taxonomy.children else taxonomy.parent.get(label)
        if narrative is not None:
            strength[narrative] = max(strength.get(narrative, 0.0), score)
    narratives = sorted(strength, key=lambda n: -strength[n])[:MAX_GATED]
    return {**{n: strength[n] for n in narratives},
            **{label: score for label, score in chosen.items()
               if taxonomy.parent.get(label) in narratives}}


def _decide(taxonomy: Taxonomy, labels: Sequence[str], scores: np.ndarray,
            thresholds: np.ndarray) -> tuple[list[str], list[str]]:
    if GATE in labels and scores[labels.index(GATE)] < thresholds[labels.index(GATE)]:
        return [], []
    chosen = [label for label, s, t in zip(labels, scores, thresholds, strict=True) if s >= t]
    if GATE in labels:
        chosen = list(_gated(taxonomy, {c: float(scores[labels.index(c)]) for c in chosen}))
    return taxonomy.consistent([c for c in chosen if c in taxonomy.children],
                               [c for c in chosen if c in taxonomy.parent
                                and taxonomy.parent[c] in chosen])


def train_documents(articles: Sequence[LabelledArticle], taxonomy: Taxonomy, embedder: Any,
                    knowledge: NarrativeModel | None, *, folds: int = 5, seed: int = 13,
                    progress: Any = None, precision: float | None = None,
                    features: np.ndarray | None = None) -> DocumentModel:
    """Train per-label classifiers; thresholds and the reported metrics come from
    ``folds``-fold cross-validation over the articles.

    ``precision``: choose each label's threshold as the lowest at which its cross-validated
    predictions reach this precision (a label that never does abstains), instead of the
    thresholds that maximise samples-F1. ``features``: the articles' rows of
    :func:`article_features`, when the caller has them."""
    if len(articles) < max(folds, 4):
        raise ModelError(f"only {len(articles)} labelled article(s); need at least "
                         f"{max(folds, 4)} to train and cross-validate")
    labels = [n for n in taxonomy.narratives if n != OTHER] + taxonomy.subnarratives
    strength = None
    if precision is not None:
        labels.append(GATE)
        strength = 0.05
    if features is None:
        rows = []
        for number, article in enumerate(articles, start=1):
            rows.append(article_features(embedder.encode(article.sentences), knowledge, labels))
            if progress:
                progress(number, len(articles))
        features = np.stack(rows)
    x = features
    y = _targets(articles, labels)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(articles))
    fold_of = np.empty(len(articles), dtype=int)
    fold_of[order] = np.arange(len(articles)) % folds
    oof = np.zeros(y.shape, dtype=np.float32)
    for k in range(folds):
        train, test = fold_of != k, fold_of == k
        coef, intercept = _fit(x[train], y[train], seed, strength=strength)
        oof[test] = 1.0 / (1.0 + np.exp(-(x[test] @ coef.T + intercept)))
    if precision is None:
        thresholds = _tune_thresholds(taxonomy, labels, articles, oof)
    else:
        thresholds = _precision_thresholds(labels, oof, y, precision)
    predicted = [_decide(taxonomy, labels, oof[i], thresholds) for i in range(len(articles))]
    coarse = samples_f1([a.narratives for a in articles], [p[0] for p in predicted])
    fine = samples_f1([a.subnarratives for a in articles], [p[1] for p in predicted])
    coef, intercept = _fit(x, y, seed, strength=strength)
    return DocumentModel(taxonomy, embedder.name, embedder.checksum(), labels, coef, intercept,
                         thresholds, knowledge,
                         {"cv_folds": folds, "cv_coarse_f1": round(coarse, 4),
                          "cv_fine_f1": round(fine, 4), "articles": len(articles),
                          **({"precision_target": precision} if precision else {})})


def _precision_thresholds(labels: Sequence[str], oof: np.ndarray, y: np.ndarray,
                          precision: float) -> np.ndarray:
    """The gate's threshold first; then each label's, measured only on the articles the gate
    lets through, as the model will be used."""
    gate = labels.index(GATE)
    thresholds = np.full(len(labels), NEVER, dtype=np.float32)
    thresholds[gate] = precision_threshold(oof[:, gate], y[:, gate], target=precision)
    through = oof[:, gate] >= thresholds[gate]
    for j in range(len(labels)):
        if j != gate:
            thresholds[j] = precision_threshold(np.where(through, oof[:, j], 0.0), y[:, j],
                                                target=precision)
    return thresholds


def _tune_thresholds(taxonomy: Taxonomy, labels: Sequence[str],
                     articles: Sequence[LabelledArticle], oof: np.ndarray) -> np.ndarray:
    """A global cut first, then each label's own cut, by coordinate ascent on samples-F1.

    A trial cut for one label changes the decision only for the articles whose score lies
    between the old and the new cut, so only those are decided again."""
    def decided(i: int, thresholds: np.ndarray) -> tuple[float, float]:
        coarse, fine = _decide(taxonomy, labels, oof[i], thresholds)
        return (samples_f1([articles[i].narratives], [coarse]),
                samples_f1([articles[i].subnarratives], [fine]))

    def total(per_article: list[tuple[float, float]]) -> float:
        # summed in article order, as samples_f1 sums, so that ties break as they did
        return (sum(c for c, _ in per_article) / len(per_article)
                + sum(f for _, f in per_article) / len(per_article))

    def all_articles(thresholds: np.ndarray) -> list[tuple[float, float]]:
        return [decided(i, thresholds) for i in range(len(oof))]

    best_global = max(_GRID, key=lambda t: total(all_articles(np.full(len(labels), t))))
    thresholds = np.full(len(labels), best_global, dtype=np.float32)
    current = all_articles(thresholds)
    best = total(current)
    for j in range(len(labels)):
        if not oof[:, j].any():
            continue
        for cut in _GRID:
            trial = thresholds.copy()
            trial[j] = cut
            changed = np.flatnonzero((oof[:, j] >= trial[j]) != (oof[:, j] >= thresholds[j]))
            if not len(changed):
                continue
            candidate = list(current)
            for i in changed:
                candidate[i] = decided(int(i), trial)
            value = total(candidate)
            if value > best + 1e-9:
                best, thresholds, current = value, trial, candidate
    return thresholds
