"""Bodies named where a speaker stands, which the entity recogniser did not link.

Outside English an organisation's name is a noun phrase whose words are mostly written in
lower case ("Румънската гранична полиция", "Следственият комитет на Русия", "Міністерство
енергетики", "o Serviço Estatal de Emergências da Ucrânia"), or an acronym ("ВЦІОМ", "ЦИК",
"GIZ"), and neither the recogniser nor the capitalised-name finder of
:mod:`narrascope.quotes.names` sees it. Where the grammar already says a source stands (the
subject right before a speech verb, the words right after "according to"), the whole
stretch is taken for a body's name when it is one clearly:

* an acronym or a Latin-script name ("GIZ" in Ukrainian, "SPTrans" in Portuguese);
* an organisation noun with a complement ("Міністерство енергетики", "комитет на Русия",
  "Serviço Estatal de Emergências da Ucrânia") or after a national adjective ("Румънската
  гранична полиция", "Українська вітроенергетична асоціація");
* a descriptive noun and the body's own name after it ("a consultoria Greener", "метеослужба
  MeteoSwiss"): the name alone.

A bare noun ("a organização", "Групата", "Місцева адміністрація") names no body of its own and
is left to the description rules, which resolve it to the body the article named before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from narrascope.annotations import Entity, Mention
from narrascope.entities.names import id_slug
from narrascope.quotes.speakers import Candidate

__all__ = ["BODY_LANGUAGES", "body_after_verb", "body_before_verb", "body_candidate"]

#: Organisation nouns (stems; any inflection follows), by language.
_HEADS: dict[str, str] = {
    "bg": r"министерств|ведомств|агенци|служб|комитет|комиси|управлени|администраци|полици|"
          r"прокуратур|институт|центъ?р|асоциаци|сдружени|съюз|съвет|фонд|банк|компани|"
          r"оператор|мреж|организаци|камар|синод|щаб|командван|разузнаван|правителств|форум|"
          r"парламент|съд|обсерватори|университет|академи|инспекци|дирекци|парти|концерн|"
          r"корпораци|сил",
    "uk": r"міністерств|відомств|агентств|служб|комітет|комісі|управлінн|адміністраці|поліці|"
          r"прокуратур|інститут|центр|асоціаці|спілк|союз|рад|фонд|банк|компані|оператор|"
          r"мереж|організаці|палат|штаб|командуванн|розвідк|уряд|форум|парламент|суд|"
          r"обсерваторі|університет|академі|інспекці|дирекці|парті|концерн|корпораці|сил|"
          r"метеослужб",
    "ru": r"министерств|ведомств|агентств|служб|комитет|комисси|управлени|администраци|полици|"
          r"прокуратур|институт|центр|ассоциаци|союз|совет|фонд|банк|компани|оператор|сет|"
          r"организаци|палат|штаб|командовани|разведк|правительств|форум|парламент|суд|"
          r"обсерватори|университет|академи|инспекци|дирекци|парти|концерн|корпораци|сил",
    "pt": r"ministério|agência|serviço|comité|comitê|comissão|direção|direcção|administração|"
          r"polícia|procuradoria|instituto|centro|associação|união|conselho|fundo|banco|"
          r"companhia|empresa|operadora|rede|organização|câmara|estado-maior|comando|governo|"
          r"fórum|parlamento|tribunal|observatório|universidade|academia|inspeção|secretaria|"
          r"autoridade|presidência|consultoria|federação|confederação|sindicato|consórcio|"
          r"força|forças|guarda|marinha|exército|departamento|gabinete|embaixada|agrupamento",
}
#: The languages whose bodies are found here (English has its own rules in names.py; Hindi
#: has no capitals to tell a name).
BODY_LANGUAGES = frozenset(_HEADS)

#: Words that join a head to its complement in a name ("комитет на Русия", "Serviço Estatal de
#: Emergências da Ucrânia", "Інститут історії України НАН").
_JOINERS = {"на", "за", "по", "и", "і", "та", "з", "с", "при", "de", "da", "do", "das", "dos",
            "e", "para", "sobre"}
_ARTICLES = {"o", "a", "os", "as", "um", "uma"}
#: Adverbs between a subject and its verb ("… управление обаче посочва", "… вже оголосило").
_ADVERBS = {"обаче", "също", "вече", "още", "днес", "вчера", "сега", "також", "вже", "раніше",
            "нині", "сьогодні", "вчора", "теж", "неодноразово", "ранее", "также", "уже",
            "сегодня", "тоже", "неоднократно", "já", "também", "ainda", "hoje", "ontem",
            "agora", "porém", "entretanto", "depois"}
#: Words that open the clause before its subject: conjunctions, "that", adverbs.
_OPENERS = _ADVERBS | {"а", "і", "и", "но", "але", "та", "що", "что", "че", "e", "mas", "que"}
#: Adjectives before an organisation noun: Slavic endings ("Румънската гранична",
#: "Следственият", "Українська вітроенергетична"); Portuguese puts them after the noun.
_ADJECTIVE: dict[str, re.Pattern[str]] = {
    "bg": re.compile(r"(?i)(?:ия|ият|ата|ото|ите|на|но|ни|ен|ска|ско|ски|ка|ко|ки)$"),
    "uk": re.compile(r"(?i)(?:ий|ій|а|е|і|ого|ої|ою|их|ім)$"),
    "ru": re.compile(r"(?i)(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ой|ых|их)$"),
    "pt": re.compile(r"(?!)"),
}
#: People who speak for their body ("Синоптики Харківського центру", "investigadores do
#: Centro de Ciências do Mar"): the body is the speaker.
_MEMBERS: dict[str, re.Pattern[str]] = {
    language: re.compile(rf"(?i)(?:{nouns})")
    for language, nouns in (
        ("uk", r"представник|представниця|соціологи|синоптики|аналітики|експерти|науковці|"
               r"дослідники|правозахисники|представники|фахівці|активісти|організатори|учені|"
               r"вчені|рятувальники|метеорологи|економісти"),
        ("ru", r"представитель|социологи|синоптики|аналитики|эксперты|ученые|учёные|"
               r"исследователи|правозащитники|представители|специалисты|активисты|"
               r"организаторы|спасатели|метеорологи|экономисты|гляциологи"),
        ("bg", r"представителят|социолозите|синоптиците|анализаторите|експертите|учените|"
               r"изследователите|правозащитниците|представителите|специалистите|активистите|"
               r"организаторите|служителите"),
        ("pt", r"representante|investigadores|pesquisadores|analistas|especialistas|cientistas|"
               r"representantes|técnicos|economistas|ativistas|organizadores"),
    )
}
_FROM = {"з", "із", "от", "из", "de", "do", "da", "dos", "das", "на"}
#: What a source gives, before its name: "данни на Евростат", "dados do IBGE".
_SOURCE_NOUNS = {"данни", "данните", "оценка", "оценки", "оценката", "прогнози", "изчисления",
                 "проучване", "изследване", "доклад", "докладът", "опитування", "дослідження",
                 "доповідь", "опрос", "исследование", "dados", "estimativas",
                 "números", "cálculos", "informações", "sondagem", "pesquisa", "estudo",
                 "relatório", "levantamento", "inquérito"}
#: Nouns that describe what a body is without naming it: only a name after them names one.
_DESCRIPTIVE = re.compile(
    r"(?i)(?:компани|концерн|корпораци|оператор|консорци|empresa|companhia|operadora|"
    r"consultoria|consórcio|rede|fundo|banco)[^\W\d_]{0,5}")
#: A national adjective: Slavic ones are built on -ськ-/-цк- ("Румънската", "Германското",
#: "Українська"), Portuguese ones written in lower case after the noun are caught as the
#: complement.
_NATIONAL = re.compile(r"(?i)(?:ськ|цьк|ск|цк)")
_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\w-]*")
_ACRONYM = re.compile(r"[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ0-9-]{1,7}")
#: Latin-script names with a capital inside or after the first letter ("GIZ", "SPTrans",
#: "MeteoSwiss", "Greener" in a Cyrillic text).
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9&-]+")


def body_candidate(text: str, language: str, start: int, end: int, *,
                   name_only: bool = False) -> Candidate | None:
    """A candidate for the body named by all of ``text[start:end]`` (give or take an article,
    a parenthesis and the punctuation around it), or None when the stretch is no body's name.
    With ``name_only``, only an acronym or a Latin-script name: after "за даними" a Slavic
    noun phrase is in the genitive, not the name's own form."""
    if language not in _HEADS:
        return None
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    words = _without_parentheses(text, start, words)
    while words and words[0][2].lower() in _OPENERS:
        words = words[1:]  # "Нагадаємо, що раніше Міністерство …", "а Українська асоціація …"
    if len(words) > 2 and words[0][2].lower() in _SOURCE_NOUNS:
        # "Според данни на Евростат", "segundo uma sondagem do Instituto …"
        words = words[2:] if words[1][2].lower() in _FROM else words[1:]
    if name_only and len(words) != 1:
        return None
    if words and words[0][2].lower() in _ARTICLES and language == "pt":
        words = words[1:]
    if not words or len(words) > 10:
        return None
    named = _named(text, language, words)
    if named is None:
        return None
    s, e = named
    name = " ".join(text[s:e].split())
    entity = Entity(f"org/{id_slug(name)}", name, "ORG", "quotes")
    entity.mentions.append(Mention(s, e, text[s:e], "name"))
    return Candidate(s, e, text[s:e], "entity", entity, "name")


