"""Rule-based multilingual sentence splitter returning character offsets.

The splitter is tuned for cleaned news text in English, Russian, Ukrainian, Bulgarian,
Portuguese and Hindi: one paragraph per line, curly and guillemet quotes, abbreviations,
machine-translated sentences and scraped text with missing spaces after periods.

It is pure (no state, no I/O) and fast: each paragraph is scanned once for quote characters
and once for sentence terminators with precompiled regular expressions; the more expensive
checks (abbreviations, attributions) only run at candidate terminators.

Example:

>>> text = "Mr. Smith arrived in Kyiv. “Will we win?” he asked.\\nЭто тест. Всё."
>>> [text[s:e] for s, e in split_sentences(text, "en")]
['Mr. Smith arrived in Kyiv.', '“Will we win?” he asked.', 'Это тест.', 'Всё.']
"""

from __future__ import annotations

import regex

from narrascope.document import Document, Sentence
from narrascope.pipeline import register_stage

__all__ = ["SentenceStage", "split_sentences"]

# --------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------

_TERM_CHARS = ".!?…।॥"
#: Line breaks: a sentence never crosses one (the cleaned text uses "\n" between paragraphs).
_BREAK_RE = regex.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
#: A run of terminators, optionally with spaced dots (". . .") that are not glued to a word.
_TERM_RE = regex.compile(r"[.!?…।॥]+(?:[ \u00a0][.!?…]++(?![\p{L}\p{N}]))*")
#: Characters that take part in quote pairing.
_QUOTE_RE = regex.compile(r"[\"“”‘’«»„‹›]")
_QUOTE_OPENERS = frozenset('"“‘«„‹')
#: Characters that may close a quotation (used when extending a sentence past a terminator).
_QUOTE_CLOSERS = frozenset('"”’»›“‘')
_CLOSE_BRACKETS = frozenset(")]}")
#: Leading punctuation skipped when looking for the first word of the next sentence.
_SKIP_OPEN = frozenset("\"'“‘«„‹([{—–-‒―¿¡")
_DASHES = frozenset("—–-‒―")
_STRIP_OPEN = "\"'“‘«„‹([{—–-‒―¿¡"
_STRIP_CLOSE = "\"'”’»›“‘)]}"

#: Characters inside the rest of a glued token that reveal a URL, e-mail or file name.
_URL_TAIL_RE = regex.compile(r"[./@:=&_\\]")
_TAIL_STRIP = ".!?…,;:\"'”’»›“‘)]}"
#: Bounds that keep the scan linear on pathological input.
_MAX_TOKEN = 64
_MAX_QUOTE_DEPTH = 32
_WORD_RE = regex.compile(r"[\p{L}\p{M}]+")
_CHUNK_RE = regex.compile(r"\S+")
_ALNUM_RE = regex.compile(r"[\p{L}\p{N}]")
_DOTTED_RE = regex.compile(r"(?:\p{L}\.)+\p{L}")
_HEADING_RE = regex.compile(r"\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}")

# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------
# "Non-final" abbreviations never end a sentence (titles, "e.g.", "No.", months...).
# "Final" abbreviations may end one: they split only before a common sentence-starter word.
# Entries are stored without inner spaces ("и др." -> "идр.", "т. д." -> "т.д.").


def _parse(words: str) -> frozenset[str]:
    """Whitespace-separated words -> set."""
    return frozenset(words.split())


_COMMON_NONFINAL = "e.g. i.e. vs. cf."
_COMMON_FINAL = "etc. U.S. U.S.A. U.K. U.N. E.U. a.m. p.m."

