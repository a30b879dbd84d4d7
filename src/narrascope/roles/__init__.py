"""Entity framing (stage ``roles``): hero, villain or victim, with the sentences that show it.

For every person, organisation, place or group the ``entities`` stage found, the role model
(:mod:`narrascope.roles.model`) weighs the sentences that mention it, cue words near it, its
grammatical role (English) and the article's narratives, and reports the main role
(Protagonist, Antagonist, Innocent), fine roles with scores, and the evidence sentences — or
nothing, when the article does not frame the entity.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from narrascope.document import Document
from narrascope.embeddings import get_embedder
from narrascope.pipeline import register_stage
from narrascope.roles.evidence import context
from narrascope.roles.model import (
    MAIN_ROLES,
    NONE,
    PLACEHOLDER,
    RoleModel,
    RoleModelError,
    role_taxonomy,
)

DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model"
_FRAMED_TYPES = {"PERSON", "ORG", "PLACE", "GROUP"}

__all__ = ["DEFAULT_MODEL", "RoleModel", "RoleModelError", "RoleStage", "load_role_model",
           "train_from_knowledge"]


@lru_cache(maxsize=4)
def load_role_model(path: str | None = None) -> RoleModel:
    folder = Path(path) if path else DEFAULT_MODEL
    if not (folder / "roles.json").exists():
        hint = " (build it with scripts/build_role_model.py)" if path is None else ""
        raise RoleModelError(f"{folder}: no role model here{hint}")
    manifest = RoleModel.load(folder)
    return RoleModel.load(folder,
                          embedder_checksum=get_embedder(manifest.embedder).checksum())


def knowledge_exemplars() -> list[tuple[str, str]]:
    """(masked sentence, fine role or NONE) from the role knowledge base."""
    import re

    import yaml

    path = Path(__file__).parent / "data" / "knowledge.yaml"
    rows = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        role = entry["role"] if entry["role"] in role_taxonomy() else NONE
        for sentences in (entry.get("exemplars") or {}).values():
            for sentence in sentences:
                rows.append((re.sub(r"\[\[[^\]]+\]\]", PLACEHOLDER, sentence), role))
    return rows


def train_from_knowledge(embedder: Any, seed: int = 13) -> RoleModel:
    import hashlib

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = knowledge_exemplars()
    classes = sorted({role for _s, role in rows})
    x = embedder.encode([s for s, _r in rows])
    y = np.array([classes.index(r) for _s, r in rows])
    head = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced",
                              random_state=seed).fit(x, y)
    mains = [*MAIN_ROLES, NONE]
    taxonomy = role_taxonomy()
    y_main = np.array([mains.index(taxonomy.get(r, NONE)) for _s, r in rows])
    main_head = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced",
                                   random_state=seed).fit(x, y_main)
    digest = hashlib.sha256(
        (Path(__file__).parent / "data" / "knowledge.yaml").read_bytes()).hexdigest()[:16]
    return RoleModel(embedder.name, embedder.checksum(), classes,
                     head.coef_.astype(np.float32), head.intercept_.astype(np.float32),
                     main_head.coef_[: len(MAIN_ROLES)].astype(np.float32),
                     main_head.intercept_[: len(MAIN_ROLES)].astype(np.float32),
                     source=f"role knowledge {digest}", metrics={"exemplars": len(rows)})


@register_stage("roles")
class RoleStage:
    """Pipeline stage: ``roles`` for the entities of the article (needs ``entities``; uses
    ``narratives`` when it ran)."""

    def __init__(self, model: str | None = None) -> None:
        self.model = load_role_model(model)
        self.embedder = get_embedder(self.model.embedder)

    def __call__(self, doc: Document) -> Document:
        sentences = [(s.start, s.end) for s in doc.sentences]
        narratives = [n["narrative"] for n in doc.extensions.get("narratives", [])]
        parse = doc.internal.get("parse")
        records = []
        for entity in doc.extensions.get("entities", []):
            if entity.type not in _FRAMED_TYPES:
                continue
            mentions = [(m.start, m.end) for m in entity.mentions]
            found = context(doc.text, sentences, mentions, narratives=narratives,
                            entity_key=f"{entity.id} {entity.name}", parse=parse)
            if not found.masked:
                continue
            scores = self.model.score(self.embedder.encode(found.masked), prior=found.prior,
                                      cue_votes=found.cue_votes)
            if scores.main_role is None:
                continue
            records.append({
                "entity_id": entity.id, "name": entity.name, "main_role": scores.main_role,
                "main_scores": {k: round(v, 3) for k, v in scores.main_scores.items()},
                "fine_roles": [{"role": r, "score": round(s, 3)} for r, s in scores.fine_roles],
                "evidence": [{"start": found.sentences[i][0], "end": found.sentences[i][1]}
                             for i in scores.evidence],
            })
        doc.extensions["roles"] = records
        return doc