def body_before_verb(text: str, language: str, start: int, verb: int) -> Candidate | None:
    """The body named by the subject of the clause whose speech verb starts at ``verb``: the
    words since the last comma, colon or dash of the sentence that starts at ``start``
    ("Румънската гранична полиция съобщава, че …")."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, verb)]
    return body_candidate(text, language, breaks[-1] if breaks else start, verb)


def body_after_verb(text: str, language: str, verb_end: int, end: int) -> Candidate | None:
    """The body named after an inverted speech verb, up to the end of its clause: "…,
    informou nesta quinta-feira o Comitê de Investigação da Rússia." The words before its
    first capital (or Portuguese article) are the verb's adverbials."""
    comma = text.find(",", verb_end, end)
    stop = comma if comma != -1 else end
    for index, match in enumerate(_WORD.finditer(text, verb_end, stop)):
        if index > 5:
            return None
        word = match.group()
        if word[0].isupper() or (language == "pt" and word in _ARTICLES):
            return body_candidate(text, language, match.start(), stop)
    return None


#: Where a clause starts inside a sentence: after a comma, semicolon, colon or dash.
_CLAUSE_BREAK = re.compile(r"[,;:]\s*|\s[—–-]\s+")


def _named(text: str, language: str, words: list[tuple[int, int, str]]
           ) -> tuple[int, int] | None:
    """The span of the body's name among ``words``, by the rules of the module docstring."""
    while len(words) > 1 and words[-1][2].lower() in _ADVERBS:
        words = words[:-1]  # "Германското … управление (BKA) обаче посочва"
    if len(words) == 1:
        at, word = words[0][0], words[0][2]
        alone = _ACRONYM.fullmatch(word) or re.fullmatch(r"[A-Z]\w*[A-Z][\w-]*", word) or (
            language != "pt" and _is_name_token(text, word, at, language))
        return (at, words[0][1]) if alone else None  # "ЦИК", "SPTrans"; not "Maria"
    if _MEMBERS[language].fullmatch(words[0][2]):
        # "Соціологи Київського міжнародного інституту соціології фіксують, що …": the body
        rest = words[2:] if words[1][2].lower() in _FROM else words[1:]
        return _named(text, language, rest) if rest and not _MEMBERS[language].fullmatch(
            rest[0][2]) else None
    head = next((i for i, w in enumerate(words) if _head_pattern(language).fullmatch(w[2])),
                None)
    if head is None:
        return None
    modifiers, tail = words[:head], words[head + 1 :]
    if len(tail) > 7 or not all(_ADJECTIVE[language].search(w[2]) for w in modifiers):
        return None  # "uma sondagem do Instituto …": the body is not what speaks
    named = [i for i, (s, _e, w) in enumerate(tail) if _is_name_token(text, w, s, language)]
    if named and words[head][2][0].islower() and named[-1] == len(tail) - 1 and (
            named[0] == 0 or tail[named[0] - 1][2].lower() not in _JOINERS):
        # "a consultoria Greener", "метеослужба MeteoSwiss": the name, not its description
        first = next(i for i in named if all(j in named for j in range(i, len(tail))))
        return tail[first][0], tail[-1][1]
    if _DESCRIPTIVE.fullmatch(words[head][2]):
        return None  # "a empresa estatal russa", "Енергетичний концерн": no body named
    if tail and tail[-1][2].lower() in _JOINERS:
        return None
    if not tail and not any(_NATIONAL.search(w[2]) for w in modifiers):
        return None  # "Місцева адміністрація", "Групата"
    if language == "pt" and not any(w[0].isupper() for _s, _e, w in words):
        return None  # "o governo francês": a description
    return words[0][0], words[-1][1]


@lru_cache(maxsize=8)
def _head_pattern(language: str) -> re.Pattern[str]:
    """An organisation noun in any inflection, not a word built on one ("радник", "советник",
    "центральний" name people and qualities)."""
    return re.compile(rf"(?i)(?:{_HEADS[language]})(?!ник|ниц|альн|ен)[^\W\d_]{{0,5}}")


def _is_name_token(text: str, word: str, at: int, language: str) -> bool:
    """An acronym, a Latin-script name in a Cyrillic text, a Portuguese capitalised word, or
    (Cyrillic) a name in quotation marks ("асоціація «Укравтопром»")."""
    if _ACRONYM.fullmatch(word):
        return True
    if language == "pt":
        return word[0].isupper()
    return bool(_LATIN_NAME.fullmatch(word)) or text[at - 1 : at] in ("«", "„", "\"")


def _without_parentheses(text: str, start: int, words: list[tuple[int, int, str]]
                         ) -> list[tuple[int, int, str]]:
    """``words`` without those inside parentheses: "(BKA)", "(HUR)" repeat the name."""
    return [(s, e, w) for s, e, w in words
            if text.count("(", start, s) <= text.count(")", start, s)]