_NONFINAL_WORDS: dict[str, str] = {
    "en": """
        Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Sgt. Cpl. Adm. Cmdr. Sen. Rep. Gov.
        Pres. Amb. Rev. Hon. St. Mt. Ft. No. Nos. approx. est. dept. Dept. Fig. fig. Vol. vol.
        Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Mon. Tue. Tues. Wed. Thu.
        Thur. Thurs. Fri. Sat. Sun. Ave. Blvd. Rd. p. pp. para. art. ch. ed. eds.
    """,
    "ru": """
        т.е. т.к. т.н. т.ч. им. ул. пр-т. просп. пер. пл. д. кв. обл. р-н. ст. с. см. напр.
        ген. полк. подполк. ген.-лейт. ген.-майор. проф. акад. д-р. доц. г-н. г-жа. рис. табл.
        вкл. т.о. тов. илл. гл. п. пп. ч. корр. ред. зам. нач. св.
    """,
    "uk": """
        т.зв. т.б. т.ч. ім. вул. пров. просп. пл. м. с. смт. обл. р-н. ст. див. напр. ген.
        полк. підполк. проф. акад. д-р. доц. п. пп. ч. кв. буд. заст. реч. св. пан. пані.
    """,
    "bg": """
        т.е. т.к. т.нар. т.ч. ул. бул. пл. обл. гр. с. ст. вж. напр. ген. полк. проф. акад.
        д-р. доц. г-н. г-жа. им. кв. ж.к. бл. ап. ал. чл. п. стр. зам. св.
    """,
    "pt": """
        Sr. Sra. Srs. Sras. Dr. Dra. Drs. Prof. Profa. Gen. Cel. Ten. Cap. Maj. Sgt. Alm.
        Exmo. Exma. Sto. Sta. Pe. p. pp. pág. págs. p.ex. nº. n. núm. Av. av. R. séc. aprox.
        art. cap. ex. fl. vol. Fig. fig. ed. V.Exa. S.Exa.
    """,
    "hi": "डॉ. प्रो. श्री. श्रीमती. सु. कु. मो.",
}

_FINAL_WORDS: dict[str, str] = {
    "en": "Inc. Ltd. Co. Corp. Bros. Jr. Sr. Ph.D. B.C. A.D. U.S.S.R. Esq.",
    "ru": """
        т.д. т.п. и.т.д. идр. ипр. др. пр. г. гг. в. вв. руб. коп. млн. млрд. трлн. тыс. чел.
        долл. кв.м. км. мин. сек. ч. ед. экз. шт.
    """,
    "uk": """
        т.д. т.п. ін. іін. р. рр. ст. грн. коп. тис. млн. млрд. трлн. дол. км. год. хв. сек.
        шт. ос.
    """,
    "bg": """
        т.н. идр. др. г. гг. в. вв. лв. ст. хил. млн. млрд. трлн. км. ч. мин. дол. щ.д.
    """,
    "pt": "etc. Ltda. S.A. Jr. Cia. km. h. min. mil. bi. mi. tri. a.C. d.C.",
    "hi": "रु. ई. ई.पू. कि.मी. लि.",
}

#: Capitalised words that commonly start a sentence (used after "final" abbreviations).
_STARTERS = _parse(
    """
    The This That These Those He She It They We I You In On At By For From With After Before
    But And Or So Yet However Meanwhile Also Still Then There Here His Her Its Their Our My
    Some Many Most Several Both Each Every No When While Although Though If Since As A An
    According Earlier Later Last Next Today Yesterday On Other Such What Why How Who Where
    Он Она Оно Они Мы Я Вы Это Этот Эта Эти Тот Та То Те В Во На Но А И По При После Как
    Также Однако Кроме Так Там Тогда Его Ее Её Их С Со К Ко Для Из От До За Об О Уже Ранее
    Позже Сейчас Сегодня Вчера Здесь Когда Если Хотя Между Среди Всего Всё Все Еще Ещё
    Він Вона Воно Вони Ми Це Цей Ця Ці Той Та У Але Й І Після Також Проте Однак Його Її Їх Тоді
    З Із Зі До Для Від Вже Раніше Пізніше Зараз Сьогодні Вчора Тут Там Коли Якщо Хоча Крім
    Тя Те Ние Вие Това Тази Този Тези Но След Според Също Обаче Като Със От При Днес Вчера
    Когато Ако Въпреки Така Тогава Вече Преди Има Няма
    O A Os As Ele Ela Eles Elas Isso Isto Este Esta Esse Essa Em No Na Nos Nas Mas E Um Uma
    Segundo De Do Da Depois Antes Também Porém Entretanto Contudo Para Com Por Não Já Hoje
    Ontem Quando Se Apesar Ainda Além Até Desde Nesta Neste Nessa Nesse
    यह वह इस उस ये वे इसके उसके लेकिन हालांकि हालाँकि इसी वहीं उन्होंने भारत रूस
    """
)

