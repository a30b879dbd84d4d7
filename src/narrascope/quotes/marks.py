"""Finding quoted spans by their quotation marks, across paragraphs when a quote runs on.

Handles “…” ‘…’ «…» „…“ „…” ‹…› and straight "…", nested quotes (the outermost pair is the
quotation), curly single quotes used as double quotes (‘We will win,’ he said), apostrophes
that look like closing quotes (Ukraine’s, п’ять), and the two conventions for a quotation over
several paragraphs: an English paragraph that opens a quote without closing it and is followed
by a paragraph that opens it again, and a quote whose closing mark only comes paragraphs later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from narrascope.lexicon.marks import LENIENT_QUOTE_PAIRS, REOPENING_QUOTES

#: Opening mark → marks that can close it.
_CLOSERS = LENIENT_QUOTE_PAIRS
#: A paragraph that runs on opens again with one of these.
_REOPENERS = REOPENING_QUOTES
_MAX_PARAGRAPHS = 6


@dataclass
class QuoteSpan:
    """A quotation: its content parts (offsets without the marks) and where the marks are."""

    parts: list[tuple[int, int]]
    open_mark: int
    close_mark: int | None  # None when the quotation is never closed
    mark: str
    nested: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def outer_end(self) -> int:
        """Offset just after the closing mark (or the end of the content when unclosed)."""
        return self.close_mark + 1 if self.close_mark is not None else self.end

    def text(self, document: str) -> str:
        return " ".join(document[s:e].strip() for s, e in self.parts)


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalpha()


def _can_open(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "‘'":
        return not _is_apostrophe(text, i) and (i == 0 or not text[i - 1].isalnum())
    if ch == '"' or ch == "”":
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not before.isalnum() and not after.isspace() and before != '"'
    return True


def _can_close(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    if ch == "’" and _is_apostrophe(text, i):
        return False
    if ch == "’" and opener == "‘" and i + 1 < len(text) and text[i + 1].isalpha():
        return False
    # A straight mark between a space and a word opens the next quotation instead.
    return not (opener in ('"', "”") and i > 0 and text[i - 1].isspace()
                and i + 1 < len(text) and text[i + 1].isalnum())


def _find_close(text: str, start: int, end: int, opener: str
                ) -> tuple[int | None, list[tuple[int, int]]]:
    """Index of the mark closing ``opener`` in text[start:end], skipping nested quotations."""
    closers = _CLOSERS[opener]
    nested: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in closers and _can_close(text, i, opener):
            return i, nested
        if ch in _CLOSERS and ch not in closers and _can_open(text, i):
            inner, _ = _find_close(text, i + 1, end, ch)
            if inner is not None:
                nested.append((i + 1, inner))
                i = inner + 1
                continue
        i += 1
    return None, nested


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every top-level quotation in ``text`` (paragraphs are lines), in order.

    >>> t = 'He said: “We will win.” The so-called «operation» goes on.'
    >>> [q.text(t) for q in find_quotes(t)]
    ['We will win.', 'operation']
    >>> t = "“First part of the quote.\\n\\n“Second part,” she said."
    >>> [q.text(t) for q in find_quotes(t)]
    ['First part of the quote. Second part']
    """
    paragraphs = _paragraphs(text)
    spans: list[QuoteSpan] = []
    p = 0
    while p < len(paragraphs):
        start, end = paragraphs[p]
        i = start
        next_paragraph = p + 1
        while i < end:
            ch = text[i]
            if ch not in _CLOSERS or not _can_open(text, i):
                i += 1
                continue
            close, nested = _find_close(text, i + 1, end, ch)
            if close is not None:
                spans.append(QuoteSpan([(i + 1, close)], i, close, ch, nested))
                i = close + 1
                continue
            running = _run_on(text, paragraphs, p, i, ch)
            if running is None:
                i += 1
                continue
            spans.append(running)
            last = running.parts[-1][1]
            next_paragraph = next(k for k, (s, e) in enumerate(paragraphs) if s <= last <= e) + 1
            i = end
        p = max(p + 1, next_paragraph)
    return [_trimmed(text, span) for span in spans if span.end > span.start]


def _run_on(text: str, paragraphs: list[tuple[int, int]], p: int, i: int, opener: str
            ) -> QuoteSpan | None:
    """A quote opened at ``i`` and not closed in its paragraph: follow it into the next ones."""
    parts = [(i + 1, paragraphs[p][1])]
    for q in range(p + 1, min(len(paragraphs), p + _MAX_PARAGRAPHS)):
        start, end = paragraphs[q]
        if text[start] in _REOPENERS and _can_open(text, start):
            close, _ = _find_close(text, start + 1, end, text[start])
            if close is not None:
                parts.append((start + 1, close))
                return QuoteSpan(parts, i, close, opener)
            parts.append((start + 1, end))
            continue
        close, _ = _find_close(text, start, end, opener)
        if close is not None and not any(text[k] in _CLOSERS and _can_open(text, k)
                                         for k in range(start, close)):
            parts.append((start, close))
            return QuoteSpan(parts, i, close, opener)
        break
    if len(parts) == 1 and len(text[parts[0][0] : parts[0][1]].split()) >= 4:
        return QuoteSpan(parts, i, None, opener)  # closing mark lost in scraping
    return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _trimmed(text: str, span: QuoteSpan) -> QuoteSpan:
    parts = []
    for start, end in span.parts:
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1  # the comma before "he said" is the attribution's, not the speaker's
        parts.append((start, end))
    span.parts = parts
    return span
