"""The official metrics of SemEval-2025 Task 10 sub-tasks 1 and 2, on release-format files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrascope.narratives.taxonomy import samples_f1
from narrascope.roles.metrics import RoleScore, role_scores
from narrascope.semeval.release import (
    ReleaseError,
    read_entity_mentions,
    read_narrative_labels,
)


@dataclass(frozen=True)
class NarrativeScore:
    coarse_f1: float
    fine_f1: float
    documents: int


def score_narratives(gold_path: str | Path, pred_path: str | Path) -> NarrativeScore:
    """Samples-F1 of narratives (coarse) and sub-narratives (fine) over the gold documents;
    a gold document missing from the predictions is an error, not a silent zero."""
    gold = read_narrative_labels(gold_path)
    predicted = {row.id: row for row in read_narrative_labels(pred_path)}
    missing = [row.id for row in gold if row.id not in predicted]
    if missing:
        raise ReleaseError(f"{pred_path}: no prediction for {len(missing)} document(s), e.g. "
                           f"{', '.join(missing[:3])}")
    coarse = samples_f1([g.narratives for g in gold],
                        [predicted[g.id].narratives for g in gold])
    fine = samples_f1([g.subnarratives for g in gold],
                      [predicted[g.id].subnarratives for g in gold])
    return NarrativeScore(coarse, fine, len(gold))


def score_roles(gold_path: str | Path, pred_path: str | Path) -> RoleScore:
    """Exact-match ratio of fine-role sets, main-role accuracy and micro P/R/F1 over fine
    roles; mentions are matched by (document, start, end)."""
    gold = read_entity_mentions(gold_path, with_roles=True)
    predicted = {(m.id, m.start, m.end): m
                 for m in read_entity_mentions(pred_path, with_roles=True)}
    pairs = []
    for mention in gold:
        guess = predicted.get((mention.id, mention.start, mention.end))
        pairs.append(((mention.main_role, mention.fine_roles),
                      (guess.main_role, guess.fine_roles) if guess else (None, ())))
    return role_scores(pairs)
