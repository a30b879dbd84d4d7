"""Build the default narrative model from the knowledge base (deterministic).

Reads src/narrascope/narratives/data/knowledge/*.yaml, trains the sentence classifier, chooses
calibration and thresholds on held-out synthetic articles, and writes
src/narrascope/narratives/data/default_model/. Run after editing the knowledge base:

    .venv/bin/python scripts/build_narrative_model.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from narrascope.embeddings import get_embedder
from narrascope.narratives import DEFAULT_MODEL
from narrascope.narratives.knowledge import Knowledge
from narrascope.narratives.taxonomy import Taxonomy
from narrascope.narratives.training import train_from_knowledge


def main() -> None:
    started = time.perf_counter()
    taxonomy = Taxonomy.builtin()
    knowledge = Knowledge.load(taxonomy=taxonomy)
    model = train_from_knowledge(knowledge, taxonomy, get_embedder())
    model.save(DEFAULT_MODEL)
    print(json.dumps({"model": str(DEFAULT_MODEL), "source": model.source,
                      "thresholds": model.thresholds, "metrics": model.metrics,
                      "seconds": round(time.perf_counter() - started, 1)}, indent=1))


if __name__ == "__main__":
    main()
