"""SemEval-2023 Task 3 sub-task 3 (persuasion techniques) release files.

- articles: ``article<ID>.txt`` (title on line 1, paragraphs on later lines), in a folder such
  as ``train-articles-subtask-3/`` or given directly;
- paragraph labels: ``ID<TAB>line<TAB>technique,technique`` (1-based line, empty when none);
- spans: ``train-labels-subtask-3-spans/article<ID>-labels-subtask-3.txt`` with
  ``ID<TAB>technique<TAB>start<TAB>end`` (end exclusive, offsets into the article file).

Scored by micro-F1 over (article, line, technique) triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from narrascope.annotations import TechniqueSpan
from narrascope.ingest.plaintext import decode
from narrascope.language import detect_language
from narrascope.output import write_lines
from narrascope.semeval.release import ReleaseError
from narrascope.techniques import find_techniques
from narrascope.techniques.detect import line_spans
from narrascope.techniques.lexicon import TECHNIQUES
from narrascope.techniques.model import TechniqueModel
from narrascope.techniques.training import article_sentences

ParagraphLabels = dict[tuple[str, int], frozenset[str]]
_ARTICLE = re.compile(r"^article(.+)\.txt$")


@dataclass
class Article2023:
    """One release article; a :class:`narrascope.techniques.training.TrainingArticle`."""

    id: str
    text: str
    path: Path
    spans: list[tuple[str, int, int]] | None = None  # None: no span file for it


def articles_folder(folder: str | Path) -> Path:
    base = Path(folder)
    if any(base.glob("article*.txt")):
        return base
    found = sorted(p for p in base.glob("*articles-subtask-3") if p.is_dir())
    if not found:
        raise ReleaseError(f"{base}: no article*.txt files and no *-articles-subtask-3 folder")
    return found[0]


def read_articles(folder: str | Path) -> dict[str, Article2023]:
    base = articles_folder(folder)
    articles = {}
    for path in sorted(base.glob("article*.txt")):
        match = _ARTICLE.match(path.name)
        if match:
            articles[match.group(1)] = Article2023(match.group(1), decode(path.read_bytes()).text,
                                                   path)
    return articles


def _check(technique: str, where: str) -> str:
    if technique not in TECHNIQUES:
        raise ReleaseError(f"{where}: unknown technique {technique!r}")
    return technique


def read_paragraph_labels(path: str | Path) -> ParagraphLabels:
    path = Path(path)
    labels: ParagraphLabels = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read ({exc.strerror})") from exc
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        columns = raw.split("\t")
        if len(columns) < 2 or not columns[1].strip().isdigit():
            raise ReleaseError(f"{path}:{number}: expected ID, line number, techniques")
        techniques = [t.strip() for t in (columns[2] if len(columns) > 2 else "").split(",")
                      if t.strip()]
        labels[(columns[0].strip(), int(columns[1]))] = frozenset(
            _check(t, f"{path}:{number}") for t in techniques)
    return labels


def read_spans(folder: str | Path, articles: Mapping[str, Article2023]) -> int:
    """Attach gold spans from a ``*-labels-subtask-3-spans`` folder (inside ``folder``);
    returns how many articles got spans."""
    base = Path(folder)
    candidates = sorted(p for p in base.glob("*labels-subtask-3-spans") if p.is_dir())
    if not candidates:
        return 0
    count = 0
    for path in sorted(candidates[0].glob("article*-labels-subtask-3.txt")):
        article_id = path.name[len("article"): -len("-labels-subtask-3.txt")]
        if article_id not in articles:
            continue
        spans = []
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            columns = raw.split("\t")
            try:
                start, end = int(columns[2]), int(columns[3])
            except (IndexError, ValueError) as exc:
                raise ReleaseError(f"{path}:{number}: expected ID, technique, start, end") \
                    from exc
            spans.append((_check(columns[1].strip(), f"{path}:{number}"), start, end))
        articles[article_id].spans = spans
        count += 1
    return count


def write_paragraph_labels(path: str | Path, labels: ParagraphLabels) -> None:
    rows = [f"{article}\t{line}\t{','.join(sorted(techniques))}"
            for (article, line), techniques in sorted(labels.items(),
                                                       key=lambda kv: (kv[0][0], kv[0][1]))]
    write_lines(path, rows)


def paragraph_labels_from_spans(article_id: str, text: str,
                                spans: Iterable[tuple[str, int, int]]) -> ParagraphLabels:
    spans = list(spans)
    return {(article_id, number): frozenset(t for t, s, e in spans if s < end and e > start)
            for number, start, end in line_spans(text)}


def predict_release_article(article: Article2023, model: TechniqueModel, embedder: Any,
                            ) -> tuple[ParagraphLabels, list[TechniqueSpan]]:
    """Paragraph labels (one per non-empty line) and spans for one SemEval-2023 article file,
    with offsets into the file as it is."""
    language = detect_language(article.text).language
    sentences = [(s, e) for _n, s, e in article_sentences(article.text, language)]
    spans = find_techniques(article.text, sentences, model, embedder)
    labels = paragraph_labels_from_spans(article.id, article.text,
                                         [(s.technique, s.start, s.end) for s in spans])
    return labels, spans


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    found: int | None = None  # span level: gold spans found (tp counts predicted spans)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        tp = self.tp if self.found is None else self.found
        return tp / (tp + self.fn) if tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_paragraphs(gold: ParagraphLabels, predicted: ParagraphLabels
                     ) -> tuple[PRF, dict[str, PRF]]:
    """Micro P/R/F1 over (article, line, technique), and the same per technique. A paragraph
    missing from the predictions predicts nothing."""
    total, per = PRF(), {t: PRF() for t in TECHNIQUES}
    for key in set(gold) | set(predicted):
        g, p = gold.get(key, frozenset()), predicted.get(key, frozenset())
        for technique in g | p:
            counts = per[technique]
            if technique in g and technique in p:
                counts.tp += 1
                total.tp += 1
            elif technique in p:
                counts.fp += 1
                total.fp += 1
            else:
                counts.fn += 1
                total.fn += 1
    return total, per


def score_spans(gold: Mapping[str, list[tuple[str, int, int]]],
                predicted: Mapping[str, list[tuple[str, int, int]]]
                ) -> tuple[PRF, dict[str, PRF]]:
    """Span level, by overlap: a predicted span is right when it overlaps a gold span of the
    same technique; a gold span is found when a predicted one of its technique overlaps it."""
    total, per = PRF(found=0), {t: PRF(found=0) for t in TECHNIQUES}
    for article in set(gold) | set(predicted):
        g, p = gold.get(article, []), predicted.get(article, [])
        for technique, s, e in p:
            hit = any(t == technique and s < ge and e > gs for t, gs, ge in g)
            per[technique].tp += hit
            per[technique].fp += not hit
            total.tp += hit
            total.fp += not hit
        for technique, s, e in g:
            found = any(t == technique and s < pe and e > ps for t, ps, pe in p)
            for counts in (per[technique], total):
                counts.found = (counts.found or 0) + found
                counts.fn += not found
    return total, per
