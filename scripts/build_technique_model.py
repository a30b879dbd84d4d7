"""Build the default persuasion-technique model from the knowledge base (deterministic).

    .venv/bin/python scripts/build_technique_model.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from model_target import model_target

from narrascope.embeddings import get_embedder
from narrascope.techniques.training import train_default


def main() -> None:
    encoder, model_folder = model_target("techniques", __doc__.splitlines()[0])
    model = train_default(get_embedder(encoder))
    model.save(model_folder)
    print(json.dumps({"model": str(model_folder), "source": model.source,
                      "metrics": model.metrics}))


if __name__ == "__main__":
    main()
