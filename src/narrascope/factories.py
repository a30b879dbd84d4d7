"""The built-in stages, registered in one place with their contracts and settings.

Read top to bottom, this is the default pipeline: what each stage needs, reads when present,
and fills in. The stage classes live with their algorithms (``narrascope.cleaning``,
``narrascope.entities``…); none of them knows about the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from narrascope.cleaning import CleanStage
from narrascope.embeddings import DEFAULT_EMBEDDER
from narrascope.embeddings.vectors import VectorStage
from narrascope.entities import EntityStage
from narrascope.language import LanguageStage
from narrascope.narratives import NarrativeStage
from narrascope.quotes import QuoteStage
from narrascope.registry import StageSpec, add
from narrascope.roles import RoleStage
from narrascope.sentences import SentenceStage
from narrascope.techniques import TechniqueStage


@dataclass(frozen=True)
class EntitySettings:
    #: Extra gazetteer files (YAML, the shape of the built-in one).
    gazetteer: tuple[str, ...] = ()


@dataclass(frozen=True)
class EncoderSettings:
    #: ``static-e5`` (fast, the default) or ``e5-small`` (the transformer: ``--accuracy high``).
    encoder: str = DEFAULT_EMBEDDER


@dataclass(frozen=True)
class ModelSettings:
    #: A model directory (from ``narrascope semeval train`` / ``semeval2023 train``); None:
    #: the built-in model for ``encoder``.
    model: str | None = None
    encoder: str = DEFAULT_EMBEDDER


BUILTIN_STAGES: tuple[StageSpec, ...] = (
    StageSpec("clean", CleanStage, requires=("raw_text",), uses=("title",),
              assigns=("text", "removed")),
    StageSpec("language", LanguageStage, requires=("text",), uses=("title",),
              assigns=("language",)),
    StageSpec("sentences", SentenceStage, requires=("text",), uses=("language",),
              assigns=("sentences",)),
    StageSpec("vectors", VectorStage, requires=("text", "sentences"), uses=("title",),
              assigns=("sentence_vectors",), config=EncoderSettings),
    StageSpec("entities", EntityStage, requires=("text",), uses=("language", "sentences"),
              assigns=("entities",), config=EntitySettings),
    StageSpec("quotes", QuoteStage, requires=("text", "entities"),
              uses=("language", "sentences"), assigns=("quotes",)),
    StageSpec("narratives", NarrativeStage, requires=("text", "sentences", "sentence_vectors"),
              uses=("title", "entities", "quotes"),
              assigns=("narratives", "narrative_domain", "explanation"), config=ModelSettings),
    StageSpec("roles", RoleStage, requires=("text", "sentences", "entities"),
              uses=("narratives", "quotes"), assigns=("roles",), config=ModelSettings),
    StageSpec("techniques", TechniqueStage,
              requires=("text", "sentences", "sentence_vectors"), uses=("quotes",),
              assigns=("techniques", "technique_paragraphs"), config=ModelSettings),
)


#: ``--accuracy``: the encoder every stage that reads embeddings uses. ``high`` runs the
#: multilingual-e5-small transformer itself, about 100 times slower than its distilled static
#: vectors (see docs/performance.md for what each costs and scores).
ACCURACY_ENCODERS = {"fast": "static-e5", "high": "e5-small"}


def accuracy_settings(stages: Sequence[str], accuracy: str) -> dict[str, dict[str, Any]]:
    """Settings that give each of ``stages`` that takes an ``encoder`` the one of
    ``accuracy``."""
    if accuracy not in ACCURACY_ENCODERS:
        raise ValueError(f"accuracy must be one of {', '.join(ACCURACY_ENCODERS)}, "
                         f"got {accuracy!r}")
    takes_encoder = {spec.name for spec in BUILTIN_STAGES if spec.config is not None
                     and "encoder" in {f.name for f in fields(spec.config)}}
    return {name: {"encoder": ACCURACY_ENCODERS[accuracy]} for name in stages
            if name in takes_encoder}


#: Stages run by default: every built-in stage, in the order above.
DEFAULT_STAGES: tuple[str, ...] = tuple(spec.name for spec in BUILTIN_STAGES)


def register_builtin_stages() -> None:
    """Put the built-in stages in the registry (again: no-op)."""
    for spec in BUILTIN_STAGES:
        add(spec)
