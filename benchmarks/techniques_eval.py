"""Persuasion techniques on narrascope's own annotated articles (SemEval-2023 sub-task 3 form).

benchmarks/data/techniques/<lang>/: 46 invented articles (26 en, 4 each ru/uk/bg/pt/hi) with
gold spans, built from source/ by build_techniques.py. Prints span-level (overlap) and
paragraph-level P/R/F1 per technique for

- the default detectors (cue lexicon, patterns, knowledge-trained sentence model, repetition),
  which never saw these articles;
- a model trained on them (``narrascope semeval2023 train``), evaluated by cross-validation over
  articles (each fold trains, with its own inner CV for thresholds, on the other articles);
- the trivial baseline: Loaded_Language for every paragraph;

and the default detectors' throughput.

    .venv/bin/python benchmarks/techniques_eval.py [--folds 4] [--no-trained]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "techniques"
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from narrascope.embeddings import get_embedder  # noqa: E402
from narrascope.factories import ACCURACY_ENCODERS  # noqa: E402
from narrascope.semeval.task3_2023 import (  # noqa: E402
    PRF,
    Article2023,
    predict_release_article,
    read_articles,
    read_paragraph_labels,
    read_spans,
    score_paragraphs,
    score_spans,
)
from narrascope.techniques import TECHNIQUES, load_technique_model  # noqa: E402
from narrascope.techniques.training import train_from_release  # noqa: E402


def load() -> tuple[list[Article2023], dict]:
    articles, labels = [], {}
    for folder in sorted(p for p in DATA.iterdir() if (p / "train-labels-subtask-3.txt").exists()):
        found = read_articles(folder)
        read_spans(folder, found)
        articles += [found[a] for a in sorted(found)]
        labels.update(read_paragraph_labels(folder / "train-labels-subtask-3.txt"))
    return articles, labels


def predict(articles: list[Article2023], model, embedder) -> tuple[dict, dict, float]:
    labels, spans = {}, {}
    started = time.perf_counter()
    for article in articles:
        found, found_spans = predict_release_article(article, model, embedder)
        labels.update(found)
        spans[article.id] = [(s.technique, s.start, s.end) for s in found_spans]
    return labels, spans, time.perf_counter() - started


def table(name: str, gold_labels, pred_labels, gold_spans, pred_spans) -> None:
    paragraph, per_paragraph = score_paragraphs(gold_labels, pred_labels)
    span, per_span = (score_spans(gold_spans, pred_spans) if pred_spans is not None
                      else (None, {}))
    print(f"\n== {name}")
    print(f"{'technique':<34} {'gold':>4}  {'span P/R/F1':>17}  {'paragraph P/R/F1':>17}")

    def cells(c: PRF | None) -> str:
        return f"{c.precision:.2f}/{c.recall:.2f}/{c.f1:.2f}" if c else "     -    "

    for technique in TECHNIQUES:
        g = per_paragraph[technique]
        if g.tp + g.fn + g.fp == 0:
            continue
        gold_count = sum(1 for spans in gold_spans.values() for t, _s, _e in spans
                         if t == technique)
        print(f"{technique:<34} {gold_count:>4}  {cells(per_span.get(technique)):>17}  "
              f"{cells(g):>17}")
    print(f"{'micro':<34} {'':>4}  {cells(span):>17}  {cells(paragraph):>17}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--no-trained", action="store_true")
    parser.add_argument("--accuracy", choices=sorted(ACCURACY_ENCODERS), default="fast",
                        help="the default models of this encoder (as analyze --accuracy)")
    args = parser.parse_args()
    articles, gold_labels = load()
    gold_spans = {a.id: a.spans or [] for a in articles}
    model = load_technique_model(None, ACCURACY_ENCODERS[args.accuracy])
    embedder = get_embedder(model.embedder)
    pred_labels, pred_spans, _ = predict(articles, model, embedder)
    table("default detectors (never saw these articles)", gold_labels, pred_labels, gold_spans,
          pred_spans)
    baseline = {key: frozenset({"Loaded_Language"}) for key in gold_labels}
    table("baseline: Loaded_Language in every paragraph", gold_labels, baseline, gold_spans,
          None)
    if not args.no_trained:
        ids = [a.id for a in articles]
        fold_of = dict(zip(ids, np.random.default_rng(7).permutation(len(ids)) % args.folds,
                           strict=True))
        cv_labels, cv_spans = {}, {}
        for fold in range(args.folds):
            train = [a for a in articles if fold_of[a.id] != fold]
            test = [a for a in articles if fold_of[a.id] == fold]
            trained = train_from_release(train, gold_labels, embedder, folds=4)
            found, spans, _ = predict(test, trained, embedder)
            cv_labels.update(found)
            cv_spans.update(spans)
        table(f"trained on these articles, {args.folds}-fold CV by article", gold_labels,
              cv_labels, gold_spans, cv_spans)
    repeat = articles
    _, _, seconds = predict(repeat, model, get_embedder.__wrapped__(model.embedder))
    words = sum(len(a.text.split()) for a in repeat)
    print(f"\nthroughput (default detectors, fresh embedding cache): {len(repeat)} articles, "
          f"{words} words in {seconds:.1f} s = {len(repeat) / seconds:.1f} articles/s")


if __name__ == "__main__":
    main()
