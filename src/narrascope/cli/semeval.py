"""``narrascope semeval``: the SemEval-2025 Task 10 formats — scoring predictions."""

from __future__ import annotations

import argparse
import json
from typing import Any

from narrascope.cli.semeval_train import add_predict, add_train
from narrascope.cli.terminal import error, make_console
from narrascope.errors import EXIT_OK, EXIT_USAGE
from narrascope.semeval.release import ReleaseError
from narrascope.semeval.scoring import score_narratives, score_roles


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "semeval",
        help="SemEval-2025 Task 10: train on your labelled data, predict, score",
        description="Work with the file formats of the SemEval-2025 Task 10 release "
        "(narratives: sub-task 2; entity framing: sub-task 1).",
        epilog="examples:\n"
        "  narrascope semeval score --subtask 2 --gold EN/subtask-2-annotations.txt "
        "--pred predictions.txt\n"
        "  narrascope semeval score --subtask 1 --gold EN/subtask-1-annotations.txt "
        "--pred roles.txt --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    score = actions.add_parser(
        "score", help="score a prediction file against gold annotations",
        description="Sub-task 2: samples-F1 of narratives (coarse) and sub-narratives (fine). "
        "Sub-task 1: exact-match ratio of fine roles, main-role accuracy, micro P/R/F1.",
        epilog="example:\n  narrascope semeval score --subtask 2 --gold gold.txt --pred pred.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("--subtask", type=int, choices=(1, 2), required=True)
    score.add_argument("--gold", required=True, help="gold annotation file")
    score.add_argument("--pred", required=True, help="prediction file in the same format")
    score.add_argument("--json", action="store_true", help="print the scores as JSON")
    score.set_defaults(handler=run_score, command_name=f"{score.prog.split()[-2]} score")
    add_train(actions)
    add_predict(actions)


def run_score(args: argparse.Namespace) -> int:

    try:
        if args.subtask == 2:
            result = score_narratives(args.gold, args.pred)
            scores = {"coarse_f1": result.coarse_f1, "fine_f1": result.fine_f1,
                      "documents": result.documents}
        else:
            roles = score_roles(args.gold, args.pred)
            scores = {"exact_match_ratio": roles.exact_match_ratio,
                      "main_role_accuracy": roles.main_role_accuracy,
                      "precision": roles.precision, "recall": roles.recall, "f1": roles.f1,
                      "mentions": roles.mentions}
    except ReleaseError as exc:
        console = make_console(stderr=True)
        error(console, "semeval score", exc)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(scores))
    else:
        for key, value in scores.items():
            print(f"{key}\t{value:.4f}" if isinstance(value, float) else f"{key}\t{value}")
    return EXIT_OK
