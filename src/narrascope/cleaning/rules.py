"""Boilerplate rules: the scraping residue the cleaner removes, and why.

Each :class:`LineRule` recognises one kind of residue line in English, Russian, Ukrainian,
Bulgarian, Portuguese and Hindi. A rule only ever removes a *whole line*, and each is guarded by
a word limit (and, where a body sentence could start the same way, by requiring the line not to
read as a sentence), because losing a sentence of the article is worse than keeping a menu
item. The rule's ``reason`` is recorded with every removal so an analyst can audit it.

To add a rule, append to :data:`LINE_RULES`; order matters only for which reason is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrascope.lexicon.marks import CLOSING_QUOTES, DOUBLE_DANDA, OPENING_QUOTES, TERMINATORS

# Quotation marks and sentence ends (narrascope.lexicon.marks). The cleaner's quotation marks
# are the lexicon's less the single guillemets ‹ ›, plus the ASCII apostrophe: the sets it had
# before the lexicon was shared, kept so that the same lines are removed.
_OPENING_QUOTE = re.escape(OPENING_QUOTES.replace("‹", "") + "'")
_CLOSING_QUOTE = re.escape(CLOSING_QUOTES.replace("›", "") + "'")
_TERMINATOR = re.escape(TERMINATORS + DOUBLE_DANDA)


def _alternation(*phrases: str) -> str:
    """Regex alternation of literal phrases, tolerant of spacing, longest first."""
    parts = sorted({p.strip() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


@dataclass(frozen=True)
class LineRule:
    """A whole-line residue pattern.

    ``pattern`` is matched at the start of the normalised line (``fullmatch`` when
    ``whole_line``). ``max_words`` bounds the line length. With ``unless_sentence`` the rule
    does not fire on a line that ends like a sentence (``.``, ``!``, ``?``, ``।``) and has
    more than ``sentence_words`` words — that is how "See also the ministry's statement, which
    denied it." survives while "See also Ten facts about HIMARS" goes.
    """

    reason: str
    pattern: re.Pattern[str]
    max_words: int = 30
    whole_line: bool = False
    unless_sentence: bool = False
    sentence_words: int = 4
    #: The line introduces a block (e.g. "Related posts") whose following headline-like lines are
    #: residue of the same kind.
    opens_block: bool = False

    def matches(self, line: str, n_words: int) -> bool:
        if n_words > self.max_words:
            return False
        found = self.pattern.fullmatch(line) if self.whole_line else self.pattern.match(line)
        if not found:
            return False
        return not (
            self.unless_sentence and n_words > self.sentence_words and ends_like_sentence(line)
        )


_SENTENCE_END = re.compile(rf"[{_TERMINATOR}][{_CLOSING_QUOTE})\]]*$")


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _rule(
    reason: str,
    regex: str,
    *,
    max_words: int = 30,
    whole_line: bool = False,
    unless_sentence: bool = False,
    sentence_words: int = 4,
    case_sensitive: bool = False,
    opens_block: bool = False,
) -> LineRule:
    flags = 0 if case_sensitive else re.IGNORECASE
    return LineRule(
        reason=reason,
        pattern=re.compile(regex, flags),
        max_words=max_words,
        whole_line=whole_line,
        unless_sentence=unless_sentence,
        sentence_words=sentence_words,
        opens_block=opens_block,
    )


_UPPER = "A-ZА-ЯЁІЇЄҐ"
# End of a word; Python's \b treats Devanagari vowel signs as non-word characters.
_END = r"(?![\w\u0900-\u0963\u0966-\u097f])"
# Separator after a label: "See also:", "See also —", "See also >>", end of line, or a
# capitalised headline straight after the label ("See also Ten facts about HIMARS").
_SEP = (
    r"(?:\s*(?:[:：\-–—|»>›]+|\.{3}|…|$)|\s+(?=[" + _UPPER + "0-9" + _OPENING_QUOTE
    + r"\u0900-\u097f]))"
)
_BULLET = r"(?:[\W_]{0,3}\s*)"  # leading "►", ">>", "•", "[" …

_RELATED = _alternation(
    "see also", "read also", "also read", "read more", "read next", "related", "related posts",
    "related articles", "related stories", "related news", "related content", "more on this",
    "more on this story", "more from", "more news", "you may also like", "you might also like",
    "recommended", "recommended for you", "most read", "most popular", "popular posts",
    "trending", "trending now", "latest news", "latest posts", "top stories", "don't miss",
    "must read", "editor's picks", "more stories",
    # ru
    "читайте также", "читайте нас также", "смотрите также", "см. также", "по теме",
    "похожие новости", "похожие статьи", "похожие записи", "другие новости", "ещё по теме",
    "еще по теме", "читайте еще", "читайте ещё", "рекомендуем", "популярное", "последние новости",
    "это интересно", "главное за день", "новости по теме",
    # uk
    "читайте також", "дивіться також", "див. також", "по темі", "схожі новини", "інші новини",
    "також читайте", "рекомендуємо", "популярне", "останні новини", "новини за темою",
    # bg
    "прочетете още", "вижте още", "виж още", "още по темата", "свързани новини",
    "свързани статии", "още от", "препоръчано", "най-четени", "последни новини", "четете още",
    # pt
    "leia também", "leia mais", "veja também", "veja mais", "saiba mais", "notícias relacionadas",
    "artigos relacionados", "relacionados", "mais lidas", "recomendado", "você pode gostar",
    "mais notícias", "últimas notícias",
    # hi
    "यह भी पढ़ें", "ये भी पढ़ें", "इसे भी पढ़ें", "और पढ़ें", "संबंधित खबरें", "संबंधित ख़बरें",
    "सम्बंधित खबरें", "ताज़ा खबरें", "ताजा खबरें", "लोकप्रिय", "यह भी देखें",
)

_COMMENT_HEADERS = _alternation(
    "leave a reply", "leave a comment", "leave a reply cancel reply", "post a comment",
    "add a comment", "add comment", "write a comment", "comments", "join the discussion",
    "join the conversation", "what do you think?", "reader comments",
    "добавить комментарий", "оставить комментарий", "оставьте комментарий", "комментарии",
    "написать комментарий", "комментарии читателей", "обсуждение",
    "залишити коментар", "залиште коментар", "додати коментар", "коментарі", "написати коментар",
    "оставете коментар", "оставете отговор", "добави коментар", "коментари", "напишете коментар",
    "deixe um comentário", "deixe uma resposta", "deixe seu comentário", "comentários",
    "comente", "adicionar comentário",
    "प्रतिक्रिया दें", "टिप्पणी करें", "अपनी टिप्पणी दें", "टिप्पणियाँ", "कमेंट करें",
)

_COMMENT_FORM = _alternation(
    "cancel reply", "your email address will not be published",
    "your email address will not be published. required fields are marked *",
    "required fields are marked", "save my name, email, and website in this browser",
    "post comment", "submit comment", "comments are closed", "comments are closed.",
    "comment is closed", "you must be logged in to post a comment",
    "notify me of follow-up comments", "notify me of new posts", "notify me of new comments",
    "this site uses akismet to reduce spam", "be the first to comment",
    "no comments yet", "no comments", "log in to reply", "login to reply", "reply",
    "log in to comment", "sign in to comment", "to leave a comment",
    "ваш адрес email не будет опубликован", "ваш e-mail не будет опубликован",
    "обязательные поля помечены", "отменить ответ", "отправить комментарий",
    "комментарии закрыты", "комментарии отключены", "чтобы оставить комментарий",
    "войдите, чтобы оставить комментарий", "сохранить моё имя, email и адрес сайта",
    "ваша адреса електронної пошти не буде опублікована",
    "ваша e-mail адреса не оприлюднюватиметься", "обов'язкові поля позначені",
    "обов’язкові поля позначені", "скасувати відповідь", "надіслати коментар",
    "коментарі закриті", "коментування вимкнено",
    "вашият имейл адрес няма да бъде публикуван", "задължителните полета са отбелязани",
    "откажи отговора", "публикувай коментар", "коментарите са изключени",
    "коментарите са затворени",
    "o seu endereço de e-mail não será publicado", "seu endereço de e-mail não será publicado",
    "seu e-mail não será publicado", "campos obrigatórios são marcados",
    "cancelar resposta", "publicar comentário", "enviar comentário", "comentários encerrados",
    "os comentários estão encerrados",
    "आपका ईमेल पता प्रकाशित नहीं किया जाएगा", "आवश्यक फ़ील्ड चिह्नित हैं",
    "आवश्यक फील्ड चिह्नित हैं", "जवाब रद्द करें", "टिप्पणी पोस्ट करें", "टिप्पणियां बंद हैं",
)

_FORM_FIELD = _alternation(
    "comment", "name", "email", "e-mail", "website", "your name", "your email", "message",
    "комментарий", "имя", "сайт", "коментар", "ім'я", "ім’я", "сайт", "име", "уебсайт",
    "comentário", "nome", "site", "टिप्पणी", "नाम", "ईमेल", "वेबसाइट",
)

_SOURCE = _alternation(
    "source link", "source", "original source", "original article", "sources", "via",
    "источник", "первоисточник", "джерело", "източник", "fonte", "fonte original", "स्रोत",
)

_SITE_CHROME = _alternation(
    "site icon", "site logo", "site logo image", "logo", "exit mobile version",
    "skip to content", "skip to main content", "jump to content", "skip to navigation",
    "menu", "main menu", "open menu", "close menu", "toggle navigation", "navigation",
    "search", "search for:", "close", "home", "log in", "login", "sign in", "register",
    "sign up", "subscribe", "back to top", "scroll to top", "go to top", "loading...",
    "loading…", "advertisement", "advertisements", "sponsored", "sponsored content",
    "ad", "ads", "continue reading", "continue reading below", "story continues below",
    "story continues below advertisement", "article continues below",
    "click here", "click to enlarge", "enlarge", "view gallery", "watch video",
    "listen to this article", "listen", "play video", "video", "photo", "gallery",
    "we use cookies", "accept cookies", "accept all cookies", "cookie settings",
    "реклама", "меню", "поиск", "войти", "наверх", "загрузка...", "главная", "закрыть",
    "пошук", "увійти", "головна", "на головну", "закрити", "реклама", "нагору",
    "търсене", "вход", "начало", "затвори", "реклама",
    "publicidade", "pesquisar", "buscar", "entrar", "início", "fechar",
    "continua depois da publicidade",
    "continua após a publicidade", "विज्ञापन", "खोजें", "होम", "लॉग इन",
)

_COUNTERS = (
    r"(?:\d[\d\s.,]*\s*(?:views?|reads?|comments?|shares?|просмотр\w*|прочтени\w*|"
    r"комментари\w*|перегляд\w*|коментар\w*|прегледа|visualizações|comentários|व्यूज़?|"
    r"टिप्पणि\w*)|(?:views|просмотров|переглядів|прегледи|visualizações|comments?)\s*:?\s*\d[\d\s.,]*|"
    r"(?:reading time|время чтения|час читання|време за четене|tempo de leitura)\s*:?\s*\d+.*|"
    r"\d+\s*(?:min|mins|minutes?|мин\.?|минут\w*|хв\.?|хвилин\w*|мин\.?|минути|minutos?|मिनट)"
    r"\s*(?:read|чтения|читання|четене|de leitura|पढ़ें)?)"
)

_NAVIGATION = _alternation(
    "previous article", "next article", "previous post", "next post", "previous story",
    "next story", "previous", "next", "older post", "newer post", "older posts", "newer posts",
    "« previous", "next »", "previous page", "next page", "go back", "back",
    "предыдущая статья", "следующая статья", "предыдущая новость", "следующая новость",
    "предыдущая запись", "следующая запись", "назад", "вперед", "вперёд",
    "попередня стаття", "наступна стаття", "попередня новина", "наступна новина",
    "попередній запис", "наступний запис",
    "предишна статия", "следваща статия", "предишна новина", "следваща новина",
    "artigo anterior", "próximo artigo", "matéria anterior", "próxima matéria", "anterior",
    "próximo", "post anterior", "próximo post", "notícia anterior", "próxima notícia",
    "पिछला लेख", "अगला लेख", "पिछली खबर", "अगली खबर", "पिछला", "अगला",
)

_TAGS = _alternation(
    "tags", "tagged", "tagged with", "tagged as", "filed under", "categories", "category",
    "posted in", "topics", "topic", "keywords", "related topics", "related tags",
    "теги", "тэги", "метки", "рубрика", "рубрики", "ключевые слова", "темы",
    "мітки", "теги", "рубрика", "ключові слова", "теми",
    "тагове", "етикети", "ключови думи", "категория", "категории", "рубрика", "теми",
    "etiquetas", "tags", "tópicos", "palavras-chave", "categorias", "categoria", "assuntos",
    "टैग", "टैग्स", "श्रेणी", "विषय", "कीवर्ड",
)

_SHARE = _alternation(
    "share this", "share this:", "share this article", "share this story", "share this post",
    "share", "share on facebook", "share on twitter", "share on x", "share on whatsapp",
    "share on telegram", "share on linkedin", "share via email", "share via",
    "tweet", "print", "print this", "print this article", "print article", "email",
    "email this", "copy link", "copy url", "like this", "like this:", "like loading...",
    "like loading…", "like", "loading...", "click to share on", "click to print",
    "click to email a link to a friend", "opens in new window",
    "поделиться", "поделитесь", "поделиться в", "распечатать", "печать", "версия для печати",
    "поширити", "поділитися", "поширити в", "друкувати", "версія для друку",
    "сподели", "споделете", "сподели в", "принтирай", "печат",
    "compartilhe", "compartilhar", "compartilhe isso", "imprimir", "partilhe", "partilhar",
    "शेयर करें", "शेयर", "प्रिंट", "साझा करें",
)

_SHARE_VIA = r"on|via|in|to|в|во|у|на|no|na|em|pelo|pela|पर"
_SOCIAL = (
    r"facebook|twitter|x|whatsapp|telegram|vk|vkontakte|вконтакте|одноклассники|ok|"
    r"linkedin|reddit|pinterest|tumblr|email|e-mail|print|viber|messenger|mastodon|"
    r"threads|bluesky|flipboard|pocket|copy link|мой мир|livejournal|жж|instagram|youtube|"
    r"koo|sharechat|gab|truth social|rumble|social media|соцсет\w*|социальных сетях|"
    r"соцмереж\w*|соціальних мережах|социалните мрежи|redes sociais|सोशल मीडिया"
)

_PHOTO = _alternation(
    "photo", "photos", "photo credit", "photo credits", "photograph", "picture", "image",
    "images", "image source", "image credit", "credit", "credits", "pictured", "illustration",
    "video", "screenshot", "collage", "file photo", "main photo", "cover photo",
    "фото", "фото:", "фотография", "иллюстрация", "скриншот", "кадр", "коллаж", "видео",
    "фото ілюстративне", "ілюстрація", "відео", "снимка", "снимки", "илюстрация", "видео",
    "foto", "fotos", "imagem", "crédito", "créditos", "reprodução", "ilustração",
    "फोटो", "फ़ोटो", "तस्वीर", "चित्र", "छवि", "फोटो साभार", "वीडियो",
)

_LANGUAGE_NOTICE = (
    r"(?:(?:the |this )?(?:article|story|text|news|post|page) is (?:also )?(?:available )?in "
    r"\w+|(?:this )?(?:article|story|page) is also available in:?.*|also available in:?.*|"
    r"read (?:this|the article|it)? ?in \w+|(?:available|read) in (?:english|russian|ukrainian"
    r"|bulgarian|portuguese|hindi)|(?:original|translated) (?:article )?(?:from|in) \w+|"
    r"(?:статья|новость|материал) (?:доступна |доступен )?на \w+ языке|"
    r"(?:читать|читайте|прочитать|читати|читайте) (?:на )?(?:русском|украинском|английском|"
    r"українською|російською|англійською|русски|по-русски|по-украински|по-английски)\w*|"
    r"(?:версия|версія|версия) (?:на )?(?:русском|украинском|английском|українською|"
    r"російською|англійською)\w*|"
    r"(?:статтю|стаття|новина) (?:доступна )?(?:також )?(?:українською|російською|англійською)"
    r"(?: мовою)?|"
    r"(?:статията|прочетете) (?:е )?(?:на|още на) (?:английски|руски|украински)|"
    r"(?:leia|ler|artigo|notícia|matéria) (?:disponível )?(?:também )?em (?:inglês|russo|"
    r"ucraniano|português)|"
    r"(?:यह )?(?:लेख|खबर|ख़बर) (?:अंग्रेज़ी|अंग्रेजी|हिंदी|हिन्दी|रूसी) में (?:भी )?"
    r"(?:पढ़ें|उपलब्ध है)|(?:अंग्रेज़ी|अंग्रेजी|हिंदी|हिन्दी) में पढ़ें)"
)

_SUBSCRIBE = _alternation(
    "subscribe to", "subscribe now", "subscribe to our", "follow us on", "follow us",
    "follow our", "join us on", "join our", "sign up for our", "sign up to our",
    "get our newsletter", "our telegram channel", "support us", "support our",
    "donate", "become a patron", "download our app", "get the app",
    "подписывайтесь на", "подпишитесь на", "подписаться на", "присоединяйтесь к нам",
    "наш канал в", "наш telegram", "наш телеграм", "поддержите нас", "поддержать проект",
    "підписуйтесь на", "підпишіться на", "приєднуйтесь до", "наш канал у",
    "наш телеграм", "підтримайте нас",
    "абонирайте се за", "последвайте ни в", "последвайте ни", "последвай ни",
    "присъединете се към", "подкрепете ни",
    "inscreva-se", "inscreva-se no", "siga-nos", "siga o", "siga a", "acompanhe o", "assine",
    "apoie o", "receba as notícias", "entre no nosso canal", "entre no canal",
    "हमें फॉलो करें", "हमें फ़ॉलो करें", "सब्सक्राइब करें", "हमारे टेलीग्राम चैनल",
    "हमसे जुड़ें", "फॉलो करें",
)

_CHANNELS = (
    r"telegram|twitter|\bx\b|facebook|youtube|instagram|tiktok|vk\b|вконтакте|newsletter|"
    r"channel|канал|рассылк|розсилк|бюлетин|boletim|canal|whatsapp|viber|google news|дзен|"
    r"dzen|\bapp\b|приложени|застосунк|notifications|уведомлени|сповіщен|push|rss|e-?mail|"
    r"टेलीग्राम|चैनल|यूट्यूब|ट्विटर|फेसबुक|व्हाट्सएप|ऐप"
)

_COPYRIGHT = (
    r"(?:(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))|все права защищены|всі права захищені|"
    r"всички права запазени|"
    r"todos os direitos reservados|सर्वाधिकार सुरक्षित|all rights reserved)"
)

_NAME_WORD = r"[" + _UPPER + r"][\w.’'\-]*"
_BYLINE = (
    r"(?:By|BY|Posted by|Written by|Words by|Reporting by|Автор|АВТОР|Авторка|От|Por|POR)"
    r"\s*:?\s*" + _NAME_WORD + r"(?:\s+(?:" + _NAME_WORD + r"|and|и|і|e|da|de|dos|van|von))*"
    r"(?:\s*[|,•·–—-]\s*.{0,60})?|(?:लेखक|रिपोर्ट)\s*:\s*.{2,60}"
)

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]\w*|июн\w*|июл\w*|август\w*|сентябр\w*|"
    r"октябр\w*|ноябр\w*|декабр\w*|січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|"
    r"серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*|януари|февруари|април|юни|юли|септември|"
    r"октомври|ноември|декември|janeiro|fevereiro|março|abril|maio|junho|julho|agosto|"
    r"setembro|outubro|novembro|dezembro|जनवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|"
    r"अक्टूबर|नवंबर|दिसंबर"
)

_DATELINE = (
    r"(?:(?:published|updated|posted|last updated|опубликовано|обновлено|опубліковано|"
    r"оновлено|публикувано|обновено|publicado|atualizado|प्रकाशित|अपडेट(?:ेड)?)\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:" + _MONTHS + r")\.?,?\s+(?:de\s+)?\d{4}(?:\s*г\.?)?|"
    r"(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"(?:\s*(?:[,|•·–—-]|at|в|о|às|,)?\s*\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
    r"(?:\s*(?:utc|gmt|msk|мск|ist|cet|eet)[+-]?\d*)?)?"
)

_URL = r"(?:https?://|www\.)\S+|t\.me/\S+|pic\.twitter\.com/\S+"
_EMBED = r"—\s*.{1,80}\(@\w{1,30}\)\s+.{3,30}\d{4}"
_SEPARATOR = r"[\W_]+"  # only punctuation / symbols: "***", "———", "•"

#: Rules tried on every line, in order; the first match gives the removal reason.
LINE_RULES: tuple[LineRule, ...] = (
    _rule("separator", _SEPARATOR, whole_line=True, max_words=6),
    _rule("bare_url", _URL, whole_line=True, max_words=1),
    # A related-headline list goes whatever punctuation it carries: a quoted headline after
    # the label, or headlines run together with "/" or "|", ends like a sentence but is none.
    _rule(
        "related_link", _BULLET + r"(?:" + _RELATED + r")\s*[:：\-–—|»>›]*\s*["
        + _OPENING_QUOTE + r"].*", whole_line=True, max_words=45, opens_block=True,
    ),
    _rule(
        "related_link", _BULLET + r"(?:" + _RELATED + r")" + _SEP + r".*\S\s+[/|]\s+\S.*",
        whole_line=True, max_words=45, opens_block=True,
    ),
    _rule(
        "related_link", _BULLET + r"(?:" + _RELATED + r")" + _SEP + r".*",
        whole_line=True, max_words=30, unless_sentence=True, sentence_words=3, opens_block=True,
    ),
    _rule(
        "comment_form", _BULLET + r"(?:" + _COMMENT_HEADERS + r")\s*[:(]?\s*\d*\)?\s*$",
        whole_line=True, max_words=6, opens_block=True,
    ),
    _rule("comment_form", r"(?:" + _COMMENT_FORM + r")" + _END + r".*", max_words=40),
    _rule("comment_form", r"(?:" + _FORM_FIELD + r")\s*\*\s*$", whole_line=True, max_words=3,
          opens_block=True),
    _rule(
        "comment_form",
        r"\d+\s*(?:comments?|responses?|replies|комментари\w*|коментар\w*|comentários?|"
        r"टिप्पणि\w*)\s*$|(?:comments?|комментарии|коментарі|коментари|comentários)\s*\(\d+\)",
        whole_line=True, max_words=3,
    ),
    _rule(
        "source_link", r"(?:" + _SOURCE + r")" + _SEP + r".*", whole_line=True, max_words=8,
        unless_sentence=True, sentence_words=3,
    ),
    _rule("site_chrome", _BULLET + r"(?:" + _SITE_CHROME + r")\s*[:.!…]*", whole_line=True,
          max_words=8),
    _rule("site_chrome", _COUNTERS, whole_line=True, max_words=6),
    _rule(
        "site_chrome", r"(?:home|главная|головна|начало|início|होम)\s*[»>/|›]\s*.*",
        whole_line=True, max_words=15, unless_sentence=True, sentence_words=0,
    ),
    _rule("navigation", r"(?:PREV|NEXT|PREVIOUS|ПРЕД|СЛЕД)\b.*", case_sensitive=True,
          max_words=30, unless_sentence=True, sentence_words=3),
    _rule("site_chrome", r"(?:site icon|site logo(?: image)?)\b.*", max_words=12,
          unless_sentence=True, sentence_words=3),
    _rule(
        "navigation", _BULLET + r"(?:" + _NAVIGATION + r")" + _SEP + r".*", whole_line=True,
        max_words=25, unless_sentence=True, sentence_words=2,
    ),
    _rule(
        "tag_list", _BULLET + r"(?:" + _TAGS + r")\s*(?:[:：\-–—#]\s*.*|$)", whole_line=True,
        max_words=40, unless_sentence=True, sentence_words=2, opens_block=True,
    ),
    _rule("tag_list", r"(?:#[\w-]+[\s,]*){2,}", whole_line=True, max_words=25),
    _rule(
        "share_prompt",
        _BULLET + r"(?:" + _SHARE + r")" + _END + r"\s*[:\-–—]?\s*(?:" + _SHARE_VIA + r")?\s*"
        # "Share: Facebook | Telegram | VK": the networks may be listed
        r"(?:(?:" + _SOCIAL + r")(?:\s*[,|/•·]\s*(?:" + _SOCIAL + r"))*)?"
        r"(?:\s*\(opens in new window\))?\s*[:.…]*",
        whole_line=True, max_words=12,
    ),
    _rule("share_prompt", r"click to \w+.*\(opens in new window\)", whole_line=True,
          max_words=14),
    _rule(
        "share_prompt", r"(?:(?:" + _SOCIAL + r")\s*[,|/•·]?\s*)+", whole_line=True,
        max_words=14,
    ),
    _rule(
        "photo_credit", r"[(\[]?\s*(?:" + _PHOTO + r")\s*(?:by|credit|source)?\s*[:：/©|–—-]\s*"
        r".{0,120}?[)\]]?",
        whole_line=True, max_words=16, unless_sentence=True, sentence_words=9,
    ),
    _rule(
        "photo_credit", r"[(\[]\s*(?:photo|image|picture|фото|foto|फोटो)\b.{0,120}[)\]]\.?",
        whole_line=True, max_words=18,
    ),
    _rule(
        "photo_credit", r"(?:photo|photos|image|picture|pictures|foto|fotos)\s+(?:by|de|por)\s+"
        r"[" + _UPPER + r"].{1,100}",
        whole_line=True, max_words=14, unless_sentence=True, sentence_words=9,
    ),
    # A caption ends with its picture's credit: "… Sunday, March 3, 2024. (AP Photo/Libkos)",
    # "… near Bakhmut. REUTERS/Alina Smutko".
    _rule("caption", r".{10,400}[(\[]\s*(?:AP|AFP|EPA|Reuters|Getty|Photo|Image|Фото|Foto|"
          r"फोटो)\b[^)\]]{0,80}[)\]]\s*\.?", whole_line=True, max_words=70),
    _rule("caption", r".{10,400}\b(?:REUTERS|AFP|EPA|AP|ANADOLU|SPUTNIK|TASS|UKRINFORM|"
          r"GETTY IMAGES|РИА НОВОСТИ|ТАСС)\s*/\s*[\w .’'\-]{2,60}", whole_line=True,
          max_words=70, case_sensitive=True),
    _rule("photo_credit", r".{0,60}\b(?:via getty images|/ ?getty images|/ ?afp|/ ?reuters|"
          r"/ ?ap photo|/ ?epa|/ ?ria novosti|/ ?риа новости|/ ?тасс|/ ?sputnik)\s*\)?\.?",
          whole_line=True, max_words=14, unless_sentence=True, sentence_words=9),
    _rule("language_notice", _BULLET + _LANGUAGE_NOTICE + r"\s*[.!]?", whole_line=True,
          max_words=12),
    _rule(
        "subscription",
        _BULLET + r"(?:" + _SUBSCRIBE + r")" + _END + r"(?=.*(?:" + _CHANNELS + r")).*",
        whole_line=True, max_words=25,
    ),
    _rule("subscription", _BULLET + r"(?:" + _SUBSCRIBE + r")" + _END + r".*", whole_line=True,
          max_words=4),
    _rule(
        "subscription",
        r"(?=.*(?:" + _CHANNELS + r")).{0,60}(?:फॉलो|फ़ॉलो|सब्सक्राइब|ज्वाइन|जॉइन)\s*(?:करें|कीजिए|करे)"
        r".{0,30}|(?=.*(?:" + _CHANNELS + r")).{0,60}से\s+जुड़ें.{0,30}",
        whole_line=True, max_words=16,
    ),
    _rule("copyright", r".{0,80}" + _COPYRIGHT + r".{0,120}", whole_line=True, max_words=25),
    _rule("embed", _EMBED, whole_line=True, max_words=20),
    _rule("byline", _BYLINE + r"\s*", whole_line=True, max_words=12, unless_sentence=True,
          sentence_words=0, case_sensitive=True),
    _rule("dateline", _DATELINE + r"\s*", whole_line=True, max_words=8),
)
