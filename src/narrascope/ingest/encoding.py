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
"""

from __future__ import annotations

import codecs
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["BinaryContentError", "DecodedText", "decode_bytes", "sniff_binary"]

#: Number of leading bytes inspected by the statistical checks.
SAMPLE_SIZE = 64 * 1024
#: Maximum number of distinct non-ASCII words used for the legacy code page scoring.
_MAX_SCORED_TOKENS = 1500


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


class BinaryContentError(ValueError):
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


# ---------------------------------------------------------------------------------------------
# Counting replacement characters
# ---------------------------------------------------------------------------------------------

_ERRORS = "narrascope.count-replace"
_replace_counter = threading.local()


def _count_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _replace_counter.n = getattr(_replace_counter, "n", 0) + 1
    return "\ufffd", exc.end


codecs.register_error(_ERRORS, _count_replace)


def _decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode ``data``; return the text and the number of U+FFFD introduced."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        pass
    _replace_counter.n = 0
    text = data.decode(encoding, _ERRORS)
    return text, _replace_counter.n


def _decodes_strictly(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Codec names
# ---------------------------------------------------------------------------------------------

# Labels Python does not know (or that browsers map to a superset, per the WHATWG Encoding
# standard).
_LABEL_ALIASES = {
    "utf8mb4": "utf-8",
    "utf8mb3": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "unicode": "utf-16",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "mac-cyrillic": "mac-cyrillic",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "koi8u": "koi8-u",
    "koi8r": "koi8-r",
    "koi": "koi8-r",
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc_kr": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "big5": "big5hkscs",
}

# Codecs that exist in Python but must never be applied to web content.
_REJECTED_CODECS = frozenset(
    {
        "idna",
        "punycode",
        "raw-unicode-escape",
        "unicode-escape",
        "undefined",
        "utf-7",
        "charmap",
        "mbcs",
        "oem",
    }
)

_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


def _canonical(name: str) -> str:
    """Return narrascope's spelling of a Python codec name (``'iso8859-5'`` -> ``'iso-8859-5'``)."""
    name = codecs.lookup(name).name
    match = re.fullmatch(r"iso8859-(\d+)", name)
    if match:
        return "latin-1" if match.group(1) == "1" else f"iso-8859-{match.group(1)}"
    return name


def _lookup_label(label: str) -> str | None:
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    name = _canonical(info.name)
    return None if name in _REJECTED_CODECS else name


@lru_cache(maxsize=256)
def _normalise_declared(declared: str | None) -> str | None:
    """Map a declared charset label (possibly junk) to a canonical codec name or ``None``."""
    if not declared:
        return None
    label = declared.strip().lower()
    match = re.search(r"charset\s*=\s*([^\s;,]+)", label)
    if match:
        label = match.group(1)
    label = label.split(";")[0].split(",")[0].strip().strip("\"'").strip()
    if not label or len(label) > 40:
        return None
    candidates = [label]
    if label.startswith(("x-", "x_")):
        candidates.append(label[2:])
    cp = re.fullmatch(r"(?:windows|win|cp|ms)[-_ ]?(\d{3,4})", label)
    if cp:
        candidates.append(f"cp{cp.group(1)}")
    candidates.append(label.replace("_", "-"))
    candidates.append(label.replace("-", "").replace("_", ""))
    for candidate in candidates:
        if candidate in _LABEL_ALIASES:
            return _LABEL_ALIASES[candidate]
        name = _lookup_label(candidate)
        if name is not None:
            return _LABEL_ALIASES.get(name, name)
    return None


_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r"


@lru_cache(maxsize=64)
def _is_ascii_compatible(encoding: str) -> bool:
    try:
        return _ASCII_PROBE.decode(encoding) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


@lru_cache(maxsize=64)
def _is_single_byte(encoding: str) -> bool:
    """Whether every byte is one character (multi-byte codecs swallow bytes after a lead)."""
    probe = bytes(range(256)) + bytes(range(255, -1, -1)) + b"\xc3\xa9\xd0\xbf\xe2\x80\x9c"
    try:
        return len(probe.decode(encoding, "replace")) == len(probe)
    except LookupError:
        return False


# ---------------------------------------------------------------------------------------------
# Byte-order marks and BOM-less UTF-16 / UTF-32
# ---------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _detect_bom(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-32-le" and len(data) % 4:
                # FF FE 00 00 with a length that is not a multiple of four: UTF-16-LE text
                # starting with U+0000 is likelier than truncated UTF-32.
                return "utf-16-le", len(codecs.BOM_UTF16_LE)
            return encoding, len(bom)
    return None


# High bytes (of UTF-16 code units) that are typical for the scripts narrascope ingests:
# ASCII/Latin-1, Latin Extended, Greek, Cyrillic, Armenian/Hebrew, Arabic, Devanagari and
# Bengali, Latin Extended Additional, general punctuation, currency/letterlike symbols.
_TEXT_HIGH_BYTES = frozenset({0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09, 0x1E, 0x20, 0x21})
# High bytes of UTF-16 surrogates: characters outside the Basic Multilingual Plane (emoji,
# mathematical letters, historic scripts, rare CJK) take a pair of them. They are counted as
# one more "script" of the text; the strict decoding in _wide_text_ok rejects unpaired ones.
_SURROGATE_HIGH_BYTES = range(0xD8, 0xE0)
_ASTRAL = -1  # the key under which surrogate code units are counted
# Control characters, lone surrogates, private use, non-characters and the unassigned planes 4
# to 13: never in real text.
_BAD_WIDE_CHAR = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    r"\U00040000-\U000dffff\U000f0000-\U0010ffff]"
)


def _wide_text_ok(sample: bytes, encoding: str) -> bool:
    unit = 4 if encoding.startswith("utf-32") else 2
    usable = len(sample) - len(sample) % unit
    try:
        text = sample[:usable].decode(encoding)
    except UnicodeDecodeError:
        if unit == 4:
            return False
        # The sample may end in the middle of a surrogate pair.
        try:
            text = sample[: usable - 2].decode(encoding)
        except UnicodeDecodeError:
            return False
    if not text:
        return False
    bad = len(_BAD_WIDE_CHAR.findall(text))
    return bad <= len(text) * 0.01


