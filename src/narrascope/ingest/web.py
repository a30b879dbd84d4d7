"""Fetching ``http(s)://`` inputs: always with a timeout and a size limit, never a hang."""

from __future__ import annotations

import time

from narrascope import __version__
from narrascope.ingest.base import InputError, ReadOptions, Source
from narrascope.ingest.files import human_size
from narrascope.ingest.metadata import charset_from_content_type

USER_AGENT = f"narrascope/{__version__} (+news analysis; research use)"


def fetch(url: str, options: ReadOptions) -> tuple[Source, str]:
    """Download ``url``; return its bytes as a :class:`Source` and the response content type.

    Raises :class:`InputError` with a plain reason for every failure: no network, DNS failure,
    refused connection, timeout (``options.url_timeout`` seconds in total), HTTP errors, and
    bodies over ``options.max_bytes``.
    """
    import httpx

    deadline = time.monotonic() + options.url_timeout
    timeout = httpx.Timeout(options.url_timeout, connect=min(10.0, options.url_timeout))
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    try:
        with httpx.Client(
            timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers
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
        raise InputError(f"cannot connect (no network, or the host is unreachable): {exc}"
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
