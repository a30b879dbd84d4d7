"""``narrascope export``: stored articles, or tidy tables of what was found in them, as
JSONL, CSV or Parquet."""

from __future__ import annotations

import argparse
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.arguments import iso_day
from narrascope.cli.terminal import error, make_console
from narrascope.errors import EXIT_OK, EXIT_STORE, EXIT_USAGE
from narrascope.export import FORMATS, export_records
from narrascope.output import OutputError, OutputWriteError
from narrascope.store import Store, StoreError
from narrascope.store.rows import ITEM_TABLES, item_rows

#: The tables of one row per item found in the articles (quotes, roles, narratives,
#: techniques) are the ones ``--since``, ``--outlet`` and ``--language`` narrow.
TABLES = ("articles", "copies", "stories", *ITEM_TABLES)


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="export stored articles, or one row per quote, role, narrative or technique, "
        "as JSONL, CSV or Parquet",
        description="Write every stored article: JSONL (the full JSON objects), CSV or Parquet\n"
        "(one row per article; list fields such as sentences as JSON text).\n\n"
        "--table copies: one row per member of each copy group (its source, overlap and\n"
        "what it changed); --table stories: one row per article of each story.\n\n"
        "--table quotes|roles|narratives|techniques: one row per item (per quote; per article\n"
        "and entity; per article, label and voice; per technique span), with the article's\n"
        "outlet, publication date and language. Every cell is a plain value, ready for\n"
        "pandas: offsets into the article's cleaned text, a role's fine roles as a list\n"
        "(';'-joined in CSV) and its first evidence sentence, a narrative's evidence\n"
        "sentences as text. Parquet columns keep their types, even with no rows.\n"
        "--since, --outlet and --language narrow these four tables.",
        epilog="examples:\n"
        "  narrascope export --db news.db --format jsonl > news.jsonl\n"
        "  narrascope export --db news.db --format csv --out news.csv\n"
        "  narrascope export --db postgresql://me@localhost/news --format parquet "
        "--out news.parquet\n"
        "  narrascope export --db news.db --table copies --format csv --out copies.csv\n"
        "  narrascope export --db news.db --table quotes --format parquet --out quotes.parquet\n"
        "  narrascope export --db news.db --table narratives --format csv --since 2024-01-01 "
        "--language en --out narratives.csv\n"
        "  then, in Python: pandas.read_parquet('quotes.parquet')",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="output format (default: jsonl)")
    parser.add_argument("--out", help="output file (default: stdout; required for parquet)")
    parser.add_argument("--table", choices=TABLES, default="articles",
                        help="what to export (default: articles)")
    narrow = parser.add_argument_group(f"narrowing --table {'|'.join(ITEM_TABLES)}")
    narrow.add_argument("--since", metavar="DATE", type=iso_day,
                        help="items of articles published on or after this day (YYYY-MM-DD)")
    narrow.add_argument("--outlet", help="items of articles from this outlet (any case)")
    narrow.add_argument("--language", metavar="L",
                        help="items of articles in this language (a code such as en)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    console = make_console(stderr=True)
    if args.format == "parquet" and args.out in (None, "-"):
        error(console, "export", "parquet is binary; give a file with --out")
        return EXIT_USAGE
    narrowing = [f"--{name}" for name in ("since", "outlet", "language")
                 if getattr(args, name) is not None]
    if narrowing and args.table not in ITEM_TABLES:
        # Said, not ignored: an unfiltered table taken for a filtered one misleads.
        error(console, "export", f"{' and '.join(narrowing)}: only the tables "
              f"{', '.join(ITEM_TABLES)} can be narrowed, not {args.table}")
        return EXIT_USAGE
    try:
        with Store.open(args.db) as store:
            if args.table == "articles":
                count = export_records(store.iter_documents(), args.format, args.out,
                                       protect=store.protected_files())
            elif args.table in ITEM_TABLES:
                items, types = item_rows(store, args.table, since=args.since,
                                         outlet=args.outlet, language=args.language)
                count = export_records(items, args.format, args.out,
                                       protect=store.protected_files(), types=types)
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
