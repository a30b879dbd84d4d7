"""What stands between the web UI and a hostile network or a hostile article.

* **Access token.** Bound to anything but loopback, the server requires a token on every
  request: ``Authorization: Bearer TOKEN``, or the cookie a browser gets by opening any page
  once with ``?token=TOKEN``.
* **Host check.** Bound to loopback, only ``localhost``/``127.0.0.1``/``::1`` Host headers are
  served, so a web page whose domain re-resolves to 127.0.0.1 (DNS rebinding) reads nothing.
* **Cross-site requests.** Forms carry a per-browser CSRF token (double-submit cookie); any
  POST whose ``Origin`` is another site is refused, and an API POST from a browser must be JSON
  or carry the token in ``X-CSRF-Token``.
* **Limits.** Request bodies over the upload limit are cut off with 413, whether or not they
  declare their length; a request that takes longer than its timeout gets 504.
* **Headers.** A content security policy that runs no inline script and loads nothing from
  another origin, and no framing, sniffing or referrers.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "narrascope_token"
CSRF_COOKIE = "narrascope_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
TOKEN_ENV = "NARRASCOPE_TOKEN"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class WebSettings:
    """How the web app runs; checked when built."""

    db: str
    token: str | None = None
    #: Host headers served; empty means any (only with a token).
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    max_upload_bytes: int = 10 * 1024 * 1024
    request_timeout: float = 60.0
    article_timeout: float = 120.0
    allow_private_urls: bool = False
    #: Paths whose requests may take as long as an analysis (not bound by request_timeout).
    slow_paths: tuple[str, ...] = field(default=("/analyse", "/api/v1/analyse"))

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 16:
            raise ValueError("the access token must be at least 16 characters")
        if not self.allowed_hosts and self.token is None:
            raise ValueError("serving any Host header needs an access token")
        if self.max_upload_bytes < 1024:
            raise ValueError("max_upload_bytes must be at least 1024")
        if self.request_timeout <= 0 or self.article_timeout <= 0:
            raise ValueError("timeouts must be positive")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _host_only(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def same_origin(origin: str, host_header: str) -> bool:
    parts = urlsplit(origin)
    return bool(parts.netloc) and parts.netloc.lower() == host_header.strip().lower()


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413), declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BaseException as exc:
            # Middleware running the app in a task group hands it back inside a group.
            if not _holds_too_large(exc):
                raise
            if not started:
                await _too_large(self.limit)(scope, receive, send)


class _TooLarge(BaseException):
    """A BaseException, so that no request-body parser turns it into a 400 on the way."""


def _holds_too_large(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return exc.subgroup(_TooLarge) is not None
    return isinstance(exc, _TooLarge)


def _too_large(limit: int) -> Response:
    return PlainTextResponse(f"request body over the {limit // 1024:,} KiB limit",
                             status_code=413)


Handler = Callable[[Request], Awaitable[Response]]


def guard(settings: WebSettings) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The HTTP middleware: host check, token, cross-site refusal, timeout, headers."""

    async def middleware(request: Request, call_next: Handler) -> Response:
        host_header = request.headers.get("host", "")
        if settings.allowed_hosts and _host_only(host_header) not in settings.allowed_hosts:
            return PlainTextResponse("unknown Host header", status_code=400)
        if settings.token is not None:
            refused = _check_token(request, settings.token)
            if refused is not None:
                return _secured(refused)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            refused = _check_cross_site(request, settings, host_header)
            if refused is not None:
                return _secured(refused)
        slow = any(request.url.path.startswith(p) for p in settings.slow_paths)
        timeout = settings.article_timeout * 2 + 150 if slow else settings.request_timeout
        try:
            response = await asyncio.wait_for(call_next(request), timeout)
        except TimeoutError:
            response = PlainTextResponse(f"the request took longer than {timeout:g} s",
                                         status_code=504)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(CSRF_COOKIE, csrf_token(request), httponly=False,
                                samesite="strict", secure=request.url.scheme == "https")
        return _secured(response)

    return middleware


def _check_token(request: Request, token: str) -> Response | None:
    given = request.query_params.get("token")
    if given is not None and request.method == "GET":
        if not hmac.compare_digest(given.encode(), token.encode()):
            return PlainTextResponse("wrong access token", status_code=401)
        # Trade the token in the URL for a cookie at once, so it does not linger in the
        # address bar, history or logs.
        clean = request.url.remove_query_params("token")
        response = RedirectResponse(clean.path + (f"?{clean.query}" if clean.query else ""),
                                    status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response
    header = request.headers.get("authorization", "")
    offered = header[7:].strip() if header.lower().startswith("bearer ") else \
        request.cookies.get(TOKEN_COOKIE, "")
    if offered and hmac.compare_digest(offered.encode(), token.encode()):
        return None
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "an access token is required: send "
                             "'Authorization: Bearer TOKEN'"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    return PlainTextResponse("This narrascope server needs its access token: open any page "
                             "once as /?token=TOKEN (the token narrascope serve printed).",
                             status_code=401)


def _check_cross_site(request: Request, settings: WebSettings, host_header: str
                      ) -> Response | None:
    header = request.headers.get("authorization", "")
    if settings.token is not None and header.lower().startswith("bearer "):
        return None  # a token holder is not a browser tricked by another site
    origin = request.headers.get("origin")
    if origin is not None and not same_origin(origin, host_header):
        return PlainTextResponse("cross-site request refused", status_code=403)
    if not request.url.path.startswith("/api/") or origin is None:
        return None  # forms check their CSRF field; non-browser clients send no Origin
    if request.headers.get("content-type", "").startswith("application/json"):
        return None  # a browser sends JSON to another origin only after a CORS preflight
    if csrf_matches(request, request.headers.get(CSRF_HEADER)):
        return None
    return JSONResponse({"detail": "a browser POST needs JSON or the X-CSRF-Token header"},
                        status_code=403)


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (the cookie's, or a new one the response will set)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing
    made = getattr(request.state, "csrf_token", None)
    if made is None:
        made = request.state.csrf_token = secrets.token_urlsafe(24)
    return str(made)


def csrf_matches(request: Request, offered: str | None) -> bool:
    expected = request.cookies.get(CSRF_COOKIE)
    return bool(expected and offered) and hmac.compare_digest(
        str(offered).encode(), str(expected).encode())


def _secured(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with the
    # page's own form posts, which the cross-site check must refuse.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
