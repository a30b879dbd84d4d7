"""Throughput and memory of the default pipeline on 600-word English news articles.

The articles are built from the project's own English articles (benchmarks/data/narratives,
quotes and techniques): each takes one article's title and opening, then paragraphs drawn from
the others until it reaches 600 words, so every article is different and reads like news
(datelines, quotes, neutral paragraphs, some loaded ones). Prints:

1. **Per stage**, in this process on one core: milliseconds per article for every stage of
   the default pipeline, and articles/s for the whole of it.
2. **spaCy alone**: ``en_core_web_sm`` (every component, as ``spacy.load`` gives it) over
   the same texts with as many processes as narrascope has workers.
3. **narrascope analyze** with ``--workers`` (default: 2) into a SQLite store and a JSONL
   file, as a user runs it, on ``--articles`` and then ``--scale`` articles: wall-clock
   seconds, articles/s, the marginal rate between the two runs (start-up excluded), and the
   peak resident memory of the parent and of each worker, sampled from /proc (Linux).

The ratio to spaCy and the memory at both sizes are the figures the speed targets are read
from. Usage:

    .venv/bin/python benchmarks/throughput.py [--articles 1000] [--scale 10000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

WORDS = 600


def english_articles() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the project's own English articles."""
    data = ROOT / "benchmarks" / "data"
    files = sorted((data / "narratives" / "EN" / "raw-documents").glob("*.txt"))
    files += sorted((data / "techniques" / "en" / "train-articles-subtask-3").glob("*.txt"))
    articles = []
    for path in files:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 2:
            articles.append((lines[0], lines[1:]))
    for line in (data / "quotes" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("language") == "en":
            path = data / "quotes" / "articles" / f"{record['id']}.txt"
            paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if
                          p.strip()]
            articles.append((paragraphs[0], paragraphs[1:]))
    return articles


def build_articles(count: int, seed: int = 7) -> list[dict[str, str]]:
    sources = english_articles()
    pool = [p for _title, paragraphs in sources for p in paragraphs if len(p.split()) >= 8]
    rng = random.Random(seed)
    out = []
    for n in range(count):
        title, paragraphs = sources[n % len(sources)]
        body = list(paragraphs[:3])
        while sum(len(p.split()) for p in body) < WORDS:
            body.append(rng.choice(pool))
        out.append({"id": f"bench-{n}", "title": title, "text": "\n\n".join(body),
                    "url": f"https://news.example/{n}", "outlet": f"outlet{n % 17}",
                    "date": f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}"})
    return out


def per_stage(articles: list[dict[str, str]]) -> None:
    from narrascope.document import Document, RawArticle
    from narrascope.pipeline import Pipeline

    pipeline = Pipeline()
    warm = [RawArticle(source="warm", text=a["text"], title=a["title"]) for a in articles[:5]]
    for raw in warm:
        pipeline(raw)
    spent: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    for a in articles:
        doc = Document.from_raw(RawArticle(source=a["id"], text=a["text"], title=a["title"]))
        for name, stage in pipeline._stages:
            t0 = time.perf_counter()
            doc = stage(doc)
            spent[name] += time.perf_counter() - t0
    total = time.perf_counter() - started
    print(f"\n== per stage, one process, {len(articles)} articles "
          f"({sum(len(a['text'].split()) for a in articles) / len(articles):.0f} words each)")
    for name in pipeline.names:
        print(f"  {name:<12} {1000 * spent[name] / len(articles):8.1f} ms/article")
    print(f"  {'all':<12} {1000 * total / len(articles):8.1f} ms/article = "
          f"{len(articles) / total:.1f} articles/s on one core")


def spacy_alone(articles: list[dict[str, str]], processes: int) -> float:
    import spacy

    from narrascope.entities.ner import SPACY_MODEL

    nlp = spacy.load(SPACY_MODEL)
    texts = [a["text"] for a in articles]
    list(nlp.pipe(texts[:5]))
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, n_process=processes, batch_size=32):
        pass
    rate = len(texts) / (time.perf_counter() - started)
    print(f"\n== spaCy {SPACY_MODEL} ({', '.join(nlp.pipe_names)}), {processes} processes: "
          f"{rate:.1f} articles/s")
    return rate


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+)", status)
    return int(match.group(1)) / 1024 if match else 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def run_cli(folder: Path, articles: list[dict[str, str]], workers: int) -> dict[str, float]:
    source = folder / f"articles-{len(articles)}.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db, out = folder / f"store-{len(articles)}.db", folder / f"out-{len(articles)}.jsonl"
    command = [sys.executable, "-m", "narrascope", "analyze", str(source), "--db", str(db),
               "--out", str(out), "--workers", str(workers), "--quiet"]
    peaks: dict[int, float] = defaultdict(float)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)

    def sample() -> None:
        while process.poll() is None:
            tree = [process.pid]
            while tree:
                pid = tree.pop()
                peaks[pid] = max(peaks[pid], _rss_mb(pid))
                tree += _children(pid)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    if code not in (0,):
        raise SystemExit(f"narrascope analyze exited {code}")
    written = sum(1 for _ in out.open(encoding="utf-8"))
    parent = peaks.pop(process.pid, 0.0)
    # the forkserver and the resource tracker are tiny; workers hold the models
    workers_rss = sorted((v for v in peaks.values() if v > 200), reverse=True)
    return {"articles": written, "seconds": seconds, "parent_mb": parent,
            "worker_mb": workers_rss[0] if workers_rss else 0.0,
            "workers_seen": len(workers_rss)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=10000,
                        help="the second, larger run (0: skip)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile-articles", type=int, default=200)
    args = parser.parse_args()
    articles = build_articles(max(args.articles, args.scale))
    per_stage(articles[: args.profile_articles])
    spacy_rate = spacy_alone(articles[: args.articles], args.workers)
    print(f"\n== narrascope analyze --workers {args.workers} (SQLite store + JSONL out)")
    print(f"  {'articles':>8} {'seconds':>8} {'art/s':>7} {'parent MB':>10} "
          f"{'worker MB':>10}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in [args.articles] + ([args.scale] if args.scale > args.articles else []):
            result = run_cli(Path(tmp), articles[:count], args.workers)
            results.append(result)
            print(f"  {result['articles']:>8} {result['seconds']:>8.1f} "
                  f"{result['articles'] / result['seconds']:>7.1f} {result['parent_mb']:>10.0f} "
                  f"{result['worker_mb']:>10.0f}", flush=True)
    first = results[0]
    rate = first["articles"] / first["seconds"]
    if len(results) > 1:
        last = results[-1]
        rate = (last["articles"] - first["articles"]) / (last["seconds"] - first["seconds"])
        print(f"  marginal rate {first['articles']}→{last['articles']}: {rate:.1f} articles/s "
              "(start-up excluded)")
    print(f"\nnarrascope / spaCy alone: {rate / spacy_rate:.2f} "
          f"({rate:.1f} vs {spacy_rate:.1f} articles/s, {args.workers} processes each)")


if __name__ == "__main__":
    main()
