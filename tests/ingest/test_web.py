"""``http(s)://`` inputs against real HTTP servers on 127.0.0.1 and 127.0.0.2 (no other
network traffic), and the refusal of loopback, private and other non-public addresses."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from narrascope.ingest import Failure, RawArticle, ReadOptions, read_inputs, web
from narrascope.ingest.base import IngestItem, InputError
from narrascope.ingest.files import Source

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
    requests: list[tuple[str, str]]  # (path, Host header) of every request received

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
        self.requests.append((self.path, self.headers.get("Host", "")))
        if self.path.startswith("/redirect?to="):
            self._redirect(unquote(self.path.partition("=")[2]))
            return
        routes = {
            "/article": lambda: self._send(200, "text/html; charset=utf-8",
                                           page(TITLE, PARAS).encode()),
            "/ru": lambda: self._send(200, "text/html; charset=windows-1251",
                                      page(RU_TITLE, RU_PARAS).encode("cp1251")),
            "/moved": lambda: self._redirect("/article"),
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

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
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


@contextmanager
def _serve(host: str) -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"release": threading.Event(), "user_agents": [],
                                            "requests": []})
    httpd = ThreadingHTTPServer((host, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}", handler
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, type[_Handler]]]:
    with _serve("127.0.0.1") as served:
        yield served


@pytest.fixture(scope="module")
def allowed_server() -> Iterator[tuple[str, type[_Handler]]]:
    """A server on 127.0.0.2, the one address the address check lets through in the tests that
    pass ``allowed_networks=ALLOWED`` (127.0.0.1 stays refused)."""
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.2", 0))
    except OSError as exc:  # not every system routes all of 127.0.0.0/8 to loopback
        pytest.skip(f"cannot listen on 127.0.0.2: {exc}")
    with _serve("127.0.0.2") as served:
        yield served


ALLOWED = [ipaddress.ip_network("127.0.0.2/32")]
HINT = "(pass --allow-private-urls to fetch private or local addresses)"


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket connects to during the test. Connections to loopback go
    through; any other is blocked, so that a broken check never sends a packet off this
    machine."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        attempts.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise OSError("test: connections off this machine are blocked")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def fetch(url: str, **options: object) -> list[IngestItem]:
    """Read ``url`` as ``narrascope analyze`` does. The test servers are on loopback, so
    private URLs are allowed unless a test says ``allow_private_urls=False``."""
    options.setdefault("allow_private_urls", True)
    return list(read_inputs([url], ReadOptions(**options)))  # type: ignore[arg-type]


def fetch_allowing(url: str, **options: object) -> tuple[Source, str]:
    """Fetch with the address check on, 127.0.0.2 (only) exempted from it."""
    return web.fetch(url, ReadOptions(**options),  # type: ignore[arg-type]
                     allowed_networks=ALLOWED)


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
    article = only(list(read_inputs([f"{base}/notes"], ReadOptions(allow_private_urls=True),
                                    input_format="html")))
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
    items = list(read_inputs([f"{base}/missing", f"{base}/article"],
                             ReadOptions(allow_private_urls=True)))
    assert [type(i).__name__ for i in items] == ["Failure", "RawArticle"]


# --- no server-side request forgery: loopback, private and special addresses are refused ---


LOOPBACK_SPELLINGS = [
    ("127.0.0.1", "127.0.0.1 is a loopback address"),
    ("localhost", "localhost resolves to "),
    ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),
    ("0x7f.1", "0x7f.1 resolves to 127.0.0.1, a loopback address"),
    ("127.1", "127.1 resolves to 127.0.0.1, a loopback address"),
    ("017700000001", "017700000001 resolves to 127.0.0.1, a loopback address"),
    ("0x7f000001", "0x7f000001 resolves to 127.0.0.1, a loopback address"),
    ("[::1]", "::1 is a loopback address"),
    ("[::ffff:127.0.0.1]",
     "::ffff:127.0.0.1 is an IPv4-mapped form of 127.0.0.1, a loopback address"),
    ("0.0.0.0", "0.0.0.0 is the unspecified address (it reaches this machine)"),
]


@pytest.mark.parametrize(("host", "reason"), LOOPBACK_SPELLINGS,
                         ids=[host for host, _ in LOOPBACK_SPELLINGS])
def test_loopback_is_refused_in_every_spelling(
    server: tuple[str, type[_Handler]], connects: list[Any], host: str, reason: str,
) -> None:
    base, handler = server
    port = base.rpartition(":")[2]
    url = f"http://{host}:{port}/article"
    received = len(handler.requests)
    failure = only(fetch(url, allow_private_urls=False))
    assert isinstance(failure, Failure) and failure.source == url
    assert failure.reason.startswith(f"refused: {reason}"), failure.reason
    assert failure.reason.endswith(HINT)
    if host == "localhost":
        assert "a loopback address" in failure.reason
    assert connects == []
    assert len(handler.requests) == received


def test_the_flag_fetches_any_spelling(server: tuple[str, type[_Handler]]) -> None:
    base, handler = server
    port = base.rpartition(":")[2]
    for host in ("2130706433", "0x7f.1", "localhost"):
        article = only(fetch(f"http://{host}:{port}/article", allow_private_urls=True))
        assert isinstance(article, RawArticle), article
        assert article.title == TITLE
        assert handler.requests[-1] == ("/article", f"{host}:{port}")


PRIVATE = [
    ("10.0.0.1", "10.0.0.1 is a private address"),
    ("172.16.0.1", "172.16.0.1 is a private address"),
    ("192.168.1.1", "192.168.1.1 is a private address"),
    ("169.254.169.254",
     "169.254.169.254 is a link-local address (where cloud metadata services live)"),
    ("100.64.0.1", "100.64.0.1 is a shared (carrier-grade NAT) address"),
    ("224.0.0.1", "224.0.0.1 is a multicast address"),
    ("240.0.0.1", "240.0.0.1 is a reserved address"),
    ("255.255.255.255", "255.255.255.255 is the broadcast address"),
    ("192.0.2.1", "192.0.2.1 is a special-purpose (not public) address"),
    ("[fd00::1]", "fd00::1 is a private (unique local) address"),
    ("[fe80::1]", "fe80::1 is a link-local address"),
    ("[ff02::1]", "ff02::1 is a multicast address"),
    ("[::ffff:10.0.0.1]", "::ffff:10.0.0.1 is an IPv4-mapped form of 10.0.0.1, a private"),
    ("[::10.0.0.1]", "::10.0.0.1 is an IPv4-compatible form of 10.0.0.1, a private"),
    ("[2002:a00:1::1]", "2002:a00:1::1 is a 6to4 form of 10.0.0.1, a private"),
    ("[64:ff9b::a9fe:a9fe]",
     "64:ff9b::a9fe:a9fe is a NAT64 form of 169.254.169.254, a link-local"),
]


@pytest.mark.parametrize(("host", "reason"), PRIVATE, ids=[host for host, _ in PRIVATE])
def test_private_and_special_addresses_are_refused_without_connecting(
    connects: list[Any], host: str, reason: str,
) -> None:
    url = f"http://{host}/latest/meta-data/"
    started = time.monotonic()
    failure = only(fetch(url, allow_private_urls=False, url_timeout=5))
    assert isinstance(failure, Failure) and failure.source == url
    assert failure.reason.startswith(f"refused: {reason}"), failure.reason
    assert failure.reason.endswith(HINT)
    assert connects == []
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808"])
def test_public_addresses_pass_the_check(address: str) -> None:
    assert web.address_problem(ipaddress.ip_address(address)) is None


def test_an_allowed_address_is_fetched_with_the_check_on(
    allowed_server: tuple[str, type[_Handler]], connects: list[Any],
) -> None:
    base, handler = allowed_server
    source, content_type = fetch_allowing(f"{base}/article")
    assert handler.requests[-1] == ("/article", base.removeprefix("http://"))
    assert content_type == "text/html"
    assert source.url == f"{base}/article"
    assert TITLE.encode() in (source.data or b"")
    assert connects == [("127.0.0.2", int(base.rpartition(":")[2]))]
    source, _ = fetch_allowing(f"{base}/moved")  # a redirect to an allowed address is followed
    assert source.url == f"{base}/article"


def test_limits_and_errors_are_kept_with_the_check_on(
    allowed_server: tuple[str, type[_Handler]],
) -> None:
    base, _ = allowed_server
    with pytest.raises(InputError, match=r"^timed out after 1 s"):
        fetch_allowing(f"{base}/slow", url_timeout=1)
    with pytest.raises(InputError, match=r"^download took longer than 1 s$"):
        fetch_allowing(f"{base}/trickle", url_timeout=1)
    with pytest.raises(InputError, match=r"^response is 4.9 KB, over the 1000 bytes limit"):
        fetch_allowing(f"{base}/big", max_bytes=1000)
    with pytest.raises(InputError, match=r"^HTTP 404 Not Found$"):
        fetch_allowing(f"{base}/missing")
    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError, match=r"^cannot connect \(no network, or the host is "):
        fetch_allowing(f"http://127.0.0.2:{port}/article", url_timeout=5)


def test_redirect_to_a_private_address_is_refused(
    allowed_server: tuple[str, type[_Handler]], server: tuple[str, type[_Handler]],
    connects: list[Any],
) -> None:
    allowed_base, allowed_handler = allowed_server
    private_base, private_handler = server
    received = len(private_handler.requests)
    for target in (f"{private_base}/article",
                   f"http://localhost:{private_base.rpartition(':')[2]}/article",
                   "http://169.254.169.254/latest/meta-data/"):
        url = f"{allowed_base}/redirect?to={quote(target, safe='')}"
        with pytest.raises(InputError, match=r"^refused: (127\.0\.0\.1 is|localhost resolves"
                                             r" to [^,]+,|169\.254\.169\.254 is) a (loop|link)"):
            fetch_allowing(url)
        assert allowed_handler.requests[-1][0].startswith("/redirect?to=")
    assert len(private_handler.requests) == received
    assert all(address[0] == "127.0.0.2" for address in connects)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.2/x",
                                    "gopher://127.0.0.2:70/_x"])
def test_redirect_to_another_scheme_is_refused(
    allowed_server: tuple[str, type[_Handler]], target: str,
) -> None:
    base, _ = allowed_server
    scheme = target.partition(":")[0]
    with pytest.raises(InputError, match=rf"^refused: redirect to a {scheme}:// URL \(only "
                                         r"http and https are fetched\)$"):
        fetch_allowing(f"{base}/redirect?to={quote(target, safe='')}")


def _fake_dns(monkeypatch: pytest.MonkeyPatch, name: str,
              answers: Callable[[int], str]) -> list[str]:
    """Make ``name`` resolve to ``answers(n)`` on its n-th lookup (from 0); other names resolve
    as usual. Returns the list of lookups of ``name``."""
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == name:
            lookups.append(host)
            host = answers(len(lookups) - 1)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def test_a_name_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, server: tuple[str, type[_Handler]], connects: list[Any],
) -> None:
    _, handler = server
    lookups = _fake_dns(monkeypatch, "news.example", lambda n: "10.1.2.3")
    received = len(handler.requests)
    failure = only(fetch("http://news.example/article", allow_private_urls=False))
    assert failure == Failure("http://news.example/article",
                              f"refused: news.example resolves to 10.1.2.3, a private address "
                              f"{HINT}")
    assert lookups == ["news.example"]
    assert connects == [] and len(handler.requests) == received


def test_dns_rebinding_cannot_switch_the_address_after_the_check(
    monkeypatch: pytest.MonkeyPatch, allowed_server: tuple[str, type[_Handler]],
    server: tuple[str, type[_Handler]], connects: list[Any],
) -> None:
    """The name answers an allowed address first and a loopback one afterwards: the connection
    goes to the address that was checked, and the name keeps its place in the Host header."""
    base, handler = allowed_server
    _, private_handler = server
    port = int(base.rpartition(":")[2])
    lookups = _fake_dns(monkeypatch, "rebind.example",
                        lambda n: "127.0.0.2" if n == 0 else "127.0.0.1")
    received = len(private_handler.requests)
    source, _ = fetch_allowing(f"http://rebind.example:{port}/article")
    assert TITLE.encode() in (source.data or b"")
    assert lookups == ["rebind.example"]
    assert connects == [("127.0.0.2", port)]
    assert handler.requests[-1] == ("/article", f"rebind.example:{port}")
    assert len(private_handler.requests) == received


def test_every_address_of_a_name_is_checked(
    monkeypatch: pytest.MonkeyPatch, connects: list[Any],
) -> None:
    """A name with a public and a private address is refused, not tried address by address."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "mixed.example":
            return (real_getaddrinfo("8.8.8.8", port, *args, **kwargs)
                    + real_getaddrinfo("169.254.169.254", port, *args, **kwargs))
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    failure = only(fetch("http://mixed.example/", allow_private_urls=False))
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("refused: mixed.example resolves to 169.254.169.254, "
                                     "a link-local address")
    assert connects == []


def test_cli_refuses_private_urls_unless_allowed(server: tuple[str, type[_Handler]]) -> None:
    base, handler = server
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src"), "COLUMNS": "300"}
    command = [sys.executable, "-m", "narrascope", "analyze", f"{base}/article", "--no-db",
               "--out", "-", "--stages", "clean,language,sentences", "--progress", "never"]
    received = len(handler.requests)
    refused = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                             check=False)
    assert refused.returncode != 0
    assert refused.stdout == ""
    assert "refused: 127.0.0.1 is a loopback address" in refused.stderr
    assert "--allow-private-urls" in refused.stderr
    assert len(handler.requests) == received
    allowed = subprocess.run([*command, "--allow-private-urls"], capture_output=True, text=True,
                             env=env, timeout=120, check=False)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["title"] == TITLE
