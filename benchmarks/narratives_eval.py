"""Narrative classification on the labelled evaluation set, and throughput.

The set (benchmarks/data/narratives/, release layout, one folder per language) was written for
narrascope independently of its knowledge base. Prints samples-F1 (coarse = narratives, fine =
sub-narratives, as the SemEval-2025 Task 10 benchmark defines them) for:

* the trivial baseline that predicts ``Other`` everywhere;
* the default model (sentence heads trained on narrascope's knowledge base; calibration and
  thresholds fitted on this set): in-sample, and — the honest figure — 5-fold cross-validated,
  re-fitting calibration and thresholds on four folds and scoring the fifth;
* a model trained with ``semeval train`` on this set, cross-validated (5 folds);

per language and overall, and the narrative stage's throughput.

Usage:
    .venv/bin/python benchmarks/narratives_eval.py [--accuracy fast|high]
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "narratives"
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from narrascope.embeddings import get_embedder  # noqa: E402
from narrascope.factories import ACCURACY_ENCODERS  # noqa: E402
from narrascope.narratives import load_model  # noqa: E402
from narrascope.narratives.documents import train_documents  # noqa: E402
from narrascope.narratives.taxonomy import Taxonomy, samples_f1  # noqa: E402
from narrascope.narratives.training import calibrate_on_articles  # noqa: E402
from narrascope.semeval.datasets import read_release  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accuracy", choices=sorted(ACCURACY_ENCODERS), default="fast",
                        help="the default models of this encoder (as analyze --accuracy)")
    args = parser.parse_args()
    taxonomy = Taxonomy.builtin()
    folders = sorted(p for p in DATA.iterdir() if (p / "subtask-2-annotations.txt").exists())
    model = load_model(None, ACCURACY_ENCODERS[args.accuracy])
    embedder = get_embedder(model.embedder)
    per_language = {}
    everything = []
    started = time.perf_counter()
    n_sentences = 0
    for folder in folders:
        articles = read_release([folder], taxonomy)
        predictions = []
        for article in articles:
            embeddings = embedder.encode(article.sentences[:80])
            n_sentences += len(article.sentences[:80])
            prediction = model.predict(embeddings)
            predictions.append((prediction.narrative_labels, prediction.subnarrative_labels))
        per_language[folder.name] = (articles, predictions)
        everything += list(zip(articles, predictions, strict=True))
    seconds = time.perf_counter() - started

    def scores(pairs: list) -> tuple[float, float, float, float]:
        gold_n = [a.narratives for a, _ in pairs]
        gold_s = [a.subnarratives for a, _ in pairs]
        other = [["Other"]] * len(pairs)
        return (samples_f1(gold_n, other), samples_f1(gold_s, other),
                samples_f1(gold_n, [p[0] for _, p in pairs]),
                samples_f1(gold_s, [p[1] for _, p in pairs]))

    print(f"narrative evaluation set: {len(everything)} articles in {len(folders)} languages")
    print(f"{'':<6} {'n':>4}  {'Other-baseline':>15}  {'default, in-sample':>18}")
    for name, (articles, predictions) in per_language.items():
        b_c, b_f, c, f = scores(list(zip(articles, predictions, strict=True)))
        print(f"{name:<6} {len(articles):>4}  {b_c:>6.3f} / {b_f:<6.3f}  {c:>6.3f} / {f:<6.3f}")
    b_c, b_f, c, f = scores(everything)
    print(f"{'all':<6} {len(everything):>4}  {b_c:>6.3f} / {b_f:<6.3f}  {c:>6.3f} / {f:<6.3f}")
    print(f"default model: {len(everything) / seconds:.1f} articles/s "
          f"({n_sentences / seconds:.0f} sentences/s, embedding included)")

    articles = [a for a, _ in everything]
    gold_n, gold_s, pred_n, pred_s = [], [], [], []
    order = np.random.default_rng(0).permutation(len(articles))
    for k in range(5):
        test = set(order[k::5].tolist())
        fold_model = copy.deepcopy(model)
        calibrate_on_articles(fold_model, [a for i, a in enumerate(articles) if i not in test],
                              embedder)
        for i in sorted(test):
            prediction = fold_model.predict(embedder.encode(articles[i].sentences[:80]))
            gold_n.append(articles[i].narratives)
            gold_s.append(articles[i].subnarratives)
            pred_n.append(prediction.narrative_labels)
            pred_s.append(prediction.subnarrative_labels)
    print("default model, calibration cross-validated (5 folds): "
          f"{samples_f1(gold_n, pred_n):.3f} / {samples_f1(gold_s, pred_s):.3f}")
    trained = train_documents(articles, taxonomy, embedder, model, folds=5)
    print(f"semeval train on this set, 5-fold cross-validated: "
          f"{trained.metrics['cv_coarse_f1']:.3f} / {trained.metrics['cv_fine_f1']:.3f}")


if __name__ == "__main__":
    main()
