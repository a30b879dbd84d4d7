"""Decode scraped article bytes of unknown encoding into text.

narrascope ingests news articles in English, Russian, Ukrainian, Bulgarian, Portuguese and
Hindi that were saved by many different scrapers, so the bytes on disk can be in any of the
common Unicode encodings (with or without a byte-order mark) or in a legacy single-byte code
page (cp1251, KOI8-R/U, ISO-8859-5, Mac Cyrillic, CP866, CP855, cp1252, Latin-1, cp1250,
ISO-8859-2, cp1254). Text in other scripts (Greek, Hebrew, Arabic, Thai code pages; the
Chinese, Japanese and Korean multi-byte and ISO-2022 encodings) is recognised too, so that it
is not turned into Cyrillic or Latin mojibake.

The entry point is :func:`decode_bytes`::

    >>> result = decode_bytes("Привет, мир".encode("koi8-r"))
    >>> result.text, result.encoding
    ('Привет, мир', 'koi8-r')
    >>> decode_bytes(b"\\xef\\xbb\\xbfhello").encoding
    'utf-8-sig'
    >>> sniff_binary(b"%PDF-1.7\\n%\\xe2\\xe3\\xcf\\xd3\\n")
    'PDF document'

Decision order (first match wins):

1. byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); the BOM is stripped;
2. well-known binary signatures (PNG, PDF, ZIP, ...) -> :class:`BinaryContentError`;
3. UTF-32 / UTF-16 without a BOM, recognised from the layout of the high bytes (surrogate
   pairs, i.e. characters outside the Basic Multilingual Plane such as emoji, count as one more
   script of the text) and strict decoding;
4. 7-bit ISO-2022-JP / ISO-2022-KR, recognised from their escape sequences;
5. other binary content (NUL bytes, many C0 control characters) -> :class:`BinaryContentError`;
6. the ``declared`` charset (meta tag, XML declaration, HTTP header) when it decodes cleanly,
   except that valid non-ASCII UTF-8 beats a declared legacy code page and a declared code page
   that produces obvious mojibake is overruled by a clearly better legacy candidate;
7. strict UTF-8;
8. "mostly UTF-8" (>= 80 % of the non-ASCII bytes form valid UTF-8 sequences): UTF-8 with
   U+FFFD for the invalid bytes, counted in :attr:`DecodedText.replaced` (no legacy code page
   is tried: it would turn every valid sequence into mojibake);
9. legacy single-byte code pages ranked by a plausibility score over the first non-ASCII words
   (at most 1500 distinct ones, scored in rounds that drop hopeless candidates early): letter
   case patterns (KOI8-R read as cp1251 inverts case), Latin/Cyrillic mixing inside a word
   ("nгo"), words made only of accented Latin letters ("Ïðèâåò"), accented letters that do not
   belong to the alphabet of one language (Hungarian "kõzött" for "között"), Cyrillic letter
   frequencies and letter pairs, frequent short words, symbols glued to letters ("рубл€"), C1
   controls and box-drawing characters, and a handicap for rare code pages. When the score has
   no clear winner, ``charset_normalizer`` breaks the tie. When even the best reading is
   implausible (a low score, or Cyrillic whose letter pairs are not those of Russian,
   Ukrainian or Bulgarian), the text is in another script: a single-byte code page of it that
   ``charset_normalizer`` proposes, or a Chinese, Japanese or Korean code page that decodes the
   bytes strictly into mostly common characters, is used; failing that, when at least half of
   the non-ASCII bytes are valid UTF-8, UTF-8 with replacement characters.

Nothing here raises for undecodable *text*; only binary content raises.

The steps live in the submodules of this package, each of which imports only from those listed
before it: ``result`` (:class:`DecodedText`, :class:`BinaryContentError`), ``codec`` (codec
helpers that all steps share), ``unicode`` (steps 1, 3 and 8), ``iso2022`` (step 4), ``binary``
(steps 2 and 5, and :func:`sniff_binary`), ``scoring`` (how plausible a decoded word is),
``other_scripts`` (text in other scripts, and charset_normalizer), ``single_byte`` (step 9) and
``declared`` (step 6, which checks a declared code page against the ranking of step 9). This
module holds the decision order and the public API.
"""

from __future__ import annotations

from narrascope.ingest.encoding.binary import _sniff_magic, _sniff_statistics, sniff_binary
from narrascope.ingest.encoding.codec import (
    SAMPLE_SIZE,
    _decode,
    _decodes_strictly,
    _is_ascii_compatible,
)
from narrascope.ingest.encoding.declared import _normalise_declared, _try_declared
from narrascope.ingest.encoding.iso2022 import _detect_iso2022
from narrascope.ingest.encoding.other_scripts import _foreign_guess
from narrascope.ingest.encoding.result import BinaryContentError, DecodedText
from narrascope.ingest.encoding.single_byte import _choose_legacy, _rank_legacy, _reads_plausibly
from narrascope.ingest.encoding.unicode import (
    _WIDE_CODECS,
    _declared_wide,
    _detect_bom,
    _detect_wide,
    _utf8_share,
)

__all__ = ["BinaryContentError", "DecodedText", "decode_bytes", "sniff_binary"]