_SPEECH_VERBS = _parse(
    """
    said says say added adds stated states told tells asked asks warned warns noted notes
    insisted insists argued argues recalled recalls explained explains replied replies wrote
    writes declared declares claimed claims announced announces continued stressed stresses
    emphasised emphasized emphasises emphasizes concluded admitted admits confirmed confirms
    urged urges acknowledged tweeted posted responded remarked observed suggested cautioned
    vowed promised pledged predicted complained shouted whispered answered commented reported
    сказал сказала сказали заявил заявила заявили добавил добавила добавили отметил отметила
    отметили подчеркнул подчеркнула подчеркнули сообщил сообщила сообщили пояснил пояснила
    пояснили написал написала написали спросил спросила спросили ответил ответила ответили
    уточнил уточнила уточнили признал признала признали предупредил предупредила
    предупредили указал указала указали говорит говорят говорил говорила говорили заявляет
    заявляют считает подчеркивает подчёркивает отмечает сказав заявив отметив добавив
    подчеркнув пояснив уточнив
    сказав сказала сказали заявив заявила заявили додав додала додали зазначив зазначила
    зазначили наголосив наголосила наголосили повідомив повідомила повідомили підкреслив
    підкреслила підкреслили пояснив пояснила пояснили написав написала написали запитав
    запитала запитали спитав спитала відповів відповіла відповіли попередив попередила
    попередили каже кажуть вважає заявляє наголошує зазначає сказавши заявивши додавши
    каза казаха заяви заявиха добави добавиха отбеляза отбелязаха подчерта подчертаха посочи
    посочиха обясни обясниха написа попита отговори съобщи съобщиха предупреди допълни
    казва казват заявява коментира уточни призна
    disse disseram afirmou afirmaram declarou declararam acrescentou acrescentaram destacou
    ressaltou explicou perguntou respondeu escreveu alertou sublinhou observou garantiu
    comentou completou frisou avisou diz dizem afirma declara questionou lembrou concluiu
    argumentou insistiu contou informou
    कहा कहना कहते कहती बताया बताते बताती पूछा जोड़ा जोड़ा लिखा बोले बोला बोली बोलीं चेताया
    जताया
    """
)


_LANGS = ("en", "ru", "uk", "bg", "pt", "hi")
_ABBREVS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    lang: (
        _parse(_COMMON_NONFINAL + " " + _NONFINAL_WORDS[lang]),
        _parse(_COMMON_FINAL + " " + _FINAL_WORDS[lang]) - _parse(_NONFINAL_WORDS[lang]),
    )
    for lang in _LANGS
}
_ALL_NONFINAL = frozenset().union(*(nf for nf, _ in _ABBREVS.values()))
_ABBREVS["und"] = (
    _ALL_NONFINAL,
    frozenset().union(*(f for _, f in _ABBREVS.values())) - _ALL_NONFINAL,
)

# Classification of the token before a period.
_NORMAL, _NONFINAL, _FINAL = 0, 1, 2


def _abbrev_sets(language: str | None) -> tuple[frozenset[str], frozenset[str]]:
    if not language:
        return _ABBREVS["und"]
    code = language.replace("_", "-").split("-", 1)[0].lower()
    return _ABBREVS.get(code, _ABBREVS["und"])


# --------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------


def _find_open(stack: list[tuple[int, str]], chars: str) -> int:
    """Index of the innermost opener in `stack` whose character is in `chars`, else -1."""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][1] in chars:
            return k
    return -1


