"""Plain-text articles: title on the first line, then the body (the public benchmarks' layout)."""

from __future__ import annotations

from collections.abc import Iterator

from narrascope.document import RawArticle
from narrascope.ingest.base import IngestItem, InputError, ReadOptions
from narrascope.ingest.encoding import BinaryContentError, DecodedText, decode_bytes
from narrascope.ingest.files import Source

#: A first line longer than this is a paragraph, not a headline.
MAX_TITLE_WORDS = 40


def decode(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode with the shared detector, turning binary content into an :class:`InputError`."""
    try:
        return decode_bytes(data, declared)
    except BinaryContentError as exc:
        raise InputError(str(exc)) from exc


def encoding_warnings(decoded: DecodedText) -> list[str]:
    if decoded.replaced:
        return [f"encoding: {decoded.replaced} undecodable byte(s) replaced ({decoded.encoding})"]
    return []


def split_title(text: str) -> tuple[str | None, str]:
    """Split off the first non-empty line as the title when a body follows it.

    >>> split_title("Kyiv under fire\\n\\nMissiles hit the city at dawn.")
    ('Kyiv under fire', 'Missiles hit the city at dawn.')
    >>> split_title("Just one paragraph of text.")
    (None, 'Just one paragraph of text.')
    >>> split_title("A paragraph wrapped at forty characters\\nby an old mail client.")[0] is None
    True
    >>> split_title("Kyiv under fire\\r\\n\\r\\nMissiles hit the city.\\r\\n")
    ('Kyiv under fire', 'Missiles hit the city.')
    """
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if not rest.strip() or len(first.split()) > MAX_TITLE_WORDS or _continues(first, rest):
        return None, stripped.strip()
    return first, rest.strip("\r\n")


def _continues(first: str, rest: str) -> bool:
    """The first line is a hard-wrapped piece of a paragraph, not a headline."""
    following = rest.lstrip(" \t")
    return (
        not rest.startswith(("\n", "\r\n"))  # no blank line after it
        and not first.endswith((".", "!", "?", ":", "»", "”", '"'))
        and following[:1].islower()
    )


def read_txt(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    decoded = decode(source.read_bytes(options.max_bytes), source.declared_encoding)
    if not decoded.text.strip():
        raise InputError("no text (only whitespace)")
    title, body = split_title(decoded.text)
    yield RawArticle(
        source=source.location,
        text=body,
        title=title,
        url=source.url,  # the outlet, its host, comes with the other fallbacks (read_ref)
        encoding=decoded.encoding,
        input_format="txt",
        warnings=encoding_warnings(decoded),
    )
