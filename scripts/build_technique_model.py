"""Build the default persuasion-technique model from the knowledge base (deterministic).

    .venv/bin/python scripts/build_technique_model.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from narrascope.embeddings import DEFAULT_EMBEDDER, EMBEDDERS, get_embedder
from narrascope.techniques.training import train_default
from narrascope.version import default_model_folder


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", choices=sorted(EMBEDDERS), default=DEFAULT_EMBEDDER,
                        help="the encoder the model reads (default: %(default)s)")
    encoder = parser.parse_args().encoder
    model_folder = default_model_folder("techniques", encoder)
    model = train_default(get_embedder(encoder))
    model.save(model_folder)
    print(json.dumps({"model": str(model_folder), "source": model.source,
                      "metrics": model.metrics}))


if __name__ == "__main__":
    main()
