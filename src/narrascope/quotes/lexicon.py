"""Speech cues, pronouns and speaker descriptions in the six languages.

Everything language-specific the quote extractor knows lives here, as data: a new language is
a new entry in each table.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Words and phrases that report speech, by language (regular expressions over word forms).
SPEECH_CUES: dict[str, str] = {
    "en": (
        r"said|says|say|saying|told|tells|tell|stated|states|added|adds|warned|warns|recalled|"
        r"recalls|argued|argues|noted|notes|pointed out|points out|insisted|insists|claimed|"
        r"claims|declared|declares|announced|announces|stressed|stresses|emphasi[sz]ed|"
        r"emphasi[sz]es|explained|explains|wrote|writes|posted|tweeted|commented|replied|"
        r"responded|asked|asks|answered|admitted|admits|acknowledged|urged|urges|promised|"
        r"vowed|threatened|suggested|concluded|continued|complained|confirmed|denied|"
        r"assured|quipped|joked|lamented|remarked|observed|asserted|alleged|countered|"
        r"retorted|predicted|cautioned|went on|was quoted as saying|quoted|according to|"
        r"in an interview with|speaking to|speaking at|speaking on|told reporters|"
        r"called|described|branded|dubbed|accused|blamed|boasted|scoffed|mocked|"
        r"thundered|shouted|whispered|summed up|put it|stated in|wrote on|said on"
    ),
    "ru": (
        r"заяви\w*|сказа\w*|говори\w*|сообщи\w*|отмети\w*|подчеркну\w*|добави\w*|поясни\w*|"
        r"напомни\w*|предупреди\w*|призна\w*|считает|утвержда\w*|написа\w*|ответи\w*|"
        r"заключи\w*|продолжи\w*|указа\w*|констатирова\w*|рассказа\w*|цитиру\w*|"
        r"по словам|по мнению|как заявил\w*|обвини\w*|пообеща\w*|призва\w*|выразил\w*|"
        r"резюмирова\w*|уверя\w*|увери\w*|возмути\w*|пригрози\w*|назва\w*|высказал\w*|"
        r"заметил\w*|прокомментирова\w*|сетова\w*|убежден\w*"
    ),
    "uk": (
        r"заяви\w*|сказа\w*|говори\w*|повідоми\w*|зазначи\w*|наголоси\w*|дода\w*|поясни\w*|"
        r"нагада\w*|попереди\w*|визна\w*|написа\w*|відпові\w*|підкресли\w*|розповів|"
        r"розповіла|розповіли|за словами|на думку|вважає|зауважи\w*|переконан\w*|"
        r"звинувати\w*|пообіця\w*|закликa\w*|заклика\w*|назва\w*|прокоментува\w*|"
        r"висловив\w*|пригрози\w*"
    ),
    "bg": (
        r"каза|казва|казаха|заяви|заявява|заявиха|добави|посочи|подчерта|коментира|обясни|"
        r"съобщи|допълни|написа|отговори|предупреди|припомни|отбеляза|според|смята|твърди|"
        r"увери|призова|обвини|констатира|изтъкна|уточни|нарече|заплаши|обеща"
    ),
    "pt": (
        r"disse|diz|dizem|disseram|afirmou|afirma|afirmaram|declarou|declara|acrescentou|"
        r"explicou|sublinhou|garantiu|alertou|defendeu|ressaltou|destacou|lembrou|escreveu|"
        r"respondeu|comentou|admitiu|avisou|salientou|frisou|reiterou|concluiu|segundo|"
        r"de acordo com|conforme|questionou|perguntou|criticou|acusou|prometeu|considerou|"
        r"classificou|chamou|argumentou|observou|insistiu|advertiu|ameaçou|na opinião de"
    ),
    "hi": (
        r"कहा|कहते|कहती|कहना|बताया|बताते|बताती|के अनुसार|के मुताबिक|लिखा|जोड़ा|"
        r"चेतावनी दी|दावा किया|स्पष्ट किया|आरोप लगाया|जवाब दिया|कहना है|उल्लेख किया|"
        r"ज़ोर दिया|जोर दिया"
    ),
}

#: "that" after a speech verb: the start of reported speech.
COMPLEMENTISERS: dict[str, str] = {
    "en": r"that", "ru": r"что|будто", "uk": r"що|нібито", "bg": r"че", "pt": r"que",
    "hi": r"कि",
}

#: "According to X, …" openers (X follows).
ACCORDING_TO: dict[str, str] = {
    "en": r"according to|in the words of|as (?:\w+ )?(?:said|put it|noted|stressed) by",
    "ru": r"по словам|по мнению|по данным|как (?:заявил|заявила|сказал|сказала|отметил|"
          r"отметила|сообщил|сообщила|подчеркнул|подчеркнула|пишет|написал)",
    "uk": r"за словами|на думку|за даними|як (?:заявив|заявила|сказав|сказала|зазначив|"
          r"зазначила|повідомив|повідомила|наголосив|наголосила)",
    "bg": r"според|по думите на|както (?:каза|заяви|посочи|подчерта)",
    "pt": r"segundo|de acordo com|conforme|na opinião de|nas palavras de|como (?:disse|afirmou)",
    "hi": r"",  # Hindi puts it after the name: "X के अनुसार"
}
ACCORDING_TO_AFTER: dict[str, str] = {"hi": r"के अनुसार|के मुताबिक|का कहना है(?: कि)?"}

#: Subject pronouns with the grammatical gender/number they point to.
PRONOUNS: dict[str, dict[str, str]] = {
    "en": {"he": "m", "she": "f", "they": "p", "it": "n"},
    "ru": {"он": "m", "она": "f", "они": "p", "оно": "n"},
    "uk": {"він": "m", "вона": "f", "вони": "p", "воно": "n"},
    "bg": {"той": "m", "тя": "f", "те": "p"},
    "pt": {"ele": "m", "ela": "f", "eles": "p", "elas": "p"},
    "hi": {"उन्होंने": "x", "उसने": "x", "वह": "x", "वे": "x", "उनका": "x", "उनके": "x"},
}

#: Nouns that describe an organisation speaking ("the ministry said").
ORG_NOUNS: dict[str, str] = {
    "en": r"ministry|department|office|agency|alliance|government|army|military|company|"
          r"embassy|committee|commission|council|service|police|command|headquarters|"
          r"administration|white house|kremlin|pentagon|bloc|organisation|organization|"
          r"watchdog|group|operator|regulator|mission|spokesperson's office",
    "ru": r"министерств\w*|ведомств\w*|мид|минобороны|правительств\w*|посольств\w*|штаб\w*|"
          r"командовани\w*|комитет\w*|служб\w*|администраци\w*|кремл\w*|пентагон\w*",
    "uk": r"міністерств\w*|відомств\w*|мзс|міноборони|уряд\w*|посольств\w*|штаб\w*|"
          r"командуванн\w*|комітет\w*|служб\w*|адміністраці\w*|кремл\w*|пентагон\w*",
    "bg": r"министерството|ведомството|правителството|посолството|щабът|службата|"
          r"командването|кремъл|пентагонът|администрацията",
    "pt": r"ministério|governo|embaixada|departamento|agência|aliança|exército|comando|"
          r"gabinete|kremlin|pentágono|casa branca|comissão|conselho",
    "hi": r"मंत्रालय|सरकार|दूतावास|सेना|विभाग|कार्यालय|क्रेमलिन|पेंटागन",
}

#: Words before a quoted phrase that make it a title, not a quote.
WORK_TITLES = (
    r"newspaper|magazine|paper|film|movie|book|novel|song|report|article|programme|program|"
    r"show|channel|documentary|series|album|play|poem|campaign|project|exercise|exercises|"
    r"operation|plan|initiative|doctrine|strategy|law|bill|act|titled|entitled|called|named|"
    r"dubbed|headlined|codenamed|code-named|brand|"
    r"газет\w*|журнал\w*|фильм\w*|книг\w*|песн\w*|доклад\w*|стать\w*|передач\w*|"
    r"телеканал\w*|канал\w*|под названием|назван\w*|операци\w*|издани\w*|программ\w*|"
    r"проект\w*|учени\w*|закон\w*|фільм\w*|книж\w*|пісн\w*|доповід\w*|статт\w*|програм\w*|"
    r"під назвою|операці\w*|видання|вестник\w*|филм\w*|книга\w*|песен\w*|доклад\w*|"
    r"статия\w*|предаване\w*|наречен\w*|jornal|revista|filme|livro|canção|relatório|artigo|"
    r"programa|canal|intitulad\w*|chamad\w*|operação|projeto|lei|"
    r"अखबार|फिल्म|किताब|रिपोर्ट|पुस्तक|गीत|कार्यक्रम|अभियान|ऑपरेशन|नामक"
)
#: Words before a quoted phrase that mark a scare quote or label.
SO_CALLED = (
    r"so-called|so called|self-styled|self-proclaimed|alleged|supposed|"
    r"так называем\w*|т\.\s?н\.|так зван\w*|т\.\s?зв\.|така наречен\w*|т\.\s?нар\.|"
    r"самопровозглашенн\w*|самопроголошен\w*|"
    r"chamad\w* de|suposto|suposta|pretenso|pretensa|autoproclamad\w*|तथाकथित"
)


@lru_cache(maxsize=16)
def cue_pattern(language: str) -> re.Pattern[str]:
    cues = SPEECH_CUES.get(language) or SPEECH_CUES["en"]
    return re.compile(
        rf"(?<![\w\u0900-\u097f-])(?:{cues})(?![\w\u0900-\u0963\u0966-\u097f-])",
        re.IGNORECASE,
    )


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


WORK_TITLE_BEFORE = re.compile(rf"(?<!\w)(?:{WORK_TITLES})\s*,?\s*(?:the\s+)?$", re.IGNORECASE)
SO_CALLED_BEFORE = re.compile(rf"(?<!\w)(?:{SO_CALLED})\s*$", re.IGNORECASE)
