"""What :func:`~narrascope.ingest.encoding.decode_bytes` returns, and what it raises for binary
content.

Not a detection step: the result types, kept out of the package ``__init__`` so that a step that
builds a result itself (the declared charset, step 6) need not import the decision order. They
are exported from :mod:`narrascope.ingest.encoding`, which is also their public home (their
``__module__``, set there).
"""

from __future__ import annotations

from dataclasses import dataclass

from narrascope.errors import InputError


@dataclass(frozen=True)
class DecodedText:
    """Result of :func:`decode_bytes`.

    Attributes:
        text: The decoded text with any byte-order mark removed; nothing else is normalised
            (line endings, NUL characters and Unicode normal form are left untouched).
        encoding: Lower-case Python codec name that was used, e.g. ``'utf-8'``,
            ``'utf-8-sig'``, ``'utf-16-le'``, ``'cp1251'``, ``'koi8-r'``, ``'latin-1'``,
            ``'cp1252'``. ISO-8859-N codecs are spelled ``'iso-8859-N'`` (except Latin-1).
        confidence: How sure the detector is, between 0 and 1.
        replaced: Number of U+FFFD replacement characters introduced by decoding
            (0 when the bytes were decoded exactly).

    Example:
        >>> decode_bytes("Ação".encode("utf-8"))
        DecodedText(text='Ação', encoding='utf-8', confidence=1.0, replaced=0)
    """

    text: str
    encoding: str
    confidence: float
    replaced: int


class BinaryContentError(InputError):
    """Raised by :func:`decode_bytes` when the input is not text.

    The message names what the bytes look like, e.g. ``"binary content (PNG image)"``; the
    same name is available as :attr:`kind`.

    Example:
        >>> try:
        ...     decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
        ... except BinaryContentError as exc:
        ...     print(exc, "/", exc.kind)
        binary content (PNG image) / PNG image
    """

    def __init__(self, kind: str) -> None:
        super().__init__(f"binary content ({kind})")
        self.kind = kind
