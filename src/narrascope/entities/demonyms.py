"""Demonyms used as adjectives: "Russian forces" names no group of people.

The gazetteer lists "Russian" as an alias of the Russians, because "a Russian was detained"
names one. Used as an adjective ("Russian forces", "the Russian Foreign Ministry", "tropas
russas", "російські війська", "रूसी सेना") it only qualifies another noun, and taking it for
the Russians would make every Russian missile an act of the Russian people.

>>> adjectival("Russian forces advanced.", 0, 7, "en")
True
>>> adjectival("Russians fear a new mobilisation.", 0, 8, "en")
False
>>> adjectival("As tropas russas avançaram.", 10, 16, "pt")
True
"""

from __future__ import annotations

import re

__all__ = ["adjectival"]

_NEXT_WORD = re.compile(r"(?:[ \t]+|-)(\w+)")  # "Russian forces", "Iranian-designed"
_PREVIOUS_WORD = re.compile(r"(\w+)[ \t]+$")

#: English words after a singular demonym that make it a noun ("the Russian said").
_EN_VERBS = {"said", "says", "was", "is", "who", "has", "had", "will", "would", "told",
             "added", "and", "or"}
#: Slavic adjective endings (ru, uk, bg): "российский", "російські", "руския", "руски".
_SLAVIC_ADJECTIVE = re.compile(
    r"(?:ий|ый|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ую|юю|ых|их|ым|им|ыми|ими|ої|ій|ім|ою|"
    r"ськ\w*|цьк\w*|ски|ска|ско|ските|ския|ската|ското|ия|ата|ото)$", re.IGNORECASE)
#: Portuguese words before a demonym that make it a noun ("os russos").
_PT_DETERMINERS = {"o", "a", "os", "as", "um", "uma", "uns", "umas", "dos", "das", "do", "da",
                   "aos", "às", "pelos", "pelas", "pelo", "pela", "nos", "nas", "no", "na",
                   "e", "que", "dois", "duas", "três", "muitos", "alguns"}
#: Hindi postpositions after a demonym that make it a noun ("रूसी ने").
_HI_POSTPOSITIONS = {"ने", "को", "का", "की", "के", "में", "से", "पर", "और", "भी", "तो"}


def adjectival(text: str, start: int, end: int, language: str) -> bool:
    """Whether the demonym ``text[start:end]`` qualifies a noun rather than naming people."""
    surface = text[start:end]
    following = _NEXT_WORD.match(text, end)
    next_word = following.group(1) if following else None
    if language == "en":
        return (not surface.endswith(("s", "S")) and next_word is not None
                and next_word.lower() not in _EN_VERBS)
    if language in ("ru", "uk", "bg"):
        return (bool(_SLAVIC_ADJECTIVE.search(surface)) and next_word is not None
                and next_word[:1].islower())
    if language == "pt":
        previous = _PREVIOUS_WORD.search(text, 0, start)
        return previous is not None and previous.group(1).lower() not in _PT_DETERMINERS
    if language == "hi":
        return next_word is not None and next_word not in _HI_POSTPOSITIONS
    return False
