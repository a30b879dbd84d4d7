"""Attribution of a quotation: the speech cue next to it and the speaker that cue belongs to.

:func:`attribute` tries, in order: a cue right after the quotation (“…,” Peskov said), a cue or
"according to" before it in its sentence (Peskov said: “…”), the line before a quotation
paragraph ending in a colon, a sentence after it that names the speaker ("These were the words
of …"), and for English the subject of a speech verb in the dependency parse. A quotation with
no attribution may continue the quotation before it (:func:`continuation`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from narrascope.annotations import Quote, Speaker
from narrascope.lexicon.marks import DOUBLE_QUOTES
from narrascope.lexicon.speech import ACCORDING_TO_AFTER
from narrascope.quotes.marks import QuoteSpan
from narrascope.quotes.patterns import ATTRIBUTING_SENTENCE_RE, according_pattern
from narrascope.quotes.speakers import Candidate, Context, nearest

__all__ = ["Found", "attribute", "continuation"]

#: Attribution text runs at most this far from the quotation.
_WINDOW = 160


@dataclass
class Found:
    candidate: Candidate | None
    cue: str | None
    method: str
    confidence: float


def attribute(ctx: Context, span: QuoteSpan, following: QuoteSpan | None, head_start: int, *,
              dependency: bool) -> Found | None:
    """The attribution of the quotation ``span``; ``head_start`` is where the text before it
    that may attribute it starts, ``dependency`` whether to fall back on the parse."""
    return (
        _tail(ctx, span, following)
        or _head(ctx, head_start, span.open_mark)
        or _colon_line(ctx, span)
        or _after_sentence(ctx, span)
        or (_dependency(ctx, span) if dependency else None)
    )


def _tail(ctx: Context, span: QuoteSpan, following: QuoteSpan | None) -> Found | None:
    start = span.outer_end
    sentence_end = ctx.sentence_of(max(start - 1, 0))[1]
    end = min(sentence_end, start + _WINDOW, following.open_mark if following else len(ctx.text))
    if end <= start:
        return None
    window = ctx.text[start:end]
    cue = ctx.cues.search(window)
    if cue is None or cue.start() > 70:
        return None
    candidates = ctx.candidates(start, end)
    chosen = nearest(candidates, start + cue.start(), start + cue.end(), prefer_before=True,
                     cue=cue.group(), text=ctx.text)
    return Found(chosen, cue.group(), "after", 0.95)


def _head(ctx: Context, start: int, end: int, method: str = "before") -> Found | None:
    if end <= start:
        return None
    window = ctx.text[start:end]
    according = according_pattern(ctx.language)
    if according is not None:
        matches = list(according.finditer(window))
        if matches:
            match = matches[-1]
            candidates = ctx.candidates(start + match.end(), end)
            if candidates:
                return Found(candidates[0], match.group(), method, 0.9)
    after_marker = ACCORDING_TO_AFTER.get(ctx.language)
    if after_marker:
        match = re.search(after_marker, window)
        if match:
            candidates = ctx.candidates(start, start + match.start())
            if candidates:
                return Found(candidates[-1], match.group(), method, 0.9)
    cues = list(ctx.cues.finditer(window))
    if not cues:
        return None
    cue = cues[-1]
    candidates = ctx.candidates(start, end)
    chosen = nearest(candidates, start + cue.start(), start + cue.end(), prefer_before=True,
                     cue=cue.group(), text=ctx.text)
    return Found(chosen, cue.group(), method, 0.9)


def _after_sentence(ctx: Context, span: QuoteSpan) -> Found | None:
    """“…” These were the words of Sergei Lavrov. — the speaker named in the next sentence."""
    _s, end = ctx.sentence_of(max(span.outer_end - 1, 0))
    index = bisect.bisect_left(ctx.sentence_starts, end)
    if index >= len(ctx.sentences):
        return None
    n_start, n_end = ctx.sentences[index]
    if "\n" in ctx.text[end:n_start] and ctx.text[end:n_start].count("\n") > 2:
        return None
    sentence = ctx.text[n_start:n_end]
    if any(ch in sentence for ch in DOUBLE_QUOTES):
        return None
    frame = ATTRIBUTING_SENTENCE_RE.search(sentence)
    cue = frame or (ctx.cues.search(sentence) if len(sentence.split()) <= 12 else None)
    if cue is None or cue.start() > 40:
        return None
    candidates = [c for c in ctx.candidates(n_start, n_end) if c.kind == "entity"]
    if not candidates:
        return None
    return Found(candidates[0], cue.group(), "next_sentence", 0.8)


def _dependency(ctx: Context, span: QuoteSpan) -> Found | None:
    """English fallback: the subject of a speech verb governing the sentence of the quote."""
    sentence = ctx.speech_parse(*ctx.sentence_of(span.open_mark))
    if sentence is None:
        return None
    for token in sentence:
        inside = span.open_mark <= token.idx < span.outer_end
        if inside or token.pos_ != "VERB" or not ctx.cues.fullmatch(token.text):
            continue
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                sub = child.subtree
                words = list(sub)
                c_start, c_end = words[0].idx, words[-1].idx + len(words[-1])
                candidates = ctx.candidates(c_start, c_end)
                if candidates:
                    return Found(candidates[0], token.text, "dependency", 0.75)
    return None


def _colon_line(ctx: Context, span: QuoteSpan) -> Found | None:
    """A quotation paragraph after "The minister said:" or "Zakharova wrote on Telegram:"."""
    paragraph_start = ctx.text.rfind("\n", 0, span.open_mark) + 1
    if ctx.text[paragraph_start:span.open_mark].strip():
        return None
    previous_end = paragraph_start
    while previous_end > 0 and ctx.text[previous_end - 1] in "\n ":
        previous_end -= 1
    if previous_end == 0 or ctx.text[previous_end - 1] != ":":
        return None
    s_start, _ = ctx.sentence_of(previous_end - 1)
    found = _head(ctx, s_start, previous_end - 1, method="colon_line")
    if found is None:
        candidates = ctx.candidates(s_start, previous_end - 1)
        entity_candidates = [c for c in candidates if c.kind == "entity"]
        if entity_candidates:
            found = Found(entity_candidates[-1], None, "colon_line", 0.8)
    return found


def continuation(ctx: Context, span: QuoteSpan, previous: Quote, confidence: float
                 ) -> tuple[Speaker | None, float]:
    """A quotation right after another one (or after reported speech), with no new speaker
    in between, continues it."""
    if previous.speaker is None:
        return None, confidence
    previous_end = max(previous.end, previous.speaker.end)
    between = ctx.text[previous_end : span.open_mark]
    if len(between) > 200 or between.count("\n") > 2:
        return None, confidence
    others = [c for c in ctx.candidates(previous_end, span.open_mark)
              if c.kind == "entity" and c.entity is not None
              and c.entity.type == "PERSON" and c.entity.id != previous.speaker.entity_id]
    if others:
        return None, confidence
    carried = Speaker(previous.speaker.name, previous.speaker.entity_id,
                      previous.speaker.mention, previous.speaker.start, previous.speaker.end,
                      "continuation")
    return carried, 0.65
