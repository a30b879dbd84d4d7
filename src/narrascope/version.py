"""What ``narrascope --version`` reports: enough to tell whether two runs used the same code,
output schema, store layout and default models.

>>> report = version_report()
>>> report.splitlines()[0].startswith("narrascope ")
True
>>> sorted(model_checksums())
['narratives', 'roles', 'techniques']
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from narrascope.about import __version__
from narrascope.document import SCHEMA_VERSION

_PACKAGE = Path(__file__).parent
#: The stages that ship a trained default model, each under ``<stage>/data/default_model/``.
MODEL_STAGES = ("narratives", "roles", "techniques")


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


def default_model_folder(stage: str) -> Path | None:
    """Where the default model of ``stage`` is shipped (None: the stage has none)."""
    return _model_folder(stage) if stage in MODEL_STAGES else None


def _model_folder(stage: str) -> Path:
    return _PACKAGE / stage / "data" / "default_model"


def model_checksums() -> dict[str, str]:
    """The checksum of each default model shipped in the package."""
    return {stage: model_checksum(_model_folder(stage)) for stage in MODEL_STAGES}


def version_report() -> str:
    from narrascope.store.tables import STORE_VERSION

    lines = [f"narrascope {__version__}", f"output schema {SCHEMA_VERSION}",
             f"store layout {STORE_VERSION}", "default models (sha256):"]
    lines += [f"  {stage:<11} {checksum}" for stage, checksum in model_checksums().items()]
    return "\n".join(lines)
