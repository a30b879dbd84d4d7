"""Turn the annotated sources (source/<lang>/<name>.txt, spans marked [[Technique|text]],
nestable) into SemEval-2023 Task 3 sub-task 3 layout, one folder per language:

    <lang>/train-articles-subtask-3/article<ID>.txt
    <lang>/train-labels-subtask-3.txt                   ID, line (1-based), techniques
    <lang>/train-labels-subtask-3-spans/article<ID>-labels-subtask-3.txt   ID, technique, start, end

Offsets are into the article file (title line included), end exclusive. Every non-empty line of
an article gets a paragraph line, with no techniques when none of its spans touch it.

    .venv/bin/python benchmarks/data/techniques/build_techniques.py
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

HERE = Path(__file__).parent
LANGUAGES = ("en", "ru", "uk", "bg", "pt", "hi")
_TOKEN = re.compile(r"\[\[([A-Za-z_-]+)\||\]\]")


def parse(marked: str, where: str) -> tuple[str, list[tuple[str, int, int]]]:
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int]] = []
    spans = []
    cursor = 0
    for match in _TOKEN.finditer(marked):
        piece = marked[cursor : match.start()]
        out.append(piece)
        length += len(piece)
        cursor = match.end()
        if match.group(1):
            stack.append((match.group(1), length))
        else:
            if not stack:
                raise ValueError(f"{where}: ']]' without '[[' at {match.start()}")
            technique, start = stack.pop()
            spans.append((technique, start, length))
    if stack:
        raise ValueError(f"{where}: unclosed [[{stack[-1][0]}|")
    out.append(marked[cursor:])
    return "".join(out), sorted(spans, key=lambda s: (s[1], s[2]))


def main() -> None:
    total = 0
    for number, language in enumerate(LANGUAGES, start=1):
        sources = sorted((HERE / "source" / language).glob("*.txt"))
        if not sources:
            continue
        target = HERE / language
        shutil.rmtree(target, ignore_errors=True)
        (target / "train-articles-subtask-3").mkdir(parents=True)
        (target / "train-labels-subtask-3-spans").mkdir()
        paragraph_rows = []
        for index, source in enumerate(sources, start=1):
            article_id = f"{number}{index:05d}"
            text, spans = parse(source.read_text(encoding="utf-8"), str(source))
            (target / "train-articles-subtask-3" / f"article{article_id}.txt").write_text(
                text, encoding="utf-8")
            (target / "train-labels-subtask-3-spans" /
             f"article{article_id}-labels-subtask-3.txt").write_text(
                "".join(f"{article_id}\t{t}\t{s}\t{e}\n" for t, s, e in spans), encoding="utf-8")
            offset = 0
            for line_number, line in enumerate(text.split("\n"), start=1):
                start, end = offset, offset + len(line)
                offset = end + 1
                if not line.strip():
                    continue
                found = sorted({t for t, s, e in spans if s < end and e > start})
                paragraph_rows.append(f"{article_id}\t{line_number}\t{','.join(found)}")
            total += len(spans)
        (target / "train-labels-subtask-3.txt").write_text("\n".join(paragraph_rows) + "\n",
                                                           encoding="utf-8")
        print(f"{language}: {len(sources)} articles")
    print(f"{total} spans")


if __name__ == "__main__":
    main()
