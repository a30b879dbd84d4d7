"""Write the blind agreement sample: articles of the corpus with their annotations removed.

A second annotator, who did not write them, annotates these articles again (the same format,
docs/annotation-guidelines.md) without seeing the first annotation; scripts/corpus_agreement.py
then compares the two. The sample is fixed by a hash of the ids: the same corpus gives the same
sample. Usage:

    .venv/bin/python scripts/agreement_sample.py [--per-language 10]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from narrascope.corpus import LANGUAGES, load_corpus  # noqa: E402

BLIND_FIELDS = ("id", "language", "writer", "genre", "domain", "outlet", "url", "published",
                "title", "text", "residue")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=10)
    parser.add_argument("--out", default=str(ROOT / "corpus" / "agreement" / "blind"))
    args = parser.parse_args()
    articles, _problems = load_corpus(ROOT / "corpus" / "articles")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        chosen = sorted((a for a in articles if a.language == language),
                        key=lambda a: hashlib.sha1(a.id.encode()).hexdigest())
        lines = []
        for article in chosen[: args.per_language]:
            record = {name: getattr(article, name) for name in BLIND_FIELDS if name != "residue"}
            record["residue"] = [article.text[r.start:r.end] for r in article.residue]
            lines.append(json.dumps(record, ensure_ascii=False))
        (out / f"{language}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{language}: {len(lines)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
