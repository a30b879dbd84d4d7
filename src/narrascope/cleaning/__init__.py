"""Cleaning: turn an article's raw text into the body an analyst reads.

Removes scraping residue line by line (see :mod:`narrascope.cleaning.rules`), records every
removal with its reason and raw-text offsets, normalises characters, and joins the kept
paragraphs with blank lines. Body text is never rewritten beyond invisible characters and
spacing, and no line is removed without a named reason.

>>> result = clean_text("Kyiv hit again\\n\\nMissiles struck at dawn.\\nShare this:\\nTags: war",
...                     title="Kyiv hit again")
>>> result.text
'Missiles struck at dawn.'
>>> for removal in result.removed:
...     print(removal.reason, removal.start, removal.end, repr(removal.text))
repeated_headline 0 14 'Kyiv hit again'
share_prompt 41 52 'Share this:'
tag_list 53 62 'Tags: war'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from narrascope.cleaning.normalize import LINE_BREAK, comparable, normalize_line
from narrascope.cleaning.rules import LINE_RULES, LineRule, ends_like_sentence
from narrascope.document import Document, Removal
from narrascope.errors import EmptyArticleError

__all__ = ["CleanResult", "CleanStage", "clean_text"]

#: Lines after a block header ("Related posts", "Tags", "Leave a Reply") that look like
#: headlines or form fields are residue of the same kind, up to this many words.
_BLOCK_LINE_MAX_WORDS = {"related_link": 20, "tag_list": 6, "comment_form": 12}
#: Inside a comment form, "Email" or "Name" is a form field whatever else it could be.
_BLOCK_CONTEXT_WINS = {"comment_form"}
_MIN_DUPLICATE_WORDS = 5
_MAX_TITLE_SUFFIX_WORDS = 6
_WORD = re.compile(r"\w+")
_TITLE_SUFFIX = re.compile(r"\s+[|–—·•-]\s+|\s*\|\s*")


@dataclass
class CleanResult:
    text: str
    removed: list[Removal] = field(default_factory=list)


@dataclass
class _Line:
    start: int  # offsets of the line content (without surrounding spaces) in the raw text
    end: int
    raw: str
    norm: str


def _split_lines(raw_text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    for match in [*LINE_BREAK.finditer(raw_text), None]:
        end = match.start() if match else len(raw_text)
        chunk = raw_text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + (len(chunk) - len(chunk.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped, normalize_line(chunk)))
        if match:
            position = match.end()
    return lines


def _word_count(line: str) -> int:
    return len(line.split())


def _first_rule(line: str, n_words: int) -> LineRule | None:
    for rule in LINE_RULES:
        if rule.matches(line, n_words):
            return rule
    return None


def _is_block_header(rule: LineRule, line: str) -> bool:
    """A header alone on its line ("Related posts", "Read also:"), with no headline after it."""
    return rule.opens_block and _word_count(re.sub(r"[\W_]+", " ", line)) <= 4 and (
        not _WORD.search(line.split(":", 1)[1]) if ":" in line else True
    )


def _continues_block(reason: str, line: str, n_words: int) -> bool:
    return n_words <= _BLOCK_LINE_MAX_WORDS[reason] and not ends_like_sentence(line)


def _is_repeated_headline(line: str, title_key: str) -> bool:
    if not title_key:
        return False
    if comparable(line) == title_key:
        return True
    # "Headline | Outlet" or "Headline - 12 March 2023" repeated at the top of the body.
    return any(
        comparable(line[: match.start()]) == title_key
        and _word_count(line[match.end() :]) <= _MAX_TITLE_SUFFIX_WORDS
        for match in _TITLE_SUFFIX.finditer(line)
    )


def _is_wrapped(raw_text: str, previous: _Line, line: _Line) -> bool:
    """A hard-wrapped sentence: no blank line between, and the line continues in lower case."""
    gap = raw_text[previous.end : line.start]
    return (
        len(LINE_BREAK.findall(gap)) == 1
        and line.norm[0].islower()
        and not ends_like_sentence(previous.norm)
        and not previous.norm.endswith(":")
    )


def clean_text(raw_text: str, title: str | None = None) -> CleanResult:
    """Remove residue lines from ``raw_text`` and normalise what is kept."""
    title_key = comparable(title or "")
    kept: list[str] = []
    removed: list[Removal] = []
    seen: set[str] = set()
    block: str | None = None
    previous: _Line | None = None  # the last kept line
    for line in _split_lines(raw_text):
        if not line.norm:
            continue
        n_words = _word_count(line.norm)
        reason: str | None = None
        rule = _first_rule(line.norm, n_words)
        in_block = block is not None and _continues_block(block, line.norm, n_words)
        if rule is not None and _is_block_header(rule, line.norm):
            reason = block = rule.reason
        elif in_block and (rule is None or block in _BLOCK_CONTEXT_WINS):
            reason = block
        elif rule is not None:
            reason = rule.reason  # other residue inside a block (a share link) keeps it open
        else:
            block = None
            if _is_repeated_headline(line.norm, title_key):
                reason = "repeated_headline"
            elif n_words >= _MIN_DUPLICATE_WORDS and comparable(line.norm) in seen:
                reason = "duplicate_line"
        if reason is not None:
            removed.append(Removal(line.start, line.end, line.raw, reason))
            continue
        if n_words >= _MIN_DUPLICATE_WORDS:
            seen.add(comparable(line.norm))
        if previous is not None and _is_wrapped(raw_text, previous, line):
            kept[-1] += " " + line.norm
        else:
            kept.append(line.norm)
        previous = line
    return CleanResult(text="\n\n".join(kept), removed=removed)


class CleanStage:
    """Pipeline stage: fills ``doc.text`` and ``doc.removed`` from ``doc.raw_text``."""

    def __call__(self, doc: Document) -> Document:
        result = clean_text(doc.raw_text, doc.title)
        if doc.title:
            doc.title = normalize_line(doc.title)
        doc.text = result.text
        doc.removed = result.removed
        if not doc.text:
            removed = len(result.removed)
            detail = f" ({removed} line(s) removed as boilerplate)" if removed else ""
            raise EmptyArticleError(f"no article text{detail}")
        return doc
