"""Name keys: one spelling-independent key per name, so variants meet.

Machine-translated and transliterated news spells the same name many ways: Zelensky,
Zelenskyy, Zelenskiy, Зеленский; Sergei, Sergey, Сергей. :func:`name_key` maps such variants to
one key (Latin letters, lower case, with the usual transliteration differences folded), and
:func:`close_keys` accepts a one-letter slip ("Lavorov") for long enough names. Keys are for
matching only; display names are never rewritten.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "ў": "u",
}
# Ordered folds applied to the transliterated, accent-free key.
_FOLDS = (
    ("shch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("tch", "ch"), ("kh", "h"), ("ck", "k"),
    ("ph", "f"), ("w", "v"), ("ks", "x"), ("cs", "x"), ("tz", "ts"), ("q", "k"),
    ("y", "i"), ("ie", "e"), ("ye", "e"), ("ia", "a"), ("ya", "a"), ("iu", "u"),
    ("yu", "u"), ("ou", "u"),
)
_REPEATS = re.compile(r"(.)\1+")
_NON_LETTER = re.compile(r"[^a-z0-9\u0900-\u0963\u0966-\u097f ]+")
_NON_ASCII = re.compile(r"[^a-z0-9 ]+")


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic, accents removed, lower case.

    >>> transliterate("Сергей Лавров"), transliterate("Zelenskýy")
    ('sergei lavrov', 'zelenskyy')
    """
    lowered = text.casefold()
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """A spelling-variant-insensitive key for a name.

    >>> {name_key(n) for n in ("Zelensky", "Zelenskyy", "Zelenskiy", "Зеленский")}
    {'zelenski'}
    >>> name_key("Sergey Lavrov") == name_key("Sergei Lavrov") == name_key("Сергей Лавров")
    True
    """
    key = _NON_LETTER.sub(" ", transliterate(text))
    for old, new in _FOLDS:
        key = key.replace(old, new)
    key = _REPEATS.sub(r"\1", key)
    return " ".join(key.split())


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one inserted, deleted or changed letter."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


#: Below this many letters a one-letter difference is another name (Ivanov / Ivanova is
#: handled by the inflection rules, not here).
MIN_FUZZY_LETTERS = 6


def close_keys(a: str, b: str) -> bool:
    """Same key, or one letter apart when both are long enough to make a slip likely.

    >>> close_keys(name_key("Lavorov"), name_key("Lavrov"))
    True
    >>> close_keys(name_key("Petrov"), name_key("Petrova")), close_keys("ivan", "ivin")
    (False, False)
    """
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LETTERS - 1 or a[0] != b[0]:
        return False
    if a + "a" == b or b + "a" == a:  # Petrov / Petrova: feminine form, another person
        return False
    return edit_distance_at_most_one(a, b)


_Y_AFTER_LETTER = re.compile(r"(?<=[a-z])y")


def id_slug(name: str) -> str:
    """The slug of an entity id: the name as written, transliterated, with only the spelling
    differences that would split one person into two ids folded (Sergey/Sergei/Сергей,
    Zelensky/Zelenskyy/Зеленский). Unlike :func:`name_key`, it stays readable:
    "Canadian" keeps its "ia" and "Western" its "w".

    >>> id_slug("Sergey Ivanenko"), id_slug("Сергей Иваненко"), id_slug("Zelenskyy")
    ('sergei-ivanenko', 'sergei-ivanenko', 'zelenski')
    >>> id_slug("Western"), id_slug("Canadians")
    ('western', 'canadians')
    """
    folded = _Y_AFTER_LETTER.sub("i", transliterate(name)).replace("ii", "i")
    return slug(folded)


def slug(text: str) -> str:
    """ASCII slug for canonical ids: ``person/ivan-petrenko``.

    >>> slug("Іван Петренко")
    'ivan-petrenko'
    """
    ascii_words = _NON_ASCII.sub(" ", transliterate(text)).split()
    if ascii_words:
        return "-".join(ascii_words)
    # Scripts without a transliteration table here (Devanagari): a stable hash of the key.
    import hashlib

    return "x" + hashlib.sha1(name_key(text).encode("utf-8")).hexdigest()[:10]
