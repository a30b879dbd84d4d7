"""Build the default narrative model (deterministic).

Reads src/narrascope/narratives/data/knowledge/*.yaml and trains the sentence heads on the
exemplars, then fits calibration and thresholds on narrascope's own labelled articles
(benchmarks/data/narratives/, written for the project) and writes
src/narrascope/narratives/data/default_model/. Because those articles calibrate the shipped
model, benchmarks/narratives_eval.py reports its quality by cross-validation. Run after editing
the knowledge base:

    .venv/bin/python scripts/build_narrative_model.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from model_target import model_target

from narrascope.embeddings import get_embedder
from narrascope.narratives.knowledge import Knowledge
from narrascope.narratives.taxonomy import Taxonomy
from narrascope.narratives.training import calibrate_on_articles, train_from_knowledge
from narrascope.semeval.datasets import read_release

CALIBRATION = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "narratives"


def main() -> None:
    encoder, model_folder = model_target("narratives", __doc__.splitlines()[0])
    started = time.perf_counter()
    taxonomy = Taxonomy.builtin()
    knowledge = Knowledge.load(taxonomy=taxonomy)
    embedder = get_embedder(encoder)
    model = train_from_knowledge(knowledge, taxonomy, embedder)
    folders = sorted(p for p in CALIBRATION.iterdir()
                     if (p / "subtask-2-annotations.txt").exists())
    calibrate_on_articles(model, read_release(folders, taxonomy), embedder)
    model.save(model_folder)
    print(json.dumps({"model": str(model_folder), "source": model.source,
                      "thresholds": model.thresholds, "metrics": model.metrics,
                      "seconds": round(time.perf_counter() - started, 1)}, indent=1))


if __name__ == "__main__":
    main()
