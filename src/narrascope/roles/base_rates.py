"""Main-role base rates of real annotated news, and the label-shift correction that moves a
head trained on another class balance onto them.

The project's corpus is written by us, and its writers cast more victims than real news does:
in English, 24 % of its framed mentions are Innocent against 12 % in real annotated articles.
A head that learned the corpus's balance would call too many victims. Under label shift the
class-conditional evidence stays the same and only the priors move, so adding
``log(target share / training share)`` to each class's logit gives the posteriors the head
would have learned at the target balance (Saerens et al., 2002).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from narrascope.roles.evidence import MAIN_ROLES

#: Shares of (Protagonist, Antagonist, Innocent) among the annotated entity mentions of the
#: SemEval-2025 Task 10 training releases, by language, as measured in ../shared/FINDINGS.md
#: (facts about the data; the data itself is not used). Ukrainian has no release.
REAL_MAIN_SHARES: dict[str, tuple[float, float, float]] = {
    "en": (0.19, 0.70, 0.12),
    "bg": (0.12, 0.68, 0.20),
    "ru": (0.31, 0.51, 0.17),
    "pt": (0.28, 0.46, 0.25),
    "hi": (0.46, 0.33, 0.21),
}

__all__ = ["REAL_MAIN_SHARES", "label_shift", "offsets_by_language", "shares",
           "shifted_accuracy"]


def shares(main_roles: Sequence[str]) -> np.ndarray:
    """Each main role's share of ``main_roles``, in MAIN_ROLES order (one smoothed count
    each, so that a class never seen is rare, not impossible)."""
    counts = np.array([sum(r == m for r in main_roles) for m in MAIN_ROLES], dtype=float) + 1
    return counts / counts.sum()


def label_shift(training: Sequence[float], target: Sequence[float]) -> list[float]:
    """Per-class logit offsets, in MAIN_ROLES order, that move posteriors learned at the
    ``training`` shares onto the ``target`` shares.

    >>> [round(x, 2) for x in label_shift((0.25, 0.5, 0.25), (0.25, 0.5, 0.25))]
    [0.0, 0.0, 0.0]
    >>> [round(x, 2) for x in label_shift((0.2, 0.6, 0.2), (0.1, 0.6, 0.3))]
    [-0.69, 0.0, 0.41]
    """
    training, target = np.asarray(training, dtype=float), np.asarray(target, dtype=float)
    if training.shape != (len(MAIN_ROLES),) or target.shape != (len(MAIN_ROLES),):
        raise ValueError(f"shares need one value per main role {MAIN_ROLES}")
    if (training <= 0).any() or (target <= 0).any():
        raise ValueError("shares must be positive")
    return [float(x) for x in np.log(target / target.sum()) - np.log(training / training.sum())]


def shifted_accuracy(gold: Sequence[str], predicted: Sequence[str | None],
                     target: Sequence[float]) -> float:
    """Main-role accuracy expected where the classes occur at the ``target`` shares: each
    class's recall on ``gold`` weighted by its target share (classes absent from ``gold``
    are left out and the weights renormalised)."""
    total = weight = 0.0
    for share, role in zip(target, MAIN_ROLES, strict=True):
        rows = [p for g, p in zip(gold, predicted, strict=True) if g == role]
        if rows:
            total += share * sum(p == role for p in rows) / len(rows)
            weight += share
    return total / weight if weight else 0.0


def offsets_by_language(training: Mapping[str, Sequence[str]],
                        target: Mapping[str, Sequence[float]] = REAL_MAIN_SHARES,
                        min_mentions: int = 100) -> dict[str, list[float]]:
    """Label-shift offsets for each target language, from the training mentions' main roles
    in that language (or in all languages, where it has fewer than ``min_mentions``)."""
    everything = [r for roles in training.values() for r in roles]
    offsets = {}
    for language, wanted in target.items():
        own = training.get(language, ())
        offsets[language] = label_shift(shares(own if len(own) >= min_mentions
                                               else everything), wanted)
    return offsets
