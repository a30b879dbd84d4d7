"""Language identification stage (py3langid, with a Cyrillic-alphabet check).

Returns an ISO 639-1 code, or ``und`` when the text is too short or the model is unsure.
py3langid covers ~100 languages; for the three Cyrillic languages narrascope cares most about
(ru, uk, bg), letters that only one alphabet has are a stronger signal than character n-grams
on short or machine-translated text, so they are used to correct the model's choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from narrascope.document import Document

UNDETERMINED = "und"
#: Below this probability the model's best guess is reported as ``und``.
MIN_PROBABILITY = 0.60
#: Fewer letters than this is too little to tell a language.
MIN_LETTERS = 12
_SAMPLE_CHARS = 1000

#: Languages the identifier chooses among: major news languages. Leaving out small relatives
#: (Galician, Aragonese, Rusyn…) stops them splitting the probability of the language they
#: resemble, which otherwise turns clear Portuguese or Ukrainian into "und".
NEWS_LANGUAGES = (
    "en", "ru", "uk", "bg", "pt", "hi", "de", "fr", "es", "it", "pl", "cs", "sk", "sl", "hr",
    "sr", "bs", "mk", "be", "ro", "hu", "nl", "sv", "da", "no", "fi", "et", "lv", "lt", "el",
    "tr", "ar", "fa", "ur", "he", "ka", "hy", "az", "kk", "uz", "zh", "ja", "ko", "vi", "id",
    "ms", "th", "bn", "ta", "te", "mr", "ne", "pa", "gu", "sq", "ca", "eu", "ga", "is", "mn",
)

_LETTERS = re.compile(r"[^\W\d_]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэёЫЭЁ]")
_CYRILLIC_LANGUAGES = {"ru", "uk", "bg", "mk", "sr", "be"}


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    probability: float


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in NEWS_LANGUAGES if code in identifier.labels])
    return identifier


def detect_language(text: str) -> LanguageGuess:
    """Identify the language of ``text``.

    >>> detect_language("Кремль заявив, що переговори неможливі.").language
    'uk'
    >>> detect_language("OK!!! 123").language
    'und'
    """
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return LanguageGuess(UNDETERMINED, 0.0)
    language, probability = _identifier().classify(sample)
    language = _correct_cyrillic(sample, language)
    if probability < MIN_PROBABILITY:
        return LanguageGuess(UNDETERMINED, float(probability))
    return LanguageGuess(language, float(probability))


def _correct_cyrillic(sample: str, language: str) -> str:
    if language not in _CYRILLIC_LANGUAGES:
        return language
    ukrainian = len(_UKRAINIAN_ONLY.findall(sample))
    russian = len(_RUSSIAN_ONLY.findall(sample))
    if language != "uk" and ukrainian >= 3 and russian == 0:
        return "uk"
    if language == "uk" and russian >= 3 and ukrainian == 0:
        return "ru"
    return language


class LanguageStage:
    """Pipeline stage: sets ``doc.language`` and ``doc.language_score`` from title and body."""

    def __call__(self, doc: Document) -> Document:
        guess = detect_language(f"{doc.title or ''}\n{doc.text}")
        doc.language = guess.language
        doc.language_score = guess.probability
        return doc
