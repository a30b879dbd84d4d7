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


# -- across scripts ---------------------------------------------------------------------------
#
# Annotators write a speaker's name in Latin letters ("Petar Galabov", "Rashmi Negi") while the
# article writes it in its own script ("Петър Гълъбов", "रश्मि नेगी"), and a foreign name is
# written by ear ("Ед Хоукинс" for Ed Hawkins, "Роб Жетен" for Rob Jetten). Letter-for-letter
# transliteration misses these; comparing the consonants, each folded to a sound class, finds
# them. Vowels are dropped because scripts disagree most on them (Bulgarian ъ, the Hindi
# inherent vowel, English "ou" for "у").

#: Sound classes (upper case, so that a folded letter is never read again): K (k, c, q),
#: G (g, h, kh: Ukrainian г is h, Russian х is English h), J (j, zh, dzh), X (sh), C (ch),
#: S (s, z), V (v, w), F (f, ph), T (t, th), D (d, dh), B (b, bh); ц is TS.
_SOUND_FOLDS_LATIN = (
    ("shch", "X"), ("tsch", "C"), ("sch", "X"), ("sh", "X"), ("dzh", "J"), ("zh", "J"),
    ("dj", "J"), ("tch", "C"),
    ("ch", "C"), ("kh", "G"), ("gh", "G"), ("ph", "F"), ("th", "T"), ("dh", "D"), ("bh", "B"),
    ("jh", "J"), ("tz", "ts"),
    ("ck", "K"), ("qu", "K"), ("x", "KS"), ("ł", "L"),
)
_LATIN_SOUNDS = {
    "b": "B", "c": "K", "d": "D", "f": "F", "g": "G", "h": "G", "j": "J", "k": "K", "l": "L",
    "m": "M", "n": "N", "p": "P", "q": "K", "r": "R", "s": "S", "t": "T", "v": "V", "w": "V",
    "z": "S",
}
_C_SOFT = re.compile(r"c(?=[eiy])")
#: An h between a vowel and a consonant or the word's end is not heard: John, Sarah.
_SILENT_H = re.compile(r"(?<=[aeiou])h(?![aeiou])")
_W_AFTER_VOWEL = re.compile(r"(?<=[aeiou])w")
_CYRILLIC_SOUNDS = {
    "б": "B", "в": "V", "г": "G", "ґ": "G", "д": "D", "ж": "J", "з": "S", "к": "K", "л": "L",
    "м": "M", "н": "N", "п": "P", "р": "R", "с": "S", "т": "T", "ф": "F", "х": "G", "ц": "TS",
    "ч": "C", "ш": "X", "щ": "X",
}
_DEVANAGARI_SOUNDS = {
    "क": "K", "ख": "G", "ग": "G", "घ": "G", "ङ": "N", "च": "C", "छ": "C", "ज": "J", "झ": "J",
    "ञ": "N", "ट": "T", "ठ": "T", "ड": "D", "ढ": "D", "ण": "N", "त": "T", "थ": "T", "द": "D",
    "ध": "D", "न": "N", "प": "P", "फ": "F", "ब": "B", "भ": "B", "म": "M", "र": "R", "ल": "L",
    "व": "V", "श": "X", "ष": "X", "स": "S", "ह": "G", "ं": "N", "ृ": "R",
    # With nukta (precomposed): qa, khha, ghha, za, dddha, rha, fa.
    "\u0958": "K", "\u0959": "G", "\u095a": "G", "\u095b": "S", "\u095c": "R", "\u095d": "R",
    "\u095e": "F",
}
_NUKTA = "\u093c"
_NUKTA_LETTERS = {"क": "\u0958", "ख": "\u0959", "ग": "\u095a", "ज": "\u095b", "ड": "\u095c",
                  "ढ": "\u095d", "फ": "\u095e"}
_WORD_SPLIT = re.compile(r"[^\w\u0900-\u0963\u0966-\u097f]+")


