"""``narrascope entities``: the most mentioned entities of the store, with their variants."""

from __future__ import annotations

import argparse
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.formats import ROW_FORMATS, write_rows
from narrascope.cli.terminal import error, make_console
from narrascope.entities.gazetteer import ENTITY_TYPES
from narrascope.errors import EXIT_OK, EXIT_STORE
from narrascope.store import Store, StoreError

COLUMNS = ("id", "name", "type", "mentions", "articles", "variants")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "entities",
        help="most mentioned entities across stored articles, with every spelling seen",
        description="Canonical entities of the stored articles, most mentioned first, with "
        "the surface forms each was found under (Kiev, Kyiv, Киев …).",
        epilog="examples:\n"
        "  narrascope entities --db news.db\n"
        "  narrascope entities --db news.db --type PERSON --top 50 --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--type", choices=ENTITY_TYPES, type=str.upper)
    parser.add_argument("--top", type=int, default=30, metavar="N")
    parser.add_argument("--format", choices=ROW_FORMATS, default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    try:
        with Store.open(args.db) as store:
            rows = store.entity_summary(entity_type=args.type)[: args.top]
    except StoreError as exc:
        error(make_console(stderr=True), "entities", exc)
        return EXIT_STORE
    write_rows(rows, COLUMNS, args.format, title=f"top {len(rows)} entities")
    return EXIT_OK
