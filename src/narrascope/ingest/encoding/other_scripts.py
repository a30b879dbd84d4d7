"""Step 9, the fallbacks: text in another script, and ties, settled with charset_normalizer.

When even the best reading in a code page of narrascope's languages is implausible, the text is
in another script: a single-byte code page of it (Greek, Hebrew, Arabic, Thai, Baltic, ...) that
charset_normalizer proposes and that decodes the bytes strictly, or a Chinese, Japanese or
Korean multi-byte code page that decodes them strictly into mostly common characters. When the
ranking has no clear winner, charset_normalizer breaks the tie. It is imported only then: a slow
import, rarely needed.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from narrascope.ingest.encoding.codec import (
    _NON_ASCII_BYTE,
    SAMPLE_SIZE,
    _canonical,
    _decodes_sample,
    _is_ascii_compatible,
    _is_single_byte,
    _lookup_label,
)

# Other single-byte code pages charset_normalizer may suggest that are actually used on the web
# (it also proposes DOS and Mac code pages that are almost never right for news articles).
_OTHER_WEB_CODECS = frozenset(
    {"cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874"}
    | {f"iso-8859-{n}" for n in (2, 3, 4, 6, 7, 8, 9, 10, 13, 14, 15, 16)}
)


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
