"""Searching a text for hundreds of cue phrases at once, quickly.

The technique lexicon and the role cues are each well over a thousand regular expressions; run
one by one over every sentence they cost more than the rest of the pipeline. A cue can only
match where its first word occurs, and most cues' first words occur nowhere in a given
article, so a plain substring test (in C) rules them out before any regex runs. Results are
the same as running every regex: the test only skips regexes that cannot match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Lowercased strings one of which every match contains; None: nothing is known.
Keys = tuple[str, ...] | None


def literal_key(cue: str) -> Keys:
    """For a literal cue (as the lexicons write cues: words, a trailing ``*`` for any
    ending): its first word, lowercased."""
    words = cue.strip().lower().rstrip("*").split()
    return (words[0],) if words and words[0] else None


def pattern_keys(regex: str) -> Keys:
    """For a regular expression: the literal words it must start with (after ``\\b``), one
    per alternative of a leading group; None when it starts otherwise (a class, an optional
    part) or cannot be read."""
    try:
        from re import _parser  # the stdlib's own parser: fall back to None if it changes

        return _leading_literals(list(_parser.parse(regex)), _parser)
    except Exception:  # any surprise only costs speed
        return None


def _leading_literals(items: list[Any], parser: Any) -> Keys:
    constants = parser  # LITERAL, AT, SUBPATTERN, BRANCH live in the parser's namespace
    index = 0
    while index < len(items) and items[index][0] is constants.AT:
        index += 1
    prefix = ""
    while index < len(items) and items[index][0] is constants.LITERAL:
        prefix += chr(items[index][1])
        index += 1
    if prefix:
        return (prefix.lower(),)
    if index == len(items):
        return None
    kind, value = items[index]
    if kind is constants.SUBPATTERN:
        return _leading_literals(list(value[3]), parser)
    if kind is constants.BRANCH:
        keys: list[str] = []
        for alternative in value[1]:
            found = _leading_literals(list(alternative), parser)
            if found is None:
                return None
            keys += found
        return tuple(keys)
    return None


class CueSet(Generic[T]):
    """Compiled cues, each with its keys (None: always run it) and a payload."""

    def __init__(self, cues: Sequence[tuple[Keys, re.Pattern[str], T]]) -> None:
        self._cues = list(cues)

    def __len__(self) -> int:
        return len(self._cues)

    def __iter__(self) -> Iterator[tuple[re.Pattern[str], T]]:
        return ((pattern, payload) for _key, pattern, payload in self._cues)

    def present(self, text: str) -> CueSet[T]:
        """The cues that may match in ``text``, in their original order: an article's, then
        a sentence's among those."""
        lowered = text.lower()
        return CueSet([cue for cue in self._cues
                       if cue[0] is None or any(key in lowered for key in cue[0])])
