"""Persuasion techniques (stage ``techniques``): what the text does to its reader, as spans.

Detectors: the cue lexicon and patterns of :mod:`~narrascope.techniques.lexicon` for lexical
techniques, sentence classifiers (:mod:`~narrascope.techniques.model`) for the others, and a
repeated-phrase finder for Repetition (:mod:`~narrascope.techniques.detect`). Every span has
character offsets into the cleaned text, a technique, a score and the reason it fired; the
paragraph summary is derived from the spans.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.annotations import TechniqueSpan
from narrascope.document import Document
from narrascope.embeddings import DEFAULT_EMBEDDER, get_embedder, load_for_installed_embedder
from narrascope.embeddings.vectors import vectors_for
from narrascope.techniques.detect import detect, paragraph_summary
from narrascope.techniques.lexicon import TECHNIQUES, Lexicon, builtin_lexicon
from narrascope.techniques.model import TechniqueModel, TechniqueModelError
from narrascope.version import default_model_folder
from narrascope.voice import voice_of

DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model"  # the fast encoder's

__all__ = ["DEFAULT_MODEL", "TECHNIQUES", "TechniqueModel", "TechniqueModelError",
           "TechniqueSpan", "TechniqueStage", "find_techniques", "load_technique_model"]


@lru_cache(maxsize=4)
def load_technique_model(path: str | None = None, encoder: str = DEFAULT_EMBEDDER
                         ) -> TechniqueModel:
    folder = Path(path) if path else default_model_folder("techniques", encoder)
    return load_for_installed_embedder(
        TechniqueModel.load, folder, "techniques.json",
        "technique model", TechniqueModelError,
        "" if path else " (build it with scripts/build_technique_model.py)")


def find_techniques(text: str, sentences: list[tuple[int, int]], model: TechniqueModel,
                    embedder: Any, lexicon: Lexicon | None = None,
                    embeddings: np.ndarray | None = None) -> list[TechniqueSpan]:
    """Technique spans of ``text`` given its sentence spans (and their embeddings, when the
    ``vectors`` stage made them): the one path used by the stage and by ``narrascope
    semeval2023 predict``."""
    lexicon = lexicon or builtin_lexicon()
    texts = [text[s:e] for s, e in sentences]
    present = lexicon.present(text)
    hits = [lexicon.find(t, present) for t in texts]  # features and spans read the same hits
    probabilities = model.probabilities(texts, embedder, lexicon, hits=hits,
                                        embeddings=embeddings)
    return detect(text, sentences, probabilities, model.thresholds, lexicon,
                  cues_decide=model.kind == "default", hits=hits,
                  trusted=frozenset(model.trusted_cues), min_paragraphs=model.min_paragraphs)


class TechniqueStage:
    """Pipeline stage: ``techniques`` (spans) and ``technique_paragraphs`` (per paragraph)."""

    def __init__(self, model: str | None = None, encoder: str = DEFAULT_EMBEDDER) -> None:
        self.model = load_technique_model(model, encoder)
        self.embedder = get_embedder(self.model.embedder)

    def __call__(self, doc: Document) -> Document:
        sentences = [(s.start, s.end) for s in doc.sentences]
        spans = find_techniques(doc.text, sentences, self.model, self.embedder,
                                embeddings=vectors_for(doc, self.embedder).sentences)
        if doc.quotes is not None:
            spans = [dataclasses.replace(span, voice=voice_of(doc.quotes, span.start, span.end))
                     for span in spans]
        doc.techniques = spans
        doc.technique_paragraphs = paragraph_summary(doc.text, spans)
        return doc
