"""File-name patterns (``--name-pattern``): the outlet and date written in a file's name.

A pattern is the file name with its variable parts replaced by placeholders:

``{outlet}``
    the outlet: one or more characters, as few as make the rest of the name match
``{published}``
    the date: ``YYYY-MM-DD`` or ``YYYYMMDD``
``{ignore}`` or ``*``
    any characters (none too), not kept

Everything else must appear as written (case matters). A pattern with ``/`` matches the last
folders of the path too: ``{outlet}/*.txt`` takes the outlet from the folder a file is in. A
``.gz`` the pattern does not name is looked through, and a name that does not match gives
nothing (it is no error: a folder may hold other files).

>>> pattern = NamePattern.compile("{outlet}_{published}_*.txt")
>>> pattern.match(Path("scraped/the_daily_2023-03-14_kyiv-strike.txt"))
NameMatch(outlet='the_daily', published='2023-03-14', warning=None)
>>> pattern.match(Path("notes.txt")) is None
True
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

__all__ = ["NameMatch", "NamePattern"]

_TOKEN = re.compile(r"\{([^{}]*)\}|\*|[{}]")
_DATE = r"\d{4}-\d{2}-\d{2}|\d{8}"
_ANY = "[^/]*?"
#: Parts that can be any length: two of them side by side could split a name anywhere.
_FREE = ("{outlet}", "{ignore}", "*")
PLACEHOLDERS = "{outlet}, {published}, {ignore} or *"


@dataclass(frozen=True)
class NameMatch:
    """What a file name gives: the outlet, the date (ISO), and a note when the date is no day
    of the calendar (``20231345``)."""

    outlet: str | None
    published: str | None
    warning: str | None = None


@dataclass(frozen=True)
class NamePattern:
    text: str
    regex: re.Pattern[str]
    #: How many path components (folders and the file name) the pattern covers.
    depth: int

    @staticmethod
    def compile(text: str) -> NamePattern:
        """Check and compile a pattern; :class:`ValueError` says what is wrong with it."""
        return _compile(text)

    def match(self, path: Path) -> NameMatch | None:
        parts = Path(os.path.abspath(path)).parts
        if len(parts) <= self.depth:  # the pattern's folders go above the root
            return None
        name = "/".join(parts[-self.depth:])
        found = self.regex.fullmatch(name)
        if found is None and name.lower().endswith(".gz") and not self.text.endswith(".gz"):
            found = self.regex.fullmatch(name[:-3])
        if found is None:
            return None
        groups = found.groupdict()
        published, warning = _iso_day(groups.get("published"))
        return NameMatch(groups.get("outlet"), published, warning)


def _iso_day(digits: str | None) -> tuple[str | None, str | None]:
    if digits is None:
        return None, None
    plain = digits.replace("-", "")
    try:
        return date(int(plain[:4]), int(plain[4:6]), int(plain[6:])).isoformat(), None
    except ValueError:
        return None, f"name pattern: {digits!r} in the file name is not a date; ignored"


@lru_cache(maxsize=16)
def _compile(text: str) -> NamePattern:
    if not text.strip():
        raise ValueError("the pattern is empty")
    if text.startswith("/") or "//" in text or ".." in text.split("/"):
        raise ValueError(f"{text!r}: write the last folders and the file name, as in "
                         "'{outlet}/*.txt' (no leading /, // or ..)")
    pieces = _pieces(text)
    named = [p for p in pieces if p in ("{outlet}", "{published}")]
    if not named:
        raise ValueError(f"{text!r} has neither {{outlet}} nor {{published}}, so it gives "
                         "nothing")
    if len(set(named)) < len(named):
        raise ValueError(f"{text!r} names the same placeholder twice")
    for first, second in itertools.pairwise(pieces):
        if first in _FREE and second in _FREE:
            raise ValueError(f"{text!r}: {first} and {second} side by side could split the name "
                             "anywhere; put a separator between them")
    regex = "".join(_regex(p) for p in pieces)
    return NamePattern(text, re.compile(regex, re.DOTALL), text.count("/") + 1)


def _pieces(text: str) -> list[str]:
    """The pattern as literal text and placeholders, each placeholder checked."""
    pieces: list[str] = []
    position = 0
    for token in _TOKEN.finditer(text):
        if token.start() > position:
            pieces.append(text[position:token.start()])
        pieces.append(_placeholder(token, text))
        position = token.end()
    if position < len(text):
        pieces.append(text[position:])
    return pieces


def _placeholder(token: re.Match[str], text: str) -> str:
    if token.group(0) == "*" or token.group(1) in ("outlet", "published", "ignore"):
        return token.group(0)
    if token.group(1) is None:
        raise ValueError(f"{text!r} has an unmatched {token.group(0)!r}")
    raise ValueError(f"{text!r}: unknown placeholder {token.group(0)}; use {PLACEHOLDERS}")


def _regex(piece: str) -> str:
    if piece == "{outlet}":
        return "(?P<outlet>[^/]+?)"
    if piece == "{published}":
        return f"(?P<published>{_DATE})"
    if piece in ("*", "{ignore}"):
        return _ANY
    return re.escape(piece)
