"""Sentence-level technique classifiers: one logistic regression per technique.

A sentence is read as its e5 embedding, the cue-lexicon hits per technique, a few style marks
(question, exclamation, capitals, quotation marks, length) and — in models trained on the user's
data — hashed word uni- and bigrams. A paragraph's score for a technique is the highest score of
its sentences; each technique has its own threshold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.embeddings import read_model_files
from narrascope.errors import ResourceError
from narrascope.techniques.lexicon import TECHNIQUES, CueHit, Lexicon

MODEL_FORMAT = 1
_CAPS = re.compile(r"\b[A-ZА-ЯЁІЇЄҐ]{3,}\b")


class TechniqueModelError(ResourceError):
    """A technique model directory is missing, damaged, or made for other code or embeddings."""


def style_features(text: str) -> list[float]:
    words = max(len(text.split()), 1)
    return [float("?" in text), float("!" in text), min(len(_CAPS.findall(text)) / words * 5, 1.0),
            float(any(q in text for q in "\"“”«»„")), min(words / 40, 2.0)]


def dense_features(texts: Sequence[str], embedder: Any, lexicon: Lexicon,
                   hits: Sequence[Sequence[CueHit]] | None = None,
                   embeddings: np.ndarray | None = None) -> np.ndarray:
    """``hits``: the lexicon's hits per text, when already found; ``embeddings``: the texts'
    embeddings from ``embedder``, when already made."""
    if not texts:
        return np.zeros((0, embedder.dim + len(TECHNIQUES) + 5), dtype=np.float32)
    if embeddings is None:
        embeddings = embedder.encode(list(texts))
    extra = np.array([lexicon.counts(t, hits[i] if hits is not None else None)
                      + style_features(t) for i, t in enumerate(texts)], dtype=np.float32)
    return np.hstack([embeddings, extra]).astype(np.float32)


def ngram_vectorizer(size: int) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=size, ngram_range=(1, 2), alternate_sign=False,
                             norm="l2", lowercase=True)


@dataclass
class TechniqueModel:
    embedder: str
    embedder_checksum: str
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (techniques, dense features)
    intercept: np.ndarray
    thresholds: np.ndarray  # per technique, on sentence probabilities
    ngram_coef: np.ndarray | None = None  # (techniques, hashed n-grams) for trained models
    metrics: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    kind: str = "default"
    #: Cues (as the lexicon writes them) whose hits proved right often enough on labelled
    #: articles to mark a span on their own, whatever the sentence's probability.
    trusted_cues: tuple[str, ...] = ()
    #: model-only spans need spans in at least this many paragraphs of the article
    #: (:func:`narrascope.techniques.detect.detect`)
    min_paragraphs: int = 1

    def probabilities(self, texts: Sequence[str], embedder: Any, lexicon: Lexicon,
                      dense: np.ndarray | None = None,
                      hits: Sequence[Sequence[CueHit]] | None = None,
                      embeddings: np.ndarray | None = None) -> np.ndarray:
        """(sentences, techniques) probabilities."""
        if not texts:
            return np.zeros((0, len(TECHNIQUES)), dtype=np.float32)
        x = dense if dense is not None else dense_features(texts, embedder, lexicon, hits,
                                                           embeddings)
        logits = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        if self.ngram_coef is not None:
            logits = logits + np.asarray(
                ngram_vectorizer(self.ngram_coef.shape[1]).transform(texts) @ self.ngram_coef.T)
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"mean": self.mean, "scale": self.scale, "coef": self.coef,
                  "intercept": self.intercept, "thresholds": self.thresholds}
        if self.ngram_coef is not None:
            arrays["ngram_coef"] = self.ngram_coef.astype(np.float16)
        np.savez_compressed(folder / "technique_weights.npz", **arrays)
        (folder / "techniques.json").write_text(json.dumps({
            "format": MODEL_FORMAT, "kind": self.kind, "embedder": self.embedder,
            "embedder_checksum": self.embedder_checksum, "techniques": list(TECHNIQUES),
            "thresholds": {t: round(float(v), 3) for t, v in
                           zip(TECHNIQUES, self.thresholds, strict=True)},
            "metrics": self.metrics, "source": self.source,
            "trusted_cues": list(self.trusted_cues), "min_paragraphs": self.min_paragraphs},
            indent=1, ensure_ascii=False),
            encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, *, embedder_checksum: str | None = None
             ) -> TechniqueModel:
        folder = Path(folder)
        manifest, w = read_model_files(
            folder, "techniques.json", "technique_weights.npz", model_format=MODEL_FORMAT,
            embedder_checksum=embedder_checksum, error=TechniqueModelError,
            what="technique model")
        if manifest.get("techniques") != list(TECHNIQUES):
            raise TechniqueModelError(f"{folder}: technique model made for another taxonomy")
        ngrams = w["ngram_coef"].astype(np.float32) if "ngram_coef" in w else None
        return cls(manifest["embedder"], manifest["embedder_checksum"], w["mean"], w["scale"],
                   w["coef"], w["intercept"], w["thresholds"], ngrams,
                   manifest.get("metrics", {}), manifest.get("source", ""),
                   manifest.get("kind", "default"), tuple(manifest.get("trusted_cues", ())),
                   _min_paragraphs(manifest.get("min_paragraphs", 1), folder))


def _min_paragraphs(value: Any, folder: Path) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TechniqueModelError(f"{folder}/techniques.json: min_paragraphs must be a whole "
                                  f"number of at least 1, not {value!r}")
    return value
