"""What ``narrascope --version`` reports: enough to tell whether two runs used the same code,
output schema, store layout and default models.

>>> report = version_report()
>>> report.splitlines()[0].startswith("narrascope ")
True
>>> sorted(model_checksums())  # doctest: +NORMALIZE_WHITESPACE
['narratives', 'narratives:e5-small', 'roles', 'roles:e5-small',
 'techniques', 'techniques:e5-small']
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from narrascope.about import __version__
from narrascope.document import SCHEMA_VERSION

_PACKAGE = Path(__file__).parent
#: The stages that ship trained default models: under ``<stage>/data/default_model/`` for the
#: fast default encoder, under ``<stage>/data/accurate_model/`` for the transformer.
MODEL_STAGES = ("narratives", "roles", "techniques")
_MODEL_FOLDERS = {"static-e5": "default_model", "e5-small": "accurate_model"}
#: The fast default encoder's vectors (``narrascope.embeddings.static`` reads them).
STATIC_E5_VECTORS = _PACKAGE / "embeddings" / "data" / "static-e5.npz"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (model weights can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_checksum(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file in a model folder, in name order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0")
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def default_model_folder(stage: str, encoder: str = "static-e5") -> Path | None:
    """Where the default model of ``stage`` for ``encoder`` is shipped (None: the stage has
    none)."""
    return _model_folder(stage, encoder) if stage in MODEL_STAGES else None


def _model_folder(stage: str, encoder: str = "static-e5") -> Path:
    return _PACKAGE / stage / "data" / _MODEL_FOLDERS.get(encoder, "default_model")


def model_checksums() -> dict[str, str]:
    """The checksum of each default model shipped in the package (``stage`` for the fast
    encoder, ``stage:e5-small`` for the accurate one)."""
    sums = {}
    for stage in MODEL_STAGES:
        for encoder in _MODEL_FOLDERS:
            key = stage if encoder == "static-e5" else f"{stage}:{encoder}"
            sums[key] = model_checksum(_model_folder(stage, encoder))
    return sums


def version_report() -> str:
    from narrascope.store.tables import STORE_VERSION

    lines = [f"narrascope {__version__}", f"output schema {SCHEMA_VERSION}",
             f"store layout {STORE_VERSION}", "default models (sha256):"]
    lines += [f"  {stage:<20} {checksum}" for stage, checksum in model_checksums().items()]
    lines.append(f"  {'encoder static-e5':<20} {file_sha256(STATIC_E5_VECTORS)}")
    return "\n".join(lines)
