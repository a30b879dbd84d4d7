"""Build the default entity-framing model from the role knowledge base (deterministic).

    .venv/bin/python scripts/build_role_model.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from model_target import model_target

from narrascope.embeddings import get_embedder
from narrascope.roles.training import train_from_knowledge


def main() -> None:
    encoder, model_folder = model_target("roles", __doc__.splitlines()[0])
    model = train_from_knowledge(get_embedder(encoder))
    model.save(model_folder)
    print(json.dumps({"model": str(model_folder), "source": model.source,
                      "metrics": model.metrics}))


if __name__ == "__main__":
    main()
