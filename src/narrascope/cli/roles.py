"""``narrascope roles``: how entities are framed across outlets and over time."""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.formats import ROW_FORMATS, write_rows
from narrascope.cli.terminal import error, make_console
from narrascope.entities.gazetteer import cached_gazetteer
from narrascope.entities.names import close_keys, name_key
from narrascope.errors import EXIT_OK, EXIT_STORE
from narrascope.store import Store, StoreError
from narrascope.voice import VOICE_KINDS

COLUMNS = ("entity", "entity_id", "group", "articles", "Protagonist", "Antagonist", "Innocent",
           "fine_roles")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "roles",
        help="how entities are framed (hero, villain, victim) per outlet or over time",
        description="Counts of each role per entity and outlet (or month), from the roles "
        "stage of stored articles.",
        epilog="examples:\n"
        "  narrascope roles --db news.db --entity NATO\n"
        "  narrascope roles --db news.db --entity Zelensky --by month --format csv\n"
        "  narrascope roles --db news.db --voice outlet   # framing by the outlets themselves",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--entity", metavar="NAME", help="canonical name, alias or surname")
    parser.add_argument("--by", choices=("outlet", "month"), default="outlet")
    parser.add_argument("--voice", choices=VOICE_KINDS,
                        help="only roles framed in this voice: the outlet's own narration, or "
                        "a quoted or paraphrased speaker's")
    parser.add_argument("--format", choices=ROW_FORMATS, default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    try:
        with Store.open(args.db) as store:
            rows = store.role_rows(voice=args.voice)
    except StoreError as exc:
        error(make_console(stderr=True), "roles", exc)
        return EXIT_STORE
    if args.entity:
        ids = {i for m in cached_gazetteer(()).find(args.entity) if m.kind != "role"
               for i in m.entity_ids}
        key = name_key(args.entity)
        rows = [r for r in rows if r["entity_id"] in ids or close_keys(name_key(r["name"]), key)
                or close_keys(name_key(r["name"]).split()[-1], key)]
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    fine: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        group = (row["outlet"] or "?") if args.by == "outlet" else (row["published"] or "?")[:7]
        key = (row["entity_id"], group)
        item = groups.setdefault(key, {"entity": row["name"], "entity_id": row["entity_id"],
                                       "group": group, "articles": 0, "Protagonist": 0,
                                       "Antagonist": 0, "Innocent": 0})
        item["articles"] += 1
        item[row["main_role"]] += 1
        fine[key].update(json.loads(row["fine_roles"]))
    table = []
    for key, item in sorted(groups.items(), key=lambda kv: (-kv[1]["articles"], kv[0])):
        item["fine_roles"] = ", ".join(f"{r} {n}" for r, n in fine[key].most_common(4))
        table.append(item)
    write_rows(table, COLUMNS, args.format, title=f"{len(table)} entity/{args.by} row(s)")
    return EXIT_OK
