"""Precision-first thresholds and reliability figures for the models' heads.

A wrong label misleads an analyst more than a missing one, so a head's threshold is the lowest
score at which its held-out predictions reach a precision target; a head that never reaches it
abstains. Reliability is reported as expected calibration error: how far the scores are from
the frequencies they claim.

>>> import numpy as np
>>> scores = np.array([0.9, 0.8, 0.7, 0.6, 0.4, 0.2])
>>> gold = np.array([1, 1, 0, 1, 0, 0])
>>> float(precision_threshold(scores, gold, target=0.75, grid=[0.3, 0.5, 0.75, 0.85]))
0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["NEVER", "expected_calibration_error", "precision_at_prevalence",
           "precision_threshold", "reliability"]

#: The threshold of a head that abstains: no score reaches it.
NEVER = 1.01
DEFAULT_GRID = tuple(round(x, 2) for x in np.arange(0.1, 0.96, 0.05))


def precision_threshold(scores: np.ndarray, gold: np.ndarray, *, target: float,
                        grid: Sequence[float] = DEFAULT_GRID, min_predicted: int = 3,
                        prevalence: float | None = None) -> float:
    """The lowest cut in ``grid`` whose predictions (``scores >= cut``) reach ``target``
    precision on ``gold`` with at least ``min_predicted`` of them; :data:`NEVER` when none
    does. Scores should be held-out (cross-validated), or the cut flatters the head.

    ``prevalence``: the share of positives where the head will be used, when ``gold`` has
    another (a corpus that labels fewer items than real data does). Precision is then the
    one :func:`precision_at_prevalence` expects there, from the hit and false-alarm rates
    measured on ``gold``."""
    scores = np.asarray(scores, dtype=float)
    positive = np.asarray(gold) > 0
    for cut in sorted(grid):
        predicted = scores >= cut
        count = int(predicted.sum())
        if count < min_predicted:
            break
        hits = float((predicted & positive).sum())
        if prevalence is None:
            precision = hits / count
        else:
            precision = precision_at_prevalence(
                hits / max(1, int(positive.sum())),
                (count - hits) / max(1, int((~positive).sum())), prevalence)
        if precision >= target:
            return float(cut)
    return NEVER


def precision_at_prevalence(hit_rate: float, false_alarm_rate: float, prevalence: float
                            ) -> float:
    """Precision of a detector with this hit rate (recall) and false-alarm rate, where
    positives make up ``prevalence`` of the items (Bayes' rule).

    >>> round(precision_at_prevalence(0.5, 0.05, 0.05), 3)
    0.345
    >>> round(precision_at_prevalence(0.5, 0.05, 0.2), 3)
    0.714
    """
    if not 0.0 < prevalence < 1.0:
        raise ValueError(f"prevalence must be between 0 and 1, not {prevalence}")
    found = hit_rate * prevalence
    flagged = found + false_alarm_rate * (1.0 - prevalence)
    return found / flagged if flagged else 0.0


def reliability(scores: np.ndarray, gold: np.ndarray, *, bins: int = 10
                ) -> list[dict[str, float]]:
    """Per equal-width score bin: how many scores, their mean, and how often they were
    right. Empty bins are left out."""
    scores = np.asarray(scores, dtype=float).ravel()
    positive = (np.asarray(gold) > 0).ravel().astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    table = []
    for b in range(bins):
        chosen = index == b
        if chosen.any():
            table.append({"low": float(edges[b]), "high": float(edges[b + 1]),
                          "count": int(chosen.sum()), "mean_score": float(scores[chosen].mean()),
                          "frequency": float(positive[chosen].mean())})
    return table


def expected_calibration_error(scores: np.ndarray, gold: np.ndarray, *, bins: int = 10
                               ) -> float:
    """Sum over bins of (share of scores in the bin) × |mean score − observed frequency|."""
    table = reliability(scores, gold, bins=bins)
    total = sum(row["count"] for row in table)
    if not total:
        return 0.0
    return sum(row["count"] / total * abs(row["mean_score"] - row["frequency"])
               for row in table)
