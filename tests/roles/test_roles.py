"""Entity framing: the role taxonomy, the role model file, and sub-task 1 I/O."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.embeddings import get_embedder
from narrascope.roles import load_role_model
from narrascope.roles.evidence import context
from narrascope.roles.model import RoleModel, RoleModelError, role_taxonomy
from narrascope.semeval.release import EntityMention


def test_role_taxonomy_has_22_fine_roles_under_three_main_roles() -> None:
    roles = role_taxonomy()
    assert len(roles) == 22
    assert set(roles.values()) == {"Protagonist", "Antagonist", "Innocent"}
    assert roles["Scapegoat"] == "Innocent"


def test_context_masks_the_entity_and_collects_cues_and_priors() -> None:
    text = "NATO keeps lying about its plans. Officials met in Brussels."
    found = context(text, [(0, 33), (34, 60)], [(0, 4)],
                    narratives=["URW: Discrediting the West, Diplomacy"],
                    entity_key="org/nato NATO")
    assert found.masked == ["X keeps lying about its plans."]
    assert found.prior.get("Instigator", 0) > 0


def test_every_given_mention_gets_a_role(tmp_path: Path) -> None:
    model = load_role_model(None)
    embeddings = get_embedder().encode(["X shelled the city again overnight, killing six."])
    scores = model.score(embeddings, force=True)
    assert scores.main_role in ("Protagonist", "Antagonist", "Innocent")
    assert scores.fine_roles and all(role_taxonomy()[r] == scores.main_role
                                     for r, _s in scores.fine_roles)
    model.save(tmp_path / "m")
    assert RoleModel.load(tmp_path / "m").classes == model.classes
    with pytest.raises(RoleModelError, match="other e5-small weights"):
        RoleModel.load(tmp_path / "m", embedder_checksum="0" * 64)
    assert EntityMention("d.txt", "NATO", 0, 3).end == 3
