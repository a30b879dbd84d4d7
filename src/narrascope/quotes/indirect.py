"""Indirect speech: what someone is reported to have said, without quotation marks.

Each sentence without a quotation is tried for, in order: "According to X, …" / "…, according
to X" (and Hindi's "X के अनुसार"), "X said that …", in English "X said + clause" from the
dependency parse, and "…, the ministry said." The reported content must be at least three
words long.

Outside English, also: what a verb reports without "that" ("заявило про знищення …",
"закликав жителів не повертатися", "acusou Kiev de …"), the verb before its source after the
report ("…, informou nesta quinta-feira o Ministério da Defesa."), and the source named in the
next sentence ("… Про це повідомив губернатор."). Where no recognised name stands in the
source's place, the body the words there name is the speaker (:mod:`narrascope.quotes.bodies`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import lru_cache, partial

from narrascope.annotations import Quote, Speaker
from narrascope.document import spans_overlap
from narrascope.lexicon.marks import TERMINATORS
from narrascope.lexicon.speech import ACCORDING_TO_AFTER, COMPLEMENTISERS, POSSESSIVE_GENDER
from narrascope.quotes.bodies import (
    BODY_LANGUAGES,
    body_after_verb,
    body_before_verb,
    body_candidate,
)
from narrascope.quotes.english import (
    reported_clauses,
    reverse_attribution,
    study_finding,
    subject_refined,
)
from narrascope.quotes.marks import QuoteSpan
from narrascope.quotes.names import HI_TITLES, PERSON_APPOSITIVE, PREPOSITION_BEFORE
from narrascope.quotes.patterns import (
    according_pattern,
    possessive_according_pattern,
    reported_before_pattern,
)
from narrascope.quotes.speakers import Candidate, Context, nearest, priority

__all__ = ["indirect_quotes"]

#: A word, and the end of one, in any script the stage reads: Python's ``\w`` leaves out
#: Devanagari vowel signs, so "कहा था कि" would not link "कहा" to "कि" with ``\w`` alone.
_WORD = r"[\w\u0900-\u097f’'-]+"
_WORD_END = r"(?![\w\u0900-\u0963\u0966-\u097f-])"


def indirect_quotes(ctx: Context, spans: Sequence[QuoteSpan]) -> list[Quote]:
    """The indirect quotations of the text: in sentences without quotations, and beside a
    quotation where the writer reports more in words of their own."""
    every_quoted = sorted((s.open_mark, s.outer_end) for s in spans)
    first = 0  # the first quotation that does not end before the sentence being read
    complementiser = COMPLEMENTISERS.get(ctx.language, "that")
    according = according_pattern(ctx.language)
    after_marker = ACCORDING_TO_AFTER.get(ctx.language)
    possessive = possessive_according_pattern(ctx.language)
    reported_before = reported_before_pattern(ctx.language)
    by_sentence: dict[int, list[Quote]] = {}
    to_parse: list[tuple[int, int, list[tuple[int, int]]]] = []
    for s_start, s_end in ctx.sentences:
        sentence = ctx.text[s_start:s_end]
        body_end = s_end - (1 if sentence[-1:] in TERMINATORS else 0)
        # Only the quotations around this sentence, found by walking along with the
        # sentences: checking them all for each sentence made long articles quadratic.
        while first < len(every_quoted) and every_quoted[first][1] <= s_start:
            first += 1
        quoted = [q for q in every_quoted[first:first + 64] if q[0] < s_end]
        beside_quote = spans_overlap((s_start, s_end), quoted)
        finders: list[Callable[[int, int], Quote | None]] = []
        if not beside_quote:
            if possessive is not None:
                finders.append(partial(_possessive, ctx, possessive))
            if according is not None:
                finders.append(partial(_according, ctx, according))
            if after_marker:
                finders.append(partial(_after_marker, ctx, after_marker))
        finders.append(partial(_said_that, ctx, complementiser))
        if ctx.language in _OBJECT_REPORTS:
            finders.append(partial(_reported_object, ctx))
        if ctx.language != "en":
            finders.append(partial(_inverted, ctx, according))
        finders.append(partial(_reverse, ctx))
        if ctx.language == "en":  # "A poll by X showed that …"
            finders.append(partial(_study_finding, ctx))
        if reported_before is not None and not beside_quote:
            finders.append(partial(_named_next, ctx, reported_before, complementiser))
        # "The attack was repelled, the air force said, adding that …" reports twice: each
        # finder may add a report that does not overlap one found before it.
        kept = by_sentence.setdefault(s_start, [])
        for finder in finders:
            _keep(finder(s_start, body_end), kept, beside_quote, quoted)
        # The parse, the dearest finder by far, is asked only about sentences the others
        # found nothing in, all at once (parsing them together costs about half).
        if ctx.parse is not None and not kept and (not beside_quote or _speech_verb_then_words(
                ctx, s_start, body_end, quoted)):
            to_parse.append((s_start, body_end, quoted))
    if to_parse:
        prepare = getattr(ctx.parse, "prepare", None)
        if prepare is not None:
            prepare([(s, e) for s, e, _b in to_parse if ctx.cue_anywhere.search(ctx.text, s, e)])
        for s_start, body_end, quoted in to_parse:
            for quote in _reported_clauses(ctx, s_start, body_end):
                _keep(quote, by_sentence[s_start], bool(quoted), quoted)
    return [quote for start in sorted(by_sentence) for quote in by_sentence[start]]


def _keep(quote: Quote | None, kept: list[Quote], beside_quote: bool,
          quoted: Sequence[tuple[int, int]]) -> None:
    """Add ``quote`` to its sentence's reports unless it is too short, overlaps one of them,
    or, beside a quotation, is the quotation again rather than words of the writer's own
    ("X called it “a provocation” and said that …")."""
    if quote is None or len(quote.text.split()) < 3:
        return
    if spans_overlap((quote.start, quote.end), [(q.start, q.end) for q in kept]):
        return
    if beside_quote and _unquoted_words(quote, quoted) < 3:
        return
    kept.append(quote)


def _after_marker(ctx: Context, marker: str, start: int, end: int) -> Quote | None:
    """Hindi "X के अनुसार, …": the source before the marker."""
    match = re.compile(marker + r"\s*,?\s*").search(ctx.text, start, end)
    if match is None:
        return None
    candidates = ctx.candidates(start, match.start())
    if not candidates:
        titled = _titled_before(ctx, start, match.start())
        candidates = [titled] if titled is not None else []
    if not candidates:
        return None
    return _indirect_quote(ctx, candidates[-1], match.group().strip(), match.end(), end)


def _hindi_subject(ctx: Context, candidates: Sequence[Candidate], cue: int) -> Candidate | None:
    """The subject of a Hindi speech verb: the candidate marked by the ergative "ने" ("मोदी ने
    पुतिन के सामने कहा कि …" is Modi's, not Putin's), the last one before the verb; an
    appositive clause may stand between ("X, जो …, ने कहा")."""
    marked = [c for c in candidates if c.end <= cue and _ERGATIVE.match(ctx.text, c.end)]
    return marked[-1] if marked else None


#: The ergative postposition after a subject, maybe after a parenthesis or a relative clause.
_ERGATIVE = re.compile(r"(?:\s*\([^()]{1,40}\))?(?:\s*,[^,।]{1,120},)?\s*ने(?![\u0900-\u097f])")


def _titled_before(ctx: Context, start: int, marker: int) -> Candidate | None:
    """"अर्थशास्त्री के अनुसार …" ("according to the economist"): the person the article
    introduced with that title before ("अर्थशास्त्री डॉ. मार्कस हेलर"), found by the title
    word right before one of their mentions."""
    title = ctx.text[start:marker].strip()
    if not re.fullmatch(rf"(?:{HI_TITLES})", title):
        return None
    for m_start, _m_end, _mention, entity in reversed(ctx.mentions):
        if m_start < start and entity.type == "PERSON" and title in ctx.text[
                max(0, m_start - 40) : m_start]:
            return Candidate(start, marker, title, "entity", entity, "description")
    return None


def _speech_verb_then_words(ctx: Context, start: int, end: int,
                            quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a speech verb outside the quotation marks is followed by three words or more
    of the writer's own before the next quotation ("… and said the Kremlin would answer"):
    only then may a sentence beside a quotation report speech of its own. "“…,” he said."
    does not, and sparing it the parse keeps the stage fast."""
    for cue in ctx.cues.finditer(ctx.text, start, end):
        if spans_overlap((cue.start(), cue.end()), quoted):
            continue
        stop = min([a for a, _b in quoted if a >= cue.end()] + [end])
        if len(ctx.text[cue.end():stop].split()) >= 3:
            return True
    return False


def _unquoted_words(quote: Quote, quoted: Sequence[tuple[int, int]]) -> int:
    """How many words of ``quote`` lie outside the quotation marks of its sentence."""
    inside = [(max(a, quote.start), min(b, quote.end)) for a, b in quoted
              if a < quote.end and quote.start < b]
    text, cursor, outside = quote.text, quote.start, []
    for a, b in sorted(inside):
        outside.append(text[cursor - quote.start : a - quote.start])
        cursor = max(cursor, b)
    outside.append(text[cursor - quote.start :])
    return len(" ".join(outside).split())


def _possessive(ctx: Context, pattern: re.Pattern[str], start: int, end: int) -> Quote | None:
    """"In his view, …" / "…, за її словами": the possessive points back to someone named
    before; without an antecedent nobody is guessed."""
    match = pattern.search(ctx.text, start, end)
    if match is None or ctx.in_quote(match.start()):
        return None
    pronoun = match.group("pronoun")
    gender = POSSESSIVE_GENDER.get(pronoun.lower(), "x")
    entity = ctx.antecedent_of(gender, match.start())
    if entity is None:
        return None
    if len(ctx.text[start:match.start()].split()) <= 3:  # "In his view, CONTENT"
        q_start, q_end = match.end(), end
    elif not ctx.text[match.end():end].strip(" ,;:.!?—–-"):  # "CONTENT, in his view."
        q_start, q_end = start, match.start()
    else:  # "The war, in his view, will end soon": the claim runs on both sides
        return None
    q_start, q_end = _trimmed(ctx.text, q_start, q_end, " ,:—–-", " ,;—–-")
    if q_end - q_start < 10:
        return None
    at = match.start("pronoun")
    speaker = Speaker(entity.name, entity.id, pronoun, at, at + len(pronoun), "pronoun")
    return Quote(ctx.text[q_start:q_end], q_start, q_end, "indirect", match.group(), speaker, 0.65)


def _trimmed(text: str, start: int, end: int, lead: str, tail: str) -> tuple[int, int]:
    """``start`` and ``end`` moved past the ``lead`` characters at the front and the
    ``tail`` characters at the back: the report without the punctuation around it."""
    while start < end and text[start] in lead:
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def _indirect_quote(ctx: Context, candidate: Candidate, cue: str, start: int, end: int
                    ) -> Quote | None:
    # The closing mark of a quoted name the report follows ("По данни на „Транспарънси“ …").
    closing = {"bg": "“"}.get(ctx.language, "»") if ctx.language != "en" else ""
    start, end = _trimmed(ctx.text, start, end, " ,:" + closing, " ,;")
    if end - start < 10:
        return None
    speaker, description = ctx.speaker(candidate, start)
    if speaker is None and description is None:
        return None
    return Quote(ctx.text[start:end], start, end, "indirect", cue, speaker,
                 0.75 if speaker else 0.5, speaker_description=description)


def _according(ctx: Context, pattern: re.Pattern[str], start: int, end: int) -> Quote | None:
    # Portuguese "para" opens a view only at the start of a sentence ("Para o analista, …");
    # mid-sentence ("enviada para o ministro") it is no source, and a later phrase may be.
    match = next((m for m in pattern.finditer(ctx.text, start, end)
                  if m.group().lower() != "para" or not ctx.text[start:m.start()].strip()),
                 None)
    if match is None:
        return None
    if ctx.language != "en":
        return _according_elsewhere(ctx, match, start, end)
    candidates = ctx.candidates(match.end(), min(end, match.end() + 80))
    if not candidates:
        return None
    candidate = candidates[0]
    comma = ctx.text.find(",", candidate.end, end)
    if comma != -1 and PERSON_APPOSITIVE.match(ctx.text, candidate.end):
        # "According to X, a retired colonel, CONTENT": the description is not the report
        after = ctx.text.find(",", comma + 1, end)
        comma = after if after != -1 else comma
    lead = ctx.text[start:match.start()]
    if len(lead.split()) <= 2 and "," not in lead.rstrip(" ,"):
        # "According to X, CONTENT"; "Now, according to X, CONTENT"; "По данни на X CONTENT"
        return _indirect_quote(ctx, candidate, match.group(),
                               comma + 1 if comma != -1 else candidate.end, end)
    if match.start() - start >= 10:  # "CONTENT, according to X."
        return _indirect_quote(ctx, candidate, match.group(), start, match.start())
    return None


def _according_elsewhere(ctx: Context, match: re.Match[str], start: int, end: int
                         ) -> Quote | None:
    """"За оцінками Київської школи економіки, …", "Segundo o chefe do Estado-Maior, Valery
    Gerasimov, …", "По данни на ЦИК …": the source is what stands between the phrase and its
    comma (a name in apposition is who it is), or the body those words name."""
    source_end = _source_end(ctx, match.end(), end)
    candidates = [c for c in ctx.candidates(match.end(), min(end, match.end() + 80))
                  if c.end <= source_end]
    people = [c for c in candidates if c.kind == "entity" and c.entity is not None
              and c.entity.type == "PERSON"]
    if people and candidates[0].kind == "description":
        candidates = people
    candidate = candidates[0] if candidates else None
    if ctx.language in BODY_LANGUAGES and _weak(ctx, candidate, match.end()):
        candidate = _body_after_according(ctx, match.end(), end, candidate)
    if candidate is None:
        return None
    lead = ctx.text[start : match.start()]
    if (lead.rstrip().endswith(",") and len(lead.split()) >= 2
            and len(ctx.text[source_end:end].split()) >= 3):
        # "Україна, за даними Сил оборони, знищила …": the report runs on both sides
        return _indirect_quote(ctx, candidate, match.group(), start, end)
    if len(lead.split()) <= 2 and "," not in lead.rstrip(" ,"):  # "Според X, CONTENT"
        report_start = source_end + 1 if source_end < end else candidate.end
        return _indirect_quote(ctx, candidate, match.group(), report_start, end)
    if match.start() - start >= 10:  # "CONTENT, segundo X."
        return _indirect_quote(ctx, candidate, match.group(), start, match.start())
    return None


def _source_end(ctx: Context, after: int, end: int) -> int:
    """Where the source after "according to" ends: at its comma, or at the next one when an
    apposition or a relative clause follows it ("Според ръководителя на делегацията,
    министъра Рустем Умеров, …", "По данни на проекта Oryx, който брои …, …")."""
    commas = [m.start() for m in re.finditer(r",\s", ctx.text[after:end])][:2]
    if not commas:
        return end
    first = after + commas[0]
    if len(commas) < 2:
        return first
    second = after + commas[1]
    between = ctx.text[first + 1 : second].split()
    relative = bool(between) and between[0].lower() in _RELATIVE
    # An apposition names someone ("министъра Рустем Умеров", "включително на … Нафтали
    # Бенет") or opens with a body or a preposition ("da consultoria Atlas Macro"); a clause
    # ("предусматривает отказ Киева …") does neither.
    opening = first + 1 + len(" ".join(between[:2])) + 1
    apposition = (bool(between) and between[0].lower() in _FROM_WORDS) or any(
        (c.entity is not None and c.entity.type == "PERSON")
        or (c.start <= opening and (c.entity is None or c.entity.type not in ("PLACE", "GROUP")))
        for c in ctx.candidates(first + 1, second))
    if len(between) <= (12 if relative else 8) and (relative or apposition):
        return second
    return first


#: Prepositions that open an apposition about where the source works ("da consultoria …").
_FROM_WORDS = {"da", "do", "de", "dos", "das", "от", "з", "із", "из", "включително"}
#: Relative pronouns that open a clause about the source ("Oryx, който брои …").
_RELATIVE = {"който", "която", "което", "които", "який", "яка", "яке", "які", "который",
             "которая", "которое", "которые", "que", "cujo", "cuja"}


def _body_after_according(ctx: Context, after: int, end: int, candidate: Candidate | None
                          ) -> Candidate | None:
    """The body named between "according to" and the comma ("Според Румънската гранична
    полиция, …", "segundo a consultoria Greener, …"), else ``candidate``. A Ukrainian or Russian
    name stands there in the genitive, so only an acronym or a Latin-script name is taken
    ("За даними ВЦІОМ, …")."""
    comma = re.compile(r",\s").search(ctx.text, after, end)
    if comma is None:
        return candidate  # "По данни на ведомството противникът е загубил …": no end to it
    body = body_candidate(ctx.text, ctx.language, after, comma.start())
    if body is None or (candidate is not None and not _inside(candidate, body)):
        return candidate
    return body


#: How far before a speech verb its subject may start, in characters, and how many verbs
#: followed by "that" one sentence is read for.
_SUBJECT_REACH = 400
_MOST_LINKED_VERBS = 12


def _said_that(ctx: Context, complementiser: str, start: int, end: int) -> Quote | None:
    window = ctx.text[start:end]
    link_pattern = _link(ctx.language, complementiser)
    tries = 0
    for cue in ctx.cues.finditer(window):
        link = link_pattern.match(window, cue.end())
        if link is None:
            continue
        tries += 1
        if tries > _MOST_LINKED_VERBS:
            return None  # a run-on "… said that … said that …": not a sentence to read
        if ctx.language != "en" and ctx.cues.search(window, cue.end() + 1, link.end()):
            continue  # "пообіцяла відповідь, а міністр заявив, що": the later verb reports
        if ctx.language == "hi" and re.search(r"(?<![\u0900-\u097f])(?:नहीं|न)\s*$",
                                              window[: cue.start()]):
            continue  # "नहीं बताया जा रहा कि …": nobody is said to have said it
        # The subject, not the nearest name: "Hans Riedel, who runs a glassworks in
        # Thuringia, told a newspaper that…" is Riedel's.
        # Only the words before the verb that can be its subject: a sentence of thousands
        # of verbs would otherwise be read from its start again for each.
        subject_start = max(start, start + cue.start() - _SUBJECT_REACH)
        candidates = ctx.candidates(subject_start, start + cue.start())
        candidate = nearest(candidates, start + cue.start(), start + cue.end(),
                            prefer_before=True, cue=cue.group(), text=ctx.text)
        if ctx.language == "en":
            if cue.group()[0].isupper() and cue.start() > 0:
                continue  # "The United States said that …": a name, not "states"
            candidate = subject_refined(ctx, start, candidates, candidate)
        if ctx.language == "hi":
            candidate = _hindi_subject(ctx, candidates, start + cue.start()) or candidate
        candidate = _or_body_before(ctx, candidate, subject_start, start + cue.start())
        if candidate is None or candidate.end > start + cue.start():
            continue
        return _indirect_quote(ctx, candidate, cue.group(), start + link.end(), end)
    return None


def _reported_object(ctx: Context, start: int, end: int) -> Quote | None:
    """What a speech verb reports without "that": "Міноборони заявило про знищення 144
    безпілотників" (the matter after "про"/"о"/"за"), "Синєгубов закликав жителів не
    повертатися" and "Радев призова страните да преговарят" (what an appeal asks for, after
    its addressee), "Zakharova acusou as forças ucranianas de bombardear …" (whom an
    accusation is about, and of what). The subject is found as for "X said that …"."""
    window = ctx.text[start:end]
    about, appeal = _OBJECT_REPORTS[ctx.language]
    if not _OBJECT_VERBS[ctx.language].search(window):
        return None  # most sentences have none of these verbs: spare the cue loop
    for cue in ctx.cues.finditer(window):
        match = about.match(window, cue.start())
        report = "report"
        if match is not None and match.group("accused") is not None:
            report = "accused"  # "звинуватила західні медіа в поширенні …": whom, and of what
        if match is None and appeal.fullmatch(cue.group()):
            match = _APPEAL_OBJECT[ctx.language].match(window, cue.end())
        if match is None or ctx.cues.search(window, cue.end() + 1, match.start(report)):
            continue
        candidate = nearest(ctx.candidates(start, start + cue.start()), start + cue.start(),
                            start + cue.end(), prefer_before=True, cue=cue.group(),
                            text=ctx.text)
        candidate = _or_body_before(ctx, candidate, start, start + cue.start())
        if candidate is None or candidate.end > start + cue.start():
            continue
        return _indirect_quote(ctx, candidate, cue.group(), start + match.start(report), end)
    return None


def _inverted(ctx: Context, according: re.Pattern[str] | None, start: int, end: int
              ) -> Quote | None:
    """"…, informou nesta quinta-feira o Ministério da Defesa russo.", "…, съобщи в петък
    Националната администрация за енергетика на Китай.", "…, повідомив представник
    адміністрації Ігор Журавель.": outside English the verb comes first after the report, and
    the source after it may be long or have a name in apposition."""
    window = ctx.text[start:end]
    for comma in reversed(list(_COMMA_THEN.finditer(window))):
        cue = ctx.cues.match(window, comma.end())
        if cue is None or len(window[: comma.start()].split()) < 4:
            continue
        if according is not None and according.match(window, cue.start()):
            continue  # "…, segundo o ministério": the according-to finder's
        if _NOT_FINITE.get(ctx.language, _NEVER).search(cue.group()):
            continue  # "…, заявивши, що …", "…, acrescentando …": the subject is before
        report_start = _DATELINE.match(ctx.text, start).end()
        if _subject_then_apposition(ctx, report_start, start + comma.start()):
            continue  # "O presidente ucraniano, Volodymyr Zelensky, classificou …"
        chosen = _source_after(ctx, start + cue.end(), end)
        if chosen is None:
            continue
        return _indirect_quote(ctx, chosen, cue.group(), report_start, start + comma.start())
    return None


#: A comma (and maybe a dash) that an inverted speech verb may follow.
_COMMA_THEN = re.compile(r",\s*(?:[—–-]\s*)?")


def _source_after(ctx: Context, verb_end: int, end: int) -> Candidate | None:
    """The subject after an inverted speech verb: the first name or description within a few
    words that no preposition governs ("disse à Lusa o ministro" is the minister's), a person
    before a body. It must close the sentence or its clause: "Dmitri Peskov, afirmou a
    eleição …" has an object there, not a source."""
    candidates = [c for c in ctx.candidates(verb_end, min(end, verb_end + 60))
                  if not PREPOSITION_BEFORE.search(ctx.text, max(verb_end, c.start - 12), c.start)
                  and len(ctx.text[verb_end : c.start].split()) <= 5]
    chosen = min(candidates, key=lambda c: (priority(c), c.start)) if candidates else None
    if chosen is not None and chosen.kind == "description":
        # "o governador da região, Joaquim Lopes": the name in apposition is who it is
        named = [c for c in ctx.candidates(chosen.end, min(end, chosen.end + 60))
                 if c.kind == "entity" and c.entity is not None and c.entity.type == "PERSON"
                 and re.fullmatch(r"\s*,\s*", ctx.text[chosen.end : c.start])]
        chosen = named[0] if named else chosen
    if _weak(ctx, chosen, verb_end):
        body = body_after_verb(ctx.text, ctx.language, verb_end, end)
        if body is not None and (chosen is None or _inside(chosen, body)):
            chosen = body
    if chosen is None or len(ctx.text[chosen.end : end].split(",")[0].split()) > 5:
        return None
    return chosen


def _or_body_before(ctx: Context, candidate: Candidate | None, start: int, verb: int
                    ) -> Candidate | None:
    """``candidate``, or the body the whole subject before the verb names when the candidate
    says nothing better: none, a description that names nobody the article introduced, or a
    place inside the body's name ("Следственият комитет на Русия съобщи, че …")."""
    if ctx.language not in BODY_LANGUAGES or not _weak(ctx, candidate, verb):
        return candidate
    body = body_before_verb(ctx.text, ctx.language, _DATELINE.match(ctx.text, start).end(), verb)
    if body is None or (candidate is not None and not _inside(candidate, body)):
        return candidate
    return body


def _inside(candidate: Candidate, body: Candidate) -> bool:
    """Whether ``candidate`` is a part of the longer name ``body`` (a place, a description)."""
    return (body.start <= candidate.start and candidate.end <= body.end
            and body.end - body.start > candidate.end - candidate.start)


def _weak(ctx: Context, candidate: Candidate | None, before: int) -> bool:
    """Whether ``candidate`` names no speaker a body's own name would not name better."""
    if candidate is None:
        return True
    if candidate.kind == "description":
        return ctx.resolve(candidate, before) is None
    return candidate.entity is not None and candidate.entity.type in ("PLACE", "GROUP")


def _subject_then_apposition(ctx: Context, start: int, comma: int) -> bool:
    """Whether the text before the comma is a subject and its apposition ("Бившият съветник
    Олексий Арестович, който живее в чужбина") rather than a report: one comma inside, after a
    short stretch that ends in a name or a description."""
    first = ctx.text.find(",", start, comma)
    if first == -1 or ctx.text.find(",", first + 1, comma) != -1:
        return False  # "O mandato de Zelensky, eleito em 2019, terminou …, declarou …"
    if len(ctx.text[start:first].split()) > 8 or len(ctx.text[first:comma].split()) > 12:
        return False
    if _APPOSITION_OPENS.match(ctx.text, first + 1):
        return True  # "Fontes da delegação, citadas pela Reuters", "X, який живе в …"
    return any(c.end >= first - 1 for c in ctx.candidates(start, first))


#: What opens an apposition or a relative clause after a subject: a relative pronoun or a
#: participle ("citadas pela agência", "ouvido pelo blogue", "живущий сейчас в Варшаве").
_APPOSITION_OPENS = re.compile(
    r"\s*(?:(?:який|яка|яке|які|который|которая|которое|которые|който|която|което|които|"
    r"que|cujo|cuja)\s|[^\W\d_]+(?:ado|ada|ados|adas|ido|ida|idos|idas|щий|щая|щие|вший|"
    r"вшая|вшие)\s)", re.IGNORECASE)


_NEVER = re.compile(r"(?!)")
#: Speech verbs that are no finite verb (gerunds, participles), whose subject comes before
#: them: "…, заявивши …", "…, добавив …" (Russian), "…, acrescentando …", "признанной".
_NOT_FINITE: dict[str, re.Pattern[str]] = {
    "ru": re.compile(r"(?:в|вши|я|нн\w*|ющ\w*|ящ\w*|вш\w*|ой|ый|ая|ое|ые)$", re.IGNORECASE),
    "uk": re.compile(r"(?:вши|ши|чи|ний|ного|ної|ні)$", re.IGNORECASE),
    "bg": re.compile(r"(?:йки|ащ|ащи|ящ|ящи)$", re.IGNORECASE),
    "pt": re.compile(r"(?:ndo|ado|ada|ados|adas|ido|ida|idos|idas)$", re.IGNORECASE),
}


#: By language: the speech verbs whose "about" introduces what was said ("заявило в суботу
#: про знищення …"; a few words may come between), and the verbs of appeal, promise and demand
#: whose infinitive is the report. Russian "сообщил о …" and Bulgarian "съобщи за …" mostly
#: name a topic or an event, not a claim ("за" is also "for"), so only warnings count there.
_OBJECT_REPORTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    language: (re.compile(rf"(?:{about_verbs})\w*(?:\s+[\w’'-]+){{0,3}}?\s+(?:{about})\s+"
                          rf"(?P<report>)|(?:{accuse})\w*\s+(?P<accused>)(?=(?:[\w’'-]+\s+)"
                          rf"{{1,6}}?(?:{of})\s)", re.IGNORECASE),
               re.compile(verbs, re.IGNORECASE))
    for language, about_verbs, about, accuse, of, verbs in (
        ("uk", "заяви|повідоми|попереди", "про", "звинувати|звинувачу", "в|у",
         r"заклика\w*|закликав\w*|пообіця\w*|обіця\w*|рекоменду\w*|порадив\w*|попроси\w*|"
         r"вимага\w*|доручи\w*"),
        ("ru", "(?!)", "о", "обвини|обвиня", "в|во",
         r"призва\w*|призыва\w*|пообеща\w*|обеща\w*|рекомендова\w*|рекоменду\w*|"
         r"посоветова\w*|попроси\w*|потребова\w*|требу\w*|поручи\w*"),
        ("bg", "предупреди", "за", "обвини|обвинява", "в|във|за",
         r"призова\w*|призовава\w*|обеща\w*|препоръча\w*"),
        ("pt", "(?!)", "(?!)", "acus", "de|por", "(?!)"),
    )
}
#: Any of the verbs above, to pass over sentences without one quickly.
_OBJECT_VERBS: dict[str, re.Pattern[str]] = {
    language: re.compile("|".join(p.pattern for p in patterns), re.IGNORECASE)
    for language, patterns in _OBJECT_REPORTS.items()
}
#: After a verb of appeal: its addressee (a few words), then the infinitive (Bulgarian: "да"
#: and a verb), or "to" and what is appealed for ("закликав до демілітаризації").
_APPEAL_OBJECT: dict[str, re.Pattern[str]] = {
    language: re.compile(rf"(?:\s+(?:{to})\s+|(?:\s+[\w’'-]+){{0,5}}?\s+"
                         rf"(?={infinitive}(?![\w’'-])))(?P<report>)", re.IGNORECASE)
    for language, to, infinitive in (
        ("uk", "до", r"(?:не\s+)?[\w’'-]+(?:ти|тися|тись)"),
        ("ru", "к|ко", r"(?:не\s+)?[\w-]+(?<!ос)(?:ть|ться|ти|чь)"),
        ("bg", "(?!)", r"да\s+(?:не\s+)?[\w-]+"),
    )
}


