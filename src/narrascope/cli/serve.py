"""``narrascope serve``: the web UI and REST API over a store; ``narrascope report``: one
article's view as a standalone HTML file."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from narrascope.cli.analyze import DEFAULT_DB
from narrascope.cli.terminal import error, make_console
from narrascope.errors import EXIT_OK, EXIT_STORE, EXIT_USAGE, OutputError
from narrascope.store import Store, StoreError


def add_parser(commands: Any) -> None:
    from narrascope.web.security import TOKEN_ENV

    serve = commands.add_parser(
        "serve",
        help="browse the store in a web UI, with a REST API",
        description="Serve the analyst's workbench over a store: a dashboard, article pages "
        "with highlights, entity and speaker pages, search, and an Analyse page; the REST API "
        "is under /api/v1 and documented at /docs. Bound to 127.0.0.1 it needs no token; "
        f"bound to any other address it requires one (--token or ${TOKEN_ENV}), checked on "
        "every request.",
        epilog="examples:\n"
        "  narrascope serve --db narrascope.db          # then open http://127.0.0.1:8000/\n"
        f"  {TOKEN_ENV}=$(openssl rand -hex 16) narrascope serve --host 0.0.0.0 --db "
        "postgresql://me@db/news",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--token", help=f"access token (default: ${TOKEN_ENV}); required when "
                       "--host is not a loopback address")
    serve.add_argument("--max-upload-mb", type=float, default=10.0, metavar="MB",
                       help="largest request body, uploads included (default: 10)")
    serve.add_argument("--request-timeout", type=float, default=60.0, metavar="S",
                       help="seconds a page or API request may take (default: 60)")
    serve.add_argument("--article-timeout", type=float, default=120.0, metavar="S",
                       help="seconds one submitted article may take to analyse (default: 120)")
    serve.add_argument("--allow-private-urls", action="store_true",
                       help="let the Analyse page fetch URLs on private or loopback addresses")
    serve.set_defaults(handler=run_serve)

    report = commands.add_parser(
        "report",
        help="write one article's view (highlights, narratives, roles, quotes) as HTML",
        description="Write the article page of a stored article as one standalone HTML file: "
        "the cleaned text with its quotes, technique spans, narrative evidence and entities "
        "highlighted (details on hover), and the narratives, roles, techniques, quotes and "
        "removed residue beside it. It needs no server and loads nothing from the network.",
        epilog="examples:\n"
        "  narrascope report 3f2a9c1b --html --out article.html\n"
        "  narrascope report 3f2a9c1b --html > article.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("id", help="article id (or a unique prefix of at least 6 characters)")
    report.add_argument("--db", default=DEFAULT_DB, help=f"store (default: {DEFAULT_DB})")
    report.add_argument("--html", action="store_true", required=True,
                        help="write HTML (the one format so far)")
    report.add_argument("--out", help="output file (default: stdout)")
    report.set_defaults(handler=run_report)


def run_serve(args: argparse.Namespace) -> int:
    from narrascope.web.security import LOOPBACK_HOSTS, TOKEN_ENV, WebSettings, is_loopback

    console = make_console(stderr=True)
    token = args.token or os.environ.get(TOKEN_ENV) or None
    loopback = is_loopback(args.host)
    if not loopback and token is None:
        error(console, "serve", f"--host {args.host} opens the store to the network: give an "
              f"access token with --token or ${TOKEN_ENV} (16 characters or more)")
        return EXIT_USAGE
    if not 0 < args.port < 65536:
        error(console, "serve", f"--port must be between 1 and 65535, not {args.port}")
        return EXIT_USAGE
    try:
        settings = WebSettings(
            db=args.db, token=token,
            allowed_hosts=(*LOOPBACK_HOSTS, args.host) if loopback else (),
            max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
            request_timeout=args.request_timeout, article_timeout=args.article_timeout,
            allow_private_urls=args.allow_private_urls)
    except ValueError as exc:
        error(console, "serve", exc)
        return EXIT_USAGE
    import uvicorn

    from narrascope.web import create_app

    try:
        app = create_app(settings)
    except StoreError as exc:
        error(console, "serve", exc)
        return EXIT_STORE
    shown = f"[{args.host}]" if ":" in args.host else args.host
    console.print(f"narrascope: serving {app.state.store.label} at http://{shown}:{args.port}/"
                  + ("  (open it once with ?token=… to log in)" if token else ""),
                  highlight=False, markup=False)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                timeout_keep_alive=5, limit_concurrency=100, server_header=False)
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from narrascope.output import OutputFile, check_output
    from narrascope.web.pages import render_article_report

    console = make_console(stderr=True)
    try:
        with Store.open(args.db) as store:
            if args.out not in (None, "-"):
                check_output(args.out, protect=store.protected_files())
            record = store.get(args.id)
    except StoreError as exc:
        error(console, "report", exc)
        return EXIT_STORE
    except OutputError as exc:
        error(console, "report", exc)
        return EXIT_USAGE
    if record is None:
        error(console, "report", f"no article with id {args.id!r} in {args.db}")
        return EXIT_USAGE
    html = render_article_report(record)
    if args.out in (None, "-"):
        sys.stdout.write(html)
        return EXIT_OK
    try:
        with OutputFile(args.out) as out:
            out.write(html)
    except OutputError as exc:
        error(console, "report", exc)
        return exc.exit_code
    console.print(f"wrote {args.out}", highlight=False, markup=False)
    return EXIT_OK