def _quote_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matched (open, close) quote positions in text[start:end] (one paragraph)."""
    stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int]] = []
    for m in _QUOTE_RE.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch == '"':
            k = _find_open(stack, '"')
            if k < 0 and i > start and text[i - 1].isdigit():
                continue  # inch / seconds mark: 6'2", 12"
        elif ch == "”":
            k = _find_open(stack, "“„")
        elif ch == "“":
            # “ closes „ (Ukrainian/Bulgarian/German style); it closes a “ only when it looks
            # like a closer (glued to the previous word, followed by space or punctuation).
            k = _find_open(stack, "„")
            if (
                k < 0
                and i > start
                and not text[i - 1].isspace()
                and (i + 1 == end or text[i + 1].isspace() or text[i + 1] in ",.;:!?…)—–")
            ):
                k = _find_open(stack, "“")
        elif ch in "’‘":
            if i > start and i + 1 < end and text[i - 1].isalpha() and text[i + 1].isalpha():
                continue  # apostrophe inside a word: Ukraine’s, п’ять
            k = _find_open(stack, "‘") if ch == "’" else -1
        elif ch == "»":
            k = _find_open(stack, "«")
        elif ch == "›":
            k = _find_open(stack, "‹")
        else:
            k = -1
        if k >= 0:
            pairs.append((stack[k][0], i))
            del stack[k:]
        elif ch in _QUOTE_OPENERS:
            if len(stack) >= _MAX_QUOTE_DEPTH:
                del stack[0]  # pathological input: forget the oldest unmatched opener
            stack.append((i, ch))
    return pairs


def _merge(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Outermost quote spans, sorted."""
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for o, c in pairs:
        if merged and o < merged[-1][1]:
            if c > merged[-1][1]:
                merged[-1] = (merged[-1][0], c)
        else:
            merged.append((o, c))
    return merged


# --------------------------------------------------------------------------------------------
# Token classification
# --------------------------------------------------------------------------------------------


def _lookup(key: str, nonfinal: frozenset[str], final: frozenset[str]) -> int:
    if key in nonfinal:
        return _NONFINAL
    if key in final:
        return _FINAL
    return _NORMAL


def _classify(
    text: str,
    ps: int,
    p: int,
    nonfinal: frozenset[str],
    final: frozenset[str],
) -> int:
    """Classify the token that ends with the period at `p` (paragraph starts at `ps`)."""
    lo = max(ps, p - _MAX_TOKEN)
    ts = p
    while ts > lo and not text[ts - 1].isspace():
        ts -= 1
    raw = text[ts:p]
    tok = raw.lstrip(_STRIP_OPEN)
    if not tok or (ts == lo and lo > ps and not text[ts - 1].isspace()):
        return _NORMAL  # nothing before the period, or a very long token (not an abbreviation)
    if len(tok) <= 4 and ts > ps:
        # Multi-token abbreviations written with spaces: "и др.", "т. д.", "p. ex.".
        lo = max(ps, ts - 16)
        j = ts - 1
        while j > lo and text[j - 1].isspace():
            j -= 1
        k = j
        while k > lo and not text[k - 1].isspace():
            k -= 1
        prev = text[k:j].lstrip(_STRIP_OPEN)
        if prev and len(prev) <= 4:
            kind = _lookup(prev + tok + ".", nonfinal, final)
            if kind:
                return kind
    kind = _lookup(tok + ".", nonfinal, final)
    if kind:
        return kind
    first = tok[0]
    if len(tok) == 1 and first.isupper():
        return _NONFINAL  # initial: J. Smith, В. Путин
    if first.isupper():
        kind = _lookup(tok.lower() + ".", nonfinal, final)
        if kind:
            return kind
    if _DOTTED_RE.fullmatch(tok):
        return _FINAL  # unknown dotted abbreviation: U.S.A., А.Б. (initials) ...
    if ts == ps and _HEADING_RE.fullmatch(raw):
        return _NONFINAL  # numbered heading at the start of a line: "1. Introduction"
    return _NORMAL


