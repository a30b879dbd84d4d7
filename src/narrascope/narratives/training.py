"""Training narrative models.

:func:`train_from_knowledge` builds the default model from the knowledge base alone. The
sentence classifier learns from the exemplars; calibration and thresholds are chosen on
*held-out* synthetic articles — exemplar sentences of one half of the knowledge base, mixed into
no-narrative reporting, scored by a classifier trained on the other half — so no real labelled
article is needed and none is tuned on.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from narrascope.embeddings import Embedder
from narrascope.narratives.knowledge import NONE_LABELS, Exemplar, Knowledge
from narrascope.narratives.model import DOMAINS, NarrativeModel
from narrascope.narratives.taxonomy import OTHER, Taxonomy, samples_f1

MAX_SENTENCES = 80
_GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]


@dataclass
class SyntheticArticle:
    sentences: list[int]  # exemplar indices
    narratives: list[str]
    subnarratives: list[str]


@dataclass
class _Heads:
    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    gate_coef: np.ndarray
    gate_intercept: float
    domain_coef: np.ndarray
    domain_intercept: np.ndarray


def _domain(label: str, taxonomy: Taxonomy) -> str:
    if label in NONE_LABELS:
        return NONE_LABELS[label] or "none"
    return taxonomy.domain_of(label) or "none"


def _fit_heads(embeddings: np.ndarray, labels: Sequence[str], taxonomy: Taxonomy, seed: int,
               regularisation: float = 4.0) -> _Heads:
    """The three sentence heads: label (narrative exemplars only), gate (narrative vs plain
    reporting, balanced), domain (war / climate / neither, balanced)."""
    from sklearn.linear_model import LogisticRegression

    narrative = np.array([label not in NONE_LABELS for label in labels])
    classes = sorted({label for label in labels if label not in NONE_LABELS})
    y = np.array([classes.index(label) for label in labels if label not in NONE_LABELS])
    label_head = LogisticRegression(C=regularisation, max_iter=2000, random_state=seed,
                                    class_weight="balanced").fit(embeddings[narrative], y)
    gate = LogisticRegression(C=regularisation, max_iter=2000, random_state=seed,
                              class_weight="balanced").fit(embeddings, narrative.astype(int))
    domains = np.array([DOMAINS.index(_domain(label, taxonomy)) for label in labels])
    domain_head = LogisticRegression(C=regularisation, max_iter=2000, random_state=seed,
                                     class_weight="balanced").fit(embeddings, domains)
    domain_coef = np.zeros((len(DOMAINS), embeddings.shape[1]), dtype=np.float32)
    domain_intercept = np.full(len(DOMAINS), -30.0, dtype=np.float32)
    for row, cls in enumerate(domain_head.classes_):
        domain_coef[cls] = domain_head.coef_[row]
        domain_intercept[cls] = domain_head.intercept_[row]
    return _Heads(classes, label_head.coef_.astype(np.float32),
                  label_head.intercept_.astype(np.float32),
                  gate.coef_[0].astype(np.float32), float(gate.intercept_[0]),
                  domain_coef, domain_intercept)


def _model(taxonomy: Taxonomy, embedder: str, checksum: str, heads: _Heads,
           calibration: dict[str, tuple[float, float]], thresholds: dict[str, float]
           ) -> NarrativeModel:
    return NarrativeModel(taxonomy, embedder, checksum, heads.classes, heads.coef,
                          heads.intercept, heads.gate_coef, heads.gate_intercept,
                          heads.domain_coef, heads.domain_intercept, calibration, thresholds)


def synthetic_articles(exemplars: Sequence[Exemplar], indices: Sequence[int],
                       taxonomy: Taxonomy, count: int, rng: random.Random
                       ) -> list[SyntheticArticle]:
    """Articles made of held-out exemplar sentences: 0–3 narratives, each carried by one to
    three sentences, inside 6–18 sentences of no-narrative reporting of the same domain."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for i in indices:
        by_label[exemplars[i].label].append(i)
    background = {domain: by_label.get(label, []) for label, domain in NONE_LABELS.items()}
    articles = []
    for _ in range(count):
        domain = rng.choices(["URW", "CC", None], weights=[0.42, 0.42, 0.16])[0]
        pool = background.get(domain) or background.get(None) or []
        filler = [i for i in (pool + background.get(None, [])[: len(pool) // 4])]
        sentences = rng.sample(filler, k=min(len(filler), rng.randint(6, 18)))
        narratives: set[str] = set()
        subs: set[str] = set()
        if domain is not None:
            wanted = rng.choices([0, 1, 2, 3], weights=[0.35, 0.38, 0.2, 0.07])[0]
            candidates = [s for s in by_label if taxonomy.domain_of(s) == domain
                          and s in taxonomy.parent]
            for sub in rng.sample(candidates, k=min(wanted, len(candidates))):
                sentences += rng.sample(by_label[sub], k=min(len(by_label[sub]),
                                                            rng.randint(1, 3)))
                narratives.add(taxonomy.parent[sub])
                subs.add(sub)
        rng.shuffle(sentences)
        articles.append(SyntheticArticle(sentences, sorted(narratives) or [OTHER],
                                         sorted(subs) or [OTHER]))
    return articles


def train_from_knowledge(knowledge: Knowledge, taxonomy: Taxonomy, embedder: Embedder, *,
                         seed: int = 13, synthetic: int = 400) -> NarrativeModel:
    exemplars = list(knowledge.exemplars(taxonomy))
    embeddings = embedder.encode([e.text for e in exemplars])
    rng = random.Random(seed)
    order = list(range(len(exemplars)))
    rng.shuffle(order)
    folds = [order[0::2], order[1::2]]
    pairs: dict[str, list[tuple[float, bool]]] = {"narrative": [], "subnarrative": []}
    held_out: list[tuple[NarrativeModel, list[SyntheticArticle]]] = []
    for k in (0, 1):
        train, test = folds[1 - k], folds[k]
        heads = _fit_heads(embeddings[train], [exemplars[i].label for i in train], taxonomy,
                           seed)
        fold_model = _model(taxonomy, embedder.name, "", heads, {},
                            {"narrative": 0.5, "subnarrative": 0.5})
        articles = synthetic_articles(exemplars, test, taxonomy, synthetic // 2, rng)
        held_out.append((fold_model, articles))
        for article in articles:
            raw, _domains = fold_model.raw_scores(embeddings[article.sentences])
            for label, (score, _evidence) in raw.items():
                level = "subnarrative" if label in taxonomy.parent else "narrative"
                gold = article.subnarratives if level == "subnarrative" else article.narratives
                pairs[level].append((score, label in gold))
    calibration = {level: _fit_calibration(values) for level, values in pairs.items()}
    thresholds = _choose_thresholds(held_out, embeddings, calibration)
    heads = _fit_heads(embeddings, [e.label for e in exemplars], taxonomy, seed)
    model = _model(taxonomy, embedder.name, embedder.checksum(), heads, calibration,
                   thresholds)
    model.source = f"knowledge base {knowledge.digest}"
    model.metrics = _synthetic_metrics(held_out, embeddings, calibration, thresholds)
    model.metrics["exemplars"] = len(exemplars)
    return model


def calibrate_on_articles(model: NarrativeModel, articles: Sequence[Any],
                          embedder: Embedder) -> None:
    """Fit ``model``'s calibration and thresholds on labelled articles (narrascope's own, or
    the user's): raw scores of every label against its presence, then the cuts that maximise
    samples-F1 at both levels."""
    held_out = [(model, _ScoredArticles([embedder.encode(a.sentences[:MAX_SENTENCES])
                                         for a in articles], articles))]
    pairs: dict[str, list[tuple[float, bool]]] = {"narrative": [], "subnarrative": []}
    for embeddings, article in zip(held_out[0][1].embeddings, articles, strict=True):
        raw, _domains = model.raw_scores(embeddings)
        for label, (score, _evidence) in raw.items():
            level = "subnarrative" if label in model.taxonomy.parent else "narrative"
            gold = article.subnarratives if level == "subnarrative" else article.narratives
            pairs[level].append((score, label in gold))
    calibration = {level: _fit_calibration(values) for level, values in pairs.items()}
    model.calibration = calibration
    model.thresholds = _choose_thresholds(held_out, None, calibration)
    coarse, fine = _evaluate(held_out, None, calibration, model.thresholds)
    model.metrics.update({"calibration_articles": len(articles),
                          "calibration_coarse_f1": round(coarse, 4),
                          "calibration_fine_f1": round(fine, 4)})


@dataclass
class _ScoredArticles:
    """Real articles in the shape the threshold search expects (sentences pre-embedded)."""

    embeddings: list[np.ndarray]
    articles: Sequence[Any]

    def __iter__(self):
        for embeddings, article in zip(self.embeddings, self.articles, strict=True):
            yield _Embedded(embeddings, article.narratives, article.subnarratives)


@dataclass
class _Embedded:
    embeddings: np.ndarray
    narratives: list[str]
    subnarratives: list[str]


def _fit_calibration(values: list[tuple[float, bool]]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    x = np.array([[v] for v, _ in values])
    y = np.array([int(g) for _, g in values])
    if len(set(y)) < 2:
        return 1.0, 0.0
    fit = LogisticRegression(C=100.0).fit(x, y)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def _evaluate(held_out: list[tuple[NarrativeModel, Any]],
              embeddings: np.ndarray | None, calibration: dict[str, tuple[float, float]],
              thresholds: dict[str, float]) -> tuple[float, float]:
    gold_n, gold_s, pred_n, pred_s = [], [], [], []
    for fold_model, articles in held_out:
        fold_model.calibration = calibration
        fold_model.thresholds = thresholds
        for article in articles:
            vectors = (article.embeddings if isinstance(article, _Embedded)
                       else embeddings[article.sentences])
            prediction = fold_model.predict(vectors)
            gold_n.append(article.narratives)
            gold_s.append(article.subnarratives)
            pred_n.append(prediction.narrative_labels)
            pred_s.append(prediction.subnarrative_labels)
    return samples_f1(gold_n, pred_n), samples_f1(gold_s, pred_s)


def _choose_thresholds(held_out: list[tuple[NarrativeModel, Any]],
                       embeddings: np.ndarray | None, calibration: dict[str, tuple[float, float]]
                       ) -> dict[str, float]:
    thresholds = {"narrative": 0.5, "subnarrative": 0.5}
    best = max(_GRID, key=lambda t: _evaluate(held_out, embeddings, calibration,
                                              {**thresholds, "narrative": t})[0])
    thresholds["narrative"] = best
    thresholds["subnarrative"] = max(_GRID, key=lambda t: _evaluate(
        held_out, embeddings, calibration, {**thresholds, "subnarrative": t})[1])
    return thresholds


def _synthetic_metrics(held_out: list[tuple[NarrativeModel, list[SyntheticArticle]]],
                       embeddings: np.ndarray, calibration: dict[str, tuple[float, float]],
                       thresholds: dict[str, float]) -> dict[str, float]:
    coarse, fine = _evaluate(held_out, embeddings, calibration, thresholds)
    return {"synthetic_heldout_coarse_f1": round(coarse, 4),
            "synthetic_heldout_fine_f1": round(fine, 4)}
