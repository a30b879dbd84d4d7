"""``narrascope quotes``: who said what across the stored corpus."""

from __future__ import annotations

import argparse
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.formats import ROW_FORMATS, write_rows
from narrascope.cli.terminal import error, make_console
from narrascope.entities.gazetteer import cached_gazetteer
from narrascope.entities.names import close_keys, name_key
from narrascope.errors import EXIT_OK, EXIT_STORE
from narrascope.store import Store, StoreError

#: Every field, for JSONL and CSV; the terminal table shows the readable subset.
COLUMNS = ("published", "outlet", "speaker_name", "speaker_entity_id", "speaker_mention",
           "kind", "text", "cue", "confidence", "article_id", "title", "url", "source")
TABLE_COLUMNS = ("published", "outlet", "speaker_name", "kind", "text", "confidence")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "quotes",
        help="who said what: stored quotes, filtered by speaker, date and outlet",
        description="List the quotes of stored articles with their speakers. --speaker "
        "matches the canonical entity and every spelling of it (Zelensky, Zelenskyy, "
        "Зеленський), and surnames.",
        epilog="examples:\n"
        "  narrascope quotes --db news.db --speaker Lavrov\n"
        "  narrascope quotes --db news.db --speaker 'Зеленський' --since 2023-01-01\n"
        "  narrascope quotes --db news.db --outlet example.org --format csv > quotes.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--speaker", metavar="NAME", help="canonical name, alias or surname")
    parser.add_argument("--since", metavar="DATE", help="published on or after (YYYY-MM-DD)")
    parser.add_argument("--outlet", help="only this outlet (host name, e.g. example.org)")
    parser.add_argument("--kind", choices=("direct", "partial", "indirect"))
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="P")
    parser.add_argument("--unattributed", action="store_true",
                        help="also list quotes whose speaker is unknown")
    parser.add_argument("--format", choices=ROW_FORMATS, default="table")
    parser.add_argument("--gazetteer", action="append", default=[], metavar="FILE.yaml",
                        help="extra aliases used to match --speaker")
    parser.set_defaults(handler=run)


def speaker_matcher(name: str, gazetteer_files: list[str]) -> tuple[set[str], Any]:
    """Entity ids ``name`` denotes in the gazetteer, and a predicate on quote rows."""
    gazetteer = cached_gazetteer(tuple(gazetteer_files))
    ids = {i for match in gazetteer.find(name) if match.kind != "role"
           for i in match.entity_ids}
    key = name_key(name)
    single = len(key.split()) == 1

    def matches(row: dict[str, Any]) -> bool:
        if row["speaker_entity_id"] in ids:
            return True
        speaker = name_key(row["speaker_name"] or "")
        if not speaker:
            return False
        if close_keys(speaker, key):
            return True
        return single and close_keys(speaker.split()[-1], key)

    return ids, matches


def run(args: argparse.Namespace) -> int:

    try:
        with Store.open(args.db) as store:
            matches = None
            if args.speaker:
                _ids, matches = speaker_matcher(args.speaker, args.gazetteer)
            rows = [
                row for row in store.iter_quotes(since=args.since, outlet=args.outlet)
                if (matches is None or matches(row))
                and (args.unattributed or args.speaker or row["speaker_name"])
                and (args.kind is None or row["kind"] == args.kind)
                and row["confidence"] >= args.min_confidence
            ]
    except StoreError as exc:
        error(make_console(stderr=True), "quotes", exc)
        return EXIT_STORE
    columns = TABLE_COLUMNS if args.format == "table" else COLUMNS
    write_rows(rows, columns, args.format, title=f"{len(rows)} quote(s)")
    return EXIT_OK
