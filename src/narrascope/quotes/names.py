"""Names the entities stage did not link, found where a speaker may stand.

The entity recogniser misses many people quoted only once ("the climatologist Friederike
Otto", "геологът Методи Кирилов"), and the cue's nearest candidate is then a place or an
organisation in the same clause ("… from Belgrade considers that …"), which is worse than no
speaker. For the languages that write names with capitals, a run of two to four capitalised
words that the article never writes in lower case is taken for a name; titles in front of it
are dropped ("Defence Minister Anna Nowak" is Anna Nowak), and so is the first word of a
sentence when three or more are capitalised ("Доброволецът Андрий Мороз"). A later mention of
the surname alone joins the same name, so that a pronoun or "the analyst" can point back to
it. These entities live in the quotes stage only; ``doc.entities`` is not changed.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence

from narrascope.annotations import Entity, Mention
from narrascope.document import spans_overlap
from narrascope.entities.names import close_keys, id_slug, name_key
from narrascope.entities.titles import TITLE_PATTERN
from narrascope.lexicon.descriptions import PERSON_NOUNS

__all__ = ["HI_TITLES", "PERSON_APPOSITIVE", "PREPOSITION_BEFORE", "misread_people",
           "unlinked_names"]

#: Languages whose names start with a capital (Devanagari has no case).
_CASED = {"en", "ru", "uk", "bg", "pt"}
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
#: Lower-case particles inside a name: "Luiz Inácio da Silva", "Ursula von der Leyen".
_PARTICLES = {"da", "de", "do", "dos", "das", "von", "der", "van", "den", "bin", "al", "la", "le"}
#: A name's last word that makes it an organisation ("Resolution Foundation").
_ORG_WORDS = re.compile(
    r"(?i)^(?:foundation|institute|university|club|council|party|group|agency|service|cent(?:er|re)|"
    r"project|association|union|bank|company|fund|network|mission|committee|commission|"
    r"ministry|office|forum|academy|society|school|observatory|corporation|league|court|"
    r"институт|інститут|университет|університет|фонд|партия|партія|агенция|агентство|центр|център|instituto|universidade|fundação|partido|"
    r"agência|associação|observatório|centro|conselho|comissão)$"
)

#: A preposition (and article) right before a run of capitals: the run names a place or a
#: body the clause mentions, not a subject.
PREPOSITION_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])(?:of|from|at|in|on|to|for|with|into|near|de|da|do|dos|das|em|no|na|"
    r"nos|nas|ao|à|aos|às|pelo|pela|para|com|в|во|из|с|со|у|на|по|до|от|к|при|за|від|з|із|"
    r"към|след|през)\s+(?:(?:the|o|a|os|as)\s+)?$"
)
#: Cyrillic adjective endings that names (nominative) do not have.
_ADJECTIVE_ENDING = re.compile(
    r"(?i)(?:ської|ського|ському|ських|ской|ского|ских|ная|ной|ного|ної|ого|ому|ими|ыми|ые|"
    r"ых|ата|ото|ите|ския|ската|ското|ските)$"
)


def unlinked_names(text: str, language: str, sentences: Sequence[tuple[int, int]],
                   taken: Sequence[tuple[int, int]]) -> list[Entity]:
    """Entities (type PERSON, or ORG by their last word) for the names in ``text`` that no
    span of ``taken`` (the linked mentions) covers."""
    if language == "hi":
        return _hindi_names(text, taken)
    if language not in _CASED:
        return []
    lowered = {w.lower() for w in _WORD.findall(text) if w[0].islower()}
    starts = {s for s, _e in sentences}
    entities: dict[str, Entity] = {}
    names: list[tuple[int, int]] = []
    if language == "en":
        for entity in _organisations(text, taken):
            entity = entities.setdefault(name_key(entity.name), entity)
            names.extend((m.start, m.end) for m in entity.mentions)
        taken = [*taken, *names]
    runs = _runs(text, lowered)
    if language != "en":
        runs = [part for run in runs for part in _by_script(run)]
    for run in runs:
        start, words = run[0][0], run
        if start in starts or _after_break(text, start) or PREPOSITION_BEFORE.search(
                text, max(0, start - 12), start):
            # A sentence's first word has its capital anyway ("Former", "Доброволецът");
            # after a preposition the first word is a place's or a body's ("University of
            # Reading Ed Hawkins", "da Câmara de Sines").
            words = words[1:]
        # A linked place or body right before the name is its owner, not part of it
        # ("Міністр … України Микола Сольський", "the Kremlin's Dmitry Peskov").
        while words and spans_overlap((words[0][0], words[0][1]), taken):
            words = words[1:]
        linked = [i for i, (s, e, _w) in enumerate(words) if spans_overlap((s, e), taken)]
        if linked and language != "en":
            # "Ради Європи Ален Берсе": the body's place is linked, the person after it is not
            words = words[linked[-1] + 1 :]
        titled = [i for i, (_s, _e, w) in enumerate(words) if TITLE_PATTERN.fullmatch(w)]
        if titled:
            words = words[titled[-1] + 1 :]
        while words and words[-1][2].lower() in _PARTICLES:
            words = words[:-1]
        if not 2 <= len(words) <= 4 or words[0][2].lower() in _PARTICLES:
            continue
        if any(_ADJECTIVE_ENDING.search(w) for _s, _e, w in words):
            continue  # "Великої Вітчизняної": adjectives of a proper noun, not a name
        s, e = words[0][0], words[-1][1]
        if spans_overlap((s, e), taken):
            continue
        name = text[s:e]
        kind = "ORG" if _ORG_WORDS.match(words[-1][2]) or (
            language != "en" and _QUOTED_NAME.match(text[s - 1 : e + 1])) else "PERSON"
        key = name_key(name)
        entity = entities.get(key)
        if entity is None:
            prefix = "org" if kind == "ORG" else "person"
            # A full name is the same person in every article, as the entities stage's ids
            # are, so that a speaker's quotes can be gathered across the corpus.
            entity = entities[key] = Entity(f"{prefix}/{id_slug(name)}", name, kind, "quotes")
        entity.mentions.append(Mention(s, e, name, "name"))
        names.append((s, e))
    _surnames(text, list(entities.values()), [*taken, *names])
    return list(entities.values())


#: The head noun of a body's name: "the General Staff", "the Kyiv City Military
#: Administration", "the Coordination Headquarters for the Treatment of Prisoners of War".
_ORG_HEADS = (
    r"Headquarters|Staff|Service|Services|Project|Monitor|Institute|Administration|Council|"
    r"Command|Ministry|Directorate|Bureau|Inspectorate|Office|Committee|Commission|Agency|"
    r"Department|Centre|Center|Police|Guard|Prosecutor's Office|Authority|Watch|Observatory|"
    r"Foundation|Fund|Network|Group|Mission|Forces|Army|Navy|Court|Parliament|Government|"
    r"Operator|Company|Corporation|Union|Association|Laboratory|Lab|Bank|Coalition|"
    r"Initiative|Secretariat|Programme|Program"
)
#: A capitalised word, or an abbreviation with full stops ("U.S.").
_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'&-]*)"
#: "the", then capitalised words ending in an organisation noun ("and" may join two: "the
#: U.S. National Snow and Ice Data Center"), and its complement of capitalised words ("…
#: for the Treatment of Prisoners of War").
_ORG_NAME = re.compile(
    rf"(?<![\w’'])[Tt]he\s+(?P<name>(?:{_CAP}\s+(?:and\s+(?=[A-Z]))?){{0,6}}"
    rf"(?:{_ORG_HEADS})(?![\w’'-])"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?{_CAP})*)?)"
)


#: A name inside quotation marks ("«Енергоатом»", "„Булгартрансгаз“"): outside English that is
#: how companies, papers and units are written, never people.
_QUOTED_NAME = re.compile(r"[«„“\"][^«»„“”\"]+[»“”\"]$")


def _organisations(text: str, taken: Sequence[tuple[int, int]]) -> list[Entity]:
    """Bodies named with "the" and capitalised words up to an organisation noun, which the
    recogniser left out or cut short ("Staff" of "the General Staff"). Their words may be
    common words written in lower case elsewhere ("military"), unlike a person's name. A span
    the recogniser already linked as a whole is left to it; a place it linked at the front
    ("the Kyiv City Military Administration") belongs to the longer name."""
    found: dict[str, Entity] = {}
    for match in _ORG_NAME.finditer(text):
        s, e = match.span("name")
        name = match.group("name")
        if len(name.split()) < 2 or any(ts <= s and e <= te for ts, te in taken):
            continue
        if any(s < ts < e < te for ts, te in taken):
            continue  # a linked name runs on past this one
        key = name_key(name)
        entity = found.get(key)
        if entity is None:
            entity = found[key] = Entity(f"org/{id_slug(name)}", name, "ORG", "quotes")
        entity.mentions.append(Mention(s, e, name, "name"))
    return list(found.values())


#: Devanagari has no capitals: a name is told by the title before it ("मुख्यमंत्री हिमंत
#: बिस्वा सरमा ने", "डॉ. एस. अनिलकुमार के अनुसार") and the postposition after it.
HI_TITLES = (
    r"डॉ\.|प्रो\.|प्रोफ़ेसर|प्रोफेसर|श्री|श्रीमती|मुख्यमंत्री|प्रधानमंत्री|उपमंत्री|मंत्री|"
    r"राष्ट्रपति|उपराष्ट्रपति|प्रवक्ता|राजदूत|जनरल|निदेशक|अध्यक्ष|मेयर|गवर्नर|राज्यपाल|"
    r"चांसलर|महासचिव|सचिव|कर्नल|सांसद|विशेषज्ञ|वैज्ञानिक|विज्ञानी|अर्थशास्त्री|विश्लेषक|"
    r"सलाहकार|प्राध्यापक|शोधकर्ता|वार्ताकार|कमांडर"
)
#: Postpositions and function words: where a name ends, and what is never part of one.
_HI_FUNCTION = r"ने|के|का|की|को|से|में|पर|और|या|तथा|जो|जिनका|जिनके|जिन्होंने|भी|ही|तो|कहा|कहते"
#: Common nouns that follow a title without being a name ("विशेषज्ञ समिति", "मंत्री स्तर").
_HI_NOT_NAMES = {"समिति", "परिषद", "आयोग", "मंडल", "दल", "स्तर", "पद", "कार्यालय", "विभाग",
                 "मंत्रालय", "सरकार", "संस्थान", "बैंक", "संघ", "टीम", "समूह", "देश", "देशों",
                 "राज्य", "शहर", "शहरों", "क्षेत्र", "लोग", "लोगों", "बैठक", "सम्मेलन", "पहले",
                 "स्तरीय", "रहे", "रह", "थे", "हैं", "है", "बने", "बनाए", "खुद", "स्वयं"}
_HI_WORD = r"[\u0900-\u097f]+\.?"
_HI_NAME = re.compile(
    rf"(?<![\u0900-\u097f])(?:{HI_TITLES})\s+"
    rf"(?P<name>(?:(?!(?:{_HI_FUNCTION})(?![\u0900-\u097f])){_HI_WORD}\s+){{0,2}}"
    rf"(?!(?:{_HI_FUNCTION})(?![\u0900-\u097f]))[\u0900-\u097f]+)"
    rf"(?=\s*(?:,|\(|(?:ने|के|का|की|को|से|पहले|भी|ही|कह)(?![\u0900-\u097f])))"
)


_HI_TITLE_AT = re.compile(rf"(?:{HI_TITLES})\s+")


def _hindi_names(text: str, taken: Sequence[tuple[int, int]]) -> list[Entity]:
    """People named after a title in Hindi text that no linked mention covers, and later
    mentions of their surname before a postposition ("सरमा ने")."""
    entities: dict[str, Entity] = {}
    names: list[tuple[int, int]] = []
    for match in _HI_NAME.finditer(text):
        s, e = match.span("name")
        while (title := _HI_TITLE_AT.match(text, s, e)) is not None:
            s = title.end()  # "प्राध्यापक डॉ. अमिताभ सिन्हा": titles one after another
        words = text[s:e].split()
        if not words or spans_overlap((s, e), taken) or any(w in _HI_NOT_NAMES for w in words):
            continue
        if len(words) == 1 and not re.search(r"(?:डॉ\.|प्रो\.|श्री|मंत्री)\s*$",
                                             text[match.start() : s]):
            continue  # "प्रवक्ता X": one word after most titles is as often a common noun
        name = text[s:e]
        entity = entities.get(name)
        if entity is None:
            entity = entities[name] = Entity(f"person/{id_slug(name)}", name, "PERSON", "quotes")
        entity.mentions.append(Mention(s, e, name, "name"))
        names.append((s, e))
    by_surname: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities.values():
        if len(entity.name.split()) >= 2:
            by_surname[entity.name.split()[-1]].append(entity)
    # sorted once: an article of thousands of "X ने" must not rescan every span for each
    spans = sorted([*taken, *names])
    starts = [a for a, _b in spans]
    for match in re.finditer(r"(?<![\u0900-\u097f])([\u0900-\u097f]+)(?=\s+(?:ने|के|का|की|से)"
                             r"(?![\u0900-\u097f]))", text):
        fitting = [p for p in by_surname.get(match.group(), ()) if p.first < match.start()]
        if len(fitting) != 1 or _overlaps_sorted(match.start(), match.end(), starts, spans):
            continue
        fitting[0].mentions.append(Mention(match.start(), match.end(), match.group(), "surname"))
    return list(entities.values())


def _overlaps_sorted(start: int, end: int, starts: Sequence[int],
                     spans: Sequence[tuple[int, int]]) -> bool:
    """Whether (start, end) overlaps one of ``spans`` (sorted; ``starts`` their starts)."""
    index = bisect.bisect_left(starts, end)
    return any(a < end and start < b for a, b in spans[max(0, index - 8):index])


def _runs(text: str, lowered: set[str]) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words (with name particles between them), one space apart."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        capital = (word[0].isupper() and any(ch.islower() for ch in word[1:])
                   and word.lower() not in lowered)
        particle = word in _PARTICLES and bool(current)
        joined = bool(current) and text[current[-1][1] : match.start()] == " "
        if (capital or particle) and (joined or not current):
            current.append((match.start(), match.end(), word))
            continue
        if current:
            runs.append(current)
        current = [(match.start(), match.end(), word)] if capital else []
    if current:
        runs.append(current)
    return runs


def _by_script(run: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """``run`` cut where the script changes: "Bruegel Ян Штерн", "Westinghouse Energy Systems
    Девід Даррам" are a body written in Latin letters and a person in Cyrillic ones."""
    parts: list[list[tuple[int, int, str]]] = []
    for word in run:
        latin = not _cyrillic(word[2][0])
        if parts and (not _cyrillic(parts[-1][-1][2][0])) == latin:
            parts[-1].append(word)
        else:
            parts.append([word])
    return parts


