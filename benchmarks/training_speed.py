"""How long ``narrascope semeval train`` takes on a release the size of SemEval-2025 Task 10's.

Builds a 1,700-article release in the release layout (raw-documents/, subtask-1 and subtask-2
annotations) for BG, EN, HI, PT and RU from the project's own labelled articles
(benchmarks/data/narratives): each article is one of them with two paragraphs of another
article of its language put after its title, its role annotations shifted to match, so every
text is different. The labels are the base article's, which makes the set fit for timing, not
for scoring. Then times ``semeval train`` on it (narratives and roles, cross-validation
included) and prints the seconds of each part as the command reports them.

    .venv/bin/python benchmarks/training_speed.py [--articles 1700] [--accuracy fast]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "narratives"
LANGUAGES = ("BG", "EN", "HI", "PT", "RU")


def _read_tsv(path: Path) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            fields = line.split("\t")
            rows.setdefault(fields[0], []).append(fields[1:])
    return rows


def build_release(folder: Path, count: int, seed: int = 11) -> list[Path]:
    rng = random.Random(seed)
    folders = []
    for language in LANGUAGES:
        source = DATA / language
        texts = {p.name: p.read_text(encoding="utf-8")
                 for p in sorted((source / "raw-documents").glob("*.txt"))}
        narratives = _read_tsv(source / "subtask-2-annotations.txt")
        roles = _read_tsv(source / "subtask-1-annotations.txt")
        paragraphs = [p for t in texts.values() for p in t.split("\n") if len(p.split()) > 12]
        out = folder / language
        (out / "raw-documents").mkdir(parents=True)
        narrative_lines, role_lines = [], []
        names = sorted(texts)
        for n in range(count // len(LANGUAGES)):
            base = names[n % len(names)]
            title, _, body = texts[base].partition("\n")
            insert = "\n".join(rng.sample(paragraphs, 2)) + "\n"
            name = f"{language}_{n:05d}.txt"
            (out / "raw-documents" / name).write_text(f"{title}\n{insert}{body}",
                                                      encoding="utf-8")
            shift = len(insert)
            for labels in narratives.get(base, []):
                narrative_lines.append("\t".join([name, *labels]))
            for mention, start, end, *role in roles.get(base, []):
                moved = [int(start), int(end)]
                if moved[0] > len(title):
                    moved = [moved[0] + shift, moved[1] + shift]
                role_lines.append("\t".join([name, mention, str(moved[0]), str(moved[1]),
                                             *role]))
        (out / "subtask-2-annotations.txt").write_text("\n".join(narrative_lines) + "\n",
                                                      encoding="utf-8")
        (out / "subtask-1-annotations.txt").write_text("\n".join(role_lines) + "\n",
                                                      encoding="utf-8")
        folders.append(out)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1700)
    parser.add_argument("--accuracy", choices=("fast", "high"), default="fast")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = build_release(Path(tmp) / "release", args.articles)
        print(f"release: {args.articles} articles in {', '.join(LANGUAGES)}")
        command = [sys.executable, "-m", "narrascope", "semeval", "train",
                   "--data", *map(str, folders), "--out", str(Path(tmp) / "model"),
                   "--accuracy", args.accuracy]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"semeval train exited {result.returncode}:\n{result.stderr}")
        report = json.loads(result.stdout.splitlines()[-1])
        print(f"semeval train --accuracy {args.accuracy}: {seconds:.0f} s in all "
              f"({seconds / 60:.1f} min)")
        print(f"  narratives cross-validated samples-F1: "
              f"{report.get('cv_coarse_f1')} / {report.get('cv_fine_f1')} (labels copied, "
              "not a quality figure)")
        if report.get("roles"):
            print(f"  roles trained on {report['roles'].get('mentions')} mentions")


if __name__ == "__main__":
    main()
