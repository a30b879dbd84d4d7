"""Fetching ``http(s)://`` inputs: always with a timeout and a size limit, never a hang, and
never (unless asked) from a loopback, private or otherwise non-public address.

The address check is made where the connection is opened (:class:`_VettingBackend`): the host
is resolved once, every address it resolves to is checked, and the socket is connected to one of
those checked addresses. A redirect opens a new connection and is checked in the same way, and a
name cannot resolve to a public address for the check and to a private one for the connection
(DNS rebinding), because it is resolved only once. TLS (SNI, certificate) and the ``Host``
header still use the name from the URL.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable

import httpcore
import httpx

from narrascope.about import __version__
from narrascope.ingest.base import InputError, ReadOptions
from narrascope.ingest.files import Source, human_size
from narrascope.ingest.metadata import charset_from_content_type

USER_AGENT = f"narrascope/{__version__} (+news analysis; research use)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_PRIVATE_HINT = "pass --allow-private-urls to fetch private or local addresses"

_net = ipaddress.ip_network
_IPV4_PRIVATE = (_net("10.0.0.0/8"), _net("172.16.0.0/12"), _net("192.168.0.0/16"))
_IPV4_THIS_NETWORK = _net("0.0.0.0/8")
_IPV4_SHARED = _net("100.64.0.0/10")  # carrier-grade NAT
_IPV4_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
#: Special-purpose blocks that older ``ipaddress`` versions count as global.
_IPV4_SPECIAL = (_net("192.0.0.0/24"), _net("192.88.99.0/24"))
_IPV6_GLOBAL_UNICAST = _net("2000::/3")
_IPV6_UNIQUE_LOCAL = _net("fc00::/7")
_IPV6_COMPATIBLE = _net("::/96")  # deprecated IPv4-compatible addresses, ::a.b.c.d
_IPV6_NAT64 = _net("64:ff9b::/96")  # well-known NAT64 prefix, 64:ff9b::a.b.c.d


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public (global unicast) address, as a phrase ("a loopback address");
    ``None`` when it is one. An IPv6 address that embeds an IPv4 one (IPv4-mapped, -compatible,
    6to4, NAT64) is judged by the IPv4 address it leads to."""
    if isinstance(ip, ipaddress.IPv6Address):
        return _ipv6_problem(ip)
    return _ipv4_problem(ip)


def _ipv4_problem(ip: ipaddress.IPv4Address) -> str | None:
    if ip.is_unspecified:
        return "the unspecified address (it reaches this machine)"
    if ip in _IPV4_THIS_NETWORK:
        return "a 'this network' address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if ip.is_multicast:
        return "a multicast address"
    if any(ip in net for net in _IPV4_PRIVATE):
        return "a private address"
    if ip in _IPV4_SHARED:
        return "a shared (carrier-grade NAT) address"
    if ip == _IPV4_BROADCAST:
        return "the broadcast address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global or any(ip in net for net in _IPV4_SPECIAL):
        return "a special-purpose (not public) address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    if ip.ipv4_mapped is not None:
        return "an IPv4-mapped", ip.ipv4_mapped
    if ip in _IPV6_COMPATIBLE and not (ip.is_unspecified or ip.is_loopback):
        return "an IPv4-compatible", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return "a 6to4", ip.sixtofour
    if ip in _IPV6_NAT64:
        return "a NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _ipv6_problem(ip: ipaddress.IPv6Address) -> str | None:
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        kind, ipv4 = embedded
        problem = _ipv4_problem(ipv4)
        if problem is not None:
            return f"{kind} form of {ipv4}, {problem}"
        if kind == "an IPv4-compatible":
            return "a deprecated IPv4-compatible address"
        return None
    if ip.is_unspecified:
        return "the unspecified address (it reaches this machine)"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_site_local:
        return "a site-local address"
    if ip in _IPV6_UNIQUE_LOCAL:
        return "a private (unique local) address"
    if ip not in _IPV6_GLOBAL_UNICAST or not ip.is_global:
        return "a special-purpose (not public) address"
    return None


def vet_host(host: str, port: int, allowed_networks: Iterable[IPNetwork] = ()) -> list[str]:
    """Resolve ``host`` and return the addresses to connect to, in resolver order; raise
    :class:`InputError` if any of them is not a public address (or in ``allowed_networks``).

    Every spelling the resolver understands (``2130706433``, ``0x7f.1``, ``127.1``,
    ``localhost``…) is judged by the address it denotes, not by how it is written. DNS failures
    raise :class:`httpcore.ConnectError`, as an unreachable host does.
    """
    allowed = tuple(allowed_networks)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(str(exc)) from exc
    addresses: list[str] = []
    for _family, _type, _proto, _canonname, sockaddr in infos:
        text = str(sockaddr[0])
        ip = ipaddress.ip_address(text)
        problem = None if any(ip in net for net in allowed) else address_problem(ip)
        if problem is not None:
            if _is_ip_literal(host):
                what = f"{host} is {problem}"
            else:
                what = f"{host} resolves to {ip}, {problem}"
            raise InputError(f"refused: {what} ({ALLOW_PRIVATE_HINT})")
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise httpcore.ConnectError(f"{host} has no address")
    return addresses


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _VettingBackend(httpcore.SyncBackend):
    """Opens TCP connections only to checked addresses (see :func:`vet_host`)."""

    def __init__(self, allowed_networks: Iterable[IPNetwork] = ()) -> None:
        self.allowed_networks = tuple(allowed_networks)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        error: httpcore.ConnectError | None = None
        for address in vet_host(host, port, self.allowed_networks):
            try:  # an IP literal: connecting to it resolves nothing again
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None
        raise error


