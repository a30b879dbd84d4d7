"""Fitting role models: the default one from the role knowledge base, and one on the user's
labelled mentions (SemEval-2025 sub-task 1 releases) with the knowledge base mixed in.

Both use the same heads (:class:`~narrascope.roles.model.RoleModel`). The default model learns
from single invented sentences, so its main-role head is trained balanced and then given a
prior that leans to Antagonist, as news framing does (on the real benchmark's English dev part,
four mentions in five are antagonists); a trained model learns the user's own class balance,
how much narratives matter, and how often to give a second fine role, by cross-validation over
articles.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from narrascope.calibration import precision_threshold
from narrascope.roles.base_rates import offsets_by_language, shifted_accuracy
from narrascope.roles.evidence import (
    DATA,
    MAIN_ROLES,
    MentionEvidence,
    exemplar_evidence,
    fine_roles,
    knowledge_exemplars,
    role_taxonomy,
)
from narrascope.roles.metrics import role_metrics
from narrascope.roles.model import RoleModel, RoleScores, features

#: main-role prior for the default model (Protagonist, Antagonist, Innocent)
DEFAULT_MAIN_PRIOR = (0.2, 0.6, 0.2)
DEFAULT_PRIOR_WEIGHT = 0.8
_C = 0.05
_RATIOS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass
class LabelledMention:
    group: str  # the article, so that cross-validation never splits one
    evidence: MentionEvidence
    main_role: str | None  # None: an exemplar of a mention the text does not frame
    fine_roles: tuple[str, ...]
    language: str = "und"


def knowledge_mentions() -> list[LabelledMention]:
    """The role knowledge base's exemplars as labelled mentions (English ones parsed)."""
    from narrascope.entities.ner import spacy_pipeline

    taxonomy = role_taxonomy()
    rows = []
    nlp = None
    for index, (sentence, role, language) in enumerate(knowledge_exemplars()):
        if "[[" not in sentence:
            continue
        parse = None
        if language == "en":
            nlp = nlp or spacy_pipeline()
            parse = nlp(sentence.replace("[[", "").replace("]]", ""))
        evidence = exemplar_evidence(sentence, parse)
        if role in taxonomy:
            rows.append(LabelledMention(f"knowledge:{index}", evidence, taxonomy[role], (role,)))
        else:
            rows.append(LabelledMention(f"knowledge:{index}", evidence, None, ()))
    return rows


def _fit_heads(x: np.ndarray, rows: Sequence[LabelledMention], weights: np.ndarray, *,
               main_prior: Sequence[float] | None, seed: int) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    z = (x - mean) / scale
    framed = np.array([r.main_role is not None for r in rows])
    if framed.all():
        framed_coef, framed_intercept = np.zeros(x.shape[1], dtype=np.float32), 5.0
    else:
        head = LogisticRegression(C=_C, max_iter=3000, class_weight="balanced",
                                  random_state=seed).fit(z, framed, sample_weight=weights)
        framed_coef, framed_intercept = head.coef_[0], float(head.intercept_[0])
    index = np.flatnonzero(framed)
    y_main = np.array([MAIN_ROLES.index(rows[i].main_role) for i in index])
    main = LogisticRegression(C=_C, max_iter=3000, random_state=seed,
                              class_weight="balanced" if main_prior else None)
    main.fit(z[index], y_main, sample_weight=weights[index])
    main_coef = np.zeros((len(MAIN_ROLES), x.shape[1]), dtype=np.float32)
    main_intercept = np.full(len(MAIN_ROLES), -20.0, dtype=np.float32)
    _place(main, main_coef, main_intercept)
    if main_prior:
        main_intercept = main_intercept + np.log(np.asarray(main_prior, dtype=np.float32))
    roles = fine_roles()
    fine_rows = [(i, roles.index(r)) for i in index for r in rows[i].fine_roles if r in roles]
    fine = LogisticRegression(C=_C, max_iter=3000, random_state=seed)
    fine.fit(z[[i for i, _ in fine_rows]], np.array([r for _, r in fine_rows]),
             sample_weight=np.array([weights[i] for i, _ in fine_rows]))
    fine_coef = np.zeros((len(roles), x.shape[1]), dtype=np.float32)
    fine_intercept = np.full(len(roles), -20.0, dtype=np.float32)
    _place(fine, fine_coef, fine_intercept)
    return {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
            "framed_coef": np.asarray(framed_coef, dtype=np.float32),
            "framed_intercept": framed_intercept, "main_coef": main_coef,
            "main_intercept": main_intercept, "fine_coef": fine_coef,
            "fine_intercept": fine_intercept}


