"""Codec plumbing that the detection steps share; no step of its own.

Decoding with the U+FFFD replacements counted (:attr:`DecodedText.replaced`), strict decoding of
the input or of a sample that may end inside a character, narrascope's spelling of codec names
and what a codec is (ASCII-compatible, single-byte), and how much of the input the statistical
steps look at. Every other module of the package builds on this one, which imports none of them.
"""

from __future__ import annotations

import codecs
import re
import threading
from functools import lru_cache

#: Number of leading bytes inspected by the statistical checks.
SAMPLE_SIZE = 64 * 1024

_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")


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


def _decodes_sample(sample: bytes, encoding: str) -> bool:
    """Strict decoding of a sample, allowing a character cut off at its end."""
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and _decodes_strictly(sample[: exc.start], encoding)
    except LookupError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Codec names
# ---------------------------------------------------------------------------------------------

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
