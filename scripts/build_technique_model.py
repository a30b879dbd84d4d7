"""Build the default persuasion-technique model from the knowledge base (deterministic).

    .venv/bin/python scripts/build_technique_model.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from narrascope.embeddings import get_embedder
from narrascope.techniques import DEFAULT_MODEL
from narrascope.techniques.training import train_default


def main() -> None:
    model = train_default(get_embedder())
    model.save(DEFAULT_MODEL)
    print(json.dumps({"model": str(DEFAULT_MODEL), "source": model.source,
                      "metrics": model.metrics}))


if __name__ == "__main__":
    main()