def _place(head: Any, coef: np.ndarray, intercept: np.ndarray) -> None:
    """Copy a fitted multinomial head into full-size arrays (classes never seen stay at -20)."""
    classes = list(head.classes_)
    if len(classes) == 2:  # sklearn stores one row for two classes
        coef[classes[1]], intercept[classes[1]] = head.coef_[0], head.intercept_[0]
        coef[classes[0]], intercept[classes[0]] = 0.0, 0.0
        return
    for row, label in enumerate(classes):
        coef[label], intercept[label] = head.coef_[row], head.intercept_[row]


def _knowledge_digest() -> str:
    return hashlib.sha256((DATA / "knowledge.yaml").read_bytes()).hexdigest()[:16]


def train_from_knowledge(embedder: Any, seed: int = 13) -> RoleModel:
    """The default model: the knowledge base's exemplars only."""
    rows = knowledge_mentions()
    x = features([r.evidence for r in rows], embedder)
    heads = _fit_heads(x, rows, np.ones(len(rows)), main_prior=DEFAULT_MAIN_PRIOR, seed=seed)
    return RoleModel(embedder.name, embedder.checksum(), **heads,
                     prior_weight=DEFAULT_PRIOR_WEIGHT,
                     source=f"role knowledge {_knowledge_digest()}",
                     metrics={"exemplars": len(rows)})


def _predictions(model: RoleModel, x: np.ndarray) -> list[RoleScores]:
    return model.predict(x, force=True) if len(x) else []


