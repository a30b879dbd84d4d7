"""Whose voice carries a piece of text: the outlet's own narration, a quoted speaker, or a
speaker whose words the outlet paraphrases.

An analyst reading a wire report that quotes Lavrov must see "Lavrov: Discrediting the West",
not "the outlet: Discrediting the West". The quotes stage has already found who said what;
this module only asks, for a stretch of text, which quote (if any) it lies in.

>>> from narrascope.annotations import Quote
>>> quotes = [Quote("The West will fight to the last Ukrainian", 1, 43, "direct", "said",
...                 None, 0.6)]
>>> voice_of(quotes, 5, 9).kind
'quoted'
>>> voice_of(quotes, 60, 90).kind
'outlet'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from narrascope.annotations import Evidence, Quote, Span, Voice

__all__ = ["OUTLET", "VOICE_KINDS", "voice_of", "voiced"]

VOICE_KINDS = ("outlet", "quoted", "paraphrase")
OUTLET = Voice("outlet")

#: Share of a stretch of text a quote must cover for the stretch to be the quote's voice. A
#: sentence that is mostly one speaker's words is theirs, even with "he said" around them.
_COVER = 0.5


def voice_of(quotes: Sequence[Quote] | None, start: int, end: int) -> Voice:
    """The voice of ``text[start:end]`` given the article's quotes (None: the quotes stage
    did not run, so nothing is known and the outlet is assumed)."""
    best: Quote | None = None
    best_overlap = 0
    for quote in quotes or ():
        overlap = sum(max(0, min(end, e) - max(start, s))
                      for s, e in (quote.parts or [(quote.start, quote.end)]))
        if overlap > best_overlap:
            best, best_overlap = quote, overlap
    if best is None:
        return OUTLET
    length = max(1, end - start)
    if best_overlap >= _COVER * length:
        return _voice(best, "paraphrase" if best.kind == "indirect" else "quoted")
    speaker = best.speaker
    if best.kind in ("partial", "indirect") and speaker is not None and (
            start <= speaker.start and speaker.end <= end):
        # "Lavrov called the deliveries 'a direct path to war'": the sentence reports his
        # claim around the few quoted words.
        return _voice(best, "paraphrase")
    return OUTLET


def _voice(quote: Quote, kind: str) -> Voice:
    speaker = quote.speaker
    return Voice(kind, speaker.name if speaker else None, speaker.entity_id if speaker else None,
                 Span(quote.start, quote.end))


def voiced(spans: Iterable[Span], quotes: Sequence[Quote] | None) -> list[Evidence]:
    """Evidence sentences with their voices (None when the quotes stage did not run)."""
    return [Evidence(s.start, s.end, voice_of(quotes, s.start, s.end) if quotes is not None
                     else None) for s in spans]
