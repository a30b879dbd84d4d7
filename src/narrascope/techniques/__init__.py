"""Persuasion techniques (stage ``techniques``): what the text does to its reader, as spans.

Detectors: the cue lexicon and patterns of :mod:`~narrascope.techniques.lexicon` for lexical
techniques, sentence classifiers (:mod:`~narrascope.techniques.model`) for the others, and a
repeated-phrase finder for Repetition (:mod:`~narrascope.techniques.detect`). Every span has
character offsets into the cleaned text, a technique, a score and the reason it fired; the
paragraph summary is derived from the spans.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from narrascope.document import Document
from narrascope.embeddings import get_embedder, load_for_installed_embedder
from narrascope.pipeline import register_stage
from narrascope.techniques.detect import TechniqueSpan, detect, paragraph_summary
from narrascope.techniques.lexicon import TECHNIQUES, Lexicon, builtin_lexicon
from narrascope.techniques.model import TechniqueModel, TechniqueModelError

DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model"

__all__ = ["DEFAULT_MODEL", "TECHNIQUES", "TechniqueModel", "TechniqueModelError",
           "TechniqueSpan", "TechniqueStage", "find_techniques", "load_technique_model",
           "predict_release_article"]


@lru_cache(maxsize=4)
def load_technique_model(path: str | None = None) -> TechniqueModel:
    return load_for_installed_embedder(
        TechniqueModel.load, Path(path) if path else DEFAULT_MODEL, "techniques.json",
        "technique model", TechniqueModelError,
        "" if path else " (build it with scripts/build_technique_model.py)")


def find_techniques(text: str, sentences: list[tuple[int, int]], model: TechniqueModel,
                    embedder: Any, lexicon: Lexicon | None = None) -> list[TechniqueSpan]:
    """Technique spans of ``text`` given its sentence spans: the one path used by the stage
    and by ``narrascope semeval2023 predict``."""
    lexicon = lexicon or builtin_lexicon()
    texts = [text[s:e] for s, e in sentences]
    hits = [lexicon.find(t) for t in texts]  # cue features and cue spans read the same hits
    probabilities = model.probabilities(texts, embedder, lexicon, hits=hits)
    return detect(text, sentences, probabilities, model.thresholds, lexicon,
                  cues_decide=model.kind == "default", hits=hits)


@register_stage("techniques")
class TechniqueStage:
    """Pipeline stage: ``techniques`` (spans) and ``technique_paragraphs`` (per paragraph)."""

    def __init__(self, model: str | None = None) -> None:
        self.model = load_technique_model(model)
        self.embedder = get_embedder(self.model.embedder)

    def __call__(self, doc: Document) -> Document:
        sentences = [(s.start, s.end) for s in doc.sentences]
        spans = find_techniques(doc.text, sentences, self.model, self.embedder)
        doc.extensions["techniques"] = [s.as_dict() for s in spans]
        doc.extensions["technique_paragraphs"] = paragraph_summary(doc.text, spans)
        return doc


def predict_release_article(article: Any, model: TechniqueModel, embedder: Any,
                            ) -> tuple[dict[tuple[str, int], frozenset[str]],
                                       list[TechniqueSpan]]:
    """Paragraph labels (one per non-empty line) and spans for one SemEval-2023 article file,
    with offsets into the file as it is."""
    from narrascope.language import detect_language
    from narrascope.semeval.task3_2023 import paragraph_labels_from_spans
    from narrascope.techniques.training import article_sentences

    language = detect_language(article.text).language
    sentences = [(s, e) for _n, s, e in article_sentences(article.text, language)]
    spans = find_techniques(article.text, sentences, model, embedder)
    labels = paragraph_labels_from_spans(article.id, article.text,
                                         [(s.technique, s.start, s.end) for s in spans])
    return labels, spans
