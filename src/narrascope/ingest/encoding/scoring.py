"""Step 9, the measure: how plausible a decoded word or token is as text.

A token (a whitespace-delimited run with a non-ASCII byte) read through one code page is scored
by the letter statistics of narrascope's languages: letter case patterns, Latin/Cyrillic mixing
inside a word, words made only of accented Latin letters, accented letters outside the alphabet
of one language, Cyrillic letter frequencies and letter pairs, frequent short words, symbols
glued to letters, C1 controls and box-drawing characters. It works on decoded text only (and on
which accented letters a code page can produce), so that the ranking of code pages in
:mod:`~narrascope.ingest.encoding.single_byte` and its check that the best reading is plausible
share one measure.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", text))


# Approximate letter frequencies (per cent) for Russian, Ukrainian and Bulgarian text.
_CYRILLIC_FREQ = {
    letter: float(percent)
    for letter, percent in re.findall(
        r"(\S):(\S+)",
        """
        о:10.0 а:8.3 е:8.0 и:6.8 н:6.6 т:6.0 с:5.2 р:4.7 в:4.5 л:4.3 к:3.5 м:3.1 д:3.0
        п:2.8 у:2.6 я:2.0 г:1.7 з:1.7 б:1.6 ь:1.5 ы:1.5 і:1.5 ч:1.4 й:1.1 х:0.9 ж:0.9
        ъ:0.8 ш:0.7 ю:0.6 ц:0.5 ї:0.5 є:0.4 щ:0.35 э:0.3 ф:0.3 ё:0.1 ґ:0.05 ѝ:0.03
        """,
    )
}
_CYRILLIC_LOGP = {ch: math.log2(freq / 100) for ch, freq in _CYRILLIC_FREQ.items()}
_CYRILLIC_RARE_LOGP = math.log2(0.0001)

# Letter pairs that are common inside Russian, Ukrainian and Bulgarian words (lower case):
# almost every consonant + vowel and vowel + consonant pair, plus the frequent consonant
# clusters and vowel pairs. Wrongly decoded text (KOI8 read as cp1251 and so on) shuffles the
# letters, so only about half of its pairs are in this set against over 90 % for real text.
_CYRILLIC_CONSONANTS = "бвгджзклмнпрстфхцчшщ"
_CYRILLIC_VOWELS = "аеиоуыэюяёіїє"
_UNLIKELY_PAIRS = _words(
    "жы шы щы цю чю шю жю щю кы гы хы жя шя чя щя цё чы цэ чэ щэ жэ шэ кю гю хю"
)
_CYRILLIC_BIGRAMS = (
    frozenset(
        consonant + vowel
        for consonant in _CYRILLIC_CONSONANTS
        for vowel in _CYRILLIC_VOWELS
        if consonant + vowel not in _UNLIKELY_PAIRS
    )
    | frozenset(
        vowel + consonant for vowel in _CYRILLIC_VOWELS for consonant in _CYRILLIC_CONSONANTS
    )
    | _words(
        """
        бл бр бн бщ бъ бь вд вз вк вл вм вн вп вр вс вт вх вч вш въ вь гл гн гр гъ дв дл дм дн
        др дк дт дц дь дж жд жн жь зб зв зг зд зл зм зн зп зр зь кв кл км кн кр кс кт кц лб лв
        лг лд лж лк лл лм лн лп лс лт лх лц лч лш лщ ль лъ мб мг мк мл мм мн мп мр мс мт мщ мь
        нг нд нж нз нк нн нс нт нф нх нц нч нш нщ нь нъ пл пн пр пс пт пь пъ рб рв рг рд рж рз
        рк рл рм рн рп рр рс рт рф рх рц рч рш рщ рь ръ сб св сг сд ск сл см сн сп ср сс ст сх
        сц сч сш сщ сь съ тб тв тк тл тм тн тр тс тт тч ть тъ фр фт хв хл хн хр хт цк чк чн чт
        чь шк шл шн шт шь щн ай ей ий ой уй ый эй юй яй ёй ій їй єй ия ие ию ио иа ое оу ую уа
        уе ая яя ее еа ея её ою оя ии аи аї иї її ої уї еї ъе ъю ъя ъа ъу ъо ъи ъг ън ър ъл ът
        ъв ъд ък ъм ъз ъп ъс ъч ъх ъж ъш ьа ье ьи ьо ью ья ьё ьв ьк ьн ьс ьц ьш ьт йо йт йс йн
        йк ґа ґр ґу ґе ґі ґо
        """
    )
)


# Frequent Russian / Ukrainian / Bulgarian words of one to three letters.
_CYRILLIC_SHORT_WORDS = _words(
    "и в с к у о а я не на по за из от до то же ли бы да но ни их он она они мы вы ты "
    "это как так что все уже для при без под над про его ее её им том той тем был "
    "і й з та що як це від до ще її їх але або чи під над при для вже тут там ми ви "
    "е се са ще че си от за по до ги му им бе са със във към и"
)


# Central European letters (cp1250) are plausible but not expected in narrascope's languages.
_CENTRAL_EUROPEAN = frozenset("ăąćčďęěĺľłńňőŕřśşťţůűźżșț")
_WESTERN_ONLY = frozenset("ãõçñêôïîèàåæøœ")
# Non-ASCII letters in Latin words: how plausible each is (per letter); others count -0.5.
_LATIN_LETTER_WEIGHT: dict[str, float] = {
    **dict.fromkeys("àáâãäçèéêíóôõöúüñ", 1.0),  # Portuguese, Spanish, French, German
    **dict.fromkeys("ëîïûùìòåæøœßÿý", 0.5),
    **dict.fromkeys(_CENTRAL_EUROPEAN | frozenset("šž"), 0.25),
    **dict.fromkeys("ðþ", -1.0),  # Icelandic only; typical of Cyrillic read as cp1252
}
_LATIN_OTHER_WEIGHT = -0.5

# The accented letters of the languages written with the Latin code pages (lower case; Turkish
# İ stays upper case, its lower case is two characters). A wrong Latin code page mixes letters
# of several languages ("kõzött" for Hungarian "között", "ètyøi" for Czech "čtyři",
# "Sã Paulo" -> "Să Paulo"), so each reading is scored against the alphabet that covers most of
# its accented letters: letters outside it count as foreign.
_LATIN_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    frozenset(letters)
    for letters in (
        "áâãàçéêíóôõúü",  # Portuguese
        "áéíóúñü",  # Spanish
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "áéíóúàèëïöü",  # Dutch
        "æøåéó",  # Danish, Norwegian
        "åäöéšž",  # Swedish, Finnish
        "áðéíóúýþæö",  # Icelandic
        "áéíóöőúüű",  # Hungarian
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian, Bosnian, Serbian, Slovene
        "çğıİöşüâîû",  # Turkish
        "äöõüšž",  # Estonian
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
        "çë",  # Albanian
    )
)
_EXTENDED_LATIN = re.compile(r"[\xc0-\u024f]")


def _latin_key(ch: str) -> str:
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


# Penalty per token with accented Latin letters, times the share of the reading's accented
# letters that its best alphabet does not cover.
_ALPHABET_MISFIT_PENALTY = 2.0


@lru_cache(maxsize=64)
def _high_chars(encoding: str) -> str:
    """The characters of bytes 0x80-0xFF in a single-byte code page."""
    return bytes(range(0x80, 0x100)).decode(encoding, "replace")


def _latin_alphabet(
    byte_counts: dict[int, int], encoding: str
) -> tuple[frozenset[str] | None, float]:
    """The alphabet in ``_LATIN_ALPHABETS`` that covers most accented letters of the text whose
    non-ASCII bytes occur ``byte_counts`` times, read in ``encoding``; and the share of them it
    covers."""
    chars = _high_chars(encoding)
    counts: Counter[str] = Counter()
    for value, n in byte_counts.items():
        ch = chars[value - 0x80]
        if "\xc0" <= ch <= "\u024f" and ch.isalpha():
            counts[_latin_key(ch)] += n
    if not counts:
        return None, 1.0
    best, covered = None, 0
    for alphabet in _LATIN_ALPHABETS:
        total = sum(n for ch, n in counts.items() if ch in alphabet)
        if total > covered:
            best, covered = alphabet, total
    return best, covered / sum(counts.values())


# One-letter words: "é" and "à" are among the most frequent Portuguese (and French) words.
_LATIN_ONE_LETTER_WORDS = {"é": 1.5, "à": 1.5, "è": 0.5, "ò": 0.5, "ó": 0.5, "ù": 0.5}
_LATIN_COMMON_WORDS = _words(
    "não são é à às já há só até após também está estão será então você país países "
    "através três mês ação questão informação região população milhões além português "
    "portuguesa ministério polícia notícia notícias económica econômica público pública "
    "más qué sí también está año años según además día después política "
    "été déjà très où là être après français für über während größe"
)


# Common typographic symbols: mildly positive. Box drawing and C1 controls: strongly negative.
_TYPOGRAPHIC = frozenset("“”„‘’‚«»–—…•·№°§©®™€£¥¢±\u00a0′″×")
# Typographic symbols that are normally written glued to a word (quotes, dashes, ellipsis).
_ATTACHABLE = frozenset("“”„‘’‚«»–—…")
_INWORD_OK = frozenset("’'‐-\u00ad")


# Closing marks rarely start a word and opening marks rarely end one.
_CLOSING = frozenset("»”’")
_OPENING = frozenset("«„‚")
_DASHES = frozenset("–—")


def _edge_score(ch: str, leading: bool, core: str) -> float:
    """Score a non-ASCII symbol stripped from the start (``leading``) or end of a word."""
    value = _symbol_score(ch)
    if value <= 0 or not core:
        return value
    glued_to = core[0] if leading else core[-1]
    if not glued_to.isalpha():
        return value
    if ch in _DASHES or (leading and ch in _CLOSING) or (not leading and ch in _OPENING):
        return -1.0  # "—борная", "”ест", "слово«"
    if ch in "‘’" and 0x400 <= ord(glued_to) <= 0x4FF:
        return -1.0  # single curly quotes are not used around Cyrillic words ("‘ото")
    if ch not in _ATTACHABLE:
        return -1.5  # "рубл€", "™е": a symbol glued to letters
    return value


def _symbol_score(ch: str) -> float:
    o = ord(ch)
    if ch == "\ufffd" or 0x80 <= o <= 0x9F:
        return -6.0
    if ch in _TYPOGRAPHIC:
        return 0.3
    if 0x2500 <= o <= 0x259F or 0x2320 <= o <= 0x2321:
        return -2.0
    return -1.0


# Share of known letter pairs that separates real words (about 0.95) from shuffled ones (0.5).
_BIGRAM_PIVOT = 0.75


@lru_cache(maxsize=16384)
def _cyrillic_word_score(word: str) -> float:
    """Plausibility of an all-Cyrillic word: case pattern, letter frequencies, letter pairs."""
    if word.islower() or (word[0].isupper() and (len(word) == 1 or word[1:].islower())):
        score = 1.0  # "слово", "Слово"
    elif word.isupper():
        score = 0.5  # "НАТО", headlines (and KOI8 read as cp1251: "рПЙБЕФ" -> mostly upper)
    elif word[0].islower() and word[1:].isupper():
        score = -3.0  # inverted case: KOI8-R read as cp1251 or vice versa
    else:
        score = -2.0
    lower = word.lower()
    # Letters outside the Russian, Ukrainian and Bulgarian alphabets ("ѕравительство").
    score -= 2.0 * sum(1 for ch in lower if ch not in _CYRILLIC_LOGP)
    logp = sum(_CYRILLIC_LOGP.get(ch, _CYRILLIC_RARE_LOGP) for ch in lower) / len(lower)
    score += max(-2.0, min(0.5, (logp + 5.0) * 0.5))
    if len(lower) <= 3 and lower in _CYRILLIC_SHORT_WORDS:
        return score + 1.5
    if len(lower) == 1:
        return score - 1.0
    pairs = len(lower) - 1
    hits = sum(1 for i in range(pairs) if lower[i : i + 2] in _CYRILLIC_BIGRAMS)
    weight = min(1.0, pairs / 4)  # short words carry less evidence
    return score + weight * 5.0 * (hits / pairs - _BIGRAM_PIVOT)


def _latin_letter_weight(ch: str, alphabet: frozenset[str] | None) -> float:
    key = _latin_key(ch)
    weight = _LATIN_LETTER_WEIGHT.get(key, _LATIN_OTHER_WEIGHT)
    if alphabet is None:
        return weight
    return 1.0 if key in alphabet else min(weight, -0.25)


def _latin_word_score(
    core: str, letters: list[str], n_extended: int, alphabet: frozenset[str] | None
) -> float:
    """Plausibility of a Latin word with accented letters ("não" good, "Ïðèâåò" bad)."""
    n_letters = len(letters)
    if n_letters >= 3 and n_extended >= n_letters * 0.75:
        return -4.0
    if n_letters == 2 and n_extended == 2:
        return -3.0
    lower = core.lower()
    if n_letters == 1:
        return _LATIN_ONE_LETTER_WORDS.get(lower, -2.0)
    weights = [_latin_letter_weight(ch, alphabet) for ch in letters if ord(ch) >= 0x80]
    score = 0.5 + sum(weights) / len(weights)
    if lower in _LATIN_COMMON_WORDS:
        score += 1.0
    if any(ch in _CENTRAL_EUROPEAN for ch in lower) and any(ch in _WESTERN_ONLY for ch in lower):
        score -= 2.0  # "vacinaçăo": Portuguese ç next to Romanian ă
    seen_lower = False
    for ch in letters:
        if ch.islower():
            seen_lower = True
        elif seen_lower and ord(ch) >= 0x80:
            score -= 2.0
            break
    return score


def _score_word(word: str, alphabet: frozenset[str] | None = None) -> float:
    """Plausibility of one decoded word (positive: reads like real text); ``alphabet``: the
    accented Latin letters of the language the text seems to be in."""
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    score = 0.0
    core = word[start:end]
    for ch in word[:start]:
        if ord(ch) >= 0x80:
            score += _edge_score(ch, True, core)
    for ch in word[end:]:
        if ord(ch) >= 0x80:
            score += _edge_score(ch, False, core)
    # Bounded, like the junk inside a word below: a long run of symbols (a frame drawn with box
    # characters) is no stronger evidence than a short one.
    score = max(score, -6.0)
    if not core:
        return score
    if _CYRILLIC_WORD.fullmatch(core):  # the common case, scored like the general one below
        return score + _cyrillic_word_score(core)
    letters: list[str] = []
    n_cyrillic = n_latin_ascii = n_latin_extended = n_other = 0
    junk = 0.0
    for ch in core:
        o = ord(ch)
        if o < 0x80:
            if ch.isalpha():
                n_latin_ascii += 1
                letters.append(ch)
            continue
        if ch.isalpha():
            letters.append(ch)
            if 0x400 <= o <= 0x4FF:
                n_cyrillic += 1
            elif 0xC0 <= o <= 0x24F:
                n_latin_extended += 1
            else:
                n_other += 1
        elif ch.isdigit() or ch in _INWORD_OK:
            continue
        elif ch in _ATTACHABLE:
            junk -= 0.5  # "слово—слово", "l’état"
        else:
            junk += min(_symbol_score(ch), -3.0)  # "объ€вило", "gêœl¹"
    score += max(junk, -6.0)
    if n_other:
        score -= 2.0 * n_other
    if n_cyrillic and (n_latin_ascii or n_latin_extended):
        return score - 5.0
    if n_cyrillic:
        return score + _cyrillic_word_score("".join(letters))
    if n_latin_extended:
        if _ACCENTED_NEXT_TO_DIGIT.search(core):
            score -= 1.5  # "Ł1.2bn" for "£1.2bn": accented letters do not touch digits
        return score + _latin_word_score(core, letters, n_latin_extended, alphabet)
    return score


_ACCENTED_NEXT_TO_DIGIT = re.compile(r"[\xc0-\u024f]\d|\d[\xc0-\u024f]")
_CYRILLIC_WORD = re.compile("[\u0400-\u0481\u048a-\u04ff]+")


# Words are also split at ASCII punctuation that does not occur inside words, so that markup,
# CSV/JSON syntax and domain names glued to them ('<title>Новости', '"Москва","Київ"',
# 'Газета.Ru') do not hide them.
_WORD_SEPARATORS = re.compile(r"[\s<>=\"/\\|{}\[\]();:,.!?*+^`~@#$%]+")


def _words_of(token: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(token) if word]


@lru_cache(maxsize=16384)
def _score_token(token: str, alphabet: frozenset[str] | None = None) -> float:
    # Unicode spaces glued to non-space bytes (NBSP from 0xA0 or 0xCA) are a weak signal.
    glue = -0.5 * (len(token) - len("".join(token.split())))
    return glue + sum(_score_word(word, alphabet) for word in _words_of(token))


_CYRILLIC_LETTER = re.compile("[\u0400-\u0481\u048a-\u04ff]")


def _cyrillic_letters(token: str) -> int:
    return len(_CYRILLIC_LETTER.findall(token))


@lru_cache(maxsize=16384)
def _cyrillic_pairs(token: str) -> tuple[int, int, int, int]:
    """Letter pairs in the all-Cyrillic words of a token and how many are common ones: in words
    that are not all upper case, then in all-caps words (abbreviations, headlines)."""
    pairs = hits = caps_pairs = caps_hits = 0
    for word in _words_of(token):
        letters = "".join(ch for ch in word if ch.isalpha())
        if len(letters) < 2 or _cyrillic_letters(letters) != len(letters):
            continue
        lower = letters.lower()
        common = sum(1 for i in range(len(lower) - 1) if lower[i : i + 2] in _CYRILLIC_BIGRAMS)
        if letters.isupper():
            caps_pairs += len(lower) - 1
            caps_hits += common
        else:
            pairs += len(lower) - 1
            hits += common
    return pairs, hits, caps_pairs, caps_hits