_PT_PREPOSITIONS = ("de", "em", "por", "para", "com", "sobre", "durante", "após", "perante",
                    "entre")


@lru_cache(maxsize=16)
def _link(language: str, complementiser: str) -> re.Pattern[str]:
    """What joins a speech verb to the clause it reports: up to four words and "that". Other
    languages put more between them ("заяви на редовния си брифинг в четвъртък, че", "anunciou
    nesta segunda-feira (17) que", "considera, porém, que"); Portuguese also reports with an
    infinitive ("disse estar pronto", "informou ter abatido"), which is kept in the report."""
    if language == "en":
        return re.compile(rf"(?:\s+{_WORD}){{0,4}}?\s*,?\s+(?:{complementiser}){_WORD_END}")
    gap = rf"(?:\s*,?\s+{_WORD}|\s*\([^()\n]{{1,40}}\)){{0,7}}?"
    if language == "pt":
        # Not an object ("prometeu ao seu povo uma vitória que não pode entregar") nor another
        # verb ("prometeu retaliar contra os ativos que …"): "que" then opens a relative
        # clause. An article after a preposition is an adverbial ("mais de uma vez"); an
        # infinitive right before "que" is the speaker's ("afirmou acreditar que").
        after_preposition = "|".join(rf"(?<=\b{p} )" for p in _PT_PREPOSITIONS)
        word = (rf"(?:{after_preposition}|(?!(?:o|a|os|as|um|uma|uns|umas)\s))"
                rf"(?![\w-]+(?:ar|er|ir)\b){_WORD}")
        gap = rf"(?:\s*,?\s+{word}|\s*\([^()\n]{{1,40}}\)){{0,7}}?(?:\s+[\w-]+(?:ar|er|ir))?"
    infinitive = (r"|(?:\s+[\w-]+){0,2}?\s+(?=(?:estar|ter|ser|haver)(?:em)?\s)"
                  if language == "pt" else "")
    return re.compile(rf"{gap}\s*,?\s+(?:{complementiser}){_WORD_END}{infinitive}")