# The public names keep this package as their home, as when it was one module: tracebacks show
# narrascope.ingest.encoding.BinaryContentError, pickles refer to the package, and the examples
# in their docstrings run as this module's doctests, among its names (decode_bytes).
for _public in (BinaryContentError, DecodedText, sniff_binary):
    _public.__module__ = __name__
del _public


def decode_bytes(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode article bytes of unknown encoding.

    Args:
        data: Raw file or HTTP body bytes.
        declared: Charset declared by the source (HTML ``<meta charset>``, XML declaration,
            ``Content-Type`` header) if any. Junk labels are tolerated (``'utf8'``,
            ``'UTF-8;'``, ``'windows-1251'``, ``'text/html; charset=koi8-r'``); unknown ones
            are ignored. Like browsers, ``'iso-8859-1'``, ``'latin-1'`` and ``'ascii'`` are
            read as ``cp1252``.

    Returns:
        A :class:`DecodedText`. Empty input gives ``DecodedText('', 'utf-8', 1.0, 0)``.

    Raises:
        BinaryContentError: The bytes are an image, archive, executable or other binary data.

    Examples:
        >>> decode_bytes("Київ і Львів".encode("cp1251")).text
        'Київ і Львів'
        >>> decode_bytes("Київ і Львів".encode("cp1251")).encoding
        'cp1251'
        >>> decode_bytes("Ação".encode("utf-8"), declared="windows-1251").encoding
        'utf-8'
        >>> broken = "Olá, ".encode() + b"\\xff" + " açúcar".encode()
        >>> decode_bytes(broken).text, decode_bytes(broken).replaced
        ('Olá, \ufffd açúcar', 1)
    """
    if isinstance(data, str):
        raise TypeError("decode_bytes() expects bytes, not str")
    data = bytes(data)
    if not data:
        return DecodedText("", "utf-8", 1.0, 0)

    # 1. Byte-order marks.
    bom = _detect_bom(data)
    if bom is not None:
        encoding, length = bom
        text, replaced = _decode(data[length:], encoding.replace("-sig", ""))
        return DecodedText(text, encoding, 1.0 if not replaced else 0.9, replaced)

    # 2. Unambiguous binary signatures.
    kind = _sniff_magic(data)
    if kind:
        raise BinaryContentError(kind)

    sample = data[:SAMPLE_SIZE]
    declared_name = _normalise_declared(declared)

    # 3. UTF-32 / UTF-16 without a BOM (or declared as such).
    wide = _detect_wide(sample)
    if wide is None and declared_name in _WIDE_CODECS and b"\x00" in sample:
        # Declared UTF-16/32 is only believed when there are NUL bytes (ASCII characters):
        # pages labelled utf-16 but served as ASCII/UTF-8 are common (WHATWG reads them as
        # UTF-8).
        wide = _declared_wide(sample, declared_name)
    if wide is not None:
        text, replaced = _decode(data, wide)
        return DecodedText(text, wide, 0.95 if not replaced else 0.8, replaced)

    # 4. 7-bit ISO-2022 text (its shift codes would look like binary control characters).
    iso2022 = _detect_iso2022(sample)
    if iso2022 is not None:
        text, replaced = _decode(data, iso2022)
        return DecodedText(text, iso2022, 0.95 if not replaced else 0.8, replaced)

    # 5. Binary content recognised statistically.
    kind = _sniff_statistics(sample)
    if kind:
        raise BinaryContentError(kind)

    ascii_only = data.isascii()
    utf8_ok = _decodes_strictly(data, "utf-8")

    # 6. Declared charset.
    if declared_name and declared_name not in _WIDE_CODECS and _is_ascii_compatible(declared_name):
        result = _try_declared(data, declared_name, ascii_only, utf8_ok)
        if result is not None:
            return result

    # 7. Strict UTF-8 (ASCII-only data included).
    if utf8_ok:
        return DecodedText(data.decode("utf-8"), "utf-8", 1.0, 0)

    # 8. Mostly UTF-8 with a few broken bytes.
    share, sequences = _utf8_share(sample)
    if share >= 0.8 and sequences >= 2:
        text, replaced = _decode(data, "utf-8")
        return DecodedText(text, "utf-8", round(max(0.3, share - 0.2), 3), replaced)

    # 9. Legacy single-byte code pages.
    ranked, weights = _rank_legacy(data)
    if ranked and ranked[0].score <= 0.0 and share >= 0.5 and sequences >= 2:
        # No code page reads plausibly, and half of the non-ASCII bytes are valid UTF-8: UTF-8
        # with replacement characters, unless a code page of another script decodes the bytes
        # without any error.
        foreign = None if _reads_plausibly(ranked[0], weights) else _foreign_guess(data)
        encoding = foreign or "utf-8"
        text, replaced = _decode(data, encoding)
        return DecodedText(text, encoding, 0.5 if foreign else 0.3, replaced)
    if ranked:
        encoding, confidence = _choose_legacy(data, ranked, weights)
        text, replaced = _decode(data, encoding)
        return DecodedText(text, encoding, confidence, replaced)

    # Last resort (not reached with the built-in candidates, all of which decode anything).
    text, replaced = _decode(data, "utf-8")  # pragma: no cover
    return DecodedText(text, "utf-8", 0.1, replaced)  # pragma: no cover
