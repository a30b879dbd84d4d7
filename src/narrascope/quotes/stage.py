"""The ``quotes`` stage: quotations found, classified and attributed, and indirect speech."""

from __future__ import annotations

from collections.abc import Sequence

from narrascope.annotations import Entity, Quote, Speaker
from narrascope.document import Document
from narrascope.quotes.attribution import attribute, continuation
from narrascope.quotes.detection import classify, continues_split_quote, inline_name
from narrascope.quotes.indirect import indirect_quotes
from narrascope.quotes.marks import QuoteSpan, find_quotes
from narrascope.quotes.speakers import Context

__all__ = ["QuoteStage", "extract_quotes"]

_MAX_SCARE_WORDS = 3


def extract_quotes(doc: Document, entities: Sequence[Entity]) -> list[Quote]:
    """Every quotation in ``doc`` (direct, partial and indirect) with its speaker, in order."""
    ctx = Context(doc, entities)
    # «Газпром», «Група 13»: names set off by quotation marks are words of the sentence; the
    # sentence may still report speech, and the name may be who speaks.
    spans = [span for span in find_quotes(doc.text) if not inline_name(ctx, span)]
    ctx.quoted = sorted((span.open_mark, span.outer_end) for span in spans)
    indirect = indirect_quotes(ctx, spans)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_span: QuoteSpan | None = None
    for index, span in enumerate(spans):
        content = span.text(doc.text)
        kind = classify(ctx, span, content)
        if kind is None:
            continue
        if continues_split_quote(ctx, previous, previous_span, span):
            kind = previous.kind  # “We will respond,” Peskov said, “and it will be harsh.”
        following = spans[index + 1] if index + 1 < len(spans) else None
        s_start, _ = ctx.sentence_of(span.open_mark)
        head_start = s_start
        if previous_span is not None and previous_span.outer_end > s_start:
            head_start = previous_span.outer_end
        found = attribute(ctx, span, following, head_start, dependency=doc.language == "en")
        words = len(content.split())
        if found is None and (words <= _MAX_SCARE_WORDS or (kind == "partial" and words < 6)):
            continue  # a label or scare quote: quoted words nobody is said to have said
        speaker, description = (None, None)
        confidence = 0.6 if span.close_mark is not None else 0.45
        cue = found.cue if found else None
        if found is not None and found.candidate is not None:
            speaker, description = ctx.speaker(found.candidate, span.open_mark)
            if speaker is not None:
                confidence = found.confidence * (0.85 if speaker.via == "pronoun" else 1.0)
        elif found is not None and found.cue and ctx.language != "en":
            # "“…”, declarou, “…”": a speech verb with no subject (pro-drop) has the subject
            # of the sentence before.
            entity = ctx.antecedent("", span.open_mark)
            if entity is not None:
                speaker = Speaker(entity.name, entity.id, found.cue, span.outer_end,
                                  span.outer_end, "pronoun")
                confidence = found.confidence * 0.8
        if found is None:  # no attribution at all: it may continue the previous speaker
            before = [q for q in (*quotes, *indirect) if q.end <= span.open_mark]
            latest = max(before, key=lambda q: q.end, default=None)
            if latest is not None:
                speaker, confidence = continuation(ctx, span, latest, confidence)
        quotes.append(Quote(
            text=content, start=span.start, end=span.end, kind=kind, cue=cue, speaker=speaker,
            confidence=confidence, parts=span.parts, speaker_description=description,
        ))
        previous, previous_span = quotes[-1], span
    quotes.extend(indirect)
    return sorted(quotes, key=lambda q: q.start)


class QuoteStage:
    """Pipeline stage: fills ``doc.quotes``; needs the ``entities`` stage."""

    def __call__(self, doc: Document) -> Document:
        doc.quotes = extract_quotes(doc, doc.require("entities", "quotes"))
        return doc
