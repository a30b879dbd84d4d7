"""Check the annotated corpus and build its offset form.

Every string an annotation copies from an article is found in the text (outside residue);
labels are checked against the taxonomies; problems are printed as ``file:line: field:
reason``. The articles that pass go to ``corpus/build/corpus.jsonl`` with character offsets
and their split (see docs/annotation-guidelines.md). Usage:

    .venv/bin/python scripts/check_corpus.py [PATH ...] [--out corpus/build/corpus.jsonl]

PATH: JSONL files or folders (default: corpus/articles). Exit status 1 when any article
fails a check.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from narrascope.corpus import load_corpus, summary  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus" / "articles")])
    parser.add_argument("--out", default=str(ROOT / "corpus" / "build" / "corpus.jsonl"),
                        help="where the checked articles go, with offsets ('' to skip)")
    args = parser.parse_args()
    articles, problems = load_corpus(*args.paths)
    for problem in problems:
        print(problem)
    print(json.dumps(summary(articles), ensure_ascii=False, indent=1))
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for article in sorted(articles, key=lambda a: a.id):
                handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles pass, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
