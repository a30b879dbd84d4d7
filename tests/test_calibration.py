"""Precision-first thresholds and calibration error."""

from __future__ import annotations

import numpy as np
import pytest

from narrascope.calibration import (
    NEVER,
    expected_calibration_error,
    precision_at_prevalence,
    precision_threshold,
    reliability,
)


def test_the_threshold_is_the_lowest_cut_that_reaches_the_precision() -> None:
    scores = np.array([0.95, 0.9, 0.85, 0.6, 0.55, 0.5, 0.3, 0.2])
    gold = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    assert precision_threshold(scores, gold, target=0.75, grid=[0.25, 0.45, 0.58, 0.8]) == 0.58
    assert precision_threshold(scores, gold, target=0.6, grid=[0.25, 0.45, 0.58, 0.8]) == 0.45


def test_a_head_that_never_reaches_the_precision_abstains() -> None:
    scores = np.linspace(0.1, 0.9, 9)
    gold = np.array([1, 0, 1, 0, 1, 0, 1, 0, 0])
    assert precision_threshold(scores, gold, target=0.9) == NEVER
    # too few predictions to trust: never a cut that fires on one or two articles
    assert precision_threshold(np.array([0.9, 0.1, 0.1]), np.array([1, 0, 0]),
                               target=0.5) == NEVER


def test_precision_is_judged_at_the_prevalence_the_head_will_meet() -> None:
    # 10 positives in 100; at 0.5 the head finds 6 of them with 6 false alarms (precision
    # 0.5 here); where positives are 30 %, the same rates give 0.6*0.3/(0.6*0.3+6/90*0.7)
    scores = np.array([0.9] * 6 + [0.1] * 4 + [0.9] * 6 + [0.1] * 84)
    gold = np.array([1] * 10 + [0] * 90)
    assert precision_threshold(scores, gold, target=0.7, grid=[0.5]) == NEVER
    assert precision_threshold(scores, gold, target=0.7, grid=[0.5], prevalence=0.3) == 0.5
    assert abs(precision_at_prevalence(0.6, 6 / 90, 0.3) - 0.794) < 0.001
    with pytest.raises(ValueError, match="prevalence must be between 0 and 1"):
        precision_at_prevalence(0.5, 0.1, 1.0)


def test_calibration_error_is_zero_when_scores_are_frequencies() -> None:
    scores = np.array([0.25] * 4 + [0.75] * 4)
    gold = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    assert expected_calibration_error(scores, gold) == 0.0
    overconfident = np.array([0.95] * 4 + [0.05] * 4)
    assert expected_calibration_error(overconfident, np.array([1, 0, 1, 0, 1, 0, 1, 0])) > 0.4
    assert sum(row["count"] for row in reliability(scores, gold)) == 8
