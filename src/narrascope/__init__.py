"""narrascope: what online news is doing to its reader.

>>> from narrascope import analyze
>>> doc = analyze("Missiles hit Kyiv at dawn, officials said.\\nShare this:", title="Kyiv hit")
>>> doc.text, doc.language, [r.reason for r in doc.removed]
('Missiles hit Kyiv at dawn, officials said.', 'en', ['share_prompt'])
"""

from __future__ import annotations

__version__ = "0.1.0"

from narrascope.document import SCHEMA_VERSION, Document, RawArticle
from narrascope.pipeline import Pipeline, analyze, register_stage

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "Pipeline",
    "RawArticle",
    "__version__",
    "analyze",
    "register_stage",
]
