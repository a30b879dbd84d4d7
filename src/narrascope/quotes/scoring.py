"""Scoring quote extraction against annotated articles.

Gold quotes are given as text (the quoted words, or ``parts`` for a quotation over several
paragraphs) plus kind and speaker name; predictions are narrascope quote objects. A prediction
matches a gold quote when their character spans overlap enough (Jaccard ≥ 0.5, or the gold span
is ≥ 80 % covered by a prediction that is ≥ 50 % inside it). Matching is one-to-one, best
overlap first.

Speaker attribution is judged on matched quotes: right when both are null, or when the
predicted speaker is the gold speaker — same gazetteer entity, or the same name up to spelling
variants, or the same surname; across scripts (a Latin gold name for a Cyrillic or Devanagari
one) the names are compared by their consonant sounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from narrascope.entities.gazetteer import Gazetteer
from narrascope.entities.names import close_keys, name_key, names_sound_alike, scripts_differ


@dataclass
class QuoteScores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    speaker_right: int = 0
    speaker_judged: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [tp, fn]
    speaker_by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [right, n]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def speaker_accuracy(self, kind: str | None = None) -> float:
        if kind is None:
            return self.speaker_right / self.speaker_judged if self.speaker_judged else 0.0
        right, n = self.speaker_by_kind.get(kind, [0, 0])
        return right / n if n else 0.0


def gold_spans(text: str, quote: dict[str, Any]) -> list[tuple[int, int]]:
    """Character spans of a gold quote in the analysed text (empty if not found)."""
    spans = []
    cursor = 0
    for part in quote.get("parts") or [quote["text"]]:
        index = text.find(part, cursor)
        if index < 0:
            index = text.find(part)
        if index < 0:
            return []
        spans.append((index, index + len(part)))
        cursor = index + len(part)
    return spans


def _length(spans: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _intersection(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def overlap(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> float:
    """Match strength in [0, 1]; 0 means no match."""
    common = _intersection(gold, predicted)
    if not common:
        return 0.0
    union = _length(gold) + _length(predicted) - common
    jaccard = common / union
    if jaccard >= 0.5:
        return jaccard
    if common / _length(gold) >= 0.8 and common / _length(predicted) >= 0.5:
        return 0.5
    return 0.0


def same_speaker(gold: str | None, predicted: dict[str, Any] | None,
                 gazetteer: Gazetteer | None = None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if gazetteer is not None:
        ids = {i for m in gazetteer.find(gold) if m.kind != "role" for i in m.entity_ids}
        if predicted.get("entity_id") in ids:
            return True
    name = predicted.get("name") or ""
    gold_key, predicted_key = name_key(gold), name_key(name)
    if not predicted_key or not gold_key:
        return False
    if close_keys(gold_key, predicted_key) or close_keys(gold_key.split()[-1],
                                                         predicted_key.split()[-1]):
        return True
    # "Petar Galabov" for "Петър Гълъбов", "Rashmi Negi" for "रश्मि नेगी": letters do not meet
    # across scripts, sounds do.
    return scripts_differ(gold, name) and names_sound_alike(gold, name)


def score_article(text: str, gold: Iterable[dict[str, Any]], predicted: Sequence[dict[str, Any]],
                  scores: QuoteScores, *, gazetteer: Gazetteer | None = None,
                  article: str = "") -> None:
    """Add one article's counts to ``scores``."""
    gold = list(gold)
    pred_spans = [
        [(p["start"], p["end"])] if not p.get("parts")
        else [(part["start"], part["end"]) for part in p["parts"]]
        for p in predicted
    ]
    pairs = []
    for g_index, quote in enumerate(gold):
        spans = gold_spans(text, quote)
        for p_index, p_spans in enumerate(pred_spans):
            strength = overlap(spans, p_spans) if spans else 0.0
            if strength > 0:
                pairs.append((strength, g_index, p_index))
    matched_gold: dict[int, int] = {}
    used: set[int] = set()
    for _strength, g_index, p_index in sorted(pairs, reverse=True):
        if g_index not in matched_gold and p_index not in used:
            matched_gold[g_index] = p_index
            used.add(p_index)
    scores.true_positives += len(matched_gold)
    scores.false_negatives += len(gold) - len(matched_gold)
    scores.false_positives += len(predicted) - len(used)
    for g_index, quote in enumerate(gold):
        kind = quote.get("kind", "direct")
        counts = scores.by_kind.setdefault(kind, [0, 0])
        if g_index not in matched_gold:
            counts[1] += 1
            scores.errors.append({"article": article, "error": "missed", "gold": quote})
            continue
        counts[0] += 1
        prediction = predicted[matched_gold[g_index]]
        right = same_speaker(quote.get("speaker"), prediction.get("speaker"), gazetteer)
        scores.speaker_judged += 1
        scores.speaker_right += right
        judged = scores.speaker_by_kind.setdefault(kind, [0, 0])
        judged[0] += right
        judged[1] += 1
        if not right:
            scores.errors.append({"article": article, "error": "speaker", "gold": quote,
                                  "predicted": prediction.get("speaker")})
    for p_index, prediction in enumerate(predicted):
        if p_index not in used:
            scores.errors.append({"article": article, "error": "spurious",
                                  "predicted": {k: prediction[k] for k in ("text", "kind")}})
