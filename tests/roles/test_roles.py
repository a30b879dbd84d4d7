"""Entity framing: evidence, the default role model, sub-task 1 I/O and training."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.cli import main
from narrascope.embeddings import get_embedder
from narrascope.roles import load_role_model
from narrascope.roles.evidence import mention_evidence, role_taxonomy
from narrascope.roles.model import RoleModel, RoleModelError, features
from narrascope.roles.training import train_role_model
from narrascope.semeval.release import ReleaseError, read_entity_mentions
from narrascope.semeval.subtask1 import predict_mentions, read_labelled_mentions


def test_role_taxonomy_has_22_fine_roles_under_three_main_roles() -> None:
    roles = role_taxonomy()
    assert len(roles) == 22
    assert set(roles.values()) == {"Protagonist", "Antagonist", "Innocent"}
    assert roles["Scapegoat"] == "Innocent"


def test_evidence_masks_the_entity_and_collects_cues_syntax_and_priors() -> None:
    text = "NATO keeps lying about its plans. Officials met in Brussels. NATO denied it."
    second = text.rindex("NATO")
    found = mention_evidence(text, [(0, 33), (34, 60), (61, len(text))], [(0, 4)],
                             [(0, 4), (second, second + 4)],
                             narratives=["URW: Discrediting the West, Diplomacy"],
                             entity_key="org/nato NATO")
    assert found.own == "X keeps lying about its plans."
    assert found.others == "X denied it."
    assert found.mention == "NATO"
    assert found.prior.sum() > 0 and "lying" in " ".join(found.fired)
    from narrascope.entities.ner import spacy_pipeline

    sentence = "The village was shelled by the invaders at dawn."
    start = sentence.index("the invaders")
    parsed = mention_evidence(sentence, [(0, len(sentence))], [(start, start + 12)],
                              parse=spacy_pipeline()(sentence))
    assert parsed.syntax[0] == 1  # the agent of a harming verb, through the passive "by"


def _predict(sentence: str, mention: str) -> tuple[str | None, list[str]]:
    model = load_role_model(None)
    start = sentence.index(mention)
    evidence = mention_evidence(sentence, [(0, len(sentence))], [(start, start + len(mention))])
    (scores,) = model.predict(features([evidence], get_embedder(model.embedder)))
    return scores.main_role, [r for r, _ in scores.fine_roles]


def test_default_model_tells_victims_from_aggressors() -> None:
    for sentence, mention in (
            ("Three children were killed when the missile hit the playground, and their "
             "families mourned them.", "Three children"),
            ("Civilians were killed and wounded when the shells hit the market; the victims "
             "were buried on Monday.", "Civilians")):
        main, fine = _predict(sentence, mention)
        assert main == "Innocent" and "Victim" in fine
    main, fine = _predict("The regime jails every journalist who dares to criticise it and "
                          "rules the country by fear.", "The regime")
    assert main == "Antagonist" and fine and all(role_taxonomy()[r] == main for r in fine)


def test_model_directory_round_trip_and_refusals(tmp_path: Path) -> None:
    model = load_role_model(None)
    model.save(tmp_path / "m")
    again = RoleModel.load(tmp_path / "m")
    assert (again.main_coef == model.main_coef).all() and again.second_ratio == model.second_ratio
    with pytest.raises(RoleModelError, match="other static-e5 weights"):
        RoleModel.load(tmp_path / "m", embedder_checksum="0" * 64)
    manifest = json.loads((tmp_path / "m" / "roles.json").read_text())
    manifest["fine_roles"] = manifest["fine_roles"][:-1]
    (tmp_path / "m" / "roles.json").write_text(json.dumps(manifest))
    with pytest.raises(RoleModelError, match="another role taxonomy"):
        RoleModel.load(tmp_path / "m")


ARTICLES = {
    "EN_UA_1.txt": "Shelling in Kharkiv\n\nRussian troops shelled Kharkiv again overnight. "
                   "Two pensioners were killed in their flat. Rescuers pulled a girl from the "
                   "rubble.\n",
    "EN_UA_2.txt": "Kyiv puppets\n\nThe Kyiv regime lies to its own people every day. "
                   "Washington pulls the strings and sends more weapons to prolong the war.\n",
}
GOLD = [("EN_UA_1.txt", "Russian troops", "Antagonist", "Foreign Adversary"),
        ("EN_UA_1.txt", "pensioners", "Innocent", "Victim"),
        ("EN_UA_1.txt", "Rescuers", "Protagonist", "Guardian"),
        ("EN_UA_2.txt", "Kyiv regime", "Antagonist", "Deceiver"),
        ("EN_UA_2.txt", "Washington", "Antagonist", "Instigator")]


def _release(folder: Path) -> Path:
    docs = folder / "EN" / "raw-documents"
    docs.mkdir(parents=True)
    mentions, annotations = [], []
    for name, text in ARTICLES.items():
        (docs / name).write_text(text, encoding="utf-8")
    for name, mention, main_role, fine in GOLD:
        start = ARTICLES[name].index(mention)
        end = start + len(mention) - 1  # inclusive, as in the release
        mentions.append(f"{name}\t{mention}\t{start}\t{end}")
        annotations.append(f"{name}\t{mention}\t{start}\t{end}\t{main_role}\t{fine}")
    (folder / "EN" / "subtask-1-entity-mentions.txt").write_text("\n".join(mentions) + "\n")
    (folder / "EN" / "subtask-1-annotations.txt").write_text("\n".join(annotations) + "\n")
    return folder / "EN"


def test_predict_gives_one_line_per_mention_in_input_order(tmp_path: Path) -> None:
    release = _release(tmp_path)
    mentions = read_entity_mentions(release / "subtask-1-entity-mentions.txt")
    predicted = predict_mentions(mentions, release / "raw-documents", load_role_model(None))
    assert [(p.id, p.mention, p.start, p.end) for p in predicted] == \
        [(m.id, m.mention, m.start, m.end) for m in mentions]
    for p in predicted:
        assert p.fine_roles and all(role_taxonomy()[r] == p.main_role for r in p.fine_roles)


def test_training_on_labelled_mentions_and_the_cli(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    release = _release(tmp_path)
    labelled = read_labelled_mentions([release])
    assert len(labelled) == 5 and labelled[1].evidence.mention == "pensioners"
    model = train_role_model(labelled, get_embedder(), folds=2)
    assert model.metrics["mentions"] == 5 and 0.5 <= model.second_ratio <= 1.01
    out = tmp_path / "model"
    assert main(["semeval", "train", "--data", str(release), "--out", str(out),
                 "--folds", "2"]) == 0
    printed = json.loads(capsys.readouterr().out)  # roles only: no narrative labels here
    assert printed["roles"]["mentions"] == 5
    assert (out / "roles" / "roles.json").exists()
    pred = tmp_path / "pred.txt"
    assert main(["semeval", "predict", "--subtask", "1", "--docs",
                 str(release / "raw-documents"), "--mentions",
                 str(release / "subtask-1-entity-mentions.txt"), "--model", str(out),
                 "--out", str(pred)]) == 0
    assert len(read_entity_mentions(pred, with_roles=True)) == 5


def test_a_fine_role_under_the_wrong_main_role_names_the_file(tmp_path: Path) -> None:
    release = _release(tmp_path)
    path = release / "subtask-1-annotations.txt"
    path.write_text(path.read_text().replace("Innocent\tVictim", "Innocent\tTyrant"))
    with pytest.raises(ReleaseError, match=r"subtask-1-annotations.txt.*'Tyrant' is not a fine "
                                           r"role of Innocent"):
        read_labelled_mentions([release])