def _named_next(ctx: Context, frame: re.Pattern[str], complementiser: str, start: int,
                end: int) -> Quote | None:
    """"Загинули 12 людей. Про це повідомив губернатор Олег Синєгубов.": the sentence after
    this one names who reported it. The source is the name after the verb; "Про це свідчить,
    що …" reports a clause of its own instead."""
    index = bisect.bisect_right(ctx.sentence_starts, start) - 1
    if index + 1 >= len(ctx.sentences):
        return None
    n_start, n_end = ctx.sentences[index + 1]
    match = frame.match(ctx.text, n_start, n_end)
    if match is None or re.match(rf"\s*,?\s*(?:{complementiser}){_WORD_END}", ctx.text[
            match.end():n_end]):
        return None
    verb_end = match.end("verb")
    # The subject after the verb: a title and a name ("голова Дніпропетровської обласної
    # військової адміністрації Валентин Резніченко") is the person, not the region on the way.
    candidates = [c for c in ctx.candidates(verb_end, min(n_end, verb_end + 120))
                  if c.kind != "pronoun"]
    if not candidates:
        return None
    chosen = min(candidates, key=lambda c: (priority(c), c.start))
    start = _DATELINE.match(ctx.text, start).end()
    return _indirect_quote(ctx, chosen, match.group().strip(), start, end)


