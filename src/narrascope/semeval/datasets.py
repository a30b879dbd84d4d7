"""Labelled articles for training narrative models (``narrascope semeval train``): the SemEval
release layout, or simple JSON Lines.

Release layout: a language folder with ``raw-documents/<id>.txt`` and
``subtask-2-annotations.txt``. JSON Lines: one object per line with ``text`` (and optionally
``title``, ``id``), ``narratives`` and ``subnarratives`` (lists of labels of the taxonomy in
use). Articles are cleaned and split exactly as ``narrascope analyze`` does, so a model sees
the same sentences in training and in use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from narrascope.document import RawArticle
from narrascope.narratives.documents import LabelledArticle
from narrascope.narratives.taxonomy import Taxonomy, TaxonomyError
from narrascope.pipeline import Pipeline, StageError
from narrascope.semeval.release import (
    ReleaseError,
    documents_folder,
    read_document,
    read_narrative_labels,
)

_SPLITTER: Pipeline | None = None


def article_sentences(body: str, title: str | None, source: str = "<training>") -> list[str]:
    """Title and sentences of an article, as the ``narratives`` stage sees them."""
    global _SPLITTER
    if _SPLITTER is None:
        _SPLITTER = Pipeline(["clean", "language", "sentences"])
    try:
        doc = _SPLITTER(RawArticle(source=source, text=body, title=title or None))
    except StageError:
        return [title] if title else []
    return ([doc.title] if doc.title else []) + doc.sentence_texts()


def read_release(folders: Iterable[str | Path], taxonomy: Taxonomy) -> list[LabelledArticle]:
    articles = []
    for folder in folders:
        folder = Path(folder)
        labels_path = folder / "subtask-2-annotations.txt"
        if not labels_path.exists():
            raise ReleaseError(f"{folder}: no subtask-2-annotations.txt")
        documents = documents_folder(folder)
        for row in read_narrative_labels(labels_path):
            taxonomy.check([*row.narratives, *row.subnarratives],
                           where=f"{labels_path}: {row.id}: ")
            path = documents / row.id
            if not path.exists():
                raise ReleaseError(f"{labels_path}: document {row.id} not found in {documents}")
            title, body = read_document(path)
            articles.append(LabelledArticle(row.id, article_sentences(body, title, str(path)),
                                            list(row.narratives), list(row.subnarratives)))
    return articles


def read_jsonl(path: str | Path, taxonomy: Taxonomy) -> list[LabelledArticle]:
    path = Path(path)
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReleaseError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ReleaseError(f"{path}:{number}: expected an object with a 'text' string")
        narratives = list(record.get("narratives") or [])
        subnarratives = list(record.get("subnarratives") or [])
        try:
            taxonomy.check([*narratives, *subnarratives])
        except TaxonomyError as exc:
            raise ReleaseError(f"{path}:{number}: {exc}") from exc
        narratives, subnarratives = taxonomy.consistent(narratives, subnarratives)
        articles.append(LabelledArticle(
            str(record.get("id", f"{path.name}#{number}")),
            article_sentences(record["text"], record.get("title"), f"{path}:{number}"),
            narratives, subnarratives))
    return articles
