"""``narrascope failures``: the inputs that could not be analysed, and why."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.terminal import error, make_console, safe
from narrascope.errors import EXIT_OK, EXIT_STORE
from narrascope.ingest.base import Failure
from narrascope.output import json_line
from narrascope.store import Store, StoreError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "failures",
        help="list inputs that failed (outstanding, i.e. not fixed by a later run)",
        description="List every input item whose latest attempt failed, with the reason.",
        epilog="examples:\n  narrascope failures --db news.db\n"
        "  narrascope failures --db news.db --json > failures.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    try:
        with Store.open(args.db) as store:
            rows = store.failures()
    except StoreError as exc:
        error(make_console(stderr=True), "failures", exc)
        return EXIT_STORE
    for row in rows:
        if args.json:
            row = {**row, "failed_at": row["failed_at"].isoformat()}
            sys.stdout.write(json_line(row))
        else:  # plain lines for grep and cut, with the input's control characters escaped
            failure = Failure(row["source"], row["reason"], line=row["line"])
            sys.stdout.write(safe(f"{row['stage']}\t{failure.describe()}") + "\n")
    return EXIT_OK
