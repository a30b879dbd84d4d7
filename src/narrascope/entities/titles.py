"""Titles and functions that stand for a person: "the minister", "министърът", "o chanceler".

A title seen next to a name ("Kremlin spokesman Dmitry Peskov", "Oksana Petrenko, chief
editor of …") is recorded on the entity; a later description with the same title ("the
spokesman said") can then refer back to it. Titles are compared by a short key (the first
letters of the word), which absorbs inflection and close cognates: минис(тр, тра, тром),
presi(dent, dente), spoke(sman, swoman).
"""

from __future__ import annotations

import re

#: Title words by language, as stems (inflected endings follow).
TITLE_STEMS = (
    # en
    "minister", "spokes(?:man|woman|person)", "president", "chancellor", "secretary",
    "general", "commander", "mayor", "governor", "ambassador", "envoy", "chief", "head",
    "leader", "expert", "analyst", "advis[eo]r", "official", "colonel", "senator",
    "lawmaker", "deputy", "director", "professor", "scientist", "activist", "premier",
    "diplomat", "negotiator", "economist", "researcher", "journalist", "blogger",
    "politician", "representative", "founder", "editor", "chairman", "chairwoman",
    "commissioner", "prosecutor", "governor", "admiral",
    # ru, uk, bg
    "министр", "міністр", "министър", "пресс-секретар", "прессекретар", "спикер",
    "представител", "представник", "речни[кц]", "говорител", "президент", "глав[аыуе]",
    "голов[аиу]", "эксперт", "експерт", "аналитик", "аналітик", "анализатор", "посол",
    "посланик", "генерал", "мэр", "мер[аоу]?", "кмет", "губернатор", "депутат", "политолог",
    "політолог", "командующ", "командувач", "директор", "профессор", "професор", "премиер",
    "прем.єр", "дипломат", "канцлер", "советник", "радник", "съветник", "председател",
    "омбудсман", "уповноважен",
    # pt
    "ministr[oa]", "chanceler", "porta-voz", "presidente", "especialista", "analista",
    "embaixador", "prefeit[oa]", "governante", "governador", "deputad[oa]",
    "primeir[oa]-ministr[oa]", "diretor", "investigador", "professor", "comandante",
    "secretári[oa]", "líder", "pesquisador", "cientista", "economista", "assessor",
    # hi
    "मंत्री", "प्रवक्ता", "राष्ट्रपति", "प्रधानमंत्री", "विशेषज्ञ", "राजदूत", "जनरल", "वैज्ञानिक",
    "निदेशक", "विश्लेषक", "अध्यक्ष", "प्रमुख",
)
TITLE_PATTERN = re.compile(
    r"(?<![\w\u0900-\u097f])(?:" + "|".join(TITLE_STEMS) + r")[\w\u0900-\u0963\u0966-\u097f-]*",
    re.IGNORECASE,
)
_KEY_LETTERS = 5


def title_key(word: str) -> str:
    """
    >>> title_key("Ministers"), title_key("министра"), title_key("Spokeswoman")
    ('minis', 'минис', 'spoke')
    """
    return word.casefold()[:_KEY_LETTERS]


def title_keys(text: str) -> list[str]:
    """Keys of every title word in ``text``.

    >>> title_keys("Kremlin spokesman and the Russian foreign minister")
    ['spoke', 'minis']
    """
    return [title_key(match.group()) for match in TITLE_PATTERN.finditer(text)]
