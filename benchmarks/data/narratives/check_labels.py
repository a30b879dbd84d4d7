#!/usr/bin/env python3
"""Consistency checks and counts for the narrative evaluation set.

Usage:
    python benchmarks/data/narratives/check_labels.py [--taxonomy DIR]

DIR must hold ``narratives.txt`` and ``subnarratives.txt`` (default: ``../shared/taxonomy``
relative to the project root, i.e. ``<this dir>/../../../../shared/taxonomy``).

Checks:
* every label is, character for character, a line of the taxonomy files;
* hierarchy: every sub-narrative's narrative is listed; every listed narrative has at least one
  sub-narrative; ``Other`` appears alone and at both levels; no duplicates within a line;
* domain: ``*_UA_*`` documents carry only ``URW:`` labels, ``*_CC_*`` only ``CC:`` labels;
* every document is listed exactly once, every listed document exists, ids match
  ``<LANG>_(UA|CC)_<6 digits>.txt`` with the folder's language;
* document layout: title on line 1, blank line 2, non-empty body; body + title 200-600 words.

Then prints counts per language, domain, narrative and sub-narrative. Exit code 1 on any error.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ["EN", "RU", "UK", "BG", "PT", "HI"]
MIN_WORDS, MAX_WORDS = 200, 600


def load_lines(path: Path) -> list[str]:
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--taxonomy", type=Path, default=HERE.parents[3] / "shared" / "taxonomy")
    args = ap.parse_args()

    nar_file, sub_file = args.taxonomy / "narratives.txt", args.taxonomy / "subnarratives.txt"
    if not (nar_file.exists() and sub_file.exists()):
        print(f"taxonomy files not found under {args.taxonomy}; pass --taxonomy DIR", file=sys.stderr)
        return 2
    narratives = set(load_lines(nar_file))
    subnarratives = set(load_lines(sub_file))

    errors: list[str] = []
    docs_total = 0
    per_lang: dict[str, Counter] = {}
    nar_counts: Counter = Counter()
    sub_counts: Counter = Counter()
    n_labels_per_doc: list[tuple[int, int]] = []
    other_docs = 0

    for lang in LANGS:
        folder = HERE / lang
        ann = folder / "subtask-2-annotations.txt"
        docdir = folder / "raw-documents"
        if not ann.exists() or not docdir.is_dir():
            errors.append(f"{lang}: missing annotations file or raw-documents/")
            continue
        files = {p.name for p in docdir.glob("*.txt")}
        seen: Counter = Counter()
        c = per_lang.setdefault(lang, Counter())
        for lineno, raw in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            where = f"{lang}/subtask-2-annotations.txt:{lineno}"
            cols = raw.split("\t")
            if len(cols) != 3:
                errors.append(f"{where}: expected 3 tab-separated columns, got {len(cols)}")
                continue
            doc_id, nar_col, sub_col = cols
            seen[doc_id] += 1
            m = re.fullmatch(rf"{lang}_(UA|CC)_\d{{6}}\.txt", doc_id)
            if not m:
                errors.append(f"{where}: bad id {doc_id!r}")
                continue
            domain = m.group(1)
            prefix = "URW: " if domain == "UA" else "CC: "
            if doc_id not in files:
                errors.append(f"{where}: document {doc_id} does not exist")
            nars = nar_col.split(";")
            subs = sub_col.split(";")
            for lab in nars:
                if lab not in narratives:
                    errors.append(f"{where}: narrative not in taxonomy: {lab!r}")
            for lab in subs:
                if lab not in subnarratives:
                    errors.append(f"{where}: sub-narrative not in taxonomy: {lab!r}")
            if len(set(nars)) != len(nars) or len(set(subs)) != len(subs):
                errors.append(f"{where}: duplicate label in a list")
            if "Other" in nars or "Other" in subs:
                if nars != ["Other"] or subs != ["Other"]:
                    errors.append(f"{where}: 'Other' must stand alone at both levels")
                other_docs += 1
                c[f"{domain}:Other"] += 1
            else:
                parents = {s.rsplit(": ", 1)[0] for s in subs}
                for s in subs:
                    if s.rsplit(": ", 1)[0] not in nars:
                        errors.append(f"{where}: sub-narrative {s!r} without its narrative")
                for n in nars:
                    if n not in parents:
                        errors.append(f"{where}: narrative {n!r} has no sub-narrative (use '{n}: Other')")
                    if not n.startswith(prefix):
                        errors.append(f"{where}: {n!r} does not match the {domain} domain of {doc_id}")
                c[f"{domain}:narr"] += 1
                nar_counts.update(nars)
                sub_counts.update(subs)
                n_labels_per_doc.append((len(nars), len(subs)))
            c[domain] += 1
            docs_total += 1
        for doc_id, k in seen.items():
            if k > 1:
                errors.append(f"{lang}: {doc_id} listed {k} times")
        for name in sorted(files - set(seen)):
            errors.append(f"{lang}: {name} is not listed in the annotations")
        for name in sorted(files):
            text = (docdir / name).read_text(encoding="utf-8")
            lines = text.split("\n")
            if len(lines) < 3 or not lines[0].strip() or lines[1].strip() or not "".join(lines[2:]).strip():
                errors.append(f"{lang}/{name}: layout must be title, blank line, body")
            words = len(text.split())
            if not MIN_WORDS <= words <= MAX_WORDS:
                errors.append(f"{lang}/{name}: {words} words (want {MIN_WORDS}-{MAX_WORDS})")

    # ---- report ----
    print(f"documents: {docs_total}")
    print(f"{'lang':<5}{'total':>6}{'UA':>5}{'CC':>5}{'Other':>7}")
    for lang, c in per_lang.items():
        oth = c["UA:Other"] + c["CC:Other"]
        print(f"{lang:<5}{c['UA'] + c['CC']:>6}{c['UA']:>5}{c['CC']:>5}{oth:>7}")
    if docs_total:
        print(f"Other (no narrative): {other_docs} / {docs_total} = {100 * other_docs / docs_total:.1f}%")
    if n_labels_per_doc:
        print("narratives per labelled doc:", dict(sorted(Counter(n for n, _ in n_labels_per_doc).items())))
        print("sub-narratives per labelled doc:", dict(sorted(Counter(s for _, s in n_labels_per_doc).items())))
    real_narratives = sorted(n for n in narratives if n != "Other")
    print(f"\nnarratives used: {len(nar_counts)} / {len(real_narratives)}")
    for n in real_narratives:
        print(f"  {nar_counts.get(n, 0):>3}  {n}")
    print(f"\ndistinct sub-narratives used: {len(sub_counts)} / {len(subnarratives) - 1}")
    for s, k in sorted(sub_counts.items()):
        print(f"  {k:>3}  {s}")
    unused = sorted(subnarratives - set(sub_counts) - {"Other"})
    print(f"\nunused sub-narratives ({len(unused)}):")
    for s in unused:
        print(f"       {s}")

    if errors:
        print(f"\n{len(errors)} ERROR(S):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