def _after_break(text: str, start: int) -> bool:
    """Whether ``start`` opens a line or follows an opening quotation mark or a dash."""
    before = text[max(0, start - 3) : start].rstrip(" «“„\"'‘—–-")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


def _surnames(text: str, entities: list[Entity], taken: list[tuple[int, int]]) -> None:
    """A later mention of a found name's last word alone ("… Otto added") joins it."""
    people = [e for e in entities if e.type == "PERSON"]
    if not people:
        return
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or spans_overlap((match.start(), match.end()), taken):
            continue
        key = name_key(word)
        fitting = [e for e in people if e.first < match.start()
                   and close_keys(name_key(e.name.split()[-1]), key)]
        if len(fitting) == 1:
            fitting[0].mentions.append(Mention(match.start(), match.end(), word, "surname"))


#: A description of a person right after a name ("Tomasz Rybak, the manager of …", "…, a
#: retired colonel"): the name is a person's, whatever the recogniser took it for.
PERSON_APPOSITIVE = re.compile(
    rf"\s*,\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,4}}?(?:{PERSON_NOUNS}|{TITLE_PATTERN.pattern})",
    re.IGNORECASE,
)
_CAPITALISED_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][a-zß-öø-ÿа-яёіїєґ’'-]+"
                               r"(?:\s+[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][a-zß-öø-ÿа-яёіїєґ’'-]+){1,2}")


