"""Copies and same-story clusters on the project's copies test set: precision and recall.

The test set (benchmarks/data/copies/, README there) starts from articles of the project's
corpus and holds, for each original:

- copies written by hand: proxy-site rewrites (reworded, slanted with loaded swaps and a
  dropped attribution, trimmed with paragraphs added, machine-translated back and forth);
- translations into another language (faithful, or machine-translated reposts with residue);
- hard negatives: a different story on the same topic, the same day, with the same names
  (a third from the same outlet, with its footer);

and this script adds copies made by rule: the first 60 % of the paragraphs; the whole with
three paragraphs of another article appended; the whole with loaded word swaps. Other corpus
articles of the same languages are added as background.

Everything is analysed and stored in a fresh SQLite store, indexed as ``narrascope copies``
and ``narrascope stories`` do, and scored by pairs:

- copies: a pair is right when both come from one original by copying (rule-made copies,
  rewrites, the original); recall is shown per kind of copy; every other predicted pair is a
  false positive (hard negatives are listed apart);
- stories: a pair is right when both come from one original (translations included).

    .venv/bin/python benchmarks/copies_eval.py [--background 200] [--min-overlap 0.5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "copies"
sys.path.insert(0, str(ROOT / "src"))

from narrascope.copies import (  # noqa: E402
    StorySettings,
    copy_groups,
    index_stories,
    load_stories,
    update_copies,
)
from narrascope.corpus import load_corpus  # noqa: E402
from narrascope.document import RawArticle  # noqa: E402
from narrascope.pipeline import Pipeline  # noqa: E402
from narrascope.store import Store  # noqa: E402

#: Kinds that copy text, which near-duplicate detection must find.
TEXT_COPIES = {"rule-trim", "rule-append", "rule-swap", "slanted", "trimmed+added"}
_SWAPS = [("Kyiv", "the Kiev regime"), ("Ukrainian forces", "Kiev's militants"),
          ("Russian invasion", "special military operation"), ("Київ", "київський режим"),
          ("Киев", "киевский режим"), ("Украина", "бывшая Украина"),
          ("Украйна", "бившата Украйна"), ("Ucrânia", "regime de Kiev"),
          ("Rússia", "o agressor"), ("Росія", "країна-агресор"), ("Русия", "агресорът"),
          ("यूक्रेन", "कीव शासन"), ("रूस", "हमलावर देश")]


def _jsonl(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()] if path.exists() else []


def build_items(background: int, seed: int) -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """The articles to store, each item's family (its original's id, or its own) and kind."""
    corpus, _problems = load_corpus(str(ROOT / "corpus" / "articles"))
    by_id = {a.id: a for a in corpus}
    written = _jsonl("rewrites.jsonl") + _jsonl("translations.jsonl")
    negatives = _jsonl("negatives.jsonl")
    originals = sorted({w["of"] for w in written} | {n["near"] for n in negatives})
    rng = random.Random(seed)
    items, family, kind = [], {}, {}

    def add(item_id: str, text: str, title: str, outlet: str, published: str | None,
            language: str, of: str, what: str) -> None:
        items.append({"id": item_id, "text": text, "title": title, "outlet": outlet,
                      "published": published, "language": language})
        family[item_id], kind[item_id] = of, what

    for oid in originals:
        a = by_id[oid]
        add(oid, a.text, a.title, a.outlet, a.published, a.language, oid, "original")
        paragraphs = [p for p in a.text.split("\n\n") if p.strip()]
        keep = max(1, round(len(paragraphs) * 0.6))
        add(f"trim-{oid}", "\n\n".join(paragraphs[:keep]), a.title, "trim.example",
            a.published, a.language, oid, "rule-trim")
        donor = rng.choice([x for x in corpus if x.language == a.language and x.id != oid])
        extra = [p for p in donor.text.split("\n\n") if p.strip()][:3]
        add(f"append-{oid}", "\n\n".join(paragraphs + extra), a.title, "append.example",
            a.published, a.language, oid, "rule-append")
        swapped = a.text
        for old, new in _SWAPS:
            swapped = swapped.replace(old, new)
        add(f"swap-{oid}", swapped, a.title, "swap.example", a.published, a.language, oid,
            "rule-swap")
    for w in written:
        add(w["id"], w["text"], w["title"], w["outlet"], w["published"], w["language"], w["of"],
            w["kind"])
    for n in negatives:
        add(n["id"], n["text"], n["title"], n["outlet"], n["published"], n["language"], n["id"],
            "negative")
    languages = {by_id[o].language for o in originals}
    pool = [a for a in corpus if a.id not in set(originals) and a.language in languages]
    for a in rng.sample(pool, min(background, len(pool))):
        add(a.id, a.text, a.title, a.outlet, a.published, a.language, a.id, "background")
    return items, family, kind


def pairs_of(groups: list[set[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(sorted(g), 2)}


def score(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[float, float]:
    hits = len(predicted & gold)
    return hits / max(1, len(predicted)), hits / max(1, len(gold))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=200,
                        help="other corpus articles added (default: 200)")
    parser.add_argument("--min-overlap", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    items, family, kind = build_items(args.background, args.seed)
    print(f"{len(items)} articles: {dict(Counter(kind.values()))}")
    pipeline = Pipeline(("clean", "language", "sentences", "entities"))
    started = time.perf_counter()
    docs, id_of = [], {}
    for item in items:
        # each item its own URL: a rule-made copy may have the original's title and text
        doc = pipeline(RawArticle(source=item["id"], text=item["text"], title=item["title"],
                                  outlet=item["outlet"], published=item["published"],
                                  url=f"https://{item['outlet']}/{item['id']}"))
        id_of[doc.id] = item["id"]
        docs.append(doc)
    print(f"analysed in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as folder, Store.open(f"{folder}/copies.db") as store:
        store.write(docs)
        started = time.perf_counter()
        report = update_copies(store)
        copy_seconds = time.perf_counter() - started
        groups = copy_groups(store, min_overlap=args.min_overlap, diffs=False)
        started = time.perf_counter()
        index_stories(store, StorySettings())
        story_seconds = time.perf_counter() - started
        stories = load_stories(store, min_overlap=args.min_overlap)
    print(f"copy index: {report.indexed} indexed, {len(report.skipped)} too short, "
          f"{report.pairs} pairs, {copy_seconds:.1f} s; story index {story_seconds:.1f} s")

    families: dict[str, set[str]] = defaultdict(set)
    for item_id, of in family.items():
        families[of].add(item_id)
    copy_gold = pairs_of([{x for x in members if kind[x] in TEXT_COPIES | {"original"}}
                          for members in families.values()])
    predicted = pairs_of([{id_of[m.article_id] for m in g.members} for g in groups])
    precision, recall = score(predicted, copy_gold)
    print(f"\ncopies (min overlap {args.min_overlap}): precision {precision:.3f}  "
          f"recall {recall:.3f}  ({len(predicted)} predicted pairs, {len(copy_gold)} gold)")
    _by_kind(predicted, family, kind)
    wrong = predicted - pairs_of(list(families.values()))
    negatives = [p for p in wrong if "negative" in (kind[p[0]], kind[p[1]])]
    print(f"  false pairs: {len(wrong)} ({len(negatives)} with a same-day hard negative)")

    story_gold = pairs_of(list(families.values()))
    predicted = pairs_of([{id_of[a["article_id"]] for a in s.articles} for s in stories])
    precision, recall = score(predicted, story_gold)
    print(f"\nstories: precision {precision:.3f}  recall {recall:.3f}  "
          f"({len(predicted)} predicted pairs, {len(story_gold)} gold)")
    _by_kind(predicted, family, kind)
    wrong = predicted - story_gold
    negatives = [p for p in wrong if "negative" in (kind[p[0]], kind[p[1]])]
    print(f"  false pairs: {len(wrong)} ({len(negatives)} with a same-day hard negative)")
    return 0


def _by_kind(predicted: set[tuple[str, str]], family: dict[str, str], kind: dict[str, str]
             ) -> None:
    """Recall of each kind's link to its original."""
    found, total = Counter(), Counter()
    for item_id, what in kind.items():
        if what in ("original", "background", "negative"):
            continue
        total[what] += 1
        found[what] += tuple(sorted((item_id, family[item_id]))) in predicted
    print("  recall by kind (pair with its original): " + ", ".join(
        f"{k} {found[k]}/{total[k]}" for k in sorted(total)))


if __name__ == "__main__":
    sys.exit(main())