#: "КИЇВ, 18 жовтня — ": the place and date an agency story opens with, not what was said.
_DATELINE = re.compile(r"(?:[^\W\d_][^,\n]{1,40},\s+\d{1,2}(?:\s+de)?\s+\w+\.?(?:\s+\d{4})?"
                       r"(?:\s+\([^()\n]{1,30}\))?\s+[—–-]\s+)?")


def _study_finding(ctx: Context, start: int, end: int) -> Quote | None:
    """English "A poll by X showed that …": X reports the finding."""
    report = study_finding(ctx, start, end)
    return _indirect_quote(ctx, *report) if report is not None else None


def _reported_clauses(ctx: Context, start: int, end: int) -> list[Quote]:
    """English without "that": every report the dependency parse finds in the sentence
    ("Lavrov said the weapons would change nothing.", "… and said …", "…, saying …")."""
    found = (_indirect_quote(ctx, *report) for report in reported_clauses(ctx, start, end))
    return [quote for quote in found if quote is not None]


def _reverse(ctx: Context, start: int, end: int) -> Quote | None:
    """"The attack was repelled, the ministry said." / "…, said Peskov." / "…, the air force
    said, adding that 13 were shot down." (the attribution may be followed by a clause that
    goes on reporting)."""
    if ctx.language == "en":  # longer attributions, the verb first, a name in apposition
        report = reverse_attribution(ctx, start, end)
        return _indirect_quote(ctx, *report) if report is not None else None
    window = ctx.text[start:end]
    commas = [i for i, ch in enumerate(window) if ch == ","][-3:]
    for index in range(len(commas) - 1, -1, -1):
        comma = commas[index]
        if comma < 15:
            return None
        stop = commas[index + 1] if index + 1 < len(commas) else len(window)
        tail = window[comma + 1 : stop]
        if len(tail.split()) > 7:
            continue
        if stop < len(window) and not _GOES_ON.match(window, stop + 1):
            continue
        cue = ctx.cues.search(tail)
        if cue is None:
            continue
        candidates = ctx.candidates(start + comma + 1, start + stop)
        if not candidates:
            return None
        chosen = nearest(candidates, start + comma + 1 + cue.start(),
                         start + comma + 1 + cue.end(), prefer_before=True)
        if chosen is None:
            return None
        return _indirect_quote(ctx, chosen, cue.group(), start, start + comma)
    return None


#: What may follow an attribution clause in the same sentence: more of the report.
_GOES_ON = re.compile(r"\s*(?:adding|and added|saying|noting|citing|according)\b", re.IGNORECASE)
