"""Step 4: 7-bit ISO-2022-JP / ISO-2022-KR (Japanese and Korean e-mail and old web pages).

Recognised from their escape sequences, before the binary check of step 5 (their shift codes
would look like binary control characters) and before strict UTF-8 (step 7), which would accept
the 7-bit bytes as ASCII with stray escape characters.
"""

from __future__ import annotations

import re

from narrascope.ingest.encoding.codec import _decodes_sample

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