def misread_people(text: str, entities: Sequence[Entity]) -> dict[str, Entity]:
    """Organisations and places the recogniser made of people, by entity id, each with the
    person to speak for it: a surname alone ("asks Angelov") is the person of the article
    with that last name; a full name ("Tomasz Rybak") followed by a person's description or
    preceded by a title is a person of its own. Gazetteer entities are trusted."""
    people = [e for e in entities if e.type == "PERSON"]
    found: dict[str, Entity] = {}
    for entity in entities:
        if entity.type not in ("ORG", "PLACE") or entity.source == "gazetteer":
            continue
        words = entity.name.split()
        if len(words) == 1 and words[0][:1].isupper() and not words[0].isupper():
            key = name_key(words[0])
            owners = {p.id: p for p in people if len(p.name.split()) >= 2
                      and close_keys(name_key(p.name.split()[-1]), key)}
            if len(owners) == 1:
                found[entity.id] = next(iter(owners.values()))
            continue
        if not _CAPITALISED_NAME.fullmatch(entity.name) or _ORG_WORDS.match(words[-1]):
            continue
        described = any(
            PERSON_APPOSITIVE.match(text, m.end)
            or TITLE_PATTERN.fullmatch((text[max(0, m.start - 30) : m.start].split() or [""])[-1])
            for m in entity.mentions
        )
        if described:
            # The id a person's name gets anywhere else, so that their quotes gather
            # under one speaker whichever way the recogniser read them here.
            found[entity.id] = dataclasses.replace(entity, type="PERSON",
                                                   id=f"person/{id_slug(entity.name)}")
    return found


def _cyrillic(letter: str) -> bool:
    """Whether ``letter`` is Cyrillic (accented Latin letters, "Álvaro", are Latin)."""
    return "\u0400" <= letter <= "\u04ff"
