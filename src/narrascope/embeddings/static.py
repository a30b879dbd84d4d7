"""The fast default encoder: static piece vectors distilled from multilingual-e5-small.

A sentence's vector is the mean of its pieces' vectors, so encoding costs a tokenization
(cached per word) and a sum: thousands of sentences a second on one core, against about 30
for the transformer. ``scripts/build_static_encoder.py`` makes the vectors; the file ships in
the package and its SHA-256 is the checksum trained heads are tied to.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from narrascope.embeddings.pieces import PieceTokenizer
from narrascope.errors import EmbedderError
from narrascope.version import STATIC_E5_VECTORS, file_sha256

STATIC_E5_FILE = STATIC_E5_VECTORS


def save_static(path: Path, *, pieces: Sequence[str], scores: np.ndarray, vectors: np.ndarray,
                normalisation: dict[int, str]) -> None:
    """Write the vectors as int8 with one scale per row (a quarter of float32's size), in an
    ``.npz`` whose bytes depend on the arrays only (no time stamps): the same build gives the
    same checksum."""
    import zipfile

    scale = np.abs(vectors).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    arrays = {
        "vectors": np.round(vectors / scale[:, None]).astype(np.int8),
        "scales": scale.astype(np.float32),
        "pieces": np.array(pieces),
        "scores": np.asarray(scores, dtype=np.float32),
        "normalised_from": np.array(sorted(normalisation), dtype=np.int32),
        "normalised_to": np.array([normalisation[c] for c in sorted(normalisation)]),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w") as handle:
                np.lib.format.write_array(handle, array, allow_pickle=False)


class StaticE5:
    """Mean of distilled e5 piece vectors; 192 dimensions, L2-normalised."""

    name = "static-e5"

    def __init__(self, path: Path = STATIC_E5_FILE) -> None:
        import zipfile

        try:
            data = np.load(path)
            self._vectors = data["vectors"].astype(np.float32) * data["scales"][:, None]
            pieces = [str(p) for p in data["pieces"]]
            normalisation = {int(c): str(t) for c, t in
                             zip(data["normalised_from"], data["normalised_to"], strict=True)}
            scores = data["scores"]
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise EmbedderError(f"{path}: cannot read the static encoder ({exc}); rebuild it "
                                "with scripts/build_static_encoder.py") from exc
        self._path = path
        self.dim = int(self._vectors.shape[1])
        self.tokenizer = PieceTokenizer(pieces, scores, unk=-1, normalisation=normalisation)

    def piece_ids(self, text: str) -> np.ndarray:
        """The known pieces of ``text`` (characters without a piece are left out)."""
        ids = [i for i in self.tokenizer.encode(text) if i >= 0]
        return np.asarray(ids, dtype=np.intp)

    def sum_pieces(self, ids: np.ndarray) -> np.ndarray:
        return self._vectors[ids].sum(axis=0) if len(ids) else np.zeros(self.dim, np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self.sum_pieces(self.piece_ids(text))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    @lru_cache(maxsize=1)  # noqa: B019 - one encoder object per process
    def checksum(self) -> str:
        return file_sha256(self._path)
