"""narrascope: what online news is doing to its reader.

>>> from narrascope import analyze
>>> doc = analyze("Missiles hit Kyiv at dawn, officials said.\\nShare this:", title="Kyiv hit")
>>> doc.text, doc.language, [r.reason for r in doc.removed]
('Missiles hit Kyiv at dawn, officials said.', 'en', ['share_prompt'])
"""

from __future__ import annotations

from narrascope.about import __version__
from narrascope.document import SCHEMA_VERSION, Document, RawArticle
from narrascope.errors import NarrascopeError
from narrascope.pipeline import Pipeline, analyze
from narrascope.registry import register_stage

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "NarrascopeError",
    "Pipeline",
    "RawArticle",
    "__version__",
    "analyze",
    "register_stage",
]
