"""From sentence scores and cue hits to technique spans, and from spans to paragraphs.

A span is never invented without text behind it: a cue marks its own words (or, for a
clause-level technique such as Doubt, the sentence around them); a model decision marks the
sentence it scored; Repetition marks each occurrence of a repeated phrase.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from narrascope.annotations import TechniqueParagraph, TechniqueSpan
from narrascope.techniques.lexicon import TECHNIQUES, CueHit, Lexicon

#: how much a cue alone is worth; the model's probability for the sentence adds to it
CUE_CONFIDENCE = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)
_REPEAT_MIN_WORDS = 3


def detect(text: str, sentences: Sequence[tuple[int, int]], probabilities: np.ndarray,
           thresholds: np.ndarray, lexicon: Lexicon, *, cues_decide: bool = True,
           hits: Sequence[Sequence[CueHit]] | None = None) -> list[TechniqueSpan]:
    """Spans in ``text`` from per-sentence probabilities (rows follow ``sentences``).

    With ``cues_decide`` (the default model) a cue is evidence enough on its own; a model
    trained on the user's data already weighed the cues, so there cues and repeated phrases
    only place the span of a technique the model chose for the sentence. ``hits``: the
    lexicon's hits per sentence (offsets within it), when already found."""
    spans: dict[tuple[str, int, int], TechniqueSpan] = {}

    def add(span: TechniqueSpan) -> None:
        key = (span.technique, span.start, span.end)
        if key not in spans or spans[key].score < span.score:
            spans[key] = span

    for row, (start, end) in enumerate(sentences):
        sentence = text[start:end]
        fired: set[str] = set()
        for hit in lexicon.find(sentence) if hits is None else hits[row]:
            column = TECHNIQUES.index(hit.technique)
            p = float(probabilities[row, column]) if len(probabilities) else 0.0
            if not cues_decide and p < thresholds[column]:
                continue
            score = 1.0 - (1.0 - CUE_CONFIDENCE) * (1.0 - p)
            if lexicon.granularity.get(hit.technique) == "word":
                s, e = start + hit.start, start + hit.end
            else:
                s, e = start, end
            cue = hit.cue if not hit.cue.startswith("pattern ") else "pattern"
            add(TechniqueSpan(hit.technique, s, e, score,
                              f"cue “{sentence[hit.start:hit.end]}” ({cue})"))
            fired.add(hit.technique)
        if not len(probabilities):
            continue
        for column, technique in enumerate(TECHNIQUES):
            p = float(probabilities[row, column])
            if technique not in fired and technique != "Repetition" and p >= thresholds[column]:
                add(TechniqueSpan(technique, start, end, p, f"model {p:.2f}"))
    chosen = {(s.start, s.end) for s in spans.values() if s.technique == "Repetition"}
    for span in repetitions(text, sentences):
        if cues_decide or any(s <= span.start and span.end <= e for s, e in chosen):
            add(span)
    return sorted(spans.values(), key=lambda s: (s.start, s.end, s.technique))


def repetitions(text: str, sentences: Sequence[tuple[int, int]]) -> list[TechniqueSpan]:
    """Phrases of three or more words said again in another sentence (slogans, refrains)."""
    grams: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
    for index, (start, end) in enumerate(sentences):
        words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
        for n in (5, 4, _REPEAT_MIN_WORDS):
            for i in range(len(words) - n + 1):
                key = tuple(w for w, _s, _e in words[i : i + n])
                if sum(len(w) for w in key) >= 16:
                    grams[key].append((index, words[i][1], words[i + n - 1][2]))
    found: list[TechniqueSpan] = []
    taken: list[tuple[int, int]] = []
    for key, places in sorted(grams.items(), key=lambda kv: -len(kv[0])):
        if len({index for index, _s, _e in places}) < 2:
            continue
        for _index, s, e in places:
            if any(s < te and e > ts for ts, te in taken):
                continue
            taken.append((s, e))
            found.append(TechniqueSpan("Repetition", s, e, 0.6,
                                       f"“{' '.join(key)}” repeated {len(places)} times"))
    return found


def line_spans(text: str) -> list[tuple[int, int, int]]:
    """(line number, start, end) of every non-empty line: the paragraphs of ``text``."""
    found, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            found.append((number, offset, offset + len(line)))
        offset += len(line) + 1
    return found


def paragraph_summary(text: str, spans: Sequence[TechniqueSpan]) -> list[TechniqueParagraph]:
    """Which techniques each paragraph uses (a span counts for every paragraph it touches)."""
    summary = []
    for _number, start, end in line_spans(text):
        techniques = sorted({s.technique for s in spans if s.start < end and s.end > start})
        summary.append(TechniqueParagraph(start, end, tuple(techniques)))
    return summary
