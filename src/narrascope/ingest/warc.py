"""Web archives (.warc / .warc.gz): every successful HTML response becomes an article."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

from narrascope.ingest.base import Failure, IngestItem, InputError, ReadOptions, Skipped, Source
from narrascope.ingest.files import read_limited
from narrascope.ingest.html import article_from_html
from narrascope.ingest.metadata import charset_from_content_type

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    """Yield one article per ``200`` HTML response; ``path#N`` is the N-th such page.

    Other records (requests, metadata, images, redirects, errors) are skipped; a truncated
    archive yields what was read before the damage, then a failure naming where it stopped.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    records = 0
    with source.open() as stream:
        try:
            for record in ArchiveIterator(stream, arc2warc=True):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not content_type.lower().startswith(_HTML_TYPES):
                    yield Skipped(f"{source.location} {uri}", f"not HTML ({content_type or '?'})")
                    continue
                if status != "200":
                    yield Skipped(f"{source.location} {uri}", f"HTTP status {status}")
                    continue
                pages += 1
                location = source.record(pages)
                try:
                    payload = read_limited(
                        record.content_stream(), options.max_bytes, what="page"
                    )
                    if not payload.strip():
                        raise InputError("empty HTML response")
                    yield article_from_html(
                        payload, source=location, url=uri, declared=charset_from_content_type(content_type)
                    )
                except InputError as exc:
                    yield Failure(location, f"{uri}: {exc}")
        except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
            raise InputError(
                f"truncated or corrupt WARC after {records} record(s) ({pages} page(s) read): "
                f"{str(exc).strip() or type(exc).__name__}"
            ) from exc
    if records == 0:
        raise InputError("no WARC records found")

