"""``narrascope analyze``: read articles, run the pipeline, store them and write JSONL."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from narrascope.cli.terminal import make_console, safe, styled
from narrascope.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, InputError, UsageError
from narrascope.factories import ACCURACY_ENCODERS, accuracy_settings
from narrascope.ingest import FORMATS
from narrascope.ingest.base import DEFAULT_MAX_BYTES, ReadOptions
from narrascope.ingest.fallbacks import check_read_options
from narrascope.ingest.metadata import parse_iso_date
from narrascope.ingest.namepattern import NamePattern
from narrascope.output import check_output
from narrascope.pipeline import DEFAULT_MAX_CHARS, DEFAULT_STAGES, Pipeline
from narrascope.runner import DEFAULT_ARTICLE_TIMEOUT, RunSummary, default_workers, run_batch
from narrascope.store import Store

DEFAULT_DB = "narrascope.db"
_FAILURES_SHOWN = 20

EPILOG = """\
inputs:
  .txt (title on the first line, then the body), .html/.htm, .jsonl/.ndjson, .json, .csv/.tsv,
  .parquet/.pq (one article per row, read a batch at a time), .warc/.warc.gz, RSS/Atom feeds
  (.xml/.rss/.atom), any of them but Parquet .gz-compressed, directories (recursively),
  http(s):// URLs, and - for standard input.

examples:
  narrascope analyze samples/
  narrascope analyze scraped/ --db news.db --out news.jsonl --workers 2
  narrascope analyze dump.csv --text-field body --title-field headline --date-field pubdate
  narrascope analyze dump.parquet --text-field body --url-field meta.url --out results.parquet
  narrascope analyze crawl.warc.gz --resume          # continue an interrupted run
  narrascope analyze corpus/ --engine ray --address auto --db postgresql://db/news  # cluster
  cat article.txt | narrascope analyze - --out -      # JSONL on stdout
  narrascope analyze scraped/ --name-pattern '{outlet}_{published}_*.txt'
  narrascope analyze scraped/ --metadata sources.csv --outlet "Daily Courier"