def _script(text: str) -> str:
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if "\u0900" <= ch <= "\u097f":
            return "devanagari"
    return "latin"


def scripts_differ(a: str, b: str) -> bool:
    """Whether two names are written in different scripts (Latin, Cyrillic, Devanagari)."""
    return _script(a) != _script(b)


def sound_skeleton(word: str) -> str:
    """The consonants of one word, each folded to its sound class, in any of the three scripts.

    >>> sound_skeleton("Galabov") == sound_skeleton("Гълъбов") == sound_skeleton("गलाबोव")
    True
    >>> sound_skeleton("Hawkins") == sound_skeleton("Хоукинс")
    True
    """
    script = _script(word)
    if script == "devanagari":
        for letter, composed in _NUKTA_LETTERS.items():
            word = word.replace(letter + _NUKTA, composed)
        sounds = [_DEVANAGARI_SOUNDS.get(ch, "") for ch in word]
    elif script == "cyrillic":
        lowered = word.casefold().replace("дж", "ж")
        sounds = [_CYRILLIC_SOUNDS.get(ch, "") for ch in lowered]
    else:
        latin = "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold())
                        if not unicodedata.combining(ch))
        latin = _SILENT_H.sub("", _W_AFTER_VOWEL.sub("", _C_SOFT.sub("s", latin)))
        for old, new in _SOUND_FOLDS_LATIN:  # digraphs before single letters
            latin = latin.replace(old, new)
        sounds = [_LATIN_SOUNDS.get(ch, ch if ch.isupper() else "") for ch in latin]
    return _REPEATS.sub(r"\1", "".join(sounds))


def _feminine(word: str) -> bool | None:
    """Whether a word ends in the -a that makes Petrova another person than Petrov; None when
    the script cannot tell (a Devanagari consonant carries an unwritten a: महापात्र, Mohapatra).
    """
    if "\u0915" <= word[-1] <= "\u0939" or "\u0958" <= word[-1] <= "\u095f":
        return None
    return word.casefold().endswith(("a", "а", "я", "ा"))


def _sounds_close(a: str, b: str) -> bool:
    # A slip only in words of three consonants or more: "NV" and "VNV" (Ninov, Ivanov) differ.
    return a == b or (min(len(a), len(b)) >= 3 and edit_distance_at_most_one(a, b))


def names_sound_alike(a: str, b: str) -> bool:
    """Whether two names written in different scripts (or spelled by ear) are the same name:
    every word's consonants agree (one slip allowed in a word of three or more) and words of
    at least three consonants in all agree exactly; or the surnames' consonants agree exactly
    (three or more). A male and a female form of a surname never agree.

    >>> names_sound_alike("Petar Galabov", "Петър Гълъбов")
    True
    >>> names_sound_alike("Rob Jetten", "Роб Жетен"), names_sound_alike("Rashmi Negi", "रश्मि नेगी")
    (True, True)
    >>> names_sound_alike("Ivan Petrov", "Иван Петрова")
    False
    >>> names_sound_alike("Plamen Ninov", "Иван Иванов")
    False
    """
    words_a = [w for w in _WORD_SPLIT.split(a) if w]
    words_b = [w for w in _WORD_SPLIT.split(b) if w]
    if not words_a or not words_b:
        return False
    feminine = {_feminine(words_a[-1]), _feminine(words_b[-1])} - {None}
    if len(feminine) > 1:
        return False
    sounds_a = [sound_skeleton(w) for w in words_a]
    sounds_b = [sound_skeleton(w) for w in words_b]
    if len(sounds_a) == len(sounds_b) and len(sounds_a) > 1:
        pairs = list(zip(sounds_a, sounds_b, strict=True))
        anchored = sum(len(x) for x, y in pairs if x == y) >= 3
        if anchored and all(_sounds_close(x, y) for x, y in pairs):
            return True
    return sounds_a[-1] == sounds_b[-1] and len(sounds_a[-1]) >= 3
