"""Entity framing: is a mention cast as hero, villain or victim — and which fine role.

Every mention becomes one feature vector (:func:`features`): the embedding of its own sentence
and of the entity's other sentences, both with the entity masked; the embedding of the mention's
words; cue hits per fine role; agent/patient features; narrative priors. Three linear heads read
it: *framed or not* (only :func:`RoleModel.score` in ``analyze`` uses it — every mention given in
SemEval sub-task 1 has a role), the *main role*, and the *fine role* among those of the chosen
main role. A second fine role is added when its probability is close to the first
(``second_ratio``), because most mentions carry exactly one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.embeddings import read_model_files
from narrascope.errors import ResourceError
from narrascope.roles.evidence import (
    MAIN_ROLES,
    PLACEHOLDER,
    MentionEvidence,
    fine_roles,
    role_taxonomy,
)

MODEL_FORMAT = 2
NONE = "none"

__all__ = ["MAIN_ROLES", "MODEL_FORMAT", "NONE", "PLACEHOLDER", "RoleModel", "RoleModelError",
           "RoleScores", "features", "role_taxonomy"]


class RoleModelError(ResourceError):
    """A role model directory is missing, damaged, or made for other code or embeddings."""


def features(evidences: Sequence[MentionEvidence], embedder: Any) -> np.ndarray:
    """One row per mention: own-sentence, other-sentence and mention embeddings, then cues,
    syntax and narrative priors."""
    texts = list(dict.fromkeys(t for e in evidences for t in (e.own, e.others, e.mention)
                               if t))
    vectors = dict(zip(texts, embedder.encode(texts), strict=True)) if texts else {}
    blank = np.zeros(getattr(embedder, "dim", 384), dtype=np.float32)
    rows = []
    for e in evidences:
        own = vectors.get(e.own, blank)
        rows.append(np.concatenate([own, vectors.get(e.others, own),
                                    vectors.get(e.mention, blank), e.cues, e.syntax, e.prior]))
    return np.asarray(rows, dtype=np.float32).reshape(len(evidences), -1)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=-1, keepdims=True)


@dataclass
class RoleScores:
    main_role: str | None  # None: the article does not frame the entity
    framed: float
    main_scores: dict[str, float]
    fine_roles: list[tuple[str, float]]


@dataclass
class RoleModel:
    embedder: str
    embedder_checksum: str
    mean: np.ndarray  # feature standardisation
    scale: np.ndarray
    framed_coef: np.ndarray  # (features,)
    framed_intercept: float
    main_coef: np.ndarray  # (3, features), rows in MAIN_ROLES order
    main_intercept: np.ndarray
    fine_coef: np.ndarray  # (22, features), rows in fine_roles() order
    fine_intercept: np.ndarray
    #: log-odds added per unit of narrative prior, for models that could not learn it (the
    #: default model learns from single sentences, which have no article around them)
    prior_weight: float = 0.0
    second_ratio: float = 0.8
    framing_threshold: float = 0.7
    metrics: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    #: language -> logit offsets (MAIN_ROLES order) that move the main-role head from the
    #: class balance it was trained on to the one real news of that language has
    #: (:mod:`narrascope.roles.base_rates`); languages not listed are left as trained
    main_shift: dict[str, list[float]] = field(default_factory=dict)

    def _logits(self, x: np.ndarray, language: str | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        z = (x - self.mean) / self.scale
        framed = 1.0 / (1.0 + np.exp(-(z @ self.framed_coef + self.framed_intercept)))
        main = z @ self.main_coef.T + self.main_intercept
        if language in self.main_shift:
            main = main + np.asarray(self.main_shift[language], dtype=main.dtype)
        fine = z @ self.fine_coef.T + self.fine_intercept
        if self.prior_weight:
            prior = x[:, -len(fine_roles()):]
            fine = fine + self.prior_weight * prior
            taxonomy, roles = role_taxonomy(), fine_roles()
            for m, main_role in enumerate(MAIN_ROLES):
                columns = [i for i, r in enumerate(roles) if taxonomy[r] == main_role]
                main[:, m] += self.prior_weight * prior[:, columns].sum(axis=1)
        return framed, main, fine

    def predict(self, x: np.ndarray, *, force: bool = True, language: str | None = None
                ) -> list[RoleScores]:
        """Roles for feature rows from :func:`features`, for mentions in ``language`` (whose
        base rates :attr:`main_shift` may set). Without ``force`` a mention the model finds
        unframed gets ``main_role`` None."""
        framed, main_logits, fine_logits = self._logits(np.atleast_2d(x), language)
        taxonomy, roles = role_taxonomy(), fine_roles()
        results = []
        for f, main_row, fine_row in zip(framed, _softmax(main_logits), fine_logits,
                                          strict=True):
            main_scores = {m: float(p) for m, p in zip(MAIN_ROLES, main_row, strict=True)}
            if not force and f < self.framing_threshold:
                results.append(RoleScores(None, float(f), main_scores, []))
                continue
            main = max(main_scores, key=main_scores.get)
            members = [i for i, r in enumerate(roles) if taxonomy[r] == main]
            within = _softmax(fine_row[members])
            order = np.argsort(-within)
            top = within[order[0]]
            chosen = [(roles[members[i]], float(within[i])) for i in order
                      if within[i] >= self.second_ratio * top][:2]
            results.append(RoleScores(main, float(f), main_scores, chosen))
        return results

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / "role_weights.npz", mean=self.mean, scale=self.scale,
                            framed_coef=self.framed_coef, main_coef=self.main_coef,
                            main_intercept=self.main_intercept, fine_coef=self.fine_coef,
                            fine_intercept=self.fine_intercept)
        (folder / "roles.json").write_text(json.dumps({
            "format": MODEL_FORMAT, "embedder": self.embedder,
            "embedder_checksum": self.embedder_checksum, "fine_roles": fine_roles(),
            "framed_intercept": self.framed_intercept, "prior_weight": self.prior_weight,
            "second_ratio": self.second_ratio, "framing_threshold": self.framing_threshold,
            "metrics": self.metrics, "source": self.source, "main_shift": self.main_shift,
        }, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, *, embedder_checksum: str | None = None) -> RoleModel:
        folder = Path(folder)
        manifest, w = read_model_files(
            folder, "roles.json", "role_weights.npz", model_format=MODEL_FORMAT,
            embedder_checksum=embedder_checksum, error=RoleModelError, what="role model")
        if manifest.get("fine_roles") != fine_roles():
            raise RoleModelError(f"{folder}: role model made for another role taxonomy")
        return cls(manifest["embedder"], manifest["embedder_checksum"], w["mean"], w["scale"],
                   w["framed_coef"], float(manifest["framed_intercept"]), w["main_coef"],
                   w["main_intercept"], w["fine_coef"], w["fine_intercept"],
                   float(manifest["prior_weight"]), float(manifest["second_ratio"]),
                   float(manifest["framing_threshold"]), manifest.get("metrics", {}),
                   manifest.get("source", ""), _main_shift(manifest.get("main_shift", {}),
                                                           folder))


def _main_shift(raw: Any, folder: Path) -> dict[str, list[float]]:
    if not isinstance(raw, dict) or not all(
            isinstance(v, list) and len(v) == len(MAIN_ROLES)
            and all(isinstance(x, int | float) for x in v) for v in raw.values()):
        raise RoleModelError(f"{folder}/roles.json: main_shift must map languages to "
                             f"{len(MAIN_ROLES)} numbers (one per main role)")
    return {str(k): [float(x) for x in v] for k, v in raw.items()}
