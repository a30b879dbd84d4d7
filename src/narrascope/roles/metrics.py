"""How well roles were predicted: the figures of SemEval-2025 Task 10 sub-task 1, on pairs of
(main role, fine roles) per mention.

They live with the roles, not with the benchmark adapters, because training uses them to pick
settings by cross-validation; :mod:`narrascope.semeval.scoring` applies them to release files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RoleScore:
    exact_match_ratio: float
    main_role_accuracy: float
    precision: float
    recall: float
    f1: float
    mentions: int


def role_scores(pairs: Sequence[tuple[tuple[str | None, Sequence[str]],
                                      tuple[str | None, Sequence[str]]]]) -> RoleScore:
    """Sub-task 1 figures from ((gold main, gold fine roles), (predicted main, predicted fine
    roles)) per mention; a missing prediction is (None, ())."""
    exact = main = true_pos = pred_total = gold_total = 0
    for (gold_main, gold_fine), (guess_main, guess_fine) in pairs:
        gold_roles, guess_roles = set(gold_fine), set(guess_fine)
        exact += gold_roles == guess_roles
        main += guess_main is not None and guess_main == gold_main
        true_pos += len(gold_roles & guess_roles)
        pred_total += len(guess_roles)
        gold_total += len(gold_roles)
    n = len(pairs)
    precision = true_pos / pred_total if pred_total else 0.0
    recall = true_pos / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return RoleScore(exact / n if n else 0.0, main / n if n else 0.0, precision, recall, f1, n)


def role_metrics(gold: Sequence[tuple[str, tuple[str, ...]]],
                 predicted: Sequence[tuple[str | None, tuple[str, ...]]]) -> dict[str, float]:
    """:func:`role_scores` as a dict for model manifests and benchmarks."""
    scores = role_scores(list(zip(gold, predicted, strict=True)))
    return {"exact_match": round(scores.exact_match_ratio, 4),
            "main_accuracy": round(scores.main_role_accuracy, 4),
            "micro_precision": round(scores.precision, 4),
            "micro_recall": round(scores.recall, 4), "micro_f1": round(scores.f1, 4),
            "mentions": scores.mentions}
