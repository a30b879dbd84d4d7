"""The built-in stages, registered in one place with their contracts and settings.

Read top to bottom, this is the default pipeline: what each stage needs, reads when present,
and fills in. The stage classes live with their algorithms (``narrascope.cleaning``,
``narrascope.entities``…); none of them knows about the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from narrascope.cleaning import CleanStage
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
class ModelSettings:
    #: A model directory (from ``narrascope semeval train`` / ``semeval2023 train``); None:
    #: the built-in model.
    model: str | None = None


BUILTIN_STAGES: tuple[StageSpec, ...] = (
    StageSpec("clean", CleanStage, requires=("raw_text",), uses=("title",),
              assigns=("text", "removed")),
    StageSpec("language", LanguageStage, requires=("text",), uses=("title",),
              assigns=("language",)),
    StageSpec("sentences", SentenceStage, requires=("text",), uses=("language",),
              assigns=("sentences",)),
    StageSpec("entities", EntityStage, requires=("text",), uses=("language",),
              assigns=("entities",), config=EntitySettings),
    StageSpec("quotes", QuoteStage, requires=("text", "entities"),
              uses=("language", "sentences"), assigns=("quotes",)),
    StageSpec("narratives", NarrativeStage, requires=("text", "sentences"),
              uses=("title", "entities"),
              assigns=("narratives", "narrative_domain", "explanation"), config=ModelSettings),
    StageSpec("roles", RoleStage, requires=("text", "sentences", "entities"),
              uses=("narratives",), assigns=("roles",), config=ModelSettings),
    StageSpec("techniques", TechniqueStage, requires=("text", "sentences"),
              assigns=("techniques", "technique_paragraphs"), config=ModelSettings),
)


#: Stages run by default: every built-in stage, in the order above.
DEFAULT_STAGES: tuple[str, ...] = tuple(spec.name for spec in BUILTIN_STAGES)


def register_builtin_stages() -> None:
    """Put the built-in stages in the registry (again: no-op)."""
    for spec in BUILTIN_STAGES:
        add(spec)
