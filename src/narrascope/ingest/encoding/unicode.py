"""Steps 1, 3 and 8: the Unicode encodings, recognised from the bytes themselves.

A byte-order mark (step 1) settles the question before anything else is looked at. UTF-16 and
UTF-32 without a BOM (step 3) are recognised from the layout of their high bytes, before the
binary check of step 5, which would take their NUL bytes for binary data. The share of valid
UTF-8 sequences among the non-ASCII bytes decides "mostly UTF-8" (step 8) and, in step 9,
whether UTF-8 with replacement characters is the fallback. (Strict UTF-8, step 7, is a plain
strict decode: :func:`~narrascope.ingest.encoding.codec._decodes_strictly`.)
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

# ---------------------------------------------------------------------------------------------
# Byte-order marks (step 1)
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


# ---------------------------------------------------------------------------------------------
# BOM-less UTF-16 / UTF-32 (step 3)
# ---------------------------------------------------------------------------------------------

_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


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
# Mostly UTF-8 (step 8)
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
