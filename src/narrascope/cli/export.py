"""``narrascope export``: stored articles as JSONL, CSV or Parquet."""

from __future__ import annotations

import argparse
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.terminal import error, make_console
from narrascope.errors import EXIT_OK, EXIT_STORE, EXIT_USAGE
from narrascope.export import FORMATS, export_records
from narrascope.output import OutputError, OutputWriteError
from narrascope.store import Store, StoreError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="export stored articles as JSONL, CSV or Parquet",
        description="Write every stored article: JSONL (the full JSON objects), CSV or Parquet "
        "(one row per article; list fields such as sentences as JSON text). --table copies "
        "writes one row per member of each copy group (its source, overlap and what it "
        "changed); --table stories one row per article of each story.",
        epilog="examples:\n"
        "  narrascope export --db news.db --format jsonl > news.jsonl\n"
        "  narrascope export --db news.db --format csv --out news.csv\n"
        "  narrascope export --db postgresql://me@localhost/news --format parquet "
        "--out news.parquet\n"
        "  narrascope export --db news.db --table copies --format csv --out copies.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="output format (default: jsonl)")
    parser.add_argument("--out", help="output file (default: stdout; required for parquet)")
    parser.add_argument("--table", choices=("articles", "copies", "stories"), default="articles",
                        help="what to export (default: articles)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    console = make_console(stderr=True)
    if args.format == "parquet" and args.out in (None, "-"):
        error(console, "export", "parquet is binary; give a file with --out")
        return EXIT_USAGE
    try:
        with Store.open(args.db) as store:
            if args.table == "articles":
                count = export_records(store.iter_documents(), args.format, args.out,
                                       protect=store.protected_files())
            else:
                from narrascope.copies.rows import copy_rows, story_rows

                rows, columns = (copy_rows if args.table == "copies" else story_rows)(store)
                count = export_records(rows, args.format, args.out,
                                       protect=store.protected_files(), columns=columns)
    except StoreError as exc:
        error(console, "export", exc)
        return EXIT_STORE
    except OutputError as exc:
        error(console, "export", exc)
        return EXIT_STORE if isinstance(exc, OutputWriteError) else EXIT_USAGE
    if args.out not in (None, "-"):
        what = "article(s)" if args.table == "articles" else f"{args.table} row(s)"
        console.print(f"exported {count} {what} to {args.out}", highlight=False)
    return EXIT_OK
