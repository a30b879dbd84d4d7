"""Strings every output can hold: no NUL character, nothing UTF-8 cannot encode.

Input hands us strings no store or file can take as they are: NUL characters (``\\u0000`` in
JSON, a stray byte in a CSV export), which PostgreSQL refuses in text columns although SQLite
keeps them, so one article would be stored differently by the two back ends; lone surrogates
(``"\\ud800"`` in JSON), which no UTF-8 encoder accepts; and file names that are not UTF-8,
which Python hands over as surrogate escapes (``b"bad-\\xff.txt"`` becomes ``"bad-\\udcff.txt"``)
and which then fail in the JSONL output, the store and the terminal. Two repairs:

* :func:`clean_text` for article content: NULs are dropped and lone surrogates become U+FFFD,
  both counted so the article can carry a warning;
* :func:`printable_name` for names (a ``source``, a failure reason): nothing is dropped; each
  bad character is written as a backslash escape, so the name stays readable and distinct.
"""

from __future__ import annotations

import re

_NUL = "\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_IN_NAMES = re.compile("[\x00\ud800-\udfff]")


def is_storable(value: str) -> bool:
    """Whether ``value`` has no NUL and encodes to UTF-8 (the fast check before any repair)."""
    if _NUL in value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text(value: str) -> tuple[str, int, int]:
    """``value`` without NUL characters and with lone surrogates replaced by U+FFFD; also
    returns how many NULs were removed and how many surrogates replaced.

    >>> clean_text("a\\x00b \\ud800 c")
    ('ab \\ufffd c', 1, 1)
    """
    if is_storable(value):
        return value, 0, 0
    nuls = value.count(_NUL)
    value = value.replace(_NUL, "")
    value, surrogates = _SURROGATE.subn("\ufffd", value)
    return value, nuls, surrogates


def text_warnings(field_name: str, nuls: int, surrogates: int) -> list[str]:
    """The article warnings :func:`clean_text`'s counts call for (none when nothing changed)."""
    warnings = []
    if nuls:
        warnings.append(f"{field_name}: {nuls} NUL character(s) removed")
    if surrogates:
        warnings.append(f"{field_name}: {surrogates} lone surrogate(s) replaced with U+FFFD")
    return warnings


def printable_name(value: str) -> str:
    """A name (path, ``source``, message) as a string every output can hold.

    A surrogate escape, which is how Python spells a file-name byte that is not UTF-8, is
    written as ``\\xNN`` for that byte; so is a NUL (``\\x00``); any other lone surrogate as
    ``\\udNNN``. For a file name this is ``os.fsencode(name).decode("utf-8",
    "backslashreplace")``: the name reads as the bytes on disk. (A name that really holds a
    backslash followed by ``xff`` looks the same; such names are rare enough to accept that.)

    >>> printable_name("dir/bad-\\udcff.txt")
    'dir/bad-\\\\xff.txt'
    >>> printable_name("plain/name.txt")
    'plain/name.txt'
    """
    if is_storable(value):
        return value
    return escape_characters(_UNSAFE_IN_NAMES, value)


def escape_characters(pattern: re.Pattern[str], value: str) -> str:
    """``value`` with each character ``pattern`` matches written as a backslash escape."""
    return pattern.sub(_escape, value)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"
