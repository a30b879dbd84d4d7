"""Quote detection and speaker attribution on the annotated evaluation set, and throughput.

The set (benchmarks/data/quotes/) is written for narrascope: invented articles in six
languages with the hard cases (split and multi-paragraph quotes, pronoun and role speakers,
scare quotes and titles that are not quotes…), annotated independently of the code.

Usage:
    .venv/bin/python benchmarks/quotes_eval.py                 # scores
    .venv/bin/python benchmarks/quotes_eval.py --errors        # … and every error
    .venv/bin/python benchmarks/quotes_eval.py --throughput 10000 --workers 2

Prints quote detection precision/recall/F1 (overall and recall per kind) and speaker
attribution accuracy (on matched quotes; direct quotes separately), per language too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "quotes"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from narrascope.entities.gazetteer import cached_gazetteer  # noqa: E402
from narrascope.ingest import read_inputs  # noqa: E402
from narrascope.pipeline import Pipeline  # noqa: E402
from narrascope.quotes.scoring import QuoteScores, score_article  # noqa: E402


def evaluate(show_errors: bool) -> None:
    gold = [json.loads(line) for line in (DATA / "gold.jsonl").read_text().splitlines()]
    pipeline = Pipeline()
    gazetteer = cached_gazetteer()
    overall = QuoteScores()
    by_language: dict[str, QuoteScores] = {}
    started = time.perf_counter()
    for entry in gold:
        (article,) = [i for i in read_inputs([str(DATA / "articles" / f"{entry['id']}.txt")])]
        record = pipeline(article).to_dict()
        for scores in (overall, by_language.setdefault(entry["language"], QuoteScores())):
            score_article(record["text"], entry["quotes"], record["quotes"], scores,
                          gazetteer=gazetteer, article=entry["id"])
    seconds = time.perf_counter() - started
    n_gold = overall.true_positives + overall.false_negatives
    print(f"quote evaluation set: {len(gold)} articles, {n_gold} gold quotes "
          f"({seconds:.1f} s)")
    print(f"{'':<10} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'direct spk':>10} {'n':>5}")
    rows = [("all", overall), *sorted(by_language.items())]
    for name, scores in rows:
        direct = scores.speaker_by_kind.get("direct", [0, 0])[1]
        print(f"{name:<10} {scores.precision:>6.3f} {scores.recall:>6.3f} {scores.f1:>6.3f} "
              f"{scores.speaker_accuracy():>8.3f} "
              f"{scores.speaker_accuracy('direct') if direct else float('nan'):>10.3f} "
              f"{scores.true_positives + scores.false_negatives:>5}")
    print("recall by kind: " + ", ".join(
        f"{kind} {tp / (tp + fn):.3f} ({tp}/{tp + fn})"
        for kind, (tp, fn) in sorted(overall.by_kind.items())))
    print("speaker accuracy by kind: " + ", ".join(
        f"{kind} {right / n:.3f} ({right}/{n})"
        for kind, (right, n) in sorted(overall.speaker_by_kind.items()) if n))
    if show_errors:
        for error in overall.errors:
            print(json.dumps(error, ensure_ascii=False))


def throughput(articles: int, workers: int) -> None:
    from ingest_throughput import build_corpus

    from narrascope.runner import run_batch

    work = Path(tempfile.mkdtemp(prefix="narrascope-quotes-bench-"))
    try:
        build_corpus(work / "input", articles)
        started = time.perf_counter()
        summary = run_batch([str(work / "input")], store=None, workers=workers)
        seconds = time.perf_counter() - started
        print(f"full pipeline ({', '.join(Pipeline().names)}): {summary.articles} articles in "
              f"{seconds:.1f} s = {summary.articles / seconds:.1f} articles/s "
              f"(workers={workers}, {len(summary.failures)} failures)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="print every error")
    parser.add_argument("--throughput", type=int, metavar="N",
                        help="also time the full pipeline on N generated articles")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    evaluate(args.errors)
    if args.throughput:
        throughput(args.throughput, args.workers)


if __name__ == "__main__":
    main()
