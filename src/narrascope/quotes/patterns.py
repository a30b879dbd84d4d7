"""The lexicon's word lists compiled into the regular expressions the quote extractor matches.

Per-language patterns are compiled on first use and cached; the others hold every language.
The boundaries are Devanagari-aware: Python's ``\\w`` does not count Devanagari vowel signs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from narrascope.entities.titles import TITLE_PATTERN
from narrascope.lexicon.descriptions import (
    GENERIC_FUNCTIONS,
    GENERIC_ORGANISATIONS,
    ORG_NOUNS,
    PERSON_NOUNS,
)
from narrascope.lexicon.labels import SO_CALLED, WORK_TITLES
from narrascope.lexicon.pronouns import PRONOUNS
from narrascope.lexicon.speech import (
    ACCORDING_TO,
    ACCORDING_TO_POSSESSIVE,
    ATTRIBUTING_SENTENCE,
    REPORTED_BEFORE,
    REPORTED_BEFORE_VERBS,
    SPEECH_CUES,
)

__all__ = [
    "ATTRIBUTING_SENTENCE_RE",
    "GENERIC_FUNCTION",
    "GENERIC_ORGANISATION",
    "PERSON_DESCRIPTION",
    "SO_CALLED_BEFORE",
    "TITLE_DESCRIPTION",
    "UNNAMED_PERSON",
    "WORK_TITLE_BEFORE",
    "according_pattern",
    "cue_pattern",
    "org_noun_pattern",
    "possessive_according_pattern",
    "pronoun_pattern",
    "reported_before_pattern",
]


@lru_cache(maxsize=16)
def cue_pattern(language: str) -> re.Pattern[str]:
    cues = SPEECH_CUES.get(language) or SPEECH_CUES["en"]
    return re.compile(
        rf"(?<![\w\u0900-\u097f-])(?:{cues})(?![\w\u0900-\u0963\u0966-\u097f-])",
        re.IGNORECASE,
    )


@lru_cache(maxsize=16)
def cue_anywhere(language: str) -> re.Pattern[str]:
    """The speech cues without word boundaries: a sentence this cannot match holds no token
    that :func:`cue_pattern` fully matches, so its parse is not needed."""
    return re.compile(f"(?:{SPEECH_CUES.get(language) or SPEECH_CUES['en']})", re.IGNORECASE)


@lru_cache(maxsize=16)
def pronoun_pattern(language: str) -> re.Pattern[str]:
    words = "|".join(sorted(PRONOUNS.get(language, PRONOUNS["en"]), key=len, reverse=True))
    return re.compile(rf"(?<![\w\u0900-\u097f])(?:{words})(?![\w\u0900-\u0963\u0966-\u097f])",
                      re.IGNORECASE)


@lru_cache(maxsize=16)
def org_noun_pattern(language: str) -> re.Pattern[str]:
    nouns = ORG_NOUNS.get(language, ORG_NOUNS["en"])
    return re.compile(rf"(?<![\w\u0900-\u097f])(?:{nouns})(?![\w\u0900-\u0963\u0966-\u097f])",
                      re.IGNORECASE)


@lru_cache(maxsize=16)
def according_pattern(language: str) -> re.Pattern[str] | None:
    words = ACCORDING_TO.get(language, "")
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) if words else None


@lru_cache(maxsize=16)
def possessive_according_pattern(language: str) -> re.Pattern[str] | None:
    words = ACCORDING_TO_POSSESSIVE.get(language, "")
    return (re.compile(rf"(?<![\w\u0900-\u097f])(?:{words})(?![\w\u0900-\u0963\u0966-\u097f])",
                       re.IGNORECASE) if words else None)


@lru_cache(maxsize=16)
def reported_before_pattern(language: str) -> re.Pattern[str] | None:
    """The opening of a sentence that names the source of the one before it, up to its verb
    (group ``verb``): "Про це в понеділок повідомив", "Такие данные привели"."""
    openers = REPORTED_BEFORE.get(language)
    if not openers:
        return None
    verbs = f"{SPEECH_CUES[language]}|{REPORTED_BEFORE_VERBS[language]}"
    return re.compile(
        rf"\s*(?:{openers})(?:\s+[\w’'-]+){{0,5}}?\s+(?P<verb>{verbs})(?![\w-])", re.IGNORECASE
    )


WORK_TITLE_BEFORE = re.compile(rf"(?<!\w)(?:{WORK_TITLES})\s*,?\s*(?:the\s+)?$", re.IGNORECASE)
SO_CALLED_BEFORE = re.compile(rf"(?<!\w)(?:{SO_CALLED})\s*$", re.IGNORECASE)

#: A title with up to three words before it: "the Kremlin spokesman", "глава МИД России" is
#: caught by its title word and what precedes it.
TITLE_DESCRIPTION = re.compile(
    r"(?<![\w\u0900-\u097f])(?:(?:the|this|that|o|a|os|as)\s+)?(?:[\w’'-]+\s+){0,3}?"
    + TITLE_PATTERN.pattern.replace("(?<![\\w\\u0900-\\u097f])", "", 1)
    + r"(?:\s+of\s+(?:the\s+)?[\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}"
    # a genitive or prepositional complement: "глава МЗС", "министърът на отбраната"
    r"|\s+(?:на|до|do|da|dos|das|de)(?:\s+[A-ZА-ЯЁІЇЄҐ][\w’'-]*){1,3}"
    r"|(?:\s+[А-ЯЁІЇЄҐ][\w’'-]*){1,3})?",
    re.IGNORECASE,
)
#: Functions that fit any titled person: "the official", "a governante", "dirigente".
GENERIC_FUNCTION = re.compile(rf"(?i)\b(?:{GENERIC_FUNCTIONS})\b")
#: Organisation nouns that stand for whichever organisation the article last named.
GENERIC_ORGANISATION = re.compile(rf"(?i)(?<!\w)(?:{GENERIC_ORGANISATIONS})(?!\w)")
#: "a resident", "one soldier": a person introduced without a name.
UNNAMED_PERSON = re.compile(
    rf"(?<!\w)(?:a|an|one|another)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{PERSON_NOUNS})s?(?!\w)",
    re.IGNORECASE,
)
#: "the resident", "a woman in Simferopol": people described, not named.
PERSON_DESCRIPTION = re.compile(
    rf"(?<!\w)(?:the|a|an|one|another|this|that)\s+(?:[\w’'-]+\s+){{0,2}}?"
    rf"(?:{PERSON_NOUNS})s?(?!\w)"
    r"(?:\s+(?:for|at|of|from)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?",
    re.IGNORECASE,
)
#: A sentence that hands the preceding quotation to its speaker.
ATTRIBUTING_SENTENCE_RE = re.compile(ATTRIBUTING_SENTENCE)
