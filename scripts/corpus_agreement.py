"""Agreement between the corpus's annotation and a second, blind annotation of a sample.

Reads the second annotations (corpus/agreement/annotated/*.jsonl, written from the blind sample
of scripts/agreement_sample.py in the corpus format) and the corpus's own annotation of the
same articles, and prints per level:

- narratives: Cohen's kappa on "carries a narrative or not", and the mean Jaccard overlap of
  the narrative label sets;
- roles: F1 of the framed entities (same name, spelling variants allowed) and, on the entities
  both framed, agreement on the main role;
- techniques: span F1 (same technique, overlapping spans), and the same ignoring the technique;
- quotes: on quotes both annotated (overlapping), agreement on the speaker.

Usage:

    .venv/bin/python scripts/corpus_agreement.py [--second corpus/agreement/annotated]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from narrascope.corpus import CorpusArticle, load_corpus  # noqa: E402
from narrascope.entities.names import close_keys, name_key  # noqa: E402


def _kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    if not n:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def _same(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    return bool(ka and kb) and (close_keys(ka, kb) or ka.split()[-1] == kb.split()[-1])


def _f1(matched_a: int, total_a: int, matched_b: int, total_b: int) -> float:
    precision = matched_b / total_b if total_b else 1.0
    recall = matched_a / total_a if total_a else 1.0
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def compare(first: list[CorpusArticle], second: list[CorpusArticle]) -> dict[str, object]:
    pairs = [(a, b) for b in second for a in first if a.id == b.id]
    has_a = [bool(a.narratives) for a, _ in pairs]
    has_b = [bool(b.narratives) for _, b in pairs]
    jaccard = []
    for a, b in pairs:
        la, lb = set(a.narrative_labels), set(b.narrative_labels)
        jaccard.append(len(la & lb) / len(la | lb))
    ent = {"a": 0, "b": 0, "ma": 0, "mb": 0, "both": 0, "same_main": 0}
    spans = {"a": 0, "b": 0, "ma": 0, "mb": 0, "ma_any": 0, "mb_any": 0}
    quotes = {"both": 0, "same_speaker": 0}
    for a, b in pairs:
        ent["a"] += len(a.entities)
        ent["b"] += len(b.entities)
        for x in a.entities:
            match = next((y for y in b.entities if _same(x.name, y.name)), None)
            if match:
                ent["ma"] += 1
                ent["both"] += 1
                ent["same_main"] += x.main_role == match.main_role
        ent["mb"] += sum(any(_same(y.name, x.name) for x in a.entities) for y in b.entities)
        sa = [(t.technique, t.span.start, t.span.end) for t in a.techniques]
        sb = [(t.technique, t.span.start, t.span.end) for t in b.techniques]
        spans["a"] += len(sa)
        spans["b"] += len(sb)
        spans["ma"] += sum(any(t == u and s < f and e > r for u, r, f in sb) for t, s, e in sa)
        spans["mb"] += sum(any(t == u and s < f and e > r for u, r, f in sa) for t, s, e in sb)
        spans["ma_any"] += sum(any(s < f and e > r for _u, r, f in sb) for _t, s, e in sa)
        spans["mb_any"] += sum(any(s < f and e > r for _u, r, f in sa) for _t, s, e in sb)
        for q in a.quotes:
            match = next((r for r in b.quotes if q.text.start < r.text.end
                          and r.text.start < q.text.end), None)
            if match is not None:
                quotes["both"] += 1
                quotes["same_speaker"] += (q.speaker is None and match.speaker is None) or (
                    q.speaker is not None and match.speaker is not None
                    and _same(q.speaker, match.speaker))
    return {
        "articles": len(pairs),
        "narratives": {"kappa_carries_a_narrative": round(_kappa(has_a, has_b), 3),
                       "mean_label_jaccard": round(sum(jaccard) / max(1, len(jaccard)), 3)},
        "roles": {"framed_entity_f1": round(_f1(ent["ma"], ent["a"], ent["mb"], ent["b"]), 3),
                  "main_role_agreement": round(ent["same_main"] / max(1, ent["both"]), 3),
                  "framed_first": ent["a"], "framed_second": ent["b"]},
        "techniques": {"span_f1": round(_f1(spans["ma"], spans["a"], spans["mb"], spans["b"]),
                                        3),
                       "span_f1_any_technique": round(_f1(spans["ma_any"], spans["a"],
                                                          spans["mb_any"], spans["b"]), 3),
                       "spans_first": spans["a"], "spans_second": spans["b"]},
        "quotes": {"both_annotated": quotes["both"],
                   "speaker_agreement": round(quotes["same_speaker"] / max(1, quotes["both"]),
                                              3)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", default=str(ROOT / "corpus" / "agreement" / "annotated"))
    args = parser.parse_args()
    first, _ = load_corpus(ROOT / "corpus" / "articles")
    second, problems = load_corpus(args.second)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(json.dumps(compare(first, second), indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
