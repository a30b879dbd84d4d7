"""``narrascope narratives``: which narratives stored articles carry, and in whose voice."""

from __future__ import annotations

import argparse
from typing import Any

from narrascope.annotations import Voice
from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.formats import ROW_FORMATS, write_rows
from narrascope.cli.terminal import error, make_console
from narrascope.errors import EXIT_OK, EXIT_STORE
from narrascope.store import Store, StoreError
from narrascope.voice import VOICE_KINDS

COLUMNS = ("label", "carried_by", "group", "articles")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "narratives",
        help="narratives of stored articles, by who carries them (the outlet or a speaker)",
        description="Articles per narrative and voice: the outlet's own narration, or a "
        "quoted or paraphrased speaker ('Sergey Lavrov (quoted)'). An article counts "
        "once per label and voice; a narrative carried by the outlet and by a quoted "
        "speaker counts under both.",
        epilog="examples:\n"
        "  narrascope narratives --db news.db\n"
        "  narrascope narratives --db news.db --voice outlet --by month\n"
        "  narrascope narratives --db news.db --speaker 'Sergey Lavrov' --level subnarrative",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    parser.add_argument("--voice", choices=VOICE_KINDS, help="only this voice")
    parser.add_argument("--speaker", metavar="NAME",
                        help="only this speaker (canonical name or entity id)")
    parser.add_argument("--level", choices=("narrative", "subnarrative"), default="narrative")
    parser.add_argument("--by", choices=("voice", "outlet", "month"), default="voice",
                        help="the extra grouping besides label and voice (default: none)")
    parser.add_argument("--format", choices=ROW_FORMATS, default="table")
    parser.set_defaults(handler=run)


def carried_by(row: dict[str, Any]) -> str:
    """How a row's voice reads: "the outlet", "Sergey Lavrov (quoted)", "unknown" (an article
    analysed without the quotes stage)."""
    if row["voice"] is None:
        return "unknown"
    return Voice(row["voice"], row["voice_speaker"]).label


def run(args: argparse.Namespace) -> int:
    try:
        with Store.open(args.db) as store:
            rows = store.narrative_rows(level=args.level, voice=args.voice,
                                        speaker=args.speaker)
    except StoreError as exc:
        error(make_console(stderr=True), "narratives", exc)
        return EXIT_STORE
    counts: dict[tuple[str, str, str], set[str]] = {}
    for row in rows:
        group = {"voice": "", "outlet": row["outlet"] or "?",
                 "month": (row["published"] or "?")[:7]}[args.by]
        counts.setdefault((row["label"], carried_by(row), group), set()).add(row["article_id"])
    table = [{"label": label, "carried_by": voice, "group": group, "articles": len(ids)}
             for (label, voice, group), ids in counts.items()]
    table.sort(key=lambda r: (-r["articles"], r["label"], r["carried_by"], r["group"]))
    columns = COLUMNS if args.by != "voice" else tuple(c for c in COLUMNS if c != "group")
    write_rows(table, columns, args.format, title=f"{len(table)} {args.level}/voice row(s)")
    return EXIT_OK