def _declared_wide(sample: bytes, declared: str) -> str | None:
    unit = 4 if declared.startswith("utf-32") else 2
    if declared in ("utf-16", "utf-32"):
        # No BOM: the endianness follows from where the NUL bytes of ASCII characters sit.
        little = sum(sample[i::unit].count(0) for i in range(unit // 2, unit))
        big = sum(sample[i::unit].count(0) for i in range(unit // 2))
        declared = f"{declared}-{'le' if little >= big else 'be'}"
    return declared if _wide_text_ok(sample, declared) else None


def _detect_wide(sample: bytes) -> str | None:
    """Recognise BOM-less UTF-32/UTF-16 from the layout of the bytes."""
    n = len(sample)
    if n >= 8:
        usable = n - n % 4
        for encoding, zero_slices, low in (
            ("utf-32-le", (slice(3, usable, 4),), slice(0, usable, 4)),
            ("utf-32-be", (slice(0, usable, 4),), slice(3, usable, 4)),
        ):
            zeros = all(not any(sample[s]) for s in zero_slices)
            few_low_zeros = sample[low].count(0) <= (usable // 4) * 0.05
            if zeros and few_low_zeros and _wide_text_ok(sample, encoding):
                return encoding
    if n < 4:
        return None
    usable = n - n % 2
    units = usable // 2
    even = sample[0:usable:2]
    odd = sample[1:usable:2]
    has_nul = b"\x00" in sample
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        counts = Counter(high)
        astral = sum(counts.pop(value, 0) for value in _SURROGATE_HIGH_BYTES)
        low_zeros = low.count(0)
        if astral:
            counts[_ASTRAL] = astral
            if low_zeros > max(1, units * 0.02):
                # Surrogates such as D800 (U+10000-U+103FF: Linear B, Gothic, ...) end in 00.
                low_zeros -= sum(
                    1 for h, lo in zip(high, low, strict=True) if not lo and 0xD8 <= h <= 0xDF
                )
        if low_zeros > max(1, units * 0.02):
            continue
        top = counts.most_common(3)
        covered = sum(c for _, c in top)
        if covered < units * 0.95:
            continue
        main = [value for value, c in top if c >= units * 0.02]
        if not all(value in _TEXT_HIGH_BYTES or value == _ASTRAL for value in main):
            continue
        if not has_nul and (top[0][1] < units * 0.98 or top[0][0] in (0, _ASTRAL)):
            # Without any NUL byte (no ASCII character at all) only accept a single script of
            # the BMP: four bytes of Cyrillic such as "и на" in ISO-8859-5 (D8 20 DD D0) make a
            # valid surrogate pair.
            continue
        if _wide_text_ok(sample, encoding):
            return encoding
    return None


# ---------------------------------------------------------------------------------------------
# 7-bit ISO-2022 encodings (Japanese and Korean e-mail and old web pages)
# ---------------------------------------------------------------------------------------------

# Escape sequences that switch to a double-byte character set: JIS C 6226 / JIS X 0208
# (ESC $ @, ESC $ B), JIS X 0212 (ESC $ ( D), KS C 5601 for ISO-2022-KR (ESC $ ) C), and the
# GB 2312 / Korean designations of ISO-2022-JP-2 (ESC $ A, ESC $ ( C).
_ISO2022_DESIGNATION = re.compile(rb"\x1b\$(?:[@AB]|\([CD]|\)C)")
_ISO2022_CODECS = ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext", "iso2022_kr")


def _detect_iso2022(sample: bytes) -> str | None:
    """Recognise 7-bit ISO-2022-JP / ISO-2022-KR text from its escape sequences."""
    if b"\x1b$" not in sample or not sample.isascii():
        return None
    designation = _ISO2022_DESIGNATION.search(sample)
    if designation is None:
        return None
    korean = designation.group() == b"\x1b$)C"
    for encoding in _ISO2022_CODECS:
        if encoding.endswith("kr") == korean and _decodes_sample(sample, encoding):
            return encoding
    return None


# ---------------------------------------------------------------------------------------------
# Binary detection
# ---------------------------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"PK\x07\x08", 0, "ZIP archive"),
    (b"\x1f\x8b", 0, "gzip data"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"BZh", 0, "bzip2 data"),
    (b"\xfd7zXZ\x00", 0, "xz data"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "OLE2 document (legacy MS Office)"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"OggS\x00", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF font"),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O binary"),
    (b"\xfe\xed\xfa\xce", 0, "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", 0, "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"ftyp", 4, "MP4/QuickTime media"),
)


def _sniff_magic(data: bytes) -> str | None:
    for magic, offset, kind in _MAGIC:
        if data.startswith(magic, offset):
            if kind == "bzip2 data" and not (len(data) > 3 and 0x31 <= data[3] <= 0x39):
                continue
            return kind
    if data.startswith(b"RIFF") and len(data) >= 12:
        return {
            b"WEBP": "WebP image",
            b"WAVE": "WAV audio",
            b"AVI ": "AVI video",
        }.get(data[8:12], "RIFF data")
    if data.startswith(b"ID3") and len(data) >= 10 and data[3] in (2, 3, 4):
        return "MP3 audio"
    if data.startswith(b"MZ") and b"\x00" in data[2:64]:
        return "Windows executable"
    return None


# Every byte except the C0 controls that do not occur in text (\t \n \f \r are fine).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 or b == 0x7F) or b in b"\t\n\f\r")


#: NUL bytes a text may hold before it is taken for binary data, however short it is.
_STRAY_NULS = 3


def _sniff_statistics(sample: bytes) -> str | None:
    # A stray NUL or two is scraping damage in a text (ingest strips them, with a warning);
    # binary formats hold NULs by the dozen.
    nuls = sample.count(0)
    if nuls > max(_STRAY_NULS, len(sample) * 0.001):
        return "binary data"
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > len(sample) * 0.05:
        return "binary data"
    return None


def sniff_binary(data: bytes) -> str | None:
    """Return a human name for binary ``data``, or ``None`` when it looks like text.

    Known signatures give specific names (``"PNG image"``, ``"PDF document"``,
    ``"ZIP archive"``, ``"gzip data"``, ``"JPEG image"``, ``"GIF image"``,
    ``"ELF executable"``, ...); anything else with more than three NUL bytes (and more than
    0.1 %) or more than 5 % C0 control characters other than ``\\t \\n \\r \\f`` is
    ``"binary data"``. Text with a byte-order mark, BOM-less UTF-16/UTF-32 text and 7-bit
    ISO-2022-JP/KR text are *not* binary.

    Example:
        >>> sniff_binary(b"GIF89a\\x01\\x00\\x01\\x00\\x80\\x00\\x00")
        'GIF image'
        >>> sniff_binary("Текст".encode("utf-16-le")) is None
        True
        >>> sniff_binary(b"\\x01\\x02\\x03\\x04 abc")
        'binary data'
    """
    if isinstance(data, str):
        raise TypeError("sniff_binary() expects bytes, not str")
    data = bytes(data)
    if not data or _detect_bom(data):
        return None
    kind = _sniff_magic(data)
    if kind:
        return kind
    sample = data[:SAMPLE_SIZE]
    if _detect_wide(sample) or _detect_iso2022(sample):
        return None
    return _sniff_statistics(sample)


# ---------------------------------------------------------------------------------------------
# UTF-8 helpers
# ---------------------------------------------------------------------------------------------

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")


def _utf8_share(sample: bytes) -> tuple[float, int]:
    """Share of the non-ASCII bytes that belong to valid UTF-8 sequences, and the count."""
    non_ascii = len(sample) - len(sample.translate(None, bytes(range(0x80, 0x100))))
    if not non_ascii:
        return 0.0, 0
    valid = 0
    sequences = 0
    for match in _UTF8_SEQUENCE.finditer(sample):
        valid += match.end() - match.start()
        sequences += 1
    return valid / non_ascii, sequences


# ---------------------------------------------------------------------------------------------
# Legacy single-byte code pages: plausibility scoring
# ---------------------------------------------------------------------------------------------

#: Candidates, in the order that breaks ties between equal scores.
_LEGACY_CANDIDATES: tuple[str, ...] = (
    "cp1252",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "latin-1",
    "iso-8859-5",
    "cp1250",
    "mac-cyrillic",
    "cp866",
    "cp855",
    "iso-8859-2",
    "cp1254",
)


#: Handicap of code pages that are rare on the web, applied to each token that they read
#: differently from their common sibling, so that they only win on clear evidence.
_PRIOR_PENALTY = {
    "mac-cyrillic": (0.6, "cp1251"),
    "cp866": (0.3, "cp1251"),
    "cp855": (0.3, "cp1251"),
    "iso-8859-5": (0.3, "cp1251"),
    "cp1250": (0.3, "cp1252"),
    "iso-8859-2": (0.3, "cp1252"),
    "cp1254": (0.3, "cp1252"),
}

#: When several code pages decode the *whole* input to identical text, the first of them here is
#: reported (plain Latin-1 rather than cp1252 when no byte in 0x80-0x9F occurs, KOI8-R rather
#: than KOI8-U without Ukrainian letters).
_PREFERENCE: tuple[str, ...] = ("latin-1", *_LEGACY_CANDIDATES)


def _preference_index(encoding: str) -> int:
    try:
        return _PREFERENCE.index(encoding)
    except ValueError:
        return len(_PREFERENCE)


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", text))


# Approximate letter frequencies (per cent) for Russian, Ukrainian and Bulgarian text.
_CYRILLIC_FREQ = {
    letter: float(percent)
    for letter, percent in re.findall(
        r"(\S):(\S+)",
        """
        о:10.0 а:8.3 е:8.0 и:6.8 н:6.6 т:6.0 с:5.2 р:4.7 в:4.5 л:4.3 к:3.5 м:3.1 д:3.0
        п:2.8 у:2.6 я:2.0 г:1.7 з:1.7 б:1.6 ь:1.5 ы:1.5 і:1.5 ч:1.4 й:1.1 х:0.9 ж:0.9
        ъ:0.8 ш:0.7 ю:0.6 ц:0.5 ї:0.5 є:0.4 щ:0.35 э:0.3 ф:0.3 ё:0.1 ґ:0.05 ѝ:0.03
        """,
    )
}
_CYRILLIC_LOGP = {ch: math.log2(freq / 100) for ch, freq in _CYRILLIC_FREQ.items()}
_CYRILLIC_RARE_LOGP = math.log2(0.0001)

# Letter pairs that are common inside Russian, Ukrainian and Bulgarian words (lower case):
# almost every consonant + vowel and vowel + consonant pair, plus the frequent consonant
# clusters and vowel pairs. Wrongly decoded text (KOI8 read as cp1251 and so on) shuffles the
# letters, so only about half of its pairs are in this set against over 90 % for real text.
_CYRILLIC_CONSONANTS = "бвгджзклмнпрстфхцчшщ"
_CYRILLIC_VOWELS = "аеиоуыэюяёіїє"
_UNLIKELY_PAIRS = _words(
    "жы шы щы цю чю шю жю щю кы гы хы жя шя чя щя цё чы цэ чэ щэ жэ шэ кю гю хю"
)
_CYRILLIC_BIGRAMS = (
    frozenset(
        consonant + vowel
        for consonant in _CYRILLIC_CONSONANTS
        for vowel in _CYRILLIC_VOWELS
        if consonant + vowel not in _UNLIKELY_PAIRS
    )
    | frozenset(
        vowel + consonant for vowel in _CYRILLIC_VOWELS for consonant in _CYRILLIC_CONSONANTS
    )
    | _words(
        """
        бл бр бн бщ бъ бь вд вз вк вл вм вн вп вр вс вт вх вч вш въ вь гл гн гр гъ дв дл дм дн
        др дк дт дц дь дж жд жн жь зб зв зг зд зл зм зн зп зр зь кв кл км кн кр кс кт кц лб лв
        лг лд лж лк лл лм лн лп лс лт лх лц лч лш лщ ль лъ мб мг мк мл мм мн мп мр мс мт мщ мь
        нг нд нж нз нк нн нс нт нф нх нц нч нш нщ нь нъ пл пн пр пс пт пь пъ рб рв рг рд рж рз
        рк рл рм рн рп рр рс рт рф рх рц рч рш рщ рь ръ сб св сг сд ск сл см сн сп ср сс ст сх
        сц сч сш сщ сь съ тб тв тк тл тм тн тр тс тт тч ть тъ фр фт хв хл хн хр хт цк чк чн чт
        чь шк шл шн шт шь щн ай ей ий ой уй ый эй юй яй ёй ій їй єй ия ие ию ио иа ое оу ую уа
        уе ая яя ее еа ея её ою оя ии аи аї иї її ої уї еї ъе ъю ъя ъа ъу ъо ъи ъг ън ър ъл ът
        ъв ъд ък ъм ъз ъп ъс ъч ъх ъж ъш ьа ье ьи ьо ью ья ьё ьв ьк ьн ьс ьц ьш ьт йо йт йс йн
        йк ґа ґр ґу ґе ґі ґо
        """
    )
)

# Frequent Russian / Ukrainian / Bulgarian words of one to three letters.
_CYRILLIC_SHORT_WORDS = _words(
    "и в с к у о а я не на по за из от до то же ли бы да но ни их он она они мы вы ты "
    "это как так что все уже для при без под над про его ее её им том той тем был "
    "і й з та що як це від до ще її їх але або чи під над при для вже тут там ми ви "
    "е се са ще че си от за по до ги му им бе са със във към и"
)

# Central European letters (cp1250) are plausible but not expected in narrascope's languages.
_CENTRAL_EUROPEAN = frozenset("ăąćčďęěĺľłńňőŕřśşťţůűźżșț")
_WESTERN_ONLY = frozenset("ãõçñêôïîèàåæøœ")
# Non-ASCII letters in Latin words: how plausible each is (per letter); others count -0.5.
_LATIN_LETTER_WEIGHT: dict[str, float] = {
    **dict.fromkeys("àáâãäçèéêíóôõöúüñ", 1.0),  # Portuguese, Spanish, French, German
    **dict.fromkeys("ëîïûùìòåæøœßÿý", 0.5),
    **dict.fromkeys(_CENTRAL_EUROPEAN | frozenset("šž"), 0.25),
    **dict.fromkeys("ðþ", -1.0),  # Icelandic only; typical of Cyrillic read as cp1252
}
_LATIN_OTHER_WEIGHT = -0.5

# The accented letters of the languages written with the Latin code pages (lower case; Turkish
# İ stays upper case, its lower case is two characters). A wrong Latin code page mixes letters
# of several languages ("kõzött" for Hungarian "között", "ètyøi" for Czech "čtyři",
# "Sã Paulo" -> "Să Paulo"), so each reading is scored against the alphabet that covers most of
# its accented letters: letters outside it count as foreign.
_LATIN_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    frozenset(letters)
    for letters in (
        "áâãàçéêíóôõúü",  # Portuguese
        "áéíóúñü",  # Spanish
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "áéíóúàèëïöü",  # Dutch
        "æøåéó",  # Danish, Norwegian
        "åäöéšž",  # Swedish, Finnish
        "áðéíóúýþæö",  # Icelandic
        "áéíóöőúüű",  # Hungarian
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian, Bosnian, Serbian, Slovene
        "çğıİöşüâîû",  # Turkish
        "äöõüšž",  # Estonian
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
        "çë",  # Albanian
    )
)
_EXTENDED_LATIN = re.compile(r"[\xc0-\u024f]")


def _latin_key(ch: str) -> str:
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


# Penalty per token with accented Latin letters, times the share of the reading's accented
# letters that its best alphabet does not cover.
_ALPHABET_MISFIT_PENALTY = 2.0


@lru_cache(maxsize=64)
def _high_chars(encoding: str) -> str:
    """The characters of bytes 0x80-0xFF in a single-byte code page."""
    return bytes(range(0x80, 0x100)).decode(encoding, "replace")


def _latin_alphabet(
    byte_counts: dict[int, int], encoding: str
) -> tuple[frozenset[str] | None, float]:
    """The alphabet in ``_LATIN_ALPHABETS`` that covers most accented letters of the text whose
    non-ASCII bytes occur ``byte_counts`` times, read in ``encoding``; and the share of them it
    covers."""
    chars = _high_chars(encoding)
    counts: Counter[str] = Counter()
    for value, n in byte_counts.items():
        ch = chars[value - 0x80]
        if "\xc0" <= ch <= "\u024f" and ch.isalpha():
            counts[_latin_key(ch)] += n
    if not counts:
        return None, 1.0
    best, covered = None, 0
    for alphabet in _LATIN_ALPHABETS:
        total = sum(n for ch, n in counts.items() if ch in alphabet)
        if total > covered:
            best, covered = alphabet, total
    return best, covered / sum(counts.values())


# One-letter words: "é" and "à" are among the most frequent Portuguese (and French) words.
_LATIN_ONE_LETTER_WORDS = {"é": 1.5, "à": 1.5, "è": 0.5, "ò": 0.5, "ó": 0.5, "ù": 0.5}
_LATIN_COMMON_WORDS = _words(
    "não são é à às já há só até após também está estão será então você país países "
    "através três mês ação questão informação região população milhões além português "
    "portuguesa ministério polícia notícia notícias económica econômica público pública "
    "más qué sí también está año años según además día después política "
    "été déjà très où là être après français für über während größe"
)

# Common typographic symbols: mildly positive. Box drawing and C1 controls: strongly negative.
_TYPOGRAPHIC = frozenset("“”„‘’‚«»–—…•·№°§©®™€£¥¢±\u00a0′″×")
# Typographic symbols that are normally written glued to a word (quotes, dashes, ellipsis).
_ATTACHABLE = frozenset("“”„‘’‚«»–—…")
_INWORD_OK = frozenset("’'‐-\u00ad")


# Closing marks rarely start a word and opening marks rarely end one.
_CLOSING = frozenset("»”’")
_OPENING = frozenset("«„‚")
_DASHES = frozenset("–—")


def _edge_score(ch: str, leading: bool, core: str) -> float:
    """Score a non-ASCII symbol stripped from the start (``leading``) or end of a word."""
    value = _symbol_score(ch)
    if value <= 0 or not core:
        return value
    glued_to = core[0] if leading else core[-1]
    if not glued_to.isalpha():
        return value
    if ch in _DASHES or (leading and ch in _CLOSING) or (not leading and ch in _OPENING):
        return -1.0  # "—борная", "”ест", "слово«"
    if ch in "‘’" and 0x400 <= ord(glued_to) <= 0x4FF:
        return -1.0  # single curly quotes are not used around Cyrillic words ("‘ото")
    if ch not in _ATTACHABLE:
        return -1.5  # "рубл€", "™е": a symbol glued to letters
    return value


def _symbol_score(ch: str) -> float:
    o = ord(ch)
    if ch == "\ufffd" or 0x80 <= o <= 0x9F:
        return -6.0
    if ch in _TYPOGRAPHIC:
        return 0.3
    if 0x2500 <= o <= 0x259F or 0x2320 <= o <= 0x2321:
        return -2.0
    return -1.0


# Share of known letter pairs that separates real words (about 0.95) from shuffled ones (0.5).
_BIGRAM_PIVOT = 0.75


@lru_cache(maxsize=16384)
def _cyrillic_word_score(word: str) -> float:
    """Plausibility of an all-Cyrillic word: case pattern, letter frequencies, letter pairs."""
    if word.islower() or (word[0].isupper() and (len(word) == 1 or word[1:].islower())):
        score = 1.0  # "слово", "Слово"
    elif word.isupper():
        score = 0.5  # "НАТО", headlines (and KOI8 read as cp1251: "рПЙБЕФ" -> mostly upper)
    elif word[0].islower() and word[1:].isupper():
        score = -3.0  # inverted case: KOI8-R read as cp1251 or vice versa
    else:
        score = -2.0
    lower = word.lower()
    # Letters outside the Russian, Ukrainian and Bulgarian alphabets ("ѕравительство").
    score -= 2.0 * sum(1 for ch in lower if ch not in _CYRILLIC_LOGP)
    logp = sum(_CYRILLIC_LOGP.get(ch, _CYRILLIC_RARE_LOGP) for ch in lower) / len(lower)
    score += max(-2.0, min(0.5, (logp + 5.0) * 0.5))
    if len(lower) <= 3 and lower in _CYRILLIC_SHORT_WORDS:
        return score + 1.5
    if len(lower) == 1:
        return score - 1.0
    pairs = len(lower) - 1
    hits = sum(1 for i in range(pairs) if lower[i : i + 2] in _CYRILLIC_BIGRAMS)
    weight = min(1.0, pairs / 4)  # short words carry less evidence
    return score + weight * 5.0 * (hits / pairs - _BIGRAM_PIVOT)


def _latin_letter_weight(ch: str, alphabet: frozenset[str] | None) -> float:
    key = _latin_key(ch)
    weight = _LATIN_LETTER_WEIGHT.get(key, _LATIN_OTHER_WEIGHT)
    if alphabet is None:
        return weight
    return 1.0 if key in alphabet else min(weight, -0.25)


def _latin_word_score(
    core: str, letters: list[str], n_extended: int, alphabet: frozenset[str] | None
) -> float:
    """Plausibility of a Latin word with accented letters ("não" good, "Ïðèâåò" bad)."""
    n_letters = len(letters)
    if n_letters >= 3 and n_extended >= n_letters * 0.75:
        return -4.0
    if n_letters == 2 and n_extended == 2:
        return -3.0
    lower = core.lower()
    if n_letters == 1:
        return _LATIN_ONE_LETTER_WORDS.get(lower, -2.0)
    weights = [_latin_letter_weight(ch, alphabet) for ch in letters if ord(ch) >= 0x80]
    score = 0.5 + sum(weights) / len(weights)
    if lower in _LATIN_COMMON_WORDS:
        score += 1.0
    if any(ch in _CENTRAL_EUROPEAN for ch in lower) and any(ch in _WESTERN_ONLY for ch in lower):
        score -= 2.0  # "vacinaçăo": Portuguese ç next to Romanian ă
    seen_lower = False
    for ch in letters:
        if ch.islower():
            seen_lower = True
        elif seen_lower and ord(ch) >= 0x80:
            score -= 2.0
            break
    return score


def _score_word(word: str, alphabet: frozenset[str] | None = None) -> float:
    """Plausibility of one decoded word (positive: reads like real text); ``alphabet``: the
    accented Latin letters of the language the text seems to be in."""
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    score = 0.0
    core = word[start:end]
    for ch in word[:start]:
        if ord(ch) >= 0x80:
            score += _edge_score(ch, True, core)
    for ch in word[end:]:
        if ord(ch) >= 0x80:
            score += _edge_score(ch, False, core)
    # Bounded, like the junk inside a word below: a long run of symbols (a frame drawn with box
    # characters) is no stronger evidence than a short one.
    score = max(score, -6.0)
    if not core:
        return score
    if _CYRILLIC_WORD.fullmatch(core):  # the common case, scored like the general one below
        return score + _cyrillic_word_score(core)
    letters: list[str] = []
    n_cyrillic = n_latin_ascii = n_latin_extended = n_other = 0
    junk = 0.0
    for ch in core:
        o = ord(ch)
        if o < 0x80:
            if ch.isalpha():
                n_latin_ascii += 1
                letters.append(ch)
            continue
        if ch.isalpha():
            letters.append(ch)
            if 0x400 <= o <= 0x4FF:
                n_cyrillic += 1
            elif 0xC0 <= o <= 0x24F:
                n_latin_extended += 1
            else:
                n_other += 1
        elif ch.isdigit() or ch in _INWORD_OK:
            continue
        elif ch in _ATTACHABLE:
            junk -= 0.5  # "слово—слово", "l’état"
        else:
            junk += min(_symbol_score(ch), -3.0)  # "объ€вило", "gêœl¹"
    score += max(junk, -6.0)
    if n_other:
        score -= 2.0 * n_other
    if n_cyrillic and (n_latin_ascii or n_latin_extended):
        return score - 5.0
    if n_cyrillic:
        return score + _cyrillic_word_score("".join(letters))
    if n_latin_extended:
        if _ACCENTED_NEXT_TO_DIGIT.search(core):
            score -= 1.5  # "Ł1.2bn" for "£1.2bn": accented letters do not touch digits
        return score + _latin_word_score(core, letters, n_latin_extended, alphabet)
    return score


_ACCENTED_NEXT_TO_DIGIT = re.compile(r"[\xc0-\u024f]\d|\d[\xc0-\u024f]")
_CYRILLIC_WORD = re.compile("[\u0400-\u0481\u048a-\u04ff]+")


# Words are also split at ASCII punctuation that does not occur inside words, so that markup,
# CSV/JSON syntax and domain names glued to them ('<title>Новости', '"Москва","Київ"',
# 'Газета.Ru') do not hide them.
_WORD_SEPARATORS = re.compile(r"[\s<>=\"/\\|{}\[\]();:,.!?*+^`~@#$%]+")


def _words_of(token: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(token) if word]


@lru_cache(maxsize=16384)
def _score_token(token: str, alphabet: frozenset[str] | None = None) -> float:
    # Unicode spaces glued to non-space bytes (NBSP from 0xA0 or 0xCA) are a weak signal.
    glue = -0.5 * (len(token) - len("".join(token.split())))
    return glue + sum(_score_word(word, alphabet) for word in _words_of(token))


# A whitespace-delimited token containing a non-ASCII byte; the look-behind anchors matches at
# token starts so that long tokens are scanned once.
_TOKEN = re.compile(rb"(?<!\S)\S*?[\x80-\xff]\S*")
_TOKEN_ANYWHERE = re.compile(rb"\S*?[\x80-\xff]\S*")
_MAX_TOKEN_BYTES = 64
# Stop scanning after this many non-ASCII tokens, or past the sample once this many were seen.
_MAX_SCANNED_TOKENS = 20_000
_MIN_SCANNED_TOKENS = 200


def _clip(token: bytes) -> bytes:
    """Cut an overlong token to ``_MAX_TOKEN_BYTES`` around its first non-ASCII byte."""
    if len(token) <= _MAX_TOKEN_BYTES:
        return token
    first = _NON_ASCII_BYTE.search(token)
    start = max(0, (first.start() if first else 0) - _MAX_TOKEN_BYTES // 4)
    return token[start : start + _MAX_TOKEN_BYTES]


def _scoring_tokens(data: bytes) -> tuple[bytes, list[int], slice]:
    """Distinct non-ASCII tokens (up to ``_MAX_SCORED_TOKENS``) joined by newlines, their
    counts, and the part of ``data`` that was scanned.

    The scan is lazy: dense non-ASCII text stops after its first few kilobytes, while text whose
    first non-ASCII byte comes late is still found. Single-byte code pages decode every byte on
    its own, so decoding the joined tokens equals decoding them in place. The tokens are
    interleaved so that every prefix of the list samples the whole scanned text evenly: the
    first rounds of scoring (see ``_ROUNDS``) must not see only a header, a table drawn with
    box characters or a list of names.
    """
    counts: Counter[bytes] = Counter()
    first = _NON_ASCII_BYTE.search(data)
    if first is None:
        return b"", [], slice(0, 0)
    # Jump straight to the first non-ASCII token (it may start at most a few bytes earlier).
    begin = max(0, first.start() - _MAX_TOKEN_BYTES)
    space = max(data.rfind(ws, begin, first.start()) for ws in b" \t\n\r\f\v")
    head = _TOKEN_ANYWHERE.match(data, space + 1 if space >= 0 else begin)
    assert head is not None  # a non-ASCII byte follows
    counts[_clip(head.group())] += 1
    end = head.end()
    for seen, match in enumerate(_TOKEN.finditer(data, head.end()), start=2):
        counts[_clip(match.group())] += 1
        end = match.end()
        if len(counts) >= _MAX_SCORED_TOKENS or seen >= _MAX_SCANNED_TOKENS:
            break
        if seen >= _MIN_SCANNED_TOKENS and match.start() >= SAMPLE_SIZE:
            break
    tokens = list(counts)
    stride = max(1, len(tokens) // _ROUNDS[0][0])
    tokens = [tokens[i] for offset in range(stride) for i in range(offset, len(tokens), stride)]
    return b"\n".join(tokens), [counts[token] for token in tokens], slice(head.start(), end)


_ASCII_WORD = re.compile(rb"(?<!\S)[(\"'\[]*[A-Za-z]+[)\"'\].,;:!?]*(?!\S)")


def _latin_context(data: bytes, scanned: slice, non_ascii_tokens: int) -> float:
    """Penalty (0..3) for one-letter Cyrillic words when most words around are ASCII words.

    Russian, Ukrainian and Bulgarian text consists mostly of non-ASCII words, so a lone "а" or
    "И" among Portuguese words is far likelier to be "à" or "é".
    """
    start = max(0, scanned.start - 4096)
    region = data[start : min(scanned.stop + 4096, start + SAMPLE_SIZE)]
    ascii_words = len(_ASCII_WORD.findall(region))
    share = ascii_words / max(1, ascii_words + non_ascii_tokens)
    return min(3.0, max(0.0, 8.0 * (share - 0.5)))


_CYRILLIC_LETTER = re.compile("[\u0400-\u0481\u048a-\u04ff]")


def _cyrillic_letters(token: str) -> int:
    return len(_CYRILLIC_LETTER.findall(token))


@dataclass(frozen=True)
class _Candidate:
    encoding: str
    tokens: list[str]  # the distinct non-ASCII tokens of the sample, decoded
    scores: list[float]  # plausibility of each token
    score: float  # weighted average plausibility per token

    def margin_over(self, other: _Candidate, weights: list[int]) -> tuple[float, int]:
        """Average score advantage on the tokens the two decode differently, and their count."""
        margin, _, differing = self.compare(other, weights)
        return margin, differing

    def compare(self, other: _Candidate, weights: list[int]) -> tuple[float, float, int]:
        """(average advantage, ``other``'s average score, count) on the differing tokens."""
        gain = 0.0
        theirs_total = 0.0
        differing = 0
        for mine, theirs, my_score, their_score, weight in zip(
            self.tokens, other.tokens, self.scores, other.scores, weights, strict=True
        ):
            if mine != theirs:
                gain += weight * (my_score - their_score)
                theirs_total += weight * their_score
                differing += weight
        if not differing:
            return 0.0, 0.0, 0
        return gain / differing, theirs_total / differing, differing


# Candidates are scored in rounds: after the first 30 and 150 tokens, those more than 3.0 and
# 2.0 behind the best are dropped before more tokens are scored, and when even the best is
# below ``_HOPELESS_SCORE`` scoring stops (the text is in another script: CJK, Thai, ...).
_ROUNDS: tuple[tuple[int, float], ...] = ((30, 3.0), (150, 2.0))
_HOPELESS_SCORE = -3.0


@dataclass
class _Reading:
    """A candidate code page's reading of the scoring tokens, scored lazily."""

    index: int
    encoding: str
    tokens: list[str]
    alphabet: frozenset[str] | None
    misfit: float  # penalty of tokens with accented Latin letters (see _latin_alphabet)
    sibling_tokens: list[str] | None  # the common sibling's reading (see _PRIOR_PENALTY)
    handicap: float
    scores: list[float]

    def extend(self, stop: int, context: float) -> None:
        for i in range(len(self.scores), stop):
            token = self.tokens[i]
            if _EXTENDED_LATIN.search(token):
                score = _score_token(token, self.alphabet) - self.misfit
            else:
                score = _score_token(token)
            if self.sibling_tokens is not None and token != self.sibling_tokens[i]:
                score -= self.handicap
            if context and _cyrillic_letters(token) == 1:
                score -= context
            self.scores.append(score)


def _rank_legacy(data: bytes, extra: Iterable[str] = ()) -> tuple[list[_Candidate], list[int]]:
    """Score the legacy candidates on the non-ASCII tokens; best first (ties by preference).

    Candidates far behind after a round of ``_ROUNDS`` are left out (``extra`` ones are kept);
    when no candidate reads plausibly after a round, only the tokens scored so far are
    returned, with their weights.
    """
    joined, weights, scanned = _scoring_tokens(data)
    context = _latin_context(data, scanned, sum(weights))
    order = list(_LEGACY_CANDIDATES) + [e for e in extra if e not in _LEGACY_CANDIDATES]
    byte_counts = {
        value: n for value in range(0x80, 0x100) if (n := joined.count(value.to_bytes()))
    }
    readings: list[_Reading] = []
    for index, encoding in enumerate(order):
        tokens = joined.decode(encoding, "replace").split("\n")
        if len(tokens) != len(weights):  # newline not ASCII-compatible: not a candidate
            continue
        alphabet, coverage = _latin_alphabet(byte_counts, encoding)
        handicap, sibling = _PRIOR_PENALTY.get(encoding, (0.0, None))
        sibling_tokens = joined.decode(sibling, "replace").split("\n") if sibling else None
        readings.append(
            _Reading(
                index,
                encoding,
                tokens,
                alphabet,
                _ALPHABET_MISFIT_PENALTY * (1.0 - coverage),
                sibling_tokens,
                handicap,
                [],
            )
        )

    def average(reading: _Reading, stop: int) -> float:
        reading.extend(stop, context)
        total = sum(weights[:stop]) or 1
        return sum(w * v for w, v in zip(weights, reading.scores[:stop], strict=False)) / total

    stop = len(weights)
    for head, margin in _ROUNDS:
        if head >= stop or not readings:
            break
        so_far = {r.encoding: average(r, head) for r in readings}
        leader = max(so_far.values())
        readings = [
            r for r in readings if so_far[r.encoding] >= leader - margin or r.encoding in extra
        ]
        if leader < _HOPELESS_SCORE:
            stop = head
            weights = weights[:head]
            break
    ranked: list[tuple[float, int, _Candidate]] = []
    for reading in readings:
        score = average(reading, stop)
        candidate = _Candidate(reading.encoding, reading.tokens[:stop], reading.scores, score)
        ranked.append((-score, reading.index, candidate))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in ranked], weights


@lru_cache(maxsize=128)
def _differing_bytes(first: str, second: str) -> bytes:
    """The byte values that two single-byte codecs decode differently."""
    return bytes(
        value
        for value in range(0x80, 0x100)
        if bytes([value]).decode(first, "replace") != bytes([value]).decode(second, "replace")
    )


def _same_text(data: bytes, first: str, second: str) -> bool:
    """Whether two single-byte codecs decode ``data`` to the same text."""
    differing = _differing_bytes(first, second)
    return not differing or len(data.translate(None, differing)) == len(data)


# Average per-token score gap (on the tokens two candidates decode differently) below which the
# ranking is considered undecided and charset_normalizer is consulted.
_CLEAR_MARGIN = 0.25


# Other single-byte code pages charset_normalizer may suggest that are actually used on the web
# (it also proposes DOS and Mac code pages that are almost never right for news articles).
_OTHER_WEB_CODECS = frozenset(
    {"cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874"}
    | {f"iso-8859-{n}" for n in (2, 3, 4, 6, 7, 8, 9, 10, 13, 14, 15, 16)}
)


# A reading is implausible when its average token score is below this ...
_IMPLAUSIBLE_SCORE = -1.5
# ... or when it is Cyrillic with at least this many letter pairs, of which fewer than this share
# are common in Russian, Ukrainian and Bulgarian (real text: over 0.9; Greek or Hebrew text read
# through a Cyrillic code page: 0.6-0.8).
_MIN_CYRILLIC_PAIRS = 40
_MIN_CYRILLIC_PAIR_SHARE = 0.85


_MAX_PAIR_TOKENS = 500


@lru_cache(maxsize=16384)
def _cyrillic_pairs(token: str) -> tuple[int, int, int, int]:
    """Letter pairs in the all-Cyrillic words of a token and how many are common ones: in words
    that are not all upper case, then in all-caps words (abbreviations, headlines)."""
    pairs = hits = caps_pairs = caps_hits = 0
    for word in _words_of(token):
        letters = "".join(ch for ch in word if ch.isalpha())
        if len(letters) < 2 or _cyrillic_letters(letters) != len(letters):
            continue
        lower = letters.lower()
        common = sum(1 for i in range(len(lower) - 1) if lower[i : i + 2] in _CYRILLIC_BIGRAMS)
        if letters.isupper():
            caps_pairs += len(lower) - 1
            caps_hits += common
        else:
            pairs += len(lower) - 1
            hits += common
    return pairs, hits, caps_pairs, caps_hits


def _cyrillic_pair_share(candidate: _Candidate, weights: list[int]) -> tuple[int, float]:
    """Letter pairs in the all-Cyrillic words of a reading (its first ``_MAX_PAIR_TOKENS``
    tokens), and the share of common ones. All-caps words (abbreviations such as "МЧС") only
    count when the text is mostly in capitals."""
    pairs = hits = caps_pairs = caps_hits = 0
    for token, weight in zip(candidate.tokens[:_MAX_PAIR_TOKENS], weights, strict=False):
        token_pairs, token_hits, token_caps_pairs, token_caps_hits = _cyrillic_pairs(token)
        pairs += weight * token_pairs
        hits += weight * token_hits
        caps_pairs += weight * token_caps_pairs
        caps_hits += weight * token_caps_hits
    if caps_pairs > pairs:
        pairs += caps_pairs
        hits += caps_hits
    return pairs, (hits / pairs if pairs else 1.0)


def _reads_plausibly(candidate: _Candidate, weights: list[int]) -> bool:
    """Whether a reading looks like text in one of narrascope's languages (or at least in a
    Latin or Cyrillic script), as opposed to text of another script read through the wrong
    code page (Greek, Hebrew, Thai, Chinese, Japanese, Korean ...)."""
    if candidate.score < _IMPLAUSIBLE_SCORE:
        return False
    pairs, share = _cyrillic_pair_share(candidate, weights)
    return pairs < _MIN_CYRILLIC_PAIRS or share >= _MIN_CYRILLIC_PAIR_SHARE


def _choose_legacy(data: bytes, ranked: list[_Candidate], weights: list[int]) -> tuple[str, float]:
    """Pick a legacy codec from the ranking; returns (encoding, confidence)."""
    best = ranked[0]
    if not _reads_plausibly(best, weights):
        foreign = _foreign_guess(data)
        if foreign is not None and foreign not in _LEGACY_CANDIDATES:
            return foreign, 0.5
    rival = next((c for c in ranked[1:] if c.tokens != best.tokens), None)
    margin, differing = best.margin_over(rival, weights) if rival else (10.0, 10)
    encoding = best.encoding
    evidence = max(0.0, margin) * min(differing, 20)
    confidence = 0.3 + 0.69 * (1.0 - math.exp(-evidence / 4.0))
    if best.score <= 0.0 or margin < _CLEAR_MARGIN:
        confidence = min(confidence, 0.5)
        fallback = _charset_normalizer_guess(data)
        if fallback is not None:
            fallback_tokens = _scoring_tokens(data)[0].decode(fallback, "replace").split("\n")
            fallback_tokens = fallback_tokens[: len(best.tokens)]
            agreeing = [c for c in ranked if c.tokens == fallback_tokens]
            if agreeing and rival is not None and agreeing[0].tokens in (best.tokens, rival.tokens):
                # charset_normalizer breaks the tie between our two best readings.
                encoding = agreeing[0].encoding
            elif (
                not agreeing
                and best.score <= -1.0
                and fallback in _OTHER_WEB_CODECS
                and fallback not in _LEGACY_CANDIDATES  # ours were scored (or dropped as bad)
                and _decodes_strictly(data, fallback)
            ):
                # None of our code pages reads plausibly (Greek, Baltic, ... text): trust
                # charset_normalizer.
                return fallback, 0.4
    # Among codecs that decode these bytes identically, report the preferred one.
    chosen = next((c for c in ranked if c.encoding == encoding), None)
    same = [
        c.encoding
        for c in ranked
        if (chosen is None or c.tokens == chosen.tokens) and _same_text(data, c.encoding, encoding)
    ]
    same.sort(key=_preference_index)
    return (same[0] if same else encoding), round(confidence, 3)


# Multi-byte code pages of Chinese, Japanese and Korean text, under the names of the decoders
# that browsers use for them (WHATWG Encoding standard): supersets of GB2312, Shift_JIS, EUC-KR
# and Big5.
_CJK_CODECS: tuple[str, ...] = ("gb18030", "big5hkscs", "cp932", "euc_jp", "cp949")
_WEB_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "shift_jis": "cp932",
    "shift_jis_2004": "cp932",
    "shift_jisx0213": "cp932",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
    "euc_kr": "cp949",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
}


def _decodes_sample(sample: bytes, encoding: str) -> bool:
    """Strict decoding of a sample, allowing a character cut off at its end."""
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and _decodes_strictly(sample[: exc.start], encoding)
    except LookupError:
        return False
    return True


def _foreign_guess(data: bytes) -> str | None:
    """A codec for text that none of our code pages reads plausibly, or ``None``.

    A single-byte code page of another script (Greek, Hebrew, Arabic, Thai, ...) that
    charset_normalizer proposes and that decodes the sample strictly; otherwise the CJK code
    page (see :func:`_cjk_choice`). Proposed codecs are replaced by the browsers' superset
    when that decodes the sample too (cp932 for Shift_JIS, gb18030 for GB2312, ...).
    """
    sample = data[:SAMPLE_SIZE]
    proposed = _charset_normalizer_guess(data, single_byte_only=False)
    if proposed is not None:
        superset = _WEB_SUPERSET.get(proposed)
        if superset and _decodes_sample(sample, superset):
            proposed = superset
        if proposed in _OTHER_WEB_CODECS and _decodes_sample(sample, proposed):
            return _canonical(proposed)
    return _cjk_choice(sample, proposed)


# For each CJK code page: a codec and the lead-byte ranges of its basic repertoire, in which
# ordinary text is written almost entirely: the rows of punctuation and full-width forms, the
# kana for Japanese, and the frequent characters (GB2312 level 1, Big5's "frequently used"
# block, JIS X 0208 level 1 kanji, the 2350 Hangul syllables of KS X 1001). Text read through
# the wrong CJK code page lands in rare characters, kana or Hangul jamo much more often.
_CJK_BASIC: dict[str, tuple[str, tuple[range, ...]]] = {
    "gb18030": ("gb2312", (range(0xA1, 0xA4), range(0xB0, 0xD8))),
    "big5hkscs": ("big5", (range(0xA1, 0xA4), range(0xA4, 0xC7))),
    "cp932": ("euc_jp", (range(0xA1, 0xA6), range(0xB0, 0xD0))),
    "euc_jp": ("euc_jp", (range(0xA1, 0xA6), range(0xB0, 0xD0))),
    "cp949": ("euc_kr", (range(0xA1, 0xA4), range(0xB0, 0xC9))),
    "johab": ("euc_kr", (range(0xA1, 0xA4), range(0xB0, 0xC9))),
}
# Readings whose basic share is this close to the best one are equally good; then
# charset_normalizer's choice among them is taken.
_CJK_TIE = 0.05
_MAX_CJK_CHARS = 4000


@lru_cache(maxsize=32768)
def _in_cjk_basic(ch: str, encoding: str) -> bool:
    reference, leads = _CJK_BASIC[encoding]
    try:
        lead = ch.encode(reference)[0]
    except UnicodeEncodeError:
        return False
    return any(lead in block for block in leads)


def _cjk_basic_counts(sample: bytes, encoding: str) -> tuple[int, int]:
    """Non-ASCII characters of ``sample`` read in a CJK code page (at most ``_MAX_CJK_CHARS``),
    and how many of them belong to its basic repertoire (see ``_CJK_BASIC``)."""
    text = sample[: 4 * _MAX_CJK_CHARS].decode(encoding, "ignore")
    chars = _NON_ASCII_CHAR.findall(text)[:_MAX_CJK_CHARS]
    return len(chars), sum(1 for ch in chars if _in_cjk_basic(ch, encoding))


_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f\s]")


def _mostly_basic(total: int, basic: int) -> bool:
    """Whether, with 95 % confidence, most characters are in the basic repertoire (the lower
    Wilson bound of the share is above one half): a few bytes of Cyrillic or Latin text that
    happen to decode as CJK give a handful of characters, about half of them rare ones."""
    if not total:
        return False
    z = 1.645
    share = basic / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total) > 0.5


def _cjk_choice(sample: bytes, proposed: str | None) -> str | None:
    """The CJK code page that decodes ``sample`` strictly into the largest share of its basic
    repertoire, if most of the characters are in it; charset_normalizer's ``proposed`` codec
    when it is one of the (nearly) best."""
    counts = {
        encoding: _cjk_basic_counts(sample, encoding)
        for encoding in dict.fromkeys((*_CJK_CODECS, proposed))
        if encoding in _CJK_BASIC and _decodes_sample(sample, encoding)
    }
    shares = {encoding: basic / total for encoding, (total, basic) in counts.items() if total}
    if not shares:
        return None
    best = max(shares, key=shares.__getitem__)
    if proposed in shares and shares[proposed] >= shares[best] - _CJK_TIE:
        best = proposed
    return _canonical(best) if _mostly_basic(*counts[best]) else None


def _charset_normalizer_guess(data: bytes, single_byte_only: bool = True) -> str | None:
    try:
        from charset_normalizer import from_bytes  # slow import, rarely needed
    except ImportError:  # pragma: no cover - dependency is installed
        return None
    first = _NON_ASCII_BYTE.search(data)
    start = max(0, first.start() - 1024) if first else 0
    end = start + 16384
    if end < len(data):
        # End at a line break: a multi-byte character cut in two makes the codec look wrong.
        end = max(data.rfind(b"\n", start, end) + 1, start + 8192)
    try:
        match = from_bytes(data[start:end]).best()
    except Exception:  # pragma: no cover - defensive: third-party heuristics
        return None
    if match is None:
        return None
    name = _lookup_label(match.encoding)
    if name is None or not _is_ascii_compatible(name):
        return None
    if single_byte_only and not _is_single_byte(name):
        return None
    return name


# ---------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------


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


def _try_declared(
    data: bytes, declared: str, ascii_only: bool, utf8_ok: bool
) -> DecodedText | None:
    """Apply rule 5 (declared charset); ``None`` means "fall through to detection"."""
    if declared in ("utf-8", "utf-8-sig"):
        if utf8_ok:
            return DecodedText(data.decode("utf-8"), "utf-8", 1.0, 0)
        return None
    if ascii_only:
        return DecodedText(data.decode("ascii"), declared, 1.0, 0)
    if utf8_ok:
        # Valid non-ASCII UTF-8 is almost never an accident: the declaration is wrong.
        return None
    if not _decodes_strictly(data, declared):
        return None
    if not _is_single_byte(declared):
        return DecodedText(data.decode(declared), declared, 0.9, 0)
    ranked, weights = _rank_legacy(data, extra=(declared,))
    own = next(c for c in ranked if c.encoding == declared)
    best = ranked[0]
    if best.tokens == own.tokens:
        return DecodedText(data.decode(declared), declared, 0.95, 0)
    margin, own_on_differing, _ = best.compare(own, weights)
    if (
        own_on_differing < 0.0
        and best.score > 0.5
        and margin >= 2.5
        and _reads_plausibly(best, weights)
    ):
        # Where the two disagree, the declared code page yields mojibake ("рПЙБЕФ", "Ïðèâåò",
        # box-drawing characters for Ukrainian letters) and another one reads cleanly (and not
        # merely better than Hebrew or Greek letters do in our scoring).
        encoding, confidence = _choose_legacy(data, ranked, weights)
        text, replaced = _decode(data, encoding)
        return DecodedText(text, encoding, min(confidence, 0.9), replaced)
    return DecodedText(data.decode(declared), declared, 0.75, 0)