def train_role_model(labelled: Sequence[LabelledMention], embedder: Any, *, folds: int = 5,
                     knowledge_weight: float = 0.3, seed: int = 13,
                     precision: float | None = None,
                     x_labelled: np.ndarray | None = None,
                     target_shares: Mapping[str, Sequence[float]] | None = None) -> RoleModel:
    """A role model on the user's labelled mentions plus the knowledge base (down-weighted).

    Cross-validation over articles picks ``second_ratio`` and is recorded in ``metrics``.
    With ``precision`` (for mentions that include unframed ones, main_role None, at their
    real share), it also picks the framing threshold: the lowest at which the mentions the
    model calls framed are framed, in the right main role, at that precision.
    ``x_labelled``: the labelled mentions' feature rows, when the caller has them.
    ``target_shares``: main-role shares by language that real news has, when the labelled
    mentions have another balance (an invented corpus): the model then moves its main-role
    head onto them (:mod:`narrascope.roles.base_rates`), and ``metrics`` records the
    cross-validated accuracy expected at those shares, as trained and as moved.
    """
    if not labelled:
        raise ValueError("no labelled mentions to train on")
    knowledge = knowledge_mentions()
    rows = [*labelled, *knowledge]
    x = features([r.evidence for r in rows], embedder) if x_labelled is None else np.vstack(
        [x_labelled, features([r.evidence for r in knowledge], embedder)])
    weights = np.array([1.0] * len(labelled) + [knowledge_weight] * len(knowledge))
    n = len(labelled)
    groups = sorted({r.group for r in labelled})
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(groups, rng.permutation(len(groups)) % max(2, min(folds, len(groups))),
                       strict=True))
    cv_rows: list[int] = []
    cv_models: list[tuple[RoleModel, list[int]]] = []
    for fold in sorted(set(fold_of.values())):
        test = [i for i in range(n) if fold_of[labelled[i].group] == fold]
        train = [i for i in range(len(rows)) if i >= n or fold_of[labelled[i].group] != fold]
        if not test or len({rows[i].main_role for i in train if rows[i].main_role}) < 2:
            continue
        heads = _fit_heads(x[train], [rows[i] for i in train], weights[train], main_prior=None,
                           seed=seed)
        cv_models.append((RoleModel(embedder.name, embedder.checksum(), **heads), test))
        cv_rows += test
    # The second fine role is judged on the framed mentions only: the unframed ones, most of
    # a real article's, have no fine role to match and would favour giving none at all.
    framed_rows = {i for i in cv_rows if labelled[i].main_role is not None}
    gold = [(labelled[i].main_role or "", labelled[i].fine_roles) for i in cv_rows
            if i in framed_rows]
    best_ratio, best = 0.8, None
    for ratio in _RATIOS:
        predicted: list[tuple[str | None, tuple[str, ...]]] = []
        for model, test in cv_models:
            model.second_ratio = ratio
            kept = [i for i in test if i in framed_rows]
            predicted += [(s.main_role, tuple(r for r, _ in s.fine_roles))
                          for s in _predictions(model, x[kept])]
        scores = role_metrics(gold, predicted) if gold else None
        if scores and (best is None or scores["exact_match"] > best["exact_match"]):
            best_ratio, best = ratio, scores
    framing_threshold = 0.7
    if precision is not None and cv_models:
        framed_scores, right = [], []
        for model, test in cv_models:
            for i, score in zip(test, _predictions(model, x[test]), strict=True):
                framed_scores.append(score.framed)
                right.append(labelled[i].main_role is not None
                             and score.main_role == labelled[i].main_role)
        framing_threshold = precision_threshold(np.array(framed_scores), np.array(right),
                                                target=precision)
    main_shift: dict[str, list[float]] = {}
    at_real_shares: dict[str, dict[str, float]] = {}
    if target_shares:
        by_language: dict[str, list[str]] = {}
        for row in labelled:
            if row.main_role is not None:
                by_language.setdefault(row.language, []).append(row.main_role)
        main_shift = offsets_by_language(by_language, target_shares)
        at_real_shares = _accuracy_at_shares(cv_models, labelled, x, main_shift, target_shares)
    heads = _fit_heads(x, rows, weights, main_prior=None, seed=seed)
    metrics = {"mentions": n, "articles": len(groups), "folds": len(cv_models),
               "knowledge_exemplars": len(knowledge), "cv": best or {},
               **({"precision_target": precision, "framing_threshold": framing_threshold}
                  if precision is not None else {}),
               **({"cv_main_accuracy_at_real_shares": at_real_shares} if target_shares
                  else {})}
    return RoleModel(embedder.name, embedder.checksum(), **heads, second_ratio=best_ratio,
                     framing_threshold=framing_threshold,
                     source=f"trained on {n} mentions + role knowledge {_knowledge_digest()}",
                     metrics=metrics, main_shift=main_shift)


def _accuracy_at_shares(cv_models: Sequence[tuple[RoleModel, list[int]]],
                        labelled: Sequence[LabelledMention], x: np.ndarray,
                        main_shift: Mapping[str, Sequence[float]],
                        target_shares: Mapping[str, Sequence[float]]
                        ) -> dict[str, dict[str, float]]:
    """Per target language with framed mentions: the cross-validated main-role accuracy
    expected at its real shares, as trained and with the shift, against always-Antagonist."""
    figures = {}
    for language, wanted in target_shares.items():
        gold: list[str] = []
        plain: list[str | None] = []
        moved: list[str | None] = []
        for model, test in cv_models:
            kept = [i for i in test
                    if labelled[i].main_role is not None and labelled[i].language == language]
            if not kept:
                continue
            gold += [labelled[i].main_role or "" for i in kept]
            plain += [s.main_role for s in model.predict(x[kept], force=True)]
            shifted = dataclasses.replace(model, main_shift={language: list(main_shift[language])})
            moved += [s.main_role for s in shifted.predict(x[kept], force=True,
                                                            language=language)]
        if gold:
            figures[language] = {
                "mentions": len(gold),
                "as_trained": round(shifted_accuracy(gold, plain, wanted), 4),
                "shifted": round(shifted_accuracy(gold, moved, wanted), 4),
                "always_antagonist": round(shifted_accuracy(
                    gold, ["Antagonist"] * len(gold), wanted), 4)}
    return figures


