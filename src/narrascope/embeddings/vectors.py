"""One encoder pass per article: the ``vectors`` stage embeds the title and every sentence once,
and the narrative, role and technique stages read those rows instead of encoding again.

The vectors are working data: they are not written to the JSON object or the store, and they do
not travel between processes.
"""

from __future__ import annotations

import numpy as np

from narrascope.document import Document, SentenceVectors
from narrascope.embeddings import DEFAULT_EMBEDDER, Embedder, get_embedder

__all__ = ["SentenceVectors", "VectorStage", "encode_document", "vectors_for"]


def encode_document(doc: Document, embedder: Embedder) -> SentenceVectors:
    texts = ([doc.title] if doc.title else []) + doc.sentence_texts()
    rows = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
    title = rows[0] if doc.title else None
    return SentenceVectors(embedder.name, title, rows[1:] if doc.title else rows)


def vectors_for(doc: Document, embedder: Embedder) -> SentenceVectors:
    """The article's vectors from ``embedder``: those of the ``vectors`` stage when it used the
    same encoder, else encoded here (a model trained on another encoder than the pipeline's)."""
    shared = doc.sentence_vectors
    if shared is not None and shared.encoder == embedder.name:
        return shared
    return encode_document(doc, embedder)


class VectorStage:
    """Pipeline stage: ``sentence_vectors``. ``encoder``: ``static-e5`` (fast, the default) or
    ``e5-small`` (the transformer, about 100 times slower: ``--accuracy high``)."""

    def __init__(self, encoder: str = DEFAULT_EMBEDDER) -> None:
        self.embedder = get_embedder(encoder)

    def __call__(self, doc: Document) -> Document:
        doc.sentence_vectors = encode_document(doc, self.embedder)
        return doc
