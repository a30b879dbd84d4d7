"""What every default-model build script is asked: which encoder the model reads, and so
which shipped folder it is written to (``default_model`` for the fast encoder,
``accurate_model`` for e5)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from narrascope.embeddings import DEFAULT_EMBEDDER, EMBEDDERS
from narrascope.version import default_model_folder


def model_target(stage: str, description: str) -> tuple[str, Path]:
    """The encoder given by ``--encoder`` and the default model folder of ``stage`` for it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--encoder", choices=sorted(EMBEDDERS), default=DEFAULT_EMBEDDER,
                        help="the encoder the model reads (default: %(default)s)")
    encoder = parser.parse_args().encoder
    folder = default_model_folder(stage, encoder)
    assert folder is not None, stage
    return encoder, folder
