"""Indirect speech: what someone is reported to have said, without quotation marks.

Each sentence without a quotation is tried for, in order: "According to X, …" / "…, according
to X" (and Hindi's "X के अनुसार"), "X said that …", in English "X said + clause" from the
dependency parse, and "…, the ministry said." The reported content must be at least three
words long.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from narrascope.annotations import Quote, Speaker
from narrascope.document import spans_overlap
from narrascope.lexicon.marks import TERMINATORS
from narrascope.lexicon.speech import ACCORDING_TO_AFTER, COMPLEMENTISERS, POSSESSIVE_GENDER
from narrascope.quotes.marks import QuoteSpan
from narrascope.quotes.names import PERSON_APPOSITIVE
from narrascope.quotes.patterns import according_pattern, possessive_according_pattern
from narrascope.quotes.speakers import Candidate, Context, nearest, priority

__all__ = ["indirect_quotes"]


def indirect_quotes(ctx: Context, spans: Sequence[QuoteSpan]) -> list[Quote]:
    """The indirect quotations of the text: in sentences without quotations, and beside a
    quotation where the writer reports more in words of their own."""
    every_quoted = sorted((s.open_mark, s.outer_end) for s in spans)
    first = 0  # the first quotation that does not end before the sentence being read
    complementiser = COMPLEMENTISERS.get(ctx.language, "that")
    according = according_pattern(ctx.language)
    after_marker = ACCORDING_TO_AFTER.get(ctx.language)
    possessive = possessive_according_pattern(ctx.language)
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
        finders.append(partial(_reverse, ctx))
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
            _keep(_reported_clause(ctx, s_start, body_end), by_sentence[s_start], bool(quoted),
                  quoted)
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
        return None
    return _indirect_quote(ctx, candidates[-1], match.group().strip(), match.end(), end)


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
    start, end = _trimmed(ctx.text, start, end, " ,:", " ,;")
    if end - start < 10:
        return None
    speaker, description = ctx.speaker(candidate, start)
    if speaker is None and description is None:
        return None
    return Quote(ctx.text[start:end], start, end, "indirect", cue, speaker,
                 0.75 if speaker else 0.5, speaker_description=description)


def _according(ctx: Context, pattern: re.Pattern[str], start: int, end: int) -> Quote | None:
    match = pattern.search(ctx.text, start, end)
    if match is None:
        return None
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


def _said_that(ctx: Context, complementiser: str, start: int, end: int) -> Quote | None:
    window = ctx.text[start:end]
    for cue in ctx.cues.finditer(window):
        rest = window[cue.end():]
        link = re.match(rf"(?:\s+[\w’'-]+){{0,4}}?\s*,?\s+(?:{complementiser})(?!\w)", rest)
        if link is None:
            continue
        # The subject, not the nearest name: "Hans Riedel, who runs a glassworks in
        # Thuringia, told a newspaper that…" is Riedel's.
        candidate = nearest(ctx.candidates(start, start + cue.start()), start + cue.start(),
                            start + cue.end(), prefer_before=True, cue=cue.group(),
                            text=ctx.text)
        if candidate is None or candidate.end > start + cue.start():
            continue
        return _indirect_quote(ctx, candidate, cue.group(), start + cue.end() + link.end(), end)
    return None


def _reported_clause(ctx: Context, start: int, end: int) -> Quote | None:
    """English without "that": "Lavrov said the weapons would change nothing." — a speech
    verb whose clausal complement is the reported speech (from the dependency parse)."""
    sentence = ctx.speech_parse(start, end)
    if sentence is None:
        return None
    for token in sentence:
        if token.pos_ not in ("VERB", "AUX") or not ctx.cues.fullmatch(token.text):
            continue
        clauses = [c for c in token.children if c.dep_ == "ccomp" and c.i > token.i]
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not clauses or not subjects:
            continue
        subject = list(subjects[0].subtree)
        candidates = ctx.candidates(subject[0].idx, subject[-1].idx + len(subject[-1]))
        if not candidates:
            continue
        clause = list(clauses[0].subtree)
        first = next((t for t in clause if t.dep_ != "mark"), clause[0])
        return _indirect_quote(ctx, min(candidates, key=priority), token.text, first.idx,
                               min(end, clause[-1].idx + len(clause[-1])))
    return None


def _reverse(ctx: Context, start: int, end: int) -> Quote | None:
    """"The attack was repelled, the ministry said." / "…, said Peskov." / "…, the air force
    said, adding that 13 were shot down." (the attribution may be followed by a clause that
    goes on reporting)."""
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