def _is_known_abbrev(tok: str, nonfinal: frozenset[str], final: frozenset[str]) -> bool:
    key = tok + "."
    return key in nonfinal or key in final or key.lower() in nonfinal or key.lower() in final


def _next_word_start(text: str, q: int, pe: int) -> int:
    while q < pe and (text[q] in _SKIP_OPEN or text[q].isspace()):
        q += 1
    return q


def _is_attribution(
    text: str, q: int, pe: int, nonfinal: frozenset[str], final: frozenset[str]
) -> bool:
    """Whether text[q:] (after a quotation ending in a terminator) continues the sentence."""
    c = text[q]
    if c in _DASHES or c.islower():
        return True
    if c in _QUOTE_OPENERS:
        return False  # a new quotation starts
    found = False
    count = 0
    for m in _CHUNK_RE.finditer(text, q, pe):
        count += 1
        if count > 6:
            return False
        w = m.group()
        wm = _WORD_RE.search(w)
        if wm is not None and wm.group() in _SPEECH_VERBS:
            found = True
        core = w.rstrip(_STRIP_CLOSE)
        if not core:
            continue
        last = core[-1]
        if last in ",;:":
            break  # end of the clause: "Zelensky said, adding ..."
        if last in _TERM_CHARS:
            stem = core.rstrip(_TERM_CHARS)
            if (
                last == "."
                and core[-2:-1] != "."
                and ((len(stem) == 1 and stem.isupper()) or _is_known_abbrev(stem, nonfinal, final))
            ):
                continue  # "Gen. Zaluzhny said."
            break
    return found


# --------------------------------------------------------------------------------------------
# Splitter
# --------------------------------------------------------------------------------------------


def _split_paragraph(
    text: str,
    ps: int,
    pe: int,
    nonfinal: frozenset[str],
    final: frozenset[str],
    out: list[tuple[int, int]],
) -> None:
    """Append the sentences of the paragraph text[ps:pe] (no newline inside) to `out`."""
    while ps < pe and text[ps].isspace():
        ps += 1
    while pe > ps and text[pe - 1].isspace():
        pe -= 1
    if ps == pe:
        return

    pairs = _quote_pairs(text, ps, pe)
    if pairs:
        closers = {c for _, c in pairs}
        openers = {o for o, _ in pairs}
        spans = _merge(pairs)
    else:
        closers = openers = set()
        spans = []
    n_spans = len(spans)
    iv = 0

    seg = ps  # start of the current sentence
    has_word = False  # whether text[seg:] already has a letter/digit before the candidate
    word_scan = ps  # text[seg:word_scan] is known to have no letter/digit
    consumed = ps
    for m in _TERM_RE.finditer(text, ps, pe):
        p = m.start()
        if p < consumed:
            continue
        run = m.group()
        e = m.end()

        # Extend over closing brackets / quotes (and terminators after them): `win.”`, `?!")`.
        quoted = False
        while e < pe:
            c = text[e]
            if c in _CLOSE_BRACKETS or c in _TERM_CHARS:
                e += 1
            elif c in _QUOTE_CLOSERS and (
                e in closers
                or (
                    e not in openers
                    and (
                        e + 1 == pe
                        or text[e + 1].isspace()
                        or text[e + 1] in _TERM_CHARS
                        or text[e + 1] in _CLOSE_BRACKETS
                    )
                )
            ):
                quoted = True
                e += 1
            else:
                break
        consumed = e
        if e >= pe:
            break  # end of paragraph

        # Never split inside a quotation closed in this paragraph.
        while iv < n_spans and spans[iv][1] < p:
            iv += 1
        if iv < n_spans and spans[iv][0] < p and e <= spans[iv][1]:
            continue

        # No sentence made only of punctuation ("…" at a line start, "(...)").
        if not has_word:
            if _ALNUM_RE.search(text, word_scan, p) is None:
                word_scan = p
                continue
            has_word = True
        if text[p - 1] in "([":
            continue

        if not text[e].isspace():
            # Glued to the next character: decimals, dates, domains, "U.S.", or a missing
            # space after a sentence ("the attack.The ministry said").
            if "।" in run or "॥" in run:
                pass
            elif not (
                text[p - 1].islower() and text[e].isupper() and e + 1 < pe and text[e + 1].isalpha()
            ):
                continue
            else:
                lo = max(ps, p - _MAX_TOKEN)
                ts = p
                while ts > lo and not text[ts - 1].isspace():
                    ts -= 1
                if _is_known_abbrev(text[ts:p].lstrip(_STRIP_OPEN), nonfinal, final):
                    continue
                hi = min(pe, e + _MAX_TOKEN)
                te = e
                while te < hi and not text[te].isspace():
                    te += 1
                if te == hi < pe:
                    continue  # a very long glued token: not prose
                tail = text[e:te].rstrip(_TAIL_STRIP)
                if _URL_TAIL_RE.search(tail) is not None:
                    continue  # www.Kremlin.ru, Ivan.Petrov@mail.ru, report.Final.pdf
            out.append((seg, e))
            seg = word_scan = e
            has_word = False
            continue

        q = e + 1
        while text[q].isspace():  # pe is trimmed, so a non-space character follows
            q += 1
        if quoted:
            if _is_attribution(text, q, pe, nonfinal, final):
                continue
        else:
            k = _next_word_start(text, q, pe)
            if k < pe and text[k].islower():
                continue  # "etc. and", "… and then", "Sen. smith"
            if run == ".":
                kind = _classify(text, ps, p, nonfinal, final)
                if kind == _NONFINAL:
                    continue
                if kind == _FINAL:
                    wm = _WORD_RE.match(text, k, pe)
                    if wm is None or wm.group() not in _STARTERS:
                        continue
        out.append((seg, e))
        seg = word_scan = q
        has_word = False
    out.append((seg, pe))


