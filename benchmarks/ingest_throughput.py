"""Ingest + clean throughput and peak memory on a 10,000-article corpus built from the samples.

The corpus cycles through the 30 sample articles in their own formats and encodings: `.txt`
files (UTF-8, cp1251, KOI8-U, UTF-16), `.html` pages (through trafilatura), and JSONL records
(the JSONL, CSV and feed samples), each copy made unique so ids do not collapse. Three runs:

1. ingest + clean only (the `clean` stage), no store;
2. the whole foundation pipeline (`clean`, `language`, `sentences`), no store;
3. the same with the SQLite store and a JSONL output, as `narrascope analyze` runs it.

Usage:
    .venv/bin/python benchmarks/ingest_throughput.py [--articles 10000] [--workers 1]

Prints a table; timings are wall-clock on this machine, memory is the peak resident set size of
the process (and of worker processes, when --workers > 1).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "src"))

from narrascope.ingest import read_inputs  # noqa: E402

_CANONICAL = re.compile(rb'(<link rel="canonical" href=")([^"]+)(")')


def build_corpus(folder: Path, count: int) -> dict[str, int]:
    """Write ``count`` articles under ``folder``; return how many of each format."""
    manifest = json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))
    corpus = SAMPLES / "corpus"
    records = {
        item.source: item
        for item in read_inputs([str(corpus / "jsonl"), str(corpus / "csv"),
                                 str(corpus / "feeds")])
        if hasattr(item, "text")
    }
    warc_pages = sorted((SAMPLES / "warc-pages").glob("[0-9][0-9]_*.html"))
    (folder / "txt").mkdir(parents=True)
    (folder / "html").mkdir()
    counts = {"txt": 0, "html": 0, "jsonl": 0}
    with (folder / "records.jsonl").open("w", encoding="utf-8") as jsonl:
        for number in range(count):
            entry = manifest[number % len(manifest)]
            path, _, record = entry["source"].partition("#")
            if path.startswith("txt/"):
                data = (corpus / path).read_bytes()
                trailer = f"\nDispatch {number} was filed late.\n".encode(entry["encoding"])
                if entry["encoding"] == "utf-16":
                    trailer = trailer[2:]  # no second BOM in the middle of the file
                (folder / "txt" / f"{number:05d}.txt").write_bytes(data + trailer)
                counts["txt"] += 1
            elif path.startswith(("html/", "warc/")):
                page = (corpus / path) if path.startswith("html/") else warc_pages[int(record) - 1]
                data = _CANONICAL.sub(rb"\g<1>\g<2>?copy=" + str(number).encode() + rb"\g<3>",
                                      page.read_bytes(), count=1)
                (folder / "html" / f"{number:05d}.html").write_bytes(data)
                counts["html"] += 1
            else:
                item = records[str(corpus / entry["source"])]
                jsonl.write(json.dumps({
                    "id": f"bench-{number}", "title": item.title, "url": item.url,
                    "date": item.published, "text": item.text,
                }, ensure_ascii=False) + "\n")
                counts["jsonl"] += 1
    return counts



def _measure(folder: Path, *, stages: list[str], workers: int, with_store: bool) -> dict:
    """One run in a fresh interpreter, so peak memory belongs to this run alone."""
    code = (
        "import json, resource, sys, time; sys.path.insert(0, {src!r});"
        "from narrascope.runner import run_batch; from narrascope.store import Store;"
        "store = Store.open({db!r}) if {with_store} else None;"
        "t = time.perf_counter();"
        "s = run_batch([{folder!r}], store=store, out={out!r} if {with_store} else None,"
        " stages={stages!r}, workers={workers});"
        "dt = time.perf_counter() - t;"
        "rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024;"
        "print(json.dumps({{'articles': s.articles, 'failures': len(s.failures),"
        " 'seconds': dt, 'rss_mb': rss}}))"
    ).format(
        src=str(ROOT / "src"), db=str(folder / "bench.db"), with_store=with_store,
        folder=str(folder / "input"), out=str(folder / "bench.jsonl"), stages=stages,
        workers=workers,
    )
    for stale in folder.glob("bench.*"):
        stale.unlink()
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="narrascope-bench-"))
    try:
        started = time.perf_counter()
        counts = build_corpus(work / "input", args.articles)
        size_mb = sum(p.stat().st_size for p in (work / "input").rglob("*") if p.is_file()) / 2**20
        print(f"corpus: {args.articles} articles ({counts['txt']} .txt, {counts['html']} .html, "
              f"{counts['jsonl']} JSONL records), {size_mb:.1f} MB, built in "
              f"{time.perf_counter() - started:.1f} s; workers={args.workers}")
        runs = [
            ("ingest + clean", ["clean"], False),
            ("ingest + clean + language + sentences", ["clean", "language", "sentences"], False),
            ("… + SQLite store + JSONL output", ["clean", "language", "sentences"], True),
        ]
        print(f"{'run':<40} {'articles':>8} {'failed':>6} {'seconds':>8} {'articles/s':>10} "
              f"{'peak MB':>8}")
        for label, stages, with_store in runs:
            result = _measure(work, stages=stages, workers=args.workers, with_store=with_store)
            rate = result["articles"] / result["seconds"]
            print(f"{label:<40} {result['articles']:>8} {result['failures']:>6} "
                  f"{result['seconds']:>8.1f} {rate:>10.1f} {result['rss_mb']:>8.0f}")
    finally:
        if args.keep:
            print(f"corpus kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
