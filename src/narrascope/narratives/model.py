"""The narrative model: sentence classifiers over embeddings, aggregated per article.

Every sentence of an article is embedded and scored by three heads: a *gate* (does the sentence
carry any narrative, or is it plain reporting?), a *label* head (which sub-narrative, if it
does), and a *domain* head (war, climate, or neither). A sentence's probability for a
sub-narrative is gate × label, so plain reporting cannot leak into the labels. An article's
score for a
sub-narrative combines its best sentences (noisy-or of the top three), a narrative's score does
the same with the summed probabilities of its sub-narratives, and the article's domain (war or
climate, from all its sentences) gates which labels it can carry. Scores are calibrated to
probabilities and cut at thresholds chosen on held-out data; every label keeps the sentences
that support it, ranked. This module holds the model and its file format; training lives in
:mod:`narrascope.narratives.training`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.embeddings import read_model_files
from narrascope.errors import ModelError
from narrascope.narratives.taxonomy import OTHER, Taxonomy

#: Version of the model directory layout; a directory of another version is refused.
MODEL_FORMAT = 2
#: Classes of the domain head.
DOMAINS = ("URW", "CC", "none")
TOP_SENTENCES = 3


@dataclass
class LabelScore:
    label: str
    score: float  # calibrated probability
    evidence: list[int]  # sentence indices, strongest first


@dataclass
class NarrativePrediction:
    domain: str | None  # "URW", "CC" or None
    domain_score: float
    narratives: list[LabelScore]
    subnarratives: list[LabelScore]

    @property
    def narrative_labels(self) -> list[str]:
        return [n.label for n in self.narratives] or [OTHER]

    @property
    def subnarrative_labels(self) -> list[str]:
        return [s.label for s in self.subnarratives] or [OTHER]


@dataclass
class NarrativeModel:
    taxonomy: Taxonomy
    embedder: str
    embedder_checksum: str
    classes: list[str]  # sub-narratives of the label head
    coef: np.ndarray  # (classes, dim)
    intercept: np.ndarray  # (classes,)
    gate_coef: np.ndarray  # (dim,): narrative sentence vs plain reporting
    gate_intercept: float
    domain_coef: np.ndarray  # (3, dim) for DOMAINS
    domain_intercept: np.ndarray
    #: level -> (slope, offset) of the logistic calibration of aggregated scores
    calibration: dict[str, tuple[float, float]]
    thresholds: dict[str, float]  # level -> probability cut
    kind: str = "knowledge"
    metrics: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    # -- scoring -----------------------------------------------------------------------

    def sentence_probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """P(sub-narrative | sentence), gated: rows sum to P(the sentence carries one)."""
        labels = _softmax(embeddings @ self.coef.T + self.intercept)
        return labels * self.gate(embeddings)[:, None]

    def gate(self, embeddings: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(embeddings @ self.gate_coef + self.gate_intercept)))

    def domain_probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        return _softmax(embeddings @ self.domain_coef.T + self.domain_intercept)

    def raw_scores(self, embeddings: np.ndarray) -> tuple[dict[str, tuple[float, list[int]]],
                                                          dict[str, float]]:
        """Uncalibrated article scores per label (with evidence) and per domain."""
        if len(embeddings) == 0:
            return {}, {}
        probabilities = self.sentence_probabilities(embeddings)
        index = {label: i for i, label in enumerate(self.classes)}
        scores: dict[str, tuple[float, list[int]]] = {}
        for narrative, subs in self.taxonomy.children.items():
            columns = [index[s] for s in subs if s in index]
            if not columns:
                continue
            for sub, column in zip([s for s in subs if s in index], columns, strict=True):
                scores[sub] = _noisy_or(probabilities[:, column])
            scores[narrative] = _noisy_or(probabilities[:, columns].sum(axis=1))
        domain_probabilities = self.domain_probabilities(embeddings).mean(axis=0)
        domains = {d: float(p) for d, p in zip(DOMAINS, domain_probabilities, strict=True)
                   if d != "none"}
        return scores, domains

    def calibrated(self, level: str, raw: float) -> float:
        slope, offset = self.calibration.get(level, (1.0, 0.0))
        return float(1.0 / (1.0 + np.exp(-(slope * raw + offset))))

    def predict(self, embeddings: np.ndarray) -> NarrativePrediction:
        raw, domains = self.raw_scores(embeddings)
        if not raw:
            return NarrativePrediction(None, 0.0, [], [])
        domain = max(domains, key=domains.get) if domains else None
        narratives: list[LabelScore] = []
        subnarratives: list[LabelScore] = []
        for narrative, subs in self.taxonomy.children.items():
            if narrative not in raw or self.taxonomy.domain_of(narrative) not in (domain, None):
                continue
            score, evidence = raw[narrative]
            probability = self.calibrated("narrative", score)
            if probability < self.thresholds["narrative"]:
                continue
            narratives.append(LabelScore(narrative, probability, evidence))
            chosen = []
            for sub in subs:
                if sub in raw:
                    sub_probability = self.calibrated("subnarrative", raw[sub][0])
                    if sub_probability >= self.thresholds["subnarrative"]:
                        chosen.append(LabelScore(sub, sub_probability, raw[sub][1]))
            if not chosen:
                chosen = [LabelScore(self.taxonomy.other_of(narrative), probability, evidence)]
            subnarratives.extend(chosen)
        narratives.sort(key=lambda n: -n.score)
        subnarratives.sort(key=lambda s: -s.score)
        return NarrativePrediction(domain, domains.get(domain, 0.0) if domain else 0.0,
                                   narratives, subnarratives)

    # -- files -------------------------------------------------------------------------

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "weights.npz", coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            gate_coef=self.gate_coef.astype(np.float32),
            gate_intercept=np.float32(self.gate_intercept),
            domain_coef=self.domain_coef.astype(np.float32),
            domain_intercept=self.domain_intercept.astype(np.float32))
        manifest = {
            "format": MODEL_FORMAT, "kind": self.kind, "source": self.source,
            "embedder": self.embedder, "embedder_checksum": self.embedder_checksum,
            "taxonomy": self.taxonomy.to_dict(),
            "classes": self.classes,
            "calibration": {k: list(v) for k, v in self.calibration.items()},
            "thresholds": self.thresholds, "metrics": self.metrics,
        }
        (folder / "model.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                           encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, *, embedder_checksum: str | None = None
             ) -> NarrativeModel:
        folder = Path(folder)
        manifest, weights = read_model_files(
            folder, "model.json", "weights.npz", model_format=MODEL_FORMAT,
            embedder_checksum=embedder_checksum, error=ModelError,
            what="narrative model")
        return cls(
            taxonomy=Taxonomy.from_dict(manifest["taxonomy"]), embedder=manifest["embedder"],
            embedder_checksum=manifest["embedder_checksum"], classes=manifest["classes"],
            coef=weights["coef"], intercept=weights["intercept"],
            gate_coef=weights["gate_coef"], gate_intercept=float(weights["gate_intercept"]),
            domain_coef=weights["domain_coef"], domain_intercept=weights["domain_intercept"],
            calibration={k: (float(v[0]), float(v[1]))
                         for k, v in manifest["calibration"].items()},
            thresholds={k: float(v) for k, v in manifest["thresholds"].items()},
            kind=manifest.get("kind", "knowledge"), metrics=manifest.get("metrics", {}),
            source=manifest.get("source", ""),
        )


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def _noisy_or(values: np.ndarray) -> tuple[float, list[int]]:
    """Combine the strongest sentences: 1 - Π(1 - p) over the top three."""
    order = np.argsort(-values)[:TOP_SENTENCES]
    top = np.clip(values[order], 0.0, 1.0)
    return float(1.0 - np.prod(1.0 - top)), [int(i) for i in order if values[i] > 0.05]
