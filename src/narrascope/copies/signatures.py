"""MinHash signatures of shingle sets, and the LSH band keys that find candidate copies.

A signature is ``num_perm`` minimum hashes (rensa's MinHash, seeded, so the same text has the
same signature in every process and on every machine). Two signatures agree in about the
share of positions that equals the Jaccard similarity of the two shingle sets. The signature
is cut into ``bands`` bands of ``num_perm // bands`` rows; two articles whose signatures agree
on every row of any one band become candidates, which are then judged on the whole signature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import rensa

__all__ = ["CopySettings", "Overlap", "band_keys", "estimate_overlap", "overlap_from_jaccard",
           "signature"]

#: Fixed seed: signatures stored by one run must compare with those of the next.
_SEED = 20241205
_MASK63 = np.uint64((1 << 63) - 1)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53,
                 0x94D049BB133111EB, 0xBF58476D1CE4E5B9], dtype=np.uint64)


@dataclass(frozen=True)
class CopySettings:
    """How near-duplicates are found.

    ``bands`` × rows must equal ``num_perm``. With 128 permutations in 32 bands of 4 rows,
    a pair with Jaccard 0.3 becomes a candidate with probability 0.23, 0.5 with 0.87, 0.7 with
    0.9995; ``pair_floor`` is the least containment (share of the smaller article's shingles
    found in the other) for a candidate pair to be kept.
    """

    num_perm: int = 128
    bands: int = 32
    pair_floor: float = 0.3

    def __post_init__(self) -> None:
        if self.num_perm < 16 or self.num_perm > 1024:
            raise ValueError(f"num_perm must be between 16 and 1024, not {self.num_perm}")
        if self.bands < 1 or self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num_perm ({self.num_perm})")
        if not 0.0 < self.pair_floor <= 1.0:
            raise ValueError(f"pair_floor must be in (0, 1], not {self.pair_floor}")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


def signature(shingle_set: list[str], settings: CopySettings) -> np.ndarray:
    """The MinHash signature (``uint32[num_perm]``) of a non-empty list of shingles."""
    minhash = rensa.RMinHash(num_perm=settings.num_perm, seed=_SEED)
    minhash.update(shingle_set)
    return np.asarray(minhash.digest(), dtype=np.uint32)


def band_keys(sig: np.ndarray, settings: CopySettings) -> list[int]:
    """One non-negative 63-bit key per band: equal keys mean (but for a 2⁻⁶³ chance of a
    collision) equal rows in that band. The band's number is mixed in, so a key never matches
    another band's."""
    rows = sig.astype(np.uint64).reshape(settings.bands, settings.rows)
    mix = _MIX[np.arange(settings.rows) % len(_MIX)]
    with np.errstate(over="ignore"):
        keys = (rows * mix).sum(axis=1, dtype=np.uint64)
        keys ^= np.arange(settings.bands, dtype=np.uint64) * np.uint64(0x2545F4914F6CDD1D)
        keys ^= keys >> np.uint64(29)
        keys *= np.uint64(0xBF58476D1CE4E5B9)
        keys ^= keys >> np.uint64(32)
    return [int(k) for k in keys & _MASK63]


@dataclass(frozen=True)
class Overlap:
    """How much of two articles is shared, estimated from their signatures.

    ``jaccard``: shared shingles over all shingles of either; ``contained_a``: the share of
    article a's shingles found in b (1.0 when a is wholly inside b, however much b adds).
    """

    jaccard: float
    contained_a: float
    contained_b: float

    @property
    def overlap(self) -> float:
        """The larger containment: a copy that adds paragraphs still contains its source."""
        return max(self.contained_a, self.contained_b)


def estimate_overlap(sig_a: np.ndarray, size_a: int, sig_b: np.ndarray, size_b: int) -> Overlap:
    """Jaccard from the share of agreeing positions; the containments from Jaccard and the
    two set sizes (|A∩B| = J·(|A|+|B|)/(1+J))."""
    return overlap_from_jaccard(float(np.count_nonzero(sig_a == sig_b)) / len(sig_a), size_a,
                                size_b)


def overlap_from_jaccard(jaccard: float, size_a: int, size_b: int) -> Overlap:
    """The containments that go with ``jaccard`` for sets of these sizes."""
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return Overlap(round(jaccard, 4), round(min(1.0, shared / max(1, size_a)), 4),
                   round(min(1.0, shared / max(1, size_b)), 4))
