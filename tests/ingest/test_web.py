"""``http(s)://`` inputs against a real HTTP server on 127.0.0.1 (no other network traffic)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from narrascope.ingest import Failure, RawArticle, ReadOptions, read_inputs
from narrascope.ingest.base import IngestItem

TITLE = "Harbour ferries delayed by thick fog"
PARAS = [
    "Ferries between the islands and the mainland were delayed for more than three hours on "
    "Monday morning because of thick fog, the port authority said.",
    "Passengers waited in the terminal while crews checked the radar equipment, and the first "
    "boat left shortly before noon with around two hundred people on board.",
]
RU_TITLE = "Паромы задержаны из-за густого тумана"
RU_PARAS = [
    "Паромы между островами и материком в понедельник задержались более чем на три часа из-за "
    "густого тумана, сообщили в администрации порта.",
    "Пассажиры ждали в терминале, пока экипажи проверяли радары, и первый паром отправился "
    "незадолго до полудня.",
]


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright Harbour Gazette. All rights reserved.</footer></body></html>")


class _Handler(BaseHTTPRequestHandler):
    release: threading.Event
    user_agents: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, content_type: str, body: bytes, *, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/article": lambda: self._send(200, "text/html; charset=utf-8",
                                           page(TITLE, PARAS).encode()),
            "/ru": lambda: self._send(200, "text/html; charset=windows-1251",
                                      page(RU_TITLE, RU_PARAS).encode("cp1251")),
            "/moved": self._redirect,
            "/missing": lambda: self._send(404, "text/html", b"<h1>Not Found</h1>"),
            "/broken": lambda: self._send(500, "text/plain", b"oops"),
            "/slow": self._slow,
            "/trickle": self._trickle,
            "/big": lambda: self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            "/big-no-length": lambda: self._send(200, "text/html", b"<p>" + b"y" * 5000,
                                                 length=False),
            "/notes": lambda: self._send(200, "text/plain; charset=utf-8",
                                         f"{TITLE}\n\n{PARAS[0]}".encode()),
            "/feed": lambda: self._send(200, "application/rss+xml", _rss().encode()),
            "/records": lambda: self._send(200, "application/x-ndjson", _ndjson().encode()),
            "/unlabelled": lambda: self._send(200, "application/octet-stream",
                                              _ndjson().encode()),
        }
        routes.get(self.path, lambda: self._send(404, "text/plain", b"no route"))()

    def _redirect(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/article")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self) -> None:
        self.release.wait(20)  # far longer than the client waits; released at teardown
        self._send(200, "text/html", page(TITLE, PARAS).encode())

    def _trickle(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            self.wfile.write(b"<html><body><p>")
            for _ in range(40):  # one byte every 0.2 s: each read is quick, the whole is not
                if self.release.wait(0.2):
                    return
                self.wfile.write(b"z")
                self.wfile.flush()
        except OSError:  # the client gave up, as it should
            return


def _rss() -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<?xml version="1.0"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>'
            f"<title>{TITLE}</title><link>https://www.harbour-gazette.example/fog</link>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>")


def _ndjson() -> str:
    return "".join(json.dumps({"title": t, "text": p}) + "\n"
                   for t, p in [(TITLE, PARAS[0]), ("Second", PARAS[1])])


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connect to 127.0.0.1 directly even where the environment names a proxy."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"release": threading.Event(), "user_agents": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def fetch(url: str, **options: object) -> list[IngestItem]:
    return list(read_inputs([url], ReadOptions(**options)))  # type: ignore[arg-type]


def only(items: list[IngestItem]) -> IngestItem:
    assert len(items) == 1, items
    return items[0]


def test_html_page(server: tuple[str, type[_Handler]]) -> None:
    base, handler = server
    article = only(fetch(f"{base}/article"))
    assert isinstance(article, RawArticle), article
    assert article.source == f"{base}/article"
    assert article.url == f"{base}/article"
    assert article.outlet == "127.0.0.1"
    assert article.title == TITLE
    assert article.input_format == "html"
    assert PARAS[0] in article.text and PARAS[1] in article.text
    assert "Copyright" not in article.text
    assert handler.user_agents[-1].startswith("narrascope/")


def test_charset_from_the_content_type_header(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    article = only(fetch(f"{base}/ru"))
    assert isinstance(article, RawArticle), article
    assert article.encoding == "cp1251"
    assert article.title == RU_TITLE
    assert RU_PARAS[0] in article.text


def test_redirect_is_followed_and_the_final_url_kept(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    article = only(fetch(f"{base}/moved"))
    assert isinstance(article, RawArticle), article
    assert article.source == f"{base}/moved"
    assert article.url == f"{base}/article"
    assert article.title == TITLE


@pytest.mark.parametrize(("path", "reason"), [("/missing", "HTTP 404 Not Found"),
                                              ("/broken", "HTTP 500 Internal Server Error")])
def test_http_errors(server: tuple[str, type[_Handler]], path: str, reason: str) -> None:
    base, _ = server
    assert only(fetch(base + path)) == Failure(base + path, reason)


def test_slow_server_times_out(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    started = time.monotonic()
    failure = only(fetch(f"{base}/slow", url_timeout=1))
    elapsed = time.monotonic() - started
    assert isinstance(failure, Failure) and failure.source == f"{base}/slow"
    assert failure.reason.startswith("timed out after 1 s")
    assert elapsed < 5


def test_trickling_download_is_cut_at_the_total_deadline(
    server: tuple[str, type[_Handler]],
) -> None:
    base, _ = server
    started = time.monotonic()
    failure = only(fetch(f"{base}/trickle", url_timeout=1))
    elapsed = time.monotonic() - started
    assert isinstance(failure, Failure)
    assert failure.reason == "download took longer than 1 s"
    assert elapsed < 5


def test_body_over_the_limit_with_content_length(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    failure = only(fetch(f"{base}/big", max_bytes=1000))
    assert failure == Failure(f"{base}/big",
                              "response is 4.9 KB, over the 1000 bytes limit (--max-bytes)")


def test_body_over_the_limit_without_content_length(
    server: tuple[str, type[_Handler]],
) -> None:
    base, _ = server
    failure = only(fetch(f"{base}/big-no-length", max_bytes=1000))
    assert failure == Failure(f"{base}/big-no-length",
                              "response is larger than the 1000 bytes limit (--max-bytes)")


def test_format_from_the_content_type(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    notes = only(fetch(f"{base}/notes"))
    assert isinstance(notes, RawArticle)
    assert (notes.input_format, notes.title, notes.text) == ("txt", TITLE, PARAS[0])
    assert notes.url == f"{base}/notes" and notes.outlet == "127.0.0.1"
    feed = only(fetch(f"{base}/feed"))
    assert isinstance(feed, RawArticle)
    assert feed.source == f"{base}/feed#1"
    assert feed.input_format == "feed"
    assert feed.url == "https://www.harbour-gazette.example/fog"
    assert feed.text == "\n".join(PARAS)
    records = fetch(f"{base}/records")
    assert [(r.source, r.title) for r in records] == [(f"{base}/records#1", TITLE),
                                                      (f"{base}/records#2", "Second")]


def test_unknown_content_type_is_sniffed(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    records = fetch(f"{base}/unlabelled")
    assert [(type(r).__name__, r.source) for r in records] == [
        ("RawArticle", f"{base}/unlabelled#1"), ("RawArticle", f"{base}/unlabelled#2")]


def test_input_format_overrides_the_content_type(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    article = only(list(read_inputs([f"{base}/notes"], input_format="html")))
    assert isinstance(article, RawArticle)
    assert article.input_format == "html"


def test_closed_port_cannot_connect() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"
    started = time.monotonic()
    failure = only(fetch(url, url_timeout=5))
    assert isinstance(failure, Failure) and failure.source == url
    assert failure.reason.startswith("cannot connect (no network, or the host is unreachable)")
    assert time.monotonic() - started < 5


def test_malformed_url_is_a_failure_not_an_exception() -> None:
    url = "http://127.0.0.1:port/article"
    failure = only(fetch(url))
    assert isinstance(failure, Failure) and failure.source == url
    assert failure.reason.startswith("invalid URL")


def test_url_failure_does_not_stop_the_batch(server: tuple[str, type[_Handler]]) -> None:
    base, _ = server
    items = list(read_inputs([f"{base}/missing", f"{base}/article"]))
    assert [type(i).__name__ for i in items] == ["Failure", "RawArticle"]
