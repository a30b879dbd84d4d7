"""Character-level normalisation applied to every kept line of an article.

It never changes words: only invisible or layout characters (zero-width spaces, soft hyphens,
non-breaking spaces, control characters, runs of spaces) and Unicode composition (NFC), so that
offsets into the cleaned text stay meaningful to a human reader.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width joiner/non-joiner are kept: Devanagari spelling depends on them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Devanagari vowel signs are not \w to Python's re, but are part of words.
_NOT_WORD = re.compile(r"[^\w\u0900-\u0963\u0966-\u097f]+|_+")
#: Line breaks of every kind a scraped page can use.
LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def normalize_line(line: str) -> str:
    """Normalise one line: NFC, invisible characters dropped, spaces collapsed, stripped.

    >>> normalize_line("  Kyiv\\u00a0said\\u200b  “no”.\\t")
    'Kyiv said “no”.'
    """
    line = unicodedata.normalize("NFC", line)
    line = _INVISIBLE.sub("", line)
    line = _CONTROL.sub(" ", line)
    return _SPACES.sub(" ", line).strip()


def comparable(line: str) -> str:
    """A key for comparing lines: case-folded letters and digits only.

    >>> comparable("NATO: “Escalation” is — near!") == comparable("nato escalation is near")
    True
    """
    return _NOT_WORD.sub(" ", line.casefold()).strip()
