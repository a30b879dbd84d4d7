"""What a quoted span is: a direct quotation, a partial one, or not a quotation at all.

:mod:`narrascope.quotes.marks` finds the spans between quotation marks; here each is
classified. Quoted words after "so-called" (and its equivalents) are a scare quote, a
capitalised short phrase after "the newspaper/film/report titled …" a title of a work: neither
is a quotation. A quotation that starts in lower case is partial (… said the weapons "will not
change the outcome"); one that starts with a capital is direct. The second half of a quotation
split by its attribution (“We will respond,” Peskov said, “and it will be harsh.”) keeps the
kind of the first.
"""

from __future__ import annotations

import re

from narrascope.annotations import Quote
from narrascope.lexicon.marks import TERMINATORS
from narrascope.quotes.marks import QuoteSpan
from narrascope.quotes.patterns import SO_CALLED_BEFORE, WORK_TITLE_BEFORE
from narrascope.quotes.speakers import Context

__all__ = ["classify", "continues_split_quote", "inline_name"]


def classify(ctx: Context, span: QuoteSpan, content: str) -> str | None:
    """"direct", "partial", or None for a scare quote, label or title of a work."""
    s_start, _ = ctx.sentence_of(span.open_mark)
    before = ctx.text[max(s_start, span.open_mark - 80) : span.open_mark]
    words = content.split()
    if SO_CALLED_BEFORE.search(before) and len(words) <= 6:
        return None
    first = content[:1]
    if (WORK_TITLE_BEFORE.search(before) and first.isupper() and len(words) <= 8
            and content.rstrip()[-1:] not in TERMINATORS):
        return None
    preceding = before.rstrip()[-1:]
    if first.isalpha() and first.islower():
        return "partial"
    if first.isalpha() and first.isupper():
        return "direct"
    # Scripts without case (Devanagari), digits: by position and punctuation.
    if preceding in ("", ":", "—", "–", "-") or content.rstrip()[-1:] in TERMINATORS:
        return "direct"
    return "partial"


def inline_name(ctx: Context, span: QuoteSpan) -> bool:
    """Whether the quotation marks only set off a name inside the sentence, as Ukrainian,
    Russian, Bulgarian and Portuguese write companies, papers and units ("компанія
    «Енергоатом»", "«Газпром» підтвердив, що …", "для «Тверезого погляду»"): a short
    capitalised phrase with a word right before or right after the marks. A quotation is
    set off by punctuation or a dash instead ("«Ні», — сказав він"). English does not write
    names so."""
    if ctx.language == "en":
        return False
    content = span.text(ctx.text)
    words = content.split()
    if not 1 <= len(words) <= 3 or not content[:1].isupper() or span.close_mark is None:
        return False
    if content.rstrip()[-1:] in TERMINATORS or "," in content:
        return False
    before = ctx.text[max(0, span.open_mark - 2) : span.open_mark]
    after = ctx.text[span.outer_end : span.outer_end + 2]
    return bool(re.fullmatch(r".?[^\W\d_] ", before) or re.fullmatch(r" [^\W\d_]", after))


def continues_split_quote(ctx: Context, previous: Quote | None,
                          previous_span: QuoteSpan | None, span: QuoteSpan) -> bool:
    """Whether ``span`` continues the quotation ``previous`` across a speech cue, in one
    sentence."""
    if previous is None or previous_span is None:
        return False
    between = ctx.text[previous_span.outer_end : span.open_mark]
    return (len(between) < 80 and "\n" not in between
            and ctx.sentence_of(previous_span.open_mark) == ctx.sentence_of(span.open_mark)
            and ctx.cues.search(between) is not None)
