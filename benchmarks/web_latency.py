"""How fast the web UI and REST API answer on a large store.

Analyses the bundled sample corpus once, then fills a SQLite store with ``--articles`` copies
of those analysed articles (default 20,000), each with its own id, one of 60 outlets and a
date spread over two years, written through the store as ``analyze`` writes them (so every
derived table and the full-text index are filled). Then it asks each page and API route
``--repeat`` times through FastAPI's test client and prints the median and the slowest time
of each, with the peak memory of the process.

    .venv/bin/python benchmarks/web_latency.py [--articles 20000] [--repeat 5] [--db PATH]

There is no target in the issue; what an analyst notices is a page over about a second.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fastapi.testclient import TestClient  # noqa: E402

from narrascope.document import Document  # noqa: E402
from narrascope.ingest import read_inputs  # noqa: E402
from narrascope.pipeline import Pipeline  # noqa: E402
from narrascope.store import Store  # noqa: E402
from narrascope.web import WebSettings, create_app  # noqa: E402


def analysed_samples() -> list[dict]:
    pipeline = Pipeline()
    records = []
    for item in read_inputs([str(ROOT / "samples" / "corpus")]):
        if hasattr(item, "text"):
            records.append(pipeline(item).to_dict())
    return records


def fill(store: Store, samples: list[dict], count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    outlets = [f"outlet-{n:02d}.example" for n in range(60)]
    start = date(2023, 1, 1)
    batch: list[Document] = []
    for number in range(count):
        record = dict(rng.choice(samples))
        record.update(id=f"bench-{number:07d}", source=f"bench/{number}.txt",
                      outlet=rng.choice(outlets),
                      published=(start + timedelta(days=rng.randrange(730))).isoformat())
        batch.append(Document.from_dict(record))
        if len(batch) == 500:
            store.write(batch)
            batch = []
    store.write(batch)


def timed(client: TestClient, path: str, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}: {response.text[:200]}")
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="store to build (default: a temporary file)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="narrascope-web-bench-")
    db = args.db or str(Path(folder) / "web.db")
    samples = analysed_samples()
    started = time.perf_counter()
    with Store.open(db) as store:
        fill(store, samples, args.articles)
    print(f"store: {args.articles:,} articles written in {time.perf_counter() - started:.0f} s "
          f"({db})")
    entity = next((e["id"] for s in samples for e in s.get("entities") or []), "place/kyiv")
    speaker = next((q["speaker"]["entity_id"] for s in samples for q in s.get("quotes") or []
                    if q.get("speaker") and q["speaker"].get("entity_id")), "")
    paths = [
        "/", "/?period=week&by=language", "/search?q=Zelensky", "/search?q=%22peace+talks%22",
        "/search?outlet=outlet-07.example&since=2024-01-01", "/articles/bench-0000001",
        f"/entities/{entity}", f"/speakers/{speaker}", "/api/v1/articles?q=NATO&page=3",
        "/api/v1/articles?technique=Doubt&language=en", "/api/v1/aggregates/narratives?period=week",
        "/api/v1/techniques-by-outlet", f"/api/v1/framing?entity={entity}",
        "/api/v1/facets", "/api/v1/articles/bench-0000002",
    ]
    app = create_app(WebSettings(db=db))
    print(f"{'request':<58} {'median':>9} {'slowest':>9}")
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for path in paths:
            median, slowest = timed(client, path, args.repeat)
            print(f"{path[:58]:<58} {median * 1000:>7.0f}ms {slowest * 1000:>7.0f}ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
