"""Near-duplicate indexing throughput and memory at corpus scale.

Builds a SQLite store of ``--articles`` synthetic articles (default 100,000): each is 20 to
40 sentences drawn at random from the project's corpus, and one in twenty is a copy of an
earlier one (trimmed, with sentences added, or with words swapped), so the index has real
groups to find. The store is filled first (not timed); then ``narrascope copies``'s indexing
runs over it from scratch, reading each article's cleaned text from the store, and the script
prints articles per second, the pairs found, and the peak memory of the process.

    .venv/bin/python benchmarks/copies_throughput.py [--articles 100000] [--db PATH]

Target (issue 14): at least 1,000 articles/s on 2 cores, memory below 2 GB. The peak memory
printed is this process's (which holds the synthetic texts while building the store) and,
apart, the largest of the worker processes that shingle and sign.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import func, insert, select  # noqa: E402

from narrascope.copies import copy_groups  # noqa: E402
from narrascope.copies.index import index_store  # noqa: E402
from narrascope.corpus import load_corpus  # noqa: E402
from narrascope.store import Store, tables  # noqa: E402


def sentences_of_corpus() -> list[str]:
    corpus, _ = load_corpus(str(ROOT / "corpus" / "articles"))
    found = []
    for article in corpus:
        for paragraph in article.text.split("\n"):
            found.extend(s.strip() + "." for s in paragraph.split(". ") if len(s.split()) >= 6)
    return found


def synthetic_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = sentences_of_corpus()
    texts: list[str] = []
    for number in range(count):
        if number > 100 and rng.random() < 0.05:
            source = texts[rng.randrange(len(texts))].split(" ")
            how = rng.choice(("trim", "add", "swap"))
            if how == "trim":
                text = " ".join(source[: int(len(source) * rng.uniform(0.5, 0.9))])
            elif how == "add":
                text = " ".join(source) + " " + " ".join(rng.sample(pool, 5))
            else:
                text = " ".join("regime" if rng.random() < 0.03 else w for w in source)
        else:
            text = " ".join(rng.sample(pool, rng.randint(20, 40)))
        texts.append(text)
    return texts


def fill(store: Store, texts: list[str]) -> None:
    now = datetime.now(UTC)
    rows = [{"id": f"a{n:07d}", "source": f"synthetic/{n}", "schema_version": "1.5",
             "document": {"text": text}, "raw_text": "", "analyzed_at": now,
             "published": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"}
            for n, text in enumerate(texts)]
    with store.engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(tables.articles), rows[i:i + 5000])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", help="SQLite file to build (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, help="processes that shingle and sign "
                        "(default: up to 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or f"{folder}/copies.db"
        started = time.perf_counter()
        texts = synthetic_texts(args.articles, args.seed)
        words = sum(len(t.split()) for t in texts) / len(texts)
        with Store.open(path) as store:
            fill(store, texts)
            del texts
            print(f"built {args.articles} articles ({words:.0f} words on average) in "
                  f"{time.perf_counter() - started:.0f} s; indexing…", flush=True)
            started = time.perf_counter()
            report = index_store(store, workers=args.workers)
            seconds = time.perf_counter() - started
            groups = copy_groups(store, diffs=False)
            with store.engine.connect() as conn:
                bands = conn.execute(select(func.count()).select_from(tables.copy_bands)).scalar()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({
            "articles": args.articles, "indexed": report.indexed,
            "too_short": len(report.skipped), "pairs": report.pairs, "groups": len(groups),
            "band_rows": bands, "seconds": round(seconds, 1),
            "articles_per_second": round(args.articles / seconds),
            "peak_memory_mb": round(peak_mb),
            "peak_worker_memory_mb": round(worker_mb),
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
