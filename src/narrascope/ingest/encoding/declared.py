"""Step 6: the charset the source declares (meta tag, XML declaration, HTTP header).

Labels are read the way browsers read them (junk tolerated, ``iso-8859-1`` and ``ascii`` taken
as ``cp1252``). A declaration is believed when it decodes the bytes cleanly, but detection has
the last word on two counts: valid non-ASCII UTF-8 beats a declared legacy code page, and a
declared code page that produces obvious mojibake is overruled by a clearly better candidate of
the step 9 ranking, which is why this step sits above
:mod:`~narrascope.ingest.encoding.single_byte` though it runs before it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from narrascope.ingest.encoding.codec import (
    _decode,
    _decodes_strictly,
    _is_single_byte,
    _lookup_label,
)
from narrascope.ingest.encoding.result import DecodedText
from narrascope.ingest.encoding.single_byte import _choose_legacy, _rank_legacy, _reads_plausibly

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


def _try_declared(
    data: bytes, declared: str, ascii_only: bool, utf8_ok: bool
) -> DecodedText | None:
    """Apply rule 6 (declared charset); ``None`` means "fall through to detection"."""
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
