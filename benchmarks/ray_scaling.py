"""Throughput of ``narrascope analyze`` on the local engine and on Ray, at equal CPUs.

The same JSONL file of ``--articles`` 600-word English articles (built as
benchmarks/throughput.py builds them, each with its own id) is analysed by the command as a user
runs it, into a fresh SQLite store and a JSONL file, four times:

* the local engine with ``--workers 1`` and ``--workers 2``;
* ``--engine ray`` on a local Ray the command starts, with ``--num-cpus 1`` and ``2``.

For each it prints the wall-clock seconds (start-up included: the pipeline in the command, and
for Ray the local cluster and its actors) and articles/s. With ``--small`` (default 50) each
setting also runs on that many articles first, and the marginal rate between the two runs (the
start-up cancelled out) is printed too. Then, at equal CPUs, the overhead of Ray per article:
``(Ray seconds - local seconds) / articles`` for the whole run and, from the marginal rates,
in steady state. Finally whether Ray's JSONL holds the same lines as the local engine's (every
process runs with PYTHONHASHSEED=0: see the comment in :func:`analyse`).

Prints, never asserts. Usage:

    .venv/bin/python benchmarks/ray_scaling.py [--articles 1000] [--small 50] [--cpus 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import build_articles  # noqa: E402  (benchmarks/ is no package)


def analyse(folder: Path, source: Path, engine: str, cpus: int, tag: str) -> tuple[float, Path]:
    """Seconds the command took, and its JSONL output."""
    db, out = folder / f"{tag}.db", folder / f"{tag}.jsonl"
    command = [sys.executable, "-m", "narrascope", "analyze", str(source), "--db", str(db),
               "--out", str(out), "--quiet", "--no-copies", "--progress", "never"]
    command += ["--workers", str(cpus)] if engine == "local" else [
        "--engine", "ray", "--num-cpus", str(cpus)]
    # One hash seed for every process (the command, local workers, Ray's actors inherit it):
    # the narratives stage orders near-tied sub-narratives by set order, which follows the seed,
    # and the comparison below is about the engines, not about that.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        print(finished.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"narrascope analyze ({engine}, {cpus} CPUs) exited "
                         f"{finished.returncode}")
    return seconds, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--small", type=int, default=50,
                        help="a first, small run for the marginal rate (0: skip)")
    parser.add_argument("--cpus", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    articles = build_articles(args.articles)
    print(f"== {args.articles} articles "
          f"({sum(len(a['text'].split()) for a in articles) / len(articles):.0f} words each), "
          f"SQLite store + JSONL out, start-up included")
    print(f"  {'engine':<7} {'CPUs':>4} {'seconds':>8} {'art/s':>7} {'marginal art/s':>15}")
    results: dict[tuple[str, int], dict[str, float]] = {}
    outputs: dict[tuple[str, int], Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sizes = ([args.small] if 0 < args.small < args.articles else []) + [args.articles]
        sources = {}
        for size in sizes:
            sources[size] = folder / f"articles-{size}.jsonl"
            sources[size].write_text("".join(json.dumps(a) + "\n" for a in articles[:size]),
                                     encoding="utf-8")
        for engine in ("local", "ray"):
            for cpus in args.cpus:
                timed = {}
                for size in sizes:
                    timed[size], out = analyse(folder, sources[size], engine, cpus,
                                               f"{engine}-{cpus}-{size}")
                outputs[engine, cpus] = out
                seconds = timed[args.articles]
                marginal = ((args.articles - args.small) / (seconds - timed[args.small])
                            if len(sizes) > 1 and seconds > timed[args.small] else 0.0)
                results[engine, cpus] = {"seconds": seconds, "marginal": marginal}
                steady = f"{marginal:>15.2f}" if marginal else f"{'-':>15}"
                print(f"  {engine:<7} {cpus:>4} {seconds:>8.1f} {args.articles / seconds:>7.2f} "
                      f"{steady}", flush=True)
        print("\n== Ray overhead per article, at equal CPUs")
        for cpus in args.cpus:
            local, ray = results["local", cpus], results["ray", cpus]
            whole = 1000 * (ray["seconds"] - local["seconds"]) / args.articles
            line = f"  {cpus} CPU(s): {whole:+.1f} ms/article over the whole run"
            if local["marginal"] and ray["marginal"]:
                steady = 1000 * (1 / ray["marginal"] - 1 / local["marginal"])
                line += f", {steady:+.1f} ms/article in steady state"
            print(line)
        print("\n== same JSONL lines as the local engine (any order)")
        for cpus in args.cpus:
            ray_lines = set(outputs["ray", cpus].read_text(encoding="utf-8").splitlines())
            local_lines = set(outputs["local", cpus].read_text(encoding="utf-8").splitlines())
            differ = len(ray_lines ^ local_lines) // 2
            print(f"  {cpus} CPU(s): " + ("yes" if not differ else f"NO, {differ} differ"))


if __name__ == "__main__":
    main()
