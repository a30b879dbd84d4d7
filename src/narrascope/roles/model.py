"""Entity framing: is an entity cast as hero, villain or victim — and which fine role.

The role model scores the sentences that mention an entity. Each sentence (with the mention
replaced by a neutral placeholder, so the name itself cannot decide) is embedded and classified
into the 22 fine roles or "no framing" by a head trained on exemplars; cue words near the mention
and, for English, whether the entity is the agent or the patient of the verb add evidence; the
article's narratives add a prior (an article discrediting Ukraine frames Ukraine as an
antagonist). The main role is the one with the most probability mass; fine roles are those of
that main role above a threshold (at least one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.embeddings import read_model_files

DATA = Path(__file__).parent / "data"
MODEL_FORMAT = 1
NONE = "none"
PLACEHOLDER = "X"


def role_taxonomy() -> dict[str, str]:
    """fine role -> main role, from the built-in ``entity_roles.tsv``."""
    roles = {}
    for line in (DATA / "entity_roles.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            main, fine = line.split("\t")
            roles[fine.strip()] = main.strip()
    return roles


MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


class RoleModelError(ValueError):
    """A role model directory is missing, damaged, or made for other code or embeddings."""


@dataclass
class RoleScores:
    main_role: str | None  # None: the article does not frame the entity
    main_scores: dict[str, float]
    fine_roles: list[tuple[str, float]]
    evidence: list[int]  # indices of the context sentences, strongest first


@dataclass
class RoleModel:
    embedder: str
    embedder_checksum: str
    classes: list[str]  # fine roles and NONE
    coef: np.ndarray
    intercept: np.ndarray
    #: the main-role head (MAIN_ROLES + NONE), trained separately so that Antagonist's twelve
    #: fine roles do not outweigh Innocent's four
    main_coef: np.ndarray
    main_intercept: np.ndarray
    fine_threshold: float = 0.6
    framing_threshold: float = 0.5
    metrics: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def sentence_probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        logits = embeddings @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def score(self, embeddings: np.ndarray, *, prior: dict[str, float] | None = None,
              cue_votes: dict[str, float] | None = None, force: bool = False) -> RoleScores:
        """Role of one entity from its context sentences.

        ``prior`` and ``cue_votes`` add log-odds-like evidence per fine role. With ``force``
        (SemEval sub-task 1: every given mention has a role) a main role is always chosen.
        """
        roles = role_taxonomy()
        if len(embeddings) == 0:
            return RoleScores(None, {}, [], [])
        probabilities = self.sentence_probabilities(embeddings)
        none = self.classes.index(NONE) if NONE in self.classes else None
        weights = 1.0 - probabilities[:, none] if none is not None else np.ones(len(embeddings))
        weights = weights / max(weights.sum(), 1e-9)
        mean = (probabilities * weights[:, None]).sum(axis=0)
        fine = {c: float(mean[i]) for i, c in enumerate(self.classes) if c != NONE}
        for extra in (prior or {}), (cue_votes or {}):
            for role, bonus in extra.items():
                if role in fine:
                    fine[role] += bonus
        total = sum(fine.values()) or 1.0
        fine = {r: v / total for r, v in fine.items()}
        main_probabilities = _softmax(embeddings @ self.main_coef.T + self.main_intercept)
        main_mean = (main_probabilities * weights[:, None]).sum(axis=0)
        main_scores = {m: float(main_mean[i]) for i, m in enumerate(MAIN_ROLES)}
        for extra in (prior or {}), (cue_votes or {}):
            for role, bonus in extra.items():
                if roles.get(role) in main_scores:
                    main_scores[roles[role]] += bonus
        total_main = sum(main_scores.values()) or 1.0
        main_scores = {m: v / total_main for m, v in main_scores.items()}
        framed = float(weights.size and (1.0 - probabilities[:, none]).max()) if none is not \
            None else 1.0
        order = np.argsort(-(1.0 - probabilities[:, none])) if none is not None else \
            np.arange(len(embeddings))
        evidence = [int(i) for i in order[:3]]
        if not force and framed < self.framing_threshold and not (prior or cue_votes):
            return RoleScores(None, main_scores, [], evidence)
        main = max(main_scores, key=main_scores.get)
        within = sorted(((r, v / max(main_scores[main], 1e-9)) for r, v in fine.items()
                         if roles.get(r) == main), key=lambda item: -item[1])
        chosen = [(r, s) for r, s in within if s >= self.fine_threshold] or within[:1]
        return RoleScores(main, main_scores, chosen, evidence)

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / "role_weights.npz", coef=self.coef,
                            intercept=self.intercept, main_coef=self.main_coef,
                            main_intercept=self.main_intercept)
        (folder / "roles.json").write_text(json.dumps({
            "format": MODEL_FORMAT, "embedder": self.embedder,
            "embedder_checksum": self.embedder_checksum, "classes": self.classes,
            "fine_threshold": self.fine_threshold, "framing_threshold": self.framing_threshold,
            "metrics": self.metrics, "source": self.source,
        }, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, *, embedder_checksum: str | None = None) -> RoleModel:
        folder = Path(folder)
        manifest, weights = read_model_files(
            folder, "roles.json", "role_weights.npz", model_format=MODEL_FORMAT,
            embedder_checksum=embedder_checksum, error=RoleModelError, what="role model")
        return cls(manifest["embedder"], manifest["embedder_checksum"], manifest["classes"],
                   weights["coef"], weights["intercept"], weights["main_coef"],
                   weights["main_intercept"], manifest["fine_threshold"],
                   manifest["framing_threshold"], manifest.get("metrics", {}),
                   manifest.get("source", ""))
