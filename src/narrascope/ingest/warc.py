"""Web archives (.warc / .warc.gz): every successful HTML response becomes an article."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from narrascope.ingest.base import Failure, IngestItem, InputError, ReadOptions, Skipped
from narrascope.ingest.files import Source, read_limited
from narrascope.ingest.html import article_from_html
from narrascope.ingest.metadata import charset_from_content_type

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16


class _Truncated(Exception):
    """The archive stops inside a record or a gzip member."""


class _StrictStream:
    """The archive for warcio one chunk at a time, so the bytes before a cut-off gzip stream
    are not lost, and the cut raised: warcio takes an ``EOFError`` for a clean end."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._position = 0

    def tell(self) -> int:
        return self._position

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._stream.read1(size if size > 0 else _CHUNK)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise _Truncated(f"truncated or corrupt gzip data ({exc})") from exc
        self._position += len(data)
        return data


def _cut_short(record: ArcWarcRecord) -> bool:
    """Whether the archive ends inside ``record`` (which is read to its end): before its
    ``Content-Length``, or in its header block (where that length, always given, would be)."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    length = record.rec_headers.get_header("Content-Length") or ""
    return not length.strip().isdigit() or getattr(stream, "limit", 0) > 0


def _page_article(payload: bytes, location: str, uri: str, content_type: str) -> IngestItem:
    """One page as an article; an error inside the HTML extraction fails this page alone."""
    try:
        return article_from_html(payload, source=location, url=uri,
                                 declared=charset_from_content_type(content_type))
    except InputError:
        raise
    except Exception as exc:
        return Failure(location, f"{uri}: reader error ({type(exc).__name__}: {exc})")


def read_warc(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    """Yield one article per ``200`` HTML response; ``path#N`` is the N-th such page.

    Other records (requests, metadata, images, redirects, errors) are skipped; a truncated
    archive yields what was read before the damage, then a failure naming where it stopped.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    records = 0
    record = None
    with source.open() as stream:
        try:
            strict = _StrictStream(stream)
            archive = ArchiveIterator(strict, arc2warc=True)
            for record in archive:
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not content_type.lower().startswith(_HTML_TYPES):
                    yield Skipped(source.location, f"{uri}: not HTML ({content_type or '?'})")
                    continue
                if status != "200":
                    yield Skipped(source.location, f"{uri}: HTTP status {status}")
                    continue
                location = source.record(pages + 1)
                item: IngestItem
                try:
                    payload = read_limited(
                        record.content_stream(), options.max_bytes, what="page"
                    )
                    if _cut_short(record):
                        break  # reported below
                    if not payload.strip():
                        raise InputError("empty HTML response")
                    item = _page_article(payload, location, uri, content_type)
                except InputError as exc:
                    item = Failure(location, f"{uri}: {exc}")
                pages += 1
                yield item
            if record is not None and _cut_short(record):
                raise _Truncated(f"the archive ends inside record {records}")
            if archive.offset < strict.tell():  # warcio stops quietly at a cut header block
                raise _Truncated(f"the archive ends inside the headers of record {records + 1}")
        except (_Truncated, ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile,
                ValueError, AttributeError) as exc:  # AttributeError: warcio, on cut headers
            raise InputError(
                f"truncated or corrupt WARC after {records} record(s) ({pages} page(s) read): "
                f"{str(exc).strip() or type(exc).__name__}"
            ) from exc
    if records == 0:
        raise InputError("no WARC records found")
