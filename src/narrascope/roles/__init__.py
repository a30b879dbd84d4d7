"""Entity framing (stage ``roles``): hero, villain or victim, with the sentences that show it.

For every person, organisation, place or group the ``entities`` stage found, the role model
(:mod:`narrascope.roles.model`) weighs the sentences that mention it, the words it is named
with, cue phrases near it, its grammatical role (English) and the article's narratives, and
reports the main role (Protagonist, Antagonist, Innocent), fine roles with scores, and the
evidence sentences — or nothing, when the article does not frame the entity.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from narrascope.annotations import Entity, FineRole, Role, Span
from narrascope.document import Document
from narrascope.embeddings import DEFAULT_EMBEDDER, get_embedder, load_for_installed_embedder
from narrascope.roles.evidence import MentionEvidence, mention_evidence, syntax_sentences
from narrascope.roles.model import RoleModel, RoleModelError, features
from narrascope.version import default_model_folder
from narrascope.voice import voiced

DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model"  # the fast encoder's
_FRAMED_TYPES = {"PERSON", "ORG", "PLACE", "GROUP"}

__all__ = ["DEFAULT_MODEL", "RoleModel", "RoleModelError", "RoleStage", "entity_evidence",
           "load_role_model"]


@lru_cache(maxsize=4)
def load_role_model(path: str | None = None, encoder: str = DEFAULT_EMBEDDER) -> RoleModel:
    folder = Path(path) if path else default_model_folder("roles", encoder)
    return load_for_installed_embedder(
        RoleModel.load, folder, "roles.json", "role model",
        RoleModelError, "" if path else " (build it with scripts/build_role_model.py)")


class RoleStage:
    """Pipeline stage: ``roles`` for the entities of the article (needs ``entities``; uses
    ``narratives`` when it ran, and the English parse the ``quotes`` stage leaves)."""

    def __init__(self, model: str | None = None, encoder: str = DEFAULT_EMBEDDER) -> None:
        self.model = load_role_model(model, encoder)
        self.embedder = get_embedder(self.model.embedder)

    def __call__(self, doc: Document) -> Document:
        entities, evidences = entity_evidence(doc)
        roles = []
        if entities:
            scores = self.model.predict(features(evidences, self.embedder), force=False,
                                        language=doc.language)
            for entity, evidence, score in zip(entities, evidences, scores, strict=True):
                if score.main_role is None or not _has_specific_evidence(entity, evidence):
                    continue
                roles.append(Role(
                    entity.id, entity.name, score.main_role,
                    score=score.main_scores[score.main_role], framed=score.framed,
                    main_scores=dict(score.main_scores),
                    fine_roles=[FineRole(r, s) for r, s in score.fine_roles],
                    cues=evidence.fired[:5],
                    evidence=voiced((Span(s, e) for s, e in evidence.spans[:3]), doc.quotes),
                ))
        doc.roles = roles
        return doc


def entity_evidence(doc: Document) -> tuple[list[Entity], list[MentionEvidence]]:
    """The entities a role can be given (people, organisations, places, groups) and, for
    each, the evidence the role model reads: what the stage scores, and what training on
    labelled articles learns from."""
    sentences = [(s.start, s.end) for s in doc.sentences]
    narratives = [n.narrative for n in doc.narratives or []]
    parse = doc.internal.get("parse")
    entities = [e for e in doc.require("entities", "roles")
                if e.type in _FRAMED_TYPES and e.mentions]
    if hasattr(parse, "prepare"):  # parse together what the syntax features will ask for
        parse.prepare(syntax_sentences(doc.text, sentences, [
            (m.start, m.end) for e in entities for m in e.mentions]))
    evidences = []
    for entity in entities:
        spans = [(m.start, m.end) for m in entity.mentions]
        evidences.append(mention_evidence(
            doc.text, sentences, spans, spans, narratives=narratives,
            entity_key=f"{entity.id} {entity.name}", parse=parse))
    return entities, evidences


def _has_specific_evidence(entity: object, evidence: MentionEvidence) -> bool:
    """The framed head alone is too generous on whole articles (it learned from single
    sentences): an entity is reported only with something to point at — a role cue near it,
    an agent/patient relation, a narrative that concerns it, or repeated mentions."""
    return bool(evidence.fired or evidence.syntax.any() or evidence.prior.any()
                or len(getattr(entity, "mentions", ())) >= 2)
