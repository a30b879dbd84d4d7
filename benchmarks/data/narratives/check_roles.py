#!/usr/bin/env python3
"""Consistency checks and counts for the entity-framing files (SemEval-2025 Task 10, sub-task 1).

Usage:
    python benchmarks/data/narratives/check_roles.py [--taxonomy FILE]

FILE is the role taxonomy ``entity_roles.tsv`` (header ``main_role<TAB>fine_grained_role``;
default: ``../shared/taxonomy/entity_roles.tsv`` relative to the project root). If it is not
there, the 3 main roles and 22 fine roles built into this script are used (the two are
compared when the file exists).

Checks, for every language folder that has the files:
* both ``subtask-1-entity-mentions.txt`` and ``subtask-1-annotations.txt`` exist (or neither);
* every line parses: 4 columns (mentions) / 6+ columns (annotations), integer offsets,
  0 <= start <= end;
* the id matches ``<LANG>_(UA|CC)_<6 digits>.txt`` and the document exists in raw-documents/;
* ``text[start:end+1] == mention`` on the whole file as read with ``open(path, encoding="utf-8")``;
* main role is valid; every fine role is valid, belongs to the main role, no duplicates;
* both files list the same (id, mention, start, end) in the same order; no duplicate rows.

Then prints counts per language, main role and fine role, and the share of mentions with two
or more fine roles. Exit code 1 on any error.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ["EN", "RU", "UK", "BG", "PT", "HI"]

BUILTIN_ROLES: dict[str, list[str]] = {
    "Protagonist": ["Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"],
    "Antagonist": ["Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
                   "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"],
    "Innocent": ["Forgotten", "Exploited", "Victim", "Scapegoat"],
}


def load_taxonomy(path: Path, errors: list[str]) -> dict[str, list[str]]:
    if not path.exists():
        print(f"note: {path} not found; using the built-in role list")
        return BUILTIN_ROLES
    roles: dict[str, list[str]] = {}
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    for line in lines[1:]:  # header
        main, fine = line.split("\t")
        roles.setdefault(main.strip(), []).append(fine.strip())
    if roles != BUILTIN_ROLES:
        errors.append(f"{path}: differs from the built-in role list")
    return roles


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--taxonomy", type=Path,
                    default=HERE.parents[3] / "shared" / "taxonomy" / "entity_roles.tsv")
    args = ap.parse_args()

    errors: list[str] = []
    roles = load_taxonomy(args.taxonomy, errors)
    parent = {fine: main for main, fines in roles.items() for fine in fines}

    per_lang: Counter = Counter()
    per_lang_docs: dict[str, set[str]] = {}
    per_main: Counter = Counter()
    per_fine: Counter = Counter()
    per_main_lang: dict[str, Counter] = {}
    n_fine: Counter = Counter()
    docs_with_mentions: Counter = Counter()

    for lang in LANGS:
        folder = HERE / lang
        men_file = folder / "subtask-1-entity-mentions.txt"
        ann_file = folder / "subtask-1-annotations.txt"
        if not men_file.exists() and not ann_file.exists():
            continue
        if not (men_file.exists() and ann_file.exists()):
            errors.append(f"{lang}: only one of the two sub-task 1 files exists")
            continue
        docdir = folder / "raw-documents"
        texts: dict[str, str] = {}

        def parse(path: Path, min_cols: int, max_cols: int | None) -> list[tuple[list[str], str]]:
            out = []
            for lineno, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
                if raw == "":
                    continue
                where = f"{lang}/{path.name}:{lineno}"
                cols = raw.split("\t")
                if len(cols) < min_cols or (max_cols is not None and len(cols) > max_cols):
                    errors.append(f"{where}: {len(cols)} columns")
                    continue
                doc_id, mention, s, e = cols[:4]
                if not re.fullmatch(rf"{lang}_(UA|CC)_\d{{6}}\.txt", doc_id):
                    errors.append(f"{where}: bad id {doc_id!r}")
                    continue
                if not (s.isdigit() and e.isdigit()):
                    errors.append(f"{where}: offsets must be integers: {s!r} {e!r}")
                    continue
                start, end = int(s), int(e)
                if start > end:
                    errors.append(f"{where}: start {start} > end {end}")
                    continue
                if doc_id not in texts:
                    p = docdir / doc_id
                    if not p.exists():
                        errors.append(f"{where}: document {doc_id} does not exist")
                        continue
                    texts[doc_id] = open(p, encoding="utf-8").read()
                span = texts[doc_id][start:end + 1]
                if span != mention:
                    errors.append(f"{where}: text[{start}:{end + 1}] is {span!r}, not {mention!r}")
                out.append((cols, where))
            return out

        men_rows = parse(men_file, 4, 4)
        ann_rows = parse(ann_file, 6, None)
        men_keys = [tuple(c[:4]) for c, _ in men_rows]
        ann_keys = [tuple(c[:4]) for c, _ in ann_rows]
        if men_keys != ann_keys:
            errors.append(f"{lang}: the two files do not list the same mentions in the same order")
        for key, k in Counter(ann_keys).items():
            if k > 1:
                errors.append(f"{lang}: duplicate row {key}")
        for cols, where in ann_rows:
            main_role, fines = cols[4], cols[5:]
            if main_role not in roles:
                errors.append(f"{where}: unknown main role {main_role!r}")
                continue
            if len(set(fines)) != len(fines):
                errors.append(f"{where}: duplicate fine role")
            for fine in fines:
                if fine not in parent:
                    errors.append(f"{where}: unknown fine role {fine!r}")
                elif parent[fine] != main_role:
                    errors.append(f"{where}: fine role {fine!r} belongs to {parent[fine]}, not {main_role}")
            per_lang[lang] += 1
            per_lang_docs.setdefault(lang, set()).add(cols[0])
            docs_with_mentions[cols[0]] += 1
            per_main[main_role] += 1
            per_main_lang.setdefault(lang, Counter())[main_role] += 1
            per_fine.update(fines)
            n_fine[len(fines)] += 1

    total = sum(per_lang.values())
    mains = list(roles)
    print(f"mentions: {total} in {len(docs_with_mentions)} articles")
    print(f"{'lang':<5}{'mentions':>9}{'articles':>9}" + "".join(f"{m:>13}" for m in mains))
    for lang in LANGS:
        if lang in per_lang:
            c = per_main_lang[lang]
            print(f"{lang:<5}{per_lang[lang]:>9}{len(per_lang_docs[lang]):>9}"
                  + "".join(f"{c[m]:>13}" for m in mains))
    if total:
        print("\nmain roles:")
        for m in mains:
            print(f"  {per_main[m]:>4}  {100 * per_main[m] / total:5.1f}%  {m}")
        used = sum(1 for f in parent if per_fine[f])
        print(f"\nfine roles used: {used} / {len(parent)}")
        for m in mains:
            for f in roles[m]:
                print(f"  {per_fine[f]:>4}  {m}: {f}")
        multi = sum(k for n, k in n_fine.items() if n >= 2)
        print(f"\nfine roles per mention: {dict(sorted(n_fine.items()))}; "
              f"2+ fine roles: {multi} / {total} = {100 * multi / total:.1f}%")

    if errors:
        print(f"\n{len(errors)} ERROR(S):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
