#!/usr/bin/env python3
"""Sanity checks and totals for the narrascope quote/speaker evaluation set.

Run from anywhere:  python3 benchmarks/data/quotes/check_gold.py
Exit status is 1 if any hard error is found.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ART = os.path.join(HERE, "articles")
MARKS = "\"'“”‘’«»„‚"
KINDS = ("direct", "partial", "indirect")
TYPES = ("person", "organisation", None)


def main():
    errors, warnings = [], []
    with open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8") as handle:
        gold = [json.loads(line) for line in handle if line.strip()]
    ids = [g["id"] for g in gold]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids in gold.jsonl")
    files = sorted(f[:-4] for f in os.listdir(ART) if f.endswith(".txt"))
    if sorted(ids) != files:
        errors.append(f"gold ids and article files differ: {set(ids) ^ set(files)}")

    per_lang = collections.Counter()
    q_lang = collections.Counter()
    kinds = collections.Counter()
    stypes = collections.Counter()
    null_spk = 0
    multipart = 0
    n_nonq = 0
    words = {}
    for g in gold:
        aid = g["id"]
        path = os.path.join(ART, aid + ".txt")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        lines = text.split("\n")
        if len(lines) < 3 or not lines[0].strip() or lines[1].strip():
            errors.append(f"{aid}: first line must be a title and second line blank")
        if g["language"] != aid.split("_")[0]:
            errors.append(f"{aid}: language field {g['language']!r} does not match id")
        nw = len(text.split())
        words[aid] = nw
        if not 200 <= nw <= 600:
            errors.append(f"{aid}: {nw} words (expected 200-600)")
        per_lang[g["language"]] += 1
        for i, q in enumerate(g["quotes"]):
            where = f"{aid} quote {i}"
            pieces = q.get("parts") or [q["text"]]
            if "parts" in q:
                multipart += 1
                if " ".join(q["parts"]) != q["text"]:
                    errors.append(f"{where}: text is not the parts joined by a space")
            for p in pieces:
                if p not in text:
                    errors.append(f"{where}: not verbatim in article: {p[:60]!r}")
                if p != p.strip():
                    errors.append(f"{where}: leading/trailing whitespace")
                if p and (p[0] in MARKS or p[-1] in MARKS):
                    warnings.append(f"{where}: text starts/ends with a quote mark: {p[:40]!r}")
            if q["kind"] not in KINDS:
                errors.append(f"{where}: bad kind {q['kind']!r}")
            if q["speaker_type"] not in TYPES:
                errors.append(f"{where}: bad speaker_type {q['speaker_type']!r}")
            if (q["speaker"] is None) != (q["speaker_type"] is None):
                errors.append(f"{where}: speaker and speaker_type must be null together")
            if q["speaker"] is None:
                null_spk += 1
            elif q["speaker"] not in text:
                warnings.append(f"{where}: speaker {q['speaker']!r} not verbatim in article")
            for key in ("cue", "note"):
                if key not in q:
                    errors.append(f"{where}: missing {key}")
            kinds[q["kind"]] += 1
            stypes[q["speaker_type"]] += 1
            q_lang[g["language"]] += 1
        qtexts = {p for q in g["quotes"] for p in (q.get("parts") or [q["text"]])}
        for nq in g["non_quotes"]:
            n_nonq += 1
            if nq not in text:
                errors.append(f"{aid}: non_quote not verbatim: {nq!r}")
            if nq in qtexts:
                errors.append(f"{aid}: non_quote equals a quote text: {nq!r}")
        if not g["quotes"]:
            warnings.append(f"{aid}: no quotes")

    nq = sum(kinds.values())
    print(f"articles: {len(gold)}  quotes: {nq}  non_quotes: {n_nonq}")
    print("articles per language:", dict(sorted(per_lang.items())))
    print("quotes per language:  ", dict(sorted(q_lang.items())))
    print("quotes per kind:      ", dict(kinds))
    print("speaker_type:         ", {str(k): v for k, v in stypes.items()})
    print(f"null speakers: {null_spk}  multi-paragraph quotes (parts): {multipart}")
    print(f"words per article: min {min(words.values())}, max {max(words.values())}, "
          f"mean {sum(words.values()) / len(words):.0f}")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    if errors:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