def split_sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Return (start, end) character offsets (end exclusive) of the sentences in `text`.

    Offsets exclude leading/trailing whitespace of each sentence; sentences never cross a
    paragraph break (a newline: the cleaned text has one paragraph per line, paragraphs
    separated by '\\n' or '\\n\\n'; other line breaks such as '\\r' or U+2029 also end a
    sentence); every non-whitespace character of `text` belongs to exactly one sentence;
    sentences are in order and do not overlap. Whitespace is what `str.isspace` says.

    `language` is an ISO 639-1 code ('en', 'ru', 'uk', 'bg', 'pt', 'hi'; region suffixes such
    as 'pt-BR' are accepted); None, 'und' or an unknown code use the union of all abbreviation
    lists.

    Example:

    >>> text = 'Gen. Syrskyi arrived at 9 a.m. on Friday. "Will we hold?" he asked.\\n\\nДа.'
    >>> split_sentences(text, "en")
    [(0, 41), (42, 67), (69, 72)]
    >>> [text[s:e] for s, e in split_sentences(text, "en")]
    ['Gen. Syrskyi arrived at 9 a.m. on Friday.', '"Will we hold?" he asked.', 'Да.']
    """
    out: list[tuple[int, int]] = []
    if not text:
        return out
    nonfinal, final = _abbrev_sets(language)
    ps = 0
    for m in _BREAK_RE.finditer(text):
        pe = m.start()
        if pe > ps:
            _split_paragraph(text, ps, pe, nonfinal, final, out)
        ps = pe + 1
    if ps < len(text):
        _split_paragraph(text, ps, len(text), nonfinal, final, out)
    return out


@register_stage("sentences")
class SentenceStage:
    """Pipeline stage: fills ``doc.sentences`` with offsets into ``doc.text``."""

    def __call__(self, doc: Document) -> Document:
        doc.sentences = [
            Sentence(start, end) for start, end in split_sentences(doc.text, doc.language)
        ]
        return doc
