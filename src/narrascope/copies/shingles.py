"""Word shingles of an article's cleaned text: what near-duplicate detection compares.

Copies differ in case, quotation marks, dashes and spacing long before they differ in words,
so the text is reduced to lower-case words first. Devanagari vowel signs are letters here
(Python's ``\\w`` does not count them), so Hindi words are not cut apart.

>>> words("«Kyiv» — under ATTACK, again!")
['kyiv', 'under', 'attack', 'again']
>>> shingles(["a", "b", "c", "d", "e", "f"], size=5)
['a b c d e', 'b c d e f']
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MIN_WORDS", "SHINGLE_SIZE", "shingles", "words"]

#: Words per shingle: long enough that two unrelated articles share almost none, short
#: enough that a reworded sentence still shares some with its source.
SHINGLE_SIZE = 5
#: Texts with fewer words than this are not indexed: a headline or a caption shares its few
#: shingles with too many unrelated articles to say anything about copying.
MIN_WORDS = 40

_WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u097f]+")


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (NFKC, ``ё`` read as ``е``)."""
    normalised = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return _WORD.findall(normalised)


def shingles(tokens: list[str], size: int = SHINGLE_SIZE) -> list[str]:
    """The overlapping runs of ``size`` words (none for fewer words), in text order."""
    if len(tokens) < size:
        return []
    # slices of one joined string: several times faster than joining each run
    joined = " ".join(tokens)
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token) + 1)
    return [joined[starts[i]:starts[i + size] - 1] for i in range(len(tokens) - size + 1)]