outlet and date, for items that carry none of their own (each field from the first that has it):
  1. a metadata CSV row for the file: --metadata FILE.csv, then narrascope-metadata.csv in the
     file's folder or a folder above it in a directory being read (picked up by itself). The
     header names 'file' (a path relative to the CSV's folder, or a bare file name) and any of
     outlet, published (or date), url, title; other columns are ignored:
       file,outlet,published
       bbc/kyiv-strike.txt,BBC News,2023-03-14
  2. the file name, through --name-pattern: {outlet} (the outlet), {published} (YYYY-MM-DD or
     YYYYMMDD), {ignore} or * (anything); the rest as written. '{outlet}/*.txt' takes the
     outlet from the folder. '{outlet}_{published}_*.txt' reads bbc_2023-03-14_kyiv.txt as
     outlet bbc, published 2023-03-14; a name that does not match gives nothing.
  3. --outlet and --published
  4. for the outlet: the host of the article's URL, without www. (example-news.org)
"""


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "analyze",
        help="analyse articles from files, directories, URLs or stdin",
        description="Read articles, clean them, detect language and sentences, and store the "
        "results (and optionally write one JSON object per article to a JSONL file, or one "
        "row per article to a Parquet file).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, directory, http(s) URL, or - for stdin")
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})")
    parser.add_argument("--no-db", action="store_true", help="do not store anything")
    parser.add_argument("--no-copies", action="store_true",
                        help="do not add the stored articles to the near-duplicate index now "
                        "(narrascope copies does it when asked)")
    parser.add_argument("--out", metavar="FILE",
                        help="also write each article here: JSON Lines, or Parquet for a "
                        ".parquet/.pq name (columns in docs/schema.md); - for JSON Lines on "
                        "stdout; appears only when complete")
    parser.add_argument("--workers", type=_positive_int, default=default_workers(), metavar="N",
                        help=f"analysis processes (default: one per core, {default_workers()} "
                        "here; runs of a few articles stay in one process)")
    parser.add_argument("--resume", action="store_true",
                        help="skip inputs whose article is already in the store")
    parser.add_argument("--input-format", choices=sorted(FORMATS),
                        help="read every input as this format instead of guessing by extension")
    cluster = parser.add_argument_group("engine (docs/cluster.md)")
    cluster.add_argument("--engine", choices=("local", "ray"), default="local",
                         help="local: worker processes on this machine (--workers); ray: "
                         "actors on a Ray cluster, or on a local Ray started for the run "
                         "(needs narrascope[ray]) (default: local)")
    cluster.add_argument("--address", metavar="ADDRESS",
                         help="with --engine ray: the cluster to join, 'auto' (the one this "
                         "machine belongs to) or HOST:PORT of its head; without it a local "
                         "Ray is started and stopped")
    cluster.add_argument("--num-cpus", type=_positive_int, metavar="N",
                         help="with --engine ray: actors to run, one CPU each (default: every "
                         "CPU of the cluster; for a local Ray, one per core)")
    fields = parser.add_argument_group("field names for .jsonl/.json/.csv/.parquet inputs")
    defaults = ReadOptions()
    for name in ("text", "title", "url", "date", "id", "outlet", "author"):
        fields.add_argument(f"--{name}-field", default=getattr(defaults, f"{name}_field"),
                            metavar="NAME",
                            help=f"(default: {getattr(defaults, f'{name}_field')!r})")
    fallbacks = parser.add_argument_group(
        "outlet and date for items without their own (see the order below)")
    fallbacks.add_argument("--outlet", type=_outlet_name, metavar="NAME",
                           help="outlet of every item that has none")
    fallbacks.add_argument("--published", type=_iso_date, metavar="DATE",
                           help="ISO publication date (2023-03-14, or 2023-03-14T09:30:00Z) "
                           "of every item that has none")
    fallbacks.add_argument("--name-pattern", type=_name_pattern, metavar="PATTERN",
                           help="take the outlet and/or date from file names, e.g. "
                           "'{outlet}_{published}_*.txt' (placeholders below)")
    fallbacks.add_argument("--metadata", type=Path, metavar="FILE.csv",
                           help="CSV of outlet, published, url and title by file (columns "
                           "below); narrascope-metadata.csv in an input directory is read "
                           "without this")
    parser.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES,
                        metavar="N", help="largest single article in bytes (default: 64 MiB)")
    parser.add_argument("--max-chars", type=_non_negative_int, default=DEFAULT_MAX_CHARS,
                        metavar="N", help="refuse to analyse an article longer than this many "
                        f"characters; 0: no limit (default: {DEFAULT_MAX_CHARS:,})")
    parser.add_argument("--article-timeout", type=_seconds, default=DEFAULT_ARTICLE_TIMEOUT,
                        metavar="SECONDS", help="give up on an article still being analysed "
                        f"after this long; 0: no limit (default: {DEFAULT_ARTICLE_TIMEOUT:g})")
    parser.add_argument("--url-timeout", type=float, default=defaults.url_timeout,
                        metavar="SECONDS", help="give up on a URL after this long (default: 30)")
    parser.add_argument("--allow-private-urls", action="store_true",
                        help="also fetch URLs on loopback, private and link-local addresses "
                        "(refused by default)")
    parser.add_argument("--follow-links", action="store_true",
                        help="follow symbolic links in input directories that lead outside "
                        "the paths given (skipped by default)")
    parser.add_argument("--stages", default=",".join(DEFAULT_STAGES),
                        help="comma-separated pipeline stages (default: %(default)s)")
    parser.add_argument("--gazetteer", action="append", default=[], metavar="FILE.yaml",
                        help="extra entities and aliases (YAML, same shape as the built-in "
                        "gazetteer); repeatable")
    parser.add_argument("--model", metavar="MODEL_DIR",
                        help="narrative model from 'narrascope semeval train' "
                        "(default: the built-in one)")
    parser.add_argument("--accuracy", choices=sorted(ACCURACY_ENCODERS), default="fast",
                        help="fast: static vectors distilled from multilingual-e5-small (the "
                        "default); high: the e5 transformer itself, about 100 times slower "
                        "(see docs/performance.md)")
    parser.add_argument("--include-raw", action="store_true",
                        help="add raw_text (before cleaning) to each JSON object")
    parser.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="progress bar on stderr (default: when stderr is a terminal)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(handler=run)


def _outlet_name(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("the outlet name is empty")
    return value.strip()


def _iso_date(value: str) -> str:
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _name_pattern(value: str) -> str:
    try:
        NamePattern.compile(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _seconds(value: str) -> float:
    seconds = float(value)
    if not 0 <= seconds < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, got {value}")
    return seconds


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return number


class _ProgressBar:
    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[articles]} articles, {task.fields[rate]:.1f}/s"),
            TextColumn("[red]{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
        )
        self.task: TaskID | None = None
        self.articles = 0
        self.failed = 0

    def start(self, total_bytes: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("analysing", total=total_bytes or None,
                                           articles=0, failed=0, rate=0.0)

    def update(self, event: str, amount: int) -> None:
        if self.task is None:
            return
        if event == "article":
            self.articles += amount
        elif event == "failure":
            self.failed += amount
        task = self.progress.tasks[0]
        elapsed = task.elapsed or 0.0
        rate = self.articles / elapsed if elapsed > 0 else 0.0
        self.progress.update(
            self.task, advance=amount if event == "bytes" else 0,
            articles=self.articles, failed=self.failed, rate=rate,
        )

    def stop(self) -> None:
        self.progress.stop()


def run(args: argparse.Namespace) -> int:
    console = make_console(stderr=True)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    config: dict[str, dict[str, Any]] = accuracy_settings(stages, args.accuracy)
    if "entities" in stages:
        config["entities"] = {"gazetteer": tuple(args.gazetteer)}
    if "narratives" in stages and args.model:
        config["narratives"]["model"] = args.model
    if "roles" in stages and args.model and (Path(args.model) / "roles" / "roles.json").exists():
        config["roles"]["model"] = str(Path(args.model) / "roles")
    # Every check that needs no input comes first: the pipeline (stages, settings, models),
    # then the output target, before the store is opened (or created) — --out may be it.
    pipeline = Pipeline(stages, config, max_chars=args.max_chars or None)
    options = ReadOptions(
        text_field=args.text_field, title_field=args.title_field, url_field=args.url_field,
        date_field=args.date_field, id_field=args.id_field, outlet_field=args.outlet_field,
        author_field=args.author_field, max_bytes=args.max_bytes, url_timeout=args.url_timeout,
        allow_private_urls=args.allow_private_urls, follow_links=args.follow_links,
        outlet=args.outlet, published=args.published, name_pattern=args.name_pattern,
        metadata=args.metadata,
    )
    try:
        check_read_options(options)  # the --metadata CSV, read before any input
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if args.resume and args.no_db:
        raise UsageError("--resume needs a store (drop --no-db)")
    if args.engine != "ray" and (args.address or args.num_cpus):
        raise UsageError(f"{'--address' if args.address else '--num-cpus'} is for --engine ray")
    if args.engine == "ray":
        from narrascope.distributed.ray_engine import preflight

        preflight(args.address)  # Ray installed, the cluster reachable: before the store
    if args.out:
        check_output(args.out, protect=None if args.no_db or "://" in args.db else {
            args.db: "the store this command uses"})
    store = None if args.no_db else Store.open(args.db)
    show_progress = args.progress == "always" or (
        args.progress == "auto" and console.is_terminal and not args.quiet
    )
    bar = _ProgressBar(console) if show_progress else None
    try:
        common: dict[str, Any] = dict(
            store=store, out=args.out, read_options=options, input_format=args.input_format,
            pipeline=pipeline, resume=args.resume, include_raw=args.include_raw,
            command="narrascope analyze " + " ".join(shlex.quote(p) for p in args.paths),
            on_start=bar.start if bar else None, on_progress=bar.update if bar else None,
            article_timeout=args.article_timeout or None,
        )
        if args.engine == "ray":
            from narrascope.distributed.ray_engine import run_ray

            summary = run_ray(args.paths, address=args.address, num_cpus=args.num_cpus,
                              **common)
        else:
            summary = run_batch(args.paths, workers=args.workers, **common)
        if bar:
            bar.stop()
            bar = None
        copies = None
        if store is not None and summary.articles and not args.no_copies:
            from narrascope.copies import update_copies

            # New articles join the copy groups of those stored before; nothing is recomputed.
            copies = update_copies(store, workers=min(2, max(1, args.workers or 1)))
    finally:
        if bar:
            bar.stop()
        if store:
            store.close()
    if not args.quiet:
        _print_summary(console, summary, db=None if args.no_db else args.db, out=args.out,
                       copies=copies)
    if summary.failures and not summary.articles and not summary.resumed:
        return EXIT_NOTHING
    if summary.failures:
        return EXIT_PARTIAL
    if not summary.articles and not summary.resumed:
        console.print("narrascope analyze: no articles found in the given inputs", style="yellow")
        return EXIT_NOTHING
    return EXIT_OK


def _print_summary(console: Console, summary: RunSummary, *, db: str | None,
                   out: str | None, copies: Any = None) -> None:
    table = Table(title="narrascope analyze", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("articles analysed", str(summary.articles))
    if summary.resumed:
        table.add_row("already stored (resumed)", str(summary.resumed))
    languages = ", ".join(f"{lang} {n}" for lang, n in summary.languages.most_common())
    table.add_row("languages", languages or "-")
    table.add_row("failures", styled(len(summary.failures), "red" if summary.failures else ""))
    if summary.skipped:
        table.add_row("skipped", str(len(summary.skipped)))
    table.add_row("time", f"{summary.seconds:.1f} s ({summary.rate:.1f} articles/s)")
    if db:
        table.add_row("store", db)
    if copies is not None:
        table.add_row("copies index", f"{copies.indexed} added, {copies.pairs} new pair(s) "
                      "sharing text")
    if out and out != "-":
        table.add_row("parquet" if out.lower().endswith((".parquet", ".pq")) else "jsonl", out)
    console.print(table)
    for failure in summary.failures[:_FAILURES_SHOWN]:
        console.print(Text.assemble(("failed", "red"), " ", safe(failure.describe())))
    if len(summary.failures) > _FAILURES_SHOWN:
        console.print(f"… and {len(summary.failures) - _FAILURES_SHOWN} more "
                      "(narrascope failures --db DB lists them all)")
    for skipped in summary.skipped[:5]:
        console.print(Text.assemble(("skipped", "yellow"), " ",
                                    safe(f"{skipped.source}: {skipped.reason}")))
    if len(summary.skipped) > 5:
        console.print(f"… and {len(summary.skipped) - 5} more skipped")
    sys.stderr.flush()
