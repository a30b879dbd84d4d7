"""``narrascope copies``, ``stories`` and ``diff``: who copied whom, and what they changed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.arguments import iso_day
from narrascope.cli.terminal import error, make_console, safe, styled
from narrascope.copies.chains import ChainMember, CopyGroup
from narrascope.errors import EXIT_OK, EXIT_STORE, EXIT_USAGE
from narrascope.store import Store, StoreError


def _overlap(value: str) -> float:
    from narrascope.copies import CopySettings

    floor = CopySettings().pair_floor  # pairs sharing less are not kept in the index
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not floor <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between {floor} and 1 (the index "
                                         f"keeps pairs sharing at least {floor})")
    return number


def add_parser(commands: Any) -> None:
    from narrascope.copies import DEFAULT_MIN_OVERLAP

    copies = commands.add_parser(
        "copies",
        help="near-duplicates: groups of copied articles, earliest first, with what each "
        "copy changed",
        description="Index the stored articles not indexed yet (MinHash over word shingles; "
        "incremental), then list the groups of articles that share text: the earliest "
        "appearance (published date, else the day first seen, marked 'seen'), the copies in "
        "time order, how much each shares with its source, and a sentence-aligned diff.",
        epilog="examples:\n"
        "  narrascope copies --db news.db\n"
        "  narrascope copies --db news.db --article 3f2a9c1b --json\n"
        "  narrascope copies --db news.db --min-overlap 0.8",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    copies.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    copies.add_argument("--article", metavar="ID", help="only the group of this article "
                        "(id or unique prefix)")
    copies.add_argument("--min-overlap", type=_overlap, default=DEFAULT_MIN_OVERLAP,
                        metavar="X", help="least share of the smaller article found in the "
                        f"other (default: {DEFAULT_MIN_OVERLAP})")
    copies.add_argument("--json", action="store_true", help="print the groups as JSON lines")
    copies.set_defaults(handler=run_copies)

    stories = commands.add_parser(
        "stories",
        help="the same story across outlets and languages",
        description="Index the stored articles not indexed yet, then list the stories that "
        "several articles report: linked by their leads' multilingual sentence vectors, the "
        "entities they share and a time window, plus the copies. Each story shows its score "
        "and evidence (shared entities; with --json, aligned sentences for each link).",
        epilog="examples:\n"
        "  narrascope stories --db news.db --since 2024-03-01\n"
        "  narrascope stories --db news.db --language uk --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    stories.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    stories.add_argument("--since", metavar="DATE", type=iso_day,
                         help="stories with an article on or after this day (YYYY-MM-DD)")
    stories.add_argument("--outlet", help="stories with an article from this outlet")
    stories.add_argument("--language", help="stories with an article in this language")
    stories.add_argument("--json", action="store_true",
                         help="print the stories as JSON lines, with aligned sentences")
    stories.set_defaults(handler=run_stories)

    diff = commands.add_parser(
        "diff",
        help="what changed between two stored articles, sentence by sentence",
        description="Align the sentences of two stored articles and show those removed, added "
        "and reworded, with the words swapped inside reworded sentences (named entities and "
        "loaded terms marked).",
        epilog="examples:\n"
        "  narrascope diff 3f2a9c1b 8d0e77aa --db news.db\n"
        "  narrascope diff 3f2a9c1b 8d0e77aa --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("original", help="id (or unique prefix) of the earlier article")
    diff.add_argument("copy", help="id (or unique prefix) of the later article")
    diff.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    diff.add_argument("--json", action="store_true", help="print the diff as JSON")
    diff.set_defaults(handler=run_diff)


def run_copies(args: argparse.Namespace) -> int:
    from narrascope.copies import copy_groups, skipped_articles, update_copies

    console = make_console(stderr=True)
    try:
        with Store.open(args.db) as store:
            article_id = None
            if args.article:
                record = store.get(args.article)
                if record is None:
                    error(console, "copies", f"no article with id {args.article!r} in {args.db}")
                    return EXIT_USAGE
                article_id = record["id"]
            report = update_copies(store)
            skipped = skipped_articles(store)
            groups = copy_groups(store, min_overlap=args.min_overlap, article_id=article_id)
    except StoreError as exc:
        error(console, "copies", exc)
        return EXIT_STORE
    if report.indexed or report.skipped:
        console.print(f"indexed {report.indexed} new article(s) for copies", highlight=False)
    if article_id and article_id in skipped:
        console.print(Text(f"{safe(article_id)}: {skipped[article_id]}", style="yellow"))
    elif skipped and not article_id:
        console.print(Text(f"{len(skipped)} article(s) not indexed: too short (see --json of "
                           "'narrascope show' for their text)", style="yellow"))
    if args.json:
        for group in groups:
            sys.stdout.write(json.dumps(group.to_dict(), ensure_ascii=False) + "\n")
        return EXIT_OK
    out = _console()
    if not groups:
        out.print("no copies found" + (f" of {article_id}" if article_id else ""))
    for group in groups:
        _print_group(out, group)
    if any(not m.order_known for g in groups for m in g.members):
        out.print(Text("#N? : published or first seen at the same moment as its source; which "
                       "copied which is not known", style="dim"))
    return EXIT_OK


def _print_group(console: Console, group: CopyGroup) -> None:
    first = group.earliest
    console.print(Text.assemble(("group ", "bold"), safe(group.id), "  ",
                                (f"{len(group.members)} articles, first ", "dim"),
                                safe(_shown_day(first)), " ", safe(first.outlet or "?")))
    table = Table(box=None, show_header=True, pad_edge=False)
    for column in ("#", "day", "outlet", "lang", "article", "shares", "from", "changes"):
        table.add_column(column, overflow="fold")
    position_of = {m.article_id: i for i, m in enumerate(group.members)}
    for position, member in enumerate(group.members):
        table.add_row(str(position), _shown_day(member), safe(member.outlet or "?"),
                      safe(member.language or "?"), safe(member.article_id),
                      f"{member.overlap:.2f}" if member.overlap else "",
                      _source(member, position_of),
                      safe(member.diff.summary()) if member.diff else "")
    console.print(table)
    for position, member in enumerate(group.members):
        console.print(Text.assemble((f"   #{position} ", "dim"), safe(member.title or "")))
    for member in group.members[1:]:
        swaps = [s for s in member.diff.swaps() if s.kind != "wording" or s.loaded] \
            if member.diff else []
        for swap in swaps[:8]:
            console.print(Text.assemble("   ", (safe(member.article_id), "dim"), "  ",
                                        (safe(swap.old), "red"), " → ", (safe(swap.new), "green"),
                                        (f"  [{swap.kind}{', loaded' if swap.loaded else ''}]",
                                         "dim")))
    console.print()


def _source(member: ChainMember, position_of: dict[str, int]) -> str:
    if not member.copied_from:
        return ""
    source = f"#{position_of[member.copied_from]}"
    # same moment: which copied which is not known
    return source if member.order_known else f"{source}?"


def _console() -> Console:
    console = make_console()
    # a file or a pipe: do not squeeze the rows to 80 columns
    return console if console.is_terminal else make_console(width=200)


def _shown_day(member: ChainMember) -> str:
    if not member.day:
        return "?"
    return member.day if member.dated else f"{member.day} (seen)"


def run_stories(args: argparse.Namespace) -> int:
    from narrascope.copies import index_stories, load_stories, update_copies
    from narrascope.copies.stories import StorySettings, aligned_sentences
    from narrascope.embeddings import get_embedder

    console = make_console(stderr=True)
    try:
        with Store.open(args.db) as store:
            update_copies(store)
            settings = StorySettings()
            embedder = get_embedder(settings.encoder)
            index_stories(store, settings, embedder)
            stories = [s for s in load_stories(store) if _story_matches(s, args)]
            if args.json:
                for story in stories:
                    row = story.to_dict()
                    for link in row["links"]:
                        link["aligned_sentences"] = aligned_sentences(
                            store.get(link["article_a"]) or {},
                            store.get(link["article_b"]) or {}, embedder)
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                return EXIT_OK
            names = _entity_names(store, {e for s in stories for e in s.shared_entities})
    except StoreError as exc:
        error(console, "stories", exc)
        return EXIT_STORE
    out = _console()
    if not stories:
        out.print("no stories reported by more than one article")
    for story in stories:
        out.print(Text.assemble(
            ("story ", "bold"), safe(story.id), "  ",
            (f"{len(story.articles)} articles, score {story.score:.2f}, ", "dim"),
            safe(", ".join(story.languages)), "  ",
            ("shared: ", "dim"),
            safe(", ".join(names.get(e, e) for e in story.shared_entities[:6]))))
        for article in story.articles:
            day = article.get("day") or "?"
            out.print(Text.assemble("   ", safe(day if article.get("dated") else f"{day} (seen)"),
                                    "  ", safe(article.get("outlet") or "?"), "  ",
                                    safe(article.get("language") or "?"), "  ",
                                    (safe(article["article_id"]), "dim"), "  ",
                                    safe(article.get("title") or "")))
        out.print()
    return EXIT_OK


def _story_matches(story: Any, args: argparse.Namespace) -> bool:
    articles = story.articles
    if args.since and not any((a.get("day") or "") >= args.since for a in articles):
        return False
    if args.outlet and not any(a.get("outlet") == args.outlet for a in articles):
        return False
    return not (args.language and not any(a.get("language") == args.language for a in articles))


def _entity_names(store: Store, ids: set[str]) -> dict[str, str]:
    from sqlalchemy import select

    from narrascope.store import tables

    m = tables.entity_mentions
    wanted = sorted(ids)
    names: dict[str, str] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 900):
            for entity_id, name in conn.execute(select(m.c.entity_id, m.c.name)
                                                .where(m.c.entity_id.in_(wanted[i:i + 900]))):
                names.setdefault(entity_id, name)
    return names


def run_diff(args: argparse.Namespace) -> int:
    from narrascope.copies import diff_articles

    console = make_console(stderr=True)
    try:
        with Store.open(args.db) as store:
            original, copy = store.get(args.original), store.get(args.copy)
    except StoreError as exc:
        error(console, "diff", exc)
        return EXIT_STORE
    for given, record in ((args.original, original), (args.copy, copy)):
        if record is None:
            error(console, "diff", f"no article with id {given!r} in {args.db}")
            return EXIT_USAGE
    assert original is not None and copy is not None
    if original["id"] == copy["id"]:
        error(console, "diff", f"{original['id']} is the same article twice")
        return EXIT_USAGE
    result = diff_articles(original, copy)
    if args.json:
        sys.stdout.write(json.dumps({"original": original["id"], "copy": copy["id"],
                                     **result.to_dict()}, ensure_ascii=False) + "\n")
        return EXIT_OK
    out = _console()
    out.print(Text.assemble(("original ", "dim"), safe(original["id"]), "  ",
                            safe(original.get("outlet") or "?"), "  ",
                            safe(original.get("title") or "")))
    out.print(Text.assemble(("copy     ", "dim"), safe(copy["id"]), "  ",
                            safe(copy.get("outlet") or "?"), "  ", safe(copy.get("title") or "")))
    out.print(styled(result.summary(), "bold"))
    for sentence in result.removed:
        out.print(Text.assemble(("- ", "red"), (safe(sentence.text), "red")))
    for sentence in result.added:
        out.print(Text.assemble(("+ ", "green"), (safe(sentence.text), "green")))
    for pair in result.reworded:
        out.print(Text.assemble(("~ ", "yellow"), safe(pair.original.text)))
        out.print(Text.assemble(("  ", "yellow"), safe(pair.copy.text)))
        for swap in pair.swaps:
            out.print(Text.assemble("    ", (safe(swap.old), "red"), " → ",
                                    (safe(swap.new), "green"),
                                    (f"  [{swap.kind}{', loaded' if swap.loaded else ''}]", "dim")))
    return EXIT_OK