class _VettingTransport(httpx.HTTPTransport):
    """httpx's own transport (TLS, connection pool, error mapping) over a
    :class:`_VettingBackend`. It never goes through a proxy: a proxy would pick the address."""

    def __init__(self, allowed_networks: Iterable[IPNetwork] = ()) -> None:
        ssl_context = httpx.create_ssl_context()  # honours SSL_CERT_FILE / SSL_CERT_DIR
        super().__init__(verify=ssl_context)
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(  # the same pool, over the vetting backend
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_VettingBackend(allowed_networks),
        )


def _refuse_other_schemes(request: httpx.Request) -> None:
    """Request hook, so it also sees every redirect: only http(s) is fetched."""
    if request.url.scheme not in ("http", "https"):
        raise InputError(f"refused: redirect to a {request.url.scheme}:// URL "
                         "(only http and https are fetched)")


def _environment_proxy(url: str) -> str | None:
    """The proxy that ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` set for ``url``, if any."""
    import urllib.request

    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    proxies = urllib.request.getproxies()
    proxy = proxies.get(scheme.lower()) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return proxy


def fetch(
    url: str, options: ReadOptions, *, allowed_networks: Iterable[IPNetwork] = ()
) -> tuple[Source, str]:
    """Download ``url``; return its bytes as a :class:`Source` and the response content type.

    Unless ``options.allow_private_urls`` (``--allow-private-urls``) is set, only public
    (global unicast) addresses are fetched: a host that is, or resolves to, a loopback,
    private, link-local (cloud metadata), carrier-grade NAT, multicast, reserved or other
    special-purpose address is refused before any connection is made, on the first request
    and after every redirect. The check is made on the addresses actually connected to, so
    ``http://2130706433/``, ``http://[::ffff:127.0.0.1]/`` or a name that resolves to
    ``10.0.0.1`` are refused like ``http://127.0.0.1/``. Environment proxies
    (``HTTP_PROXY``…) are then not used, as a proxy would choose the address itself; they are
    used with ``allow_private_urls``. ``allowed_networks`` exempts a few networks from the check
    (for tests). Redirects to schemes other than http(s) are refused.

    Raises :class:`InputError` with a plain reason for every failure: a refused address, no
    network, DNS failure, refused connection, timeout (``options.url_timeout`` seconds in
    total), HTTP errors, and bodies over ``options.max_bytes``.
    """
    deadline = time.monotonic() + options.url_timeout
    timeout = httpx.Timeout(options.url_timeout, connect=min(10.0, options.url_timeout))
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    # With a transport given, httpx uses no environment proxy.
    transport = None if options.allow_private_urls else _VettingTransport(allowed_networks)
    try:
        with httpx.Client(
            timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers,
            transport=transport, event_hooks={"request": [_refuse_other_schemes]},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(f"HTTP {response.status_code} {response.reason_phrase}")
            declared_length = int(response.headers.get("Content-Length") or 0)
            if declared_length > options.max_bytes:
                raise InputError(
                    f"response is {human_size(declared_length)}, over the "
                    f"{human_size(options.max_bytes)} limit (--max-bytes)"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise InputError(
                        f"response is larger than the {human_size(options.max_bytes)} limit "
                        "(--max-bytes)"
                    )
                if time.monotonic() > deadline:
                    raise InputError(f"download took longer than {options.url_timeout:g} s")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
            final_url = str(response.url)
    except httpx.TimeoutException as exc:
        raise InputError(f"timed out after {options.url_timeout:g} s ({type(exc).__name__})"
                         ) from exc
    except httpx.ConnectError as exc:
        hint = ""
        if transport is not None and _environment_proxy(url):
            hint = ("; a proxy is set in the environment, which narrascope does not use unless "
                    "--allow-private-urls is given, since it cannot check where a proxy connects")
        raise InputError(f"cannot connect (no network, or the host is unreachable): {exc}{hint}"
                         ) from exc
    except httpx.TooManyRedirects as exc:
        raise InputError("too many redirects") from exc
    except httpx.HTTPError as exc:
        raise InputError(f"download failed: {exc}") from exc
    except httpx.InvalidURL as exc:
        raise InputError(f"invalid URL: {exc}") from exc
    source = Source(location=url, data=b"".join(chunks), url=final_url,
                    declared_encoding=charset_from_content_type(content_type))
    return source, content_type.split(";")[0].strip().lower()
