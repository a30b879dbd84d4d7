"""``narrascope semeval2023``: persuasion techniques in SemEval-2023 Task 3 sub-task 3 form."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from narrascope.cli.terminal import error, make_console
from narrascope.embeddings import EmbedderError, get_embedder
from narrascope.errors import EXIT_OK, EXIT_USAGE
from narrascope.factories import ACCURACY_ENCODERS
from narrascope.output import OutputError, write_lines
from narrascope.semeval.release import ReleaseError
from narrascope.semeval.task3_2023 import (
    ParagraphLabels,
    predict_release_article,
    read_articles,
    read_paragraph_labels,
    read_spans,
    score_paragraphs,
    write_paragraph_labels,
)
from narrascope.techniques import TechniqueModelError, load_technique_model


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "semeval2023", help="persuasion techniques: SemEval-2023 Task 3 sub-task 3 files",
        description="Train on, predict and score SemEval-2023 Task 3 sub-task 3 (paragraph-level "
        "persuasion techniques) release folders.",
        epilog="examples:\n"
        "  narrascope semeval2023 train --data data/en data/ru --out models/techniques\n"
        "  narrascope semeval2023 predict --docs data/en/dev-articles-subtask-3 "
        "--model models/techniques --out pred.txt --spans-out spans/\n"
        "  narrascope semeval2023 score --gold data/en/dev-labels-subtask-3.txt --pred pred.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    train = actions.add_parser(
        "train", help="train a technique model on labelled release folders",
        description="Each DIR holds *-articles-subtask-3/ and *-labels-subtask-3.txt (and, when "
        "present, *-labels-subtask-3-spans/, which trains on sentences inside gold spans). "
        "Prints cross-validated paragraph micro-F1.")
    train.add_argument("--data", nargs="+", required=True, metavar="DIR")
    train.add_argument("--out", required=True, metavar="MODEL_DIR")
    train.add_argument("--folds", type=int, default=5)
    train.add_argument("--accuracy", choices=sorted(ACCURACY_ENCODERS), default="fast",
                       help="the encoder the model reads, as analyze --accuracy (default: "
                       "%(default)s)")
    train.set_defaults(handler=run_train, command_name=f"{train.prog.split()[-2]} train")
    predict = actions.add_parser(
        "predict", help="write paragraph-level predictions (and spans)",
        description="One output line per non-empty line of every article, as in the gold "
        "files; --spans-out writes one span file per article in the release's span format.")
    predict.add_argument("--docs", required=True, metavar="DOCS_DIR")
    predict.add_argument("--model", metavar="MODEL_DIR", help="default: the built-in detectors")
    predict.add_argument("--out", required=True, metavar="FILE")
    predict.add_argument("--spans-out", metavar="DIR")
    predict.set_defaults(handler=run_predict, command_name=f"{predict.prog.split()[-2]} predict")
    score = actions.add_parser("score", help="paragraph-level micro-F1, and per technique")
    score.add_argument("--gold", required=True, metavar="FILE")
    score.add_argument("--pred", required=True, metavar="FILE")
    score.add_argument("--json", action="store_true", help="print the figures as JSON")
    score.set_defaults(handler=run_score, command_name=f"{score.prog.split()[-2]} score")


def _labels_file(folder: Path) -> Path:
    found = sorted(p for p in folder.glob("*labels-subtask-3.txt") if p.is_file())
    if not found:
        raise ReleaseError(f"{folder}: no *-labels-subtask-3.txt file")
    return found[0]


def run_train(args: argparse.Namespace) -> int:
    from narrascope.techniques.training import train_from_release

    console = make_console(stderr=True)
    try:
        articles, labels = [], {}
        for folder in map(Path, args.data):
            found = read_articles(folder)
            read_spans(folder, found)
            paragraph = read_paragraph_labels(_labels_file(folder))
            missing = sorted({a for a, _line in paragraph} - set(found))
            if missing:
                raise ReleaseError(f"{_labels_file(folder)}: article {missing[0]} has labels "
                                   f"but no article{missing[0]}.txt")
            articles += [found[a] for a in sorted(found)]
            labels.update(paragraph)
        console.print(f"training on {len(articles)} articles …")
        embedder = get_embedder(ACCURACY_ENCODERS[args.accuracy])
        model = train_from_release(articles, labels, embedder, folds=args.folds)
        model.save(args.out)
    except (ReleaseError, TechniqueModelError, EmbedderError, ValueError) as exc:
        error(console, "semeval2023 train", exc)
        return EXIT_USAGE
    print(json.dumps({"model": args.out, **model.metrics}))
    return EXIT_OK


def run_predict(args: argparse.Namespace) -> int:

    console = make_console(stderr=True)
    try:
        model = load_technique_model(args.model)
        embedder = get_embedder(model.embedder)
        articles = read_articles(args.docs)
        if not articles:
            raise ReleaseError(f"{args.docs}: no article*.txt files")
        labels: ParagraphLabels = {}
        spans_out = Path(args.spans_out) if args.spans_out else None
        if spans_out:
            spans_out.mkdir(parents=True, exist_ok=True)
        for article_id, article in articles.items():
            found, spans = predict_release_article(article, model, embedder)
            labels.update(found)
            if spans_out:
                write_lines(spans_out / f"article{article_id}-labels-subtask-3.txt",
                            [f"{article_id}\t{s.technique}\t{s.start}\t{s.end}" for s in spans])
        write_paragraph_labels(args.out, labels)
    except (ReleaseError, TechniqueModelError, EmbedderError, OutputError) as exc:
        error(console, "semeval2023 predict", exc)
        return EXIT_USAGE
    console.print(f"wrote {len(labels)} paragraph line(s) for {len(articles)} article(s) "
                  f"to {args.out}")
    return EXIT_OK


def run_score(args: argparse.Namespace) -> int:

    console = make_console(stderr=True)
    try:
        gold, predicted = read_paragraph_labels(args.gold), read_paragraph_labels(args.pred)
    except ReleaseError as exc:
        error(console, "semeval2023 score", exc)
        return EXIT_USAGE
    missing = {a for a, _l in gold} - {a for a, _l in predicted}
    if missing:
        console.print(f"{len(missing)} article(s) have no predictions (scored as "
                      "predicting nothing)", style="yellow")
    total, per = score_paragraphs(gold, predicted)
    figures = {"micro_precision": round(total.precision, 4),
               "micro_recall": round(total.recall, 4), "micro_f1": round(total.f1, 4),
               "per_technique": {t: {"precision": round(c.precision, 4),
                                     "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                                     "gold": c.tp + c.fn}
                                 for t, c in per.items() if c.tp + c.fn + c.fp}}
    if args.json:
        print(json.dumps(figures))
        return EXIT_OK
    print(f"micro P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}")
    for technique, c in sorted(per.items(), key=lambda kv: -(kv[1].tp + kv[1].fn)):
        if c.tp + c.fn + c.fp:
            print(f"  {technique:<34} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  "
                  f"gold {c.tp + c.fn}")
    return EXIT_OK
