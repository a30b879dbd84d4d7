"""`narrascope semeval train` and `predict` on a small release-layout folder written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.cli import main
from narrascope.narratives.taxonomy import Taxonomy
from narrascope.semeval.release import read_narrative_labels

PUPPET = "URW: Discrediting Ukraine: Ukraine is a puppet of the West"
NATURAL = "CC: Downplaying climate change: Climate cycles are natural"
PUPPET_TEXTS = [
    "Kyiv takes every decision on orders from Washington.",
    "Zelensky reads a script written for him in London, the commentator said.",
    "The Kiev regime is run by Western curators and their grant money.",
    "Ukrainian generals wait for NATO officers to approve each move.",
    "Bankova cannot appoint a minister without a call from the State Department.",
    "The so-called independent Ukraine is a colony of Brussels and Washington.",
]
NATURAL_TEXTS = [
    "The climate has always changed, long before cars and factories existed.",
    "Warm medieval summers show that today's heat is nothing unusual.",
    "Solar cycles, not human activity, drive the planet's temperature.",
    "Ice ages came and went without any help from people.",
    "This is just another swing of the natural climate pendulum.",
    "Volcanoes and the sun shaped the climate for millions of years.",
]
NEUTRAL_TEXTS = [
    "The council approved the new school budget on Monday.",
    "Trains between the two cities resume on Friday after repairs.",
    "The museum will open a new exhibition next month.",
    "Local farmers began harvesting wheat earlier than usual.",
]


def _release(folder: Path) -> Path:
    docs = folder / "EN" / "raw-documents"
    docs.mkdir(parents=True)
    rows = []
    for n, text in enumerate(PUPPET_TEXTS):
        name = f"EN_UA_{n:06d}.txt"
        (docs / name).write_text(f"Report {n}\n\n{NEUTRAL_TEXTS[n % 4]}\n{text}\n")
        rows.append(f"{name}\tURW: Discrediting Ukraine\t{PUPPET}")
    for n, text in enumerate(NATURAL_TEXTS):
        name = f"EN_CC_{n:06d}.txt"
        (docs / name).write_text(f"Climate {n}\n\n{text}\n{NEUTRAL_TEXTS[n % 4]}\n")
        rows.append(f"{name}\tCC: Downplaying climate change\t{NATURAL}")
    for n, text in enumerate(NEUTRAL_TEXTS * 2):
        name = f"EN_UA_{100 + n:06d}.txt"
        (docs / name).write_text(f"News {n}\n\n{text}\n")
        rows.append(f"{name}\tOther\tOther")
    (folder / "EN" / "subtask-2-annotations.txt").write_text("\n".join(rows) + "\n")
    return folder / "EN"


def test_train_predict_and_score_round_trip(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    release = _release(tmp_path)
    model = tmp_path / "model"
    assert main(["semeval", "train", "--data", str(release), "--out", str(model),
                 "--folds", "4"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["articles"] == 20 and metrics["cv_folds"] == 4
    manifest = json.loads((model / "model.json").read_text())
    assert manifest["kind"] == "trained" and manifest["embedder"] == "static-e5"
    assert len(manifest["embedder_checksum"]) == 64
    pred = tmp_path / "pred.txt"
    assert main(["semeval", "predict", "--subtask", "2", "--docs",
                 str(release / "raw-documents"), "--model", str(model), "--out", str(pred)]) == 0
    rows = {r.id: r for r in read_narrative_labels(pred)}
    assert len(rows) == 20  # one line per document, Other included
    taxonomy = Taxonomy.builtin()
    for row in rows.values():
        taxonomy.check([*row.narratives, *row.subnarratives])
    assert main(["semeval", "score", "--subtask", "2", "--gold",
                 str(release / "subtask-2-annotations.txt"), "--pred", str(pred), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert scores["coarse_f1"] > 0.8  # the training articles themselves


def test_jsonl_training_with_a_user_taxonomy(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    taxonomy = tmp_path / "mine.yaml"
    taxonomy.write_text("name: mine\nnarratives:\n  Puppet state: [Orders from abroad]\n")
    data = tmp_path / "mine.jsonl"
    rows = [{"text": t, "narratives": ["Puppet state"],
             "subnarratives": ["Puppet state: Orders from abroad"]} for t in PUPPET_TEXTS]
    rows += [{"text": t, "narratives": ["Other"], "subnarratives": ["Other"]}
             for t in NEUTRAL_TEXTS + NATURAL_TEXTS]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["semeval", "train", "--jsonl", str(data), "--taxonomy", str(taxonomy),
                 "--out", str(tmp_path / "m"), "--folds", "4"]) == 0
    manifest = json.loads((tmp_path / "m" / "model.json").read_text())
    assert manifest["taxonomy"]["name"] == "mine"


def test_bad_training_input_is_a_clear_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "x", "narratives": ["Not a label"]}\n')
    assert main(["semeval", "train", "--jsonl", str(data), "--out", str(tmp_path / "m")]) == 2
    assert "bad.jsonl:1: unknown label(s): 'Not a label'" in capsys.readouterr().err
    assert main(["semeval", "predict", "--subtask", "2", "--docs", str(tmp_path),
                 "--model", str(tmp_path / "nowhere"), "--out", str(tmp_path / "p")]) == 2


def test_analyze_uses_a_trained_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    release = _release(tmp_path)
    model = tmp_path / "model"
    assert main(["semeval", "train", "--data", str(release), "--out", str(model),
                 "--folds", "4"]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(release / "raw-documents"), "--no-db", "--model", str(model),
                 "--out", str(out), "-q"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 20
    labelled = [r for r in records if r["narratives"]]
    assert labelled and all(n["evidence"] for r in labelled for n in r["narratives"])


def test_a_failed_role_training_keeps_the_narrative_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = _release(tmp_path)
    # a fine role under the wrong main role: role training refuses the gold
    (release / "subtask-1-annotations.txt").write_text(
        "EN_UA_000000.txt\tKyiv\t27\t30\tProtagonist\tTerrorist\n")
    model = tmp_path / "model"
    code = main(["semeval", "train", "--data", str(release), "--out", str(model),
                 "--folds", "4"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"the narrative model is saved in {model}; role training failed" in err
    assert (model / "model.json").exists() and not (model / "roles").exists()
