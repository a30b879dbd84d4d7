"""Build the default entity-framing model from the role knowledge base (deterministic).

    .venv/bin/python scripts/build_role_model.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from narrascope.embeddings import DEFAULT_EMBEDDER, EMBEDDERS, get_embedder
from narrascope.roles.training import train_from_knowledge
from narrascope.version import default_model_folder


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", choices=sorted(EMBEDDERS), default=DEFAULT_EMBEDDER,
                        help="the encoder the model reads (default: %(default)s)")
    encoder = parser.parse_args().encoder
    model_folder = default_model_folder("roles", encoder)
    model = train_from_knowledge(get_embedder(encoder))
    model.save(model_folder)
    print(json.dumps({"model": str(model_folder), "source": model.source,
                      "metrics": model.metrics}))


if __name__ == "__main__":
    main()
