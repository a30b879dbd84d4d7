"""The ``narrascope`` command: thin shells over the analysis pipeline and the store.

Exit statuses are defined with the errors, in :mod:`narrascope.errors` (and README.md);
:func:`main` is the one place that turns an error into its status and a one-line message.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from narrascope.cli import (
    analyze,
    copies,
    entities,
    export,
    failures,
    narratives,
    quotes,
    roles,
    semeval,
    semeval2023,
    serve,
    show,
)
from narrascope.cli.terminal import error, make_console
from narrascope.errors import (
    EXIT_INTERRUPTED,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_STORE,
    EXIT_USAGE,
    NarrascopeError,
)

__all__ = ["EXIT_NOTHING", "EXIT_OK", "EXIT_PARTIAL", "EXIT_STORE", "EXIT_USAGE", "main"]

_COMMANDS = (analyze, export, show, serve, quotes, entities, roles,
             narratives, copies, semeval, semeval2023, failures)


class _VersionAction(argparse.Action):
    """``--version``; the model checksums are computed only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from narrascope.version import version_report

        print(version_report())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="narrascope",
        description="Analyse online news: clean scraped articles, detect their language and "
        "sentences, and store the results for the later analysis stages.",
        epilog="examples:\n"
        "  narrascope analyze samples/ --db news.db --out news.jsonl\n"
        "  narrascope analyze feed.xml https://example.org/article.html --workers 2\n"
        "  narrascope show 3f2a9c1b0d4e5f60 --db news.db\n"
        "  narrascope export --db news.db --format parquet --out news.parquet\n\n"
        "Run 'narrascope COMMAND --help' for the options of each command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction,
                        help="show the version, output schema, store layout and the checksums "
                        "of the default models, and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _COMMANDS:
        module.add_parser(commands)
    return parser


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # `kill` (SIGTERM) stops a run as Ctrl-C does: what was analysed is stored, the run is
    # recorded as interrupted, and a partial output file is removed.
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return int(args.handler(args))
    except NarrascopeError as exc:
        error(make_console(stderr=True), getattr(args, "command_name", args.command), exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("narrascope: interrupted; articles analysed so far are stored "
              "(re-run with --resume to continue)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `narrascope export | head`
        sys.stderr.close()
        return EXIT_OK
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
