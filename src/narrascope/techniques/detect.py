"""From sentence scores and cue hits to technique spans, and from spans to paragraphs.

A span is never invented without text behind it: a cue marks its own words (or, for a
clause-level technique such as Doubt, the sentence around them); a model decision marks the
sentence it scored; Repetition marks each occurrence of a repeated phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from narrascope.annotations import TechniqueParagraph, TechniqueSpan
from narrascope.techniques.lexicon import TECHNIQUES, CueHit, Lexicon

#: how much a cue alone is worth; the model's probability for the sentence adds to it
CUE_CONFIDENCE = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)


def detect(text: str, sentences: Sequence[tuple[int, int]], probabilities: np.ndarray,
           thresholds: np.ndarray, lexicon: Lexicon, *, cues_decide: bool = True,
           hits: Sequence[Sequence[CueHit]] | None = None,
           trusted: frozenset[str] = frozenset(),
           min_paragraphs: int = 1) -> list[TechniqueSpan]:
    """Spans in ``text`` from per-sentence probabilities (rows follow ``sentences``).

    With ``cues_decide`` (the default model) a cue is evidence enough on its own; a model
    trained on the user's data already weighed the cues, so there cues and repeated phrases
    only place the span of a technique the model chose for the sentence. ``hits``: the
    lexicon's hits per sentence (offsets within it), when already found. ``trusted``: cues
    that mark their span on their own even under a trained model (they proved precise on
    the labelled articles it was trained on). ``min_paragraphs``: model-only decisions are
    kept only when spans fire in at least this many paragraphs of the article — a
    persuasive article persuades more than once, while one borderline sentence in a
    neutral report is more often a false alarm than a technique."""
    spans: dict[tuple[str, int, int], TechniqueSpan] = {}
    model_only: set[tuple[str, int, int]] = set()

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
            if not cues_decide and p < thresholds[column] and hit.cue not in trusted:
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
                model_only.add((technique, start, end))
    chosen = {(s.start, s.end) for s in spans.values() if s.technique == "Repetition"}
    for span in repetitions(text, sentences):
        if cues_decide or any(s <= span.start and span.end <= e for s, e in chosen):
            add(span)
    if model_only and min_paragraphs > 1:
        paragraphs = [(s, e) for _n, s, e in line_spans(text)]
        touched = {i for span in spans.values() for i, (s, e) in enumerate(paragraphs)
                   if span.start < e and s < span.end}
        if len(touched) < min_paragraphs:
            for key in model_only:
                spans.pop(key, None)
    return sorted(spans.values(), key=lambda s: (s.start, s.end, s.technique))


#: Words a run of clauses may share at its start without any rhetoric ("The ministry said…
#: The ministry added…" is reporting, not anaphora).
_PLAIN_OPENINGS = {
    "the", "a", "an", "and", "but", "or", "in", "on", "at", "of", "to", "for", "it", "he",
    "she", "they", "this", "that", "its", "his", "her", "their", "as", "by", "with",
    "и", "а", "в", "на", "с", "по", "он", "она", "они", "это", "но", "і", "й", "у", "та",
    "від", "він", "вона", "вони", "це", "от", "той", "тя", "те",
    "o", "os", "e", "de", "do", "da", "em", "ele", "ela", "eles",
    "और", "में", "से", "यह", "वह", "के", "की", "का",
}
_CLAUSE = re.compile(r"[^.!?;:,—–\n]+")
_MIN_RUN = 3
#: A sentence said again word for word is a refrain ("No peace with murderers!") when it is this
#: long and reports nobody's words ("officials said on Monday" recurs in any wire story).
_REFRAIN_WORDS = 4
_WHOLE_SENTENCE = re.compile(r"[^.!?\n]+")
_REPORTING = re.compile(
    r"\b(?:said|says|told|added|according|reported|stated|заявил\w*|сказал\w*|сообщил\w*|"
    r"заяви\w*|сказа\w*|повідоми\w*|каза\w*|заяви|disse|afirmou|declarou|segundo|कहा|बताया)\b",
    re.IGNORECASE)


def repetitions(text: str, sentences: Sequence[tuple[int, int]]) -> list[TechniqueSpan]:
    """Rhetorical repetition only, one span per figure, within a paragraph:

    - a word hammered three or more times in a row ("Lies, lies, lies.");
    - three or more clauses opening with the same words ("Lies about the army, lies about
      the economy, lies about the front."), unless the opening is a plain function word.

    - a whole sentence of four or more words said again word for word anywhere in the
      article (a refrain or slogan), each occurrence once, unless it reports speech.

    A noun phrase that simply recurs across an article ("the defence ministry") is how news
    is written, and is never a span. ``sentences`` is accepted for the callers' symmetry;
    the paragraph and the clause are the units."""
    del sentences
    found: list[TechniqueSpan] = []
    refrains: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for m in _WHOLE_SENTENCE.finditer(text):
        words = tuple(w.group().lower() for w in _WORD.finditer(m.group()))
        if len(words) >= _REFRAIN_WORDS and not _REPORTING.search(m.group()):
            lead = m.start() + len(m.group()) - len(m.group().lstrip())
            refrains.setdefault(words, []).append((lead, m.start() + len(m.group().rstrip())))
    for words, places in refrains.items():
        if len(places) >= 2:
            found.extend(TechniqueSpan("Repetition", s, e, 0.7,
                                       f"“{' '.join(words)}” said {len(places)} times")
                         for s, e in places)
    for _number, start, end in line_spans(text):
        taken: list[tuple[int, int]] = []
        words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
        i = 0
        while i < len(words):
            j = i
            while (j + 1 < len(words) and words[j + 1][0] == words[i][0]
                   and not text[words[j][2]:words[j + 1][1]].strip(" ,.!?;:—–-…\"“”«»'")):
                j += 1
            if j - i + 1 >= _MIN_RUN and len(words[i][0]) > 1:
                s, e = words[i][1], words[j][2]
                taken.append((s, e))
                found.append(TechniqueSpan("Repetition", s, e, 0.8,
                                           f"“{words[i][0]}” {j - i + 1} times in a row"))
            i = j + 1
        clauses = []
        for m in _CLAUSE.finditer(text, start, end):
            opening = [w.group().lower() for w in _WORD.finditer(m.group())][:2]
            if opening:
                lead = m.start() + len(m.group()) - len(m.group().lstrip())
                clauses.append((opening, lead, m.end()))
        k = 0
        while k < len(clauses):
            first = clauses[k][0][0]
            run = k
            while run + 1 < len(clauses) and clauses[run + 1][0][0] == first:
                run += 1
            if run - k + 1 >= _MIN_RUN and first not in _PLAIN_OPENINGS and len(first) > 1:
                s, e = clauses[k][1], clauses[run][2]
                if not any(s < te and e > ts for ts, te in taken) and not any(
                        f.start < e and s < f.end for f in found):
                    found.append(TechniqueSpan(
                        "Repetition", s, e, 0.75,
                        f"{run - k + 1} clauses open with “{first}”"))
            k = run + 1
    return sorted(found, key=lambda span: (span.start, span.end))


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
