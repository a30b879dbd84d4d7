"""The knowledge narrascope ships about each narrative: descriptions, exemplars, cue words.

``data/knowledge/*.yaml`` holds, for every narrative and sub-narrative of the built-in
taxonomy, a description, exemplar sentences in several languages (written for narrascope, the
way such outlets write), and cue phrases; plus exemplars of war, climate and other reporting
that carries no narrative (labels ``URW: none``, ``CC: none``, ``none``), which teach the model
what is *not* propaganda.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrascope.narratives.taxonomy import Taxonomy, TaxonomyError

KNOWLEDGE_DIR = Path(__file__).parent / "data" / "knowledge"
#: Pseudo-labels of the no-narrative exemplars, and the domain each stands for.
NONE_LABELS = {"URW: none": "URW", "CC: none": "CC", "none": None}


@dataclass
class LabelKnowledge:
    label: str
    description: str = ""
    cues: dict[str, list[str]] = field(default_factory=dict)
    exemplars: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Exemplar:
    text: str
    label: str  # a sub-narrative, or one of NONE_LABELS
    language: str


class Knowledge:
    def __init__(self, labels: dict[str, LabelKnowledge], digest: str) -> None:
        self.labels = labels
        self.digest = digest

    @classmethod
    def load(cls, folder: Path = KNOWLEDGE_DIR, taxonomy: Taxonomy | None = None) -> Knowledge:
        import yaml

        taxonomy = taxonomy or Taxonomy.builtin()
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise TaxonomyError(f"{folder}: no knowledge files")
        digest = hashlib.sha256()
        labels: dict[str, LabelKnowledge] = {}
        for path in files:
            raw = path.read_bytes()
            digest.update(raw)
            for item in yaml.safe_load(raw) or []:
                for entry in _flatten(item):
                    label = entry["label"]
                    if label not in NONE_LABELS:
                        taxonomy.check([label], where=f"{path.name}: ")
                    labels[label] = LabelKnowledge(
                        label, entry.get("description", ""),
                        {k: list(v) for k, v in (entry.get("cues") or {}).items()},
                        {k: list(v) for k, v in (entry.get("exemplars") or {}).items()},
                    )
        return cls(labels, digest.hexdigest()[:16])

    def exemplars(self, taxonomy: Taxonomy) -> Iterator[Exemplar]:
        """Training sentences: sub-narrative exemplars under their label; narrative-level
        exemplars under the narrative's ``…: Other``; no-narrative exemplars as they are."""
        for label, knowledge in self.labels.items():
            target = label
            if label in taxonomy.children:  # a narrative's own exemplars
                target = taxonomy.other_of(label)
            for language, sentences in knowledge.exemplars.items():
                for sentence in sentences:
                    if sentence and sentence.strip():
                        yield Exemplar(sentence.strip(), target, language)

    def cues(self, label: str) -> dict[str, list[str]]:
        return self.labels[label].cues if label in self.labels else {}


def _flatten(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield item
    yield from item.get("subnarratives") or []
