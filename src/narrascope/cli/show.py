"""``narrascope show ID``: one stored article, readable or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.terminal import error, make_console, safe, styled
from narrascope.errors import EXIT_OK, EXIT_STORE, EXIT_USAGE
from narrascope.store import Store, StoreError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "show",
        help="show one stored article with its sentences and removed lines",
        description="Show a stored article: metadata, its sentences with offsets, and every "
        "line the cleaner removed with the reason.",
        epilog="examples:\n"
        "  narrascope show 3f2a9c1b0d4e5f60 --db news.db\n"
        "  narrascope show 3f2a9c --json            # unique id prefixes work too",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("id", help="article id (or a unique prefix of at least 6 characters)")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--json", action="store_true", help="print the stored JSON object")
    parser.add_argument("--raw", action="store_true", help="include the raw text before cleaning")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    console = make_console(stderr=True)
    try:
        with Store.open(args.db) as store:
            record = store.get(args.id)
            raw = store.raw_text(record["id"]) if (record and args.raw) else None
    except StoreError as exc:
        error(console, "show", exc)
        return EXIT_STORE
    if record is None:
        error(console, "show", f"no article with id {args.id!r} in {args.db}")
        return EXIT_USAGE
    if args.json:
        if raw is not None:
            record = {**record, "raw_text": raw}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    _print_article(make_console(), record, raw)
    return EXIT_OK


def _print_article(console: Console, record: dict[str, Any], raw: str | None) -> None:
    console.print(styled(record.get("title") or "(no title)", "bold"))
    meta = Table(show_header=False, box=None)
    for key in ("id", "source", "url", "outlet", "published", "author", "language"):
        if record.get(key):
            meta.add_row(styled(key, "dim"), str(record[key]))
    console.print(meta)
    text = record.get("text", "")
    console.rule("sentences")
    for number, sentence in enumerate(record.get("sentences", []), start=1):
        start, end = sentence["start"], sentence["end"]
        console.print(Text.assemble((f"{number:>3} [{start}:{end}]", "dim"), " ",
                                    safe(text[start:end])))
    removed = record.get("removed", [])
    if removed:
        console.rule(f"removed ({len(removed)})")
        for item in removed:
            console.print(Text.assemble((f"{item['reason']:<18}", "dim"), " ",
                                        safe(item["text"])))
    for warning in record.get("warnings", []):
        console.print(Text.assemble(("warning", "yellow"), " ", safe(warning)))
    if raw is not None:
        console.rule("raw text")
        console.print(raw)
