"""The SemEval release formats and metrics, checked on hand-computed examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.cli import main
from narrascope.narratives.taxonomy import Taxonomy, TaxonomyError, samples_f1
from narrascope.semeval.release import ReleaseError, read_entity_mentions, read_narrative_labels
from narrascope.semeval.scoring import score_narratives, score_roles

GOLD_2 = (
    "EN_UA_1.txt\tURW: Discrediting Ukraine;URW: Praise of Russia\t"
    "URW: Discrediting Ukraine: Ukraine is a puppet of the West;URW: Praise of Russia: Other\n"
    "EN_CC_2.txt\tOther\tOther\n"
)


def test_samples_f1_matches_the_definition() -> None:
    assert samples_f1([["A", "B"], ["C"]], [["A"], ["D"]]) == pytest.approx((2 / 3 + 0) / 2)
    assert samples_f1([[]], [[]]) == 0.0  # both empty scores 0
    with pytest.raises(ValueError):
        samples_f1([["A"]], [])


def test_score_narratives_from_release_files(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text(GOLD_2, encoding="utf-8")
    pred.write_text(
        "EN_CC_2.txt\tOther\tOther\n"
        "EN_UA_1.txt\tURW: Discrediting Ukraine\tURW: Discrediting Ukraine: Other\n",
        encoding="utf-8",
    )
    result = score_narratives(gold, pred)
    assert result.coarse_f1 == pytest.approx((2 / 3 + 1) / 2)
    assert result.fine_f1 == pytest.approx((0 + 1) / 2)
    assert main(["semeval", "score", "--subtask", "2", "--gold", str(gold), "--pred",
                 str(pred), "--json"]) == 0


def test_missing_prediction_and_malformed_lines_name_the_file(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text(GOLD_2, encoding="utf-8")
    pred.write_text("EN_CC_2.txt\tOther\tOther\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"pred\.txt: no prediction for 1 document"):
        score_narratives(gold, pred)
    pred.write_text("EN_CC_2.txt\tOther\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"pred\.txt:1: expected at least 3"):
        read_narrative_labels(pred)


def test_score_roles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("D1.txt\tNATO\t10\t13\tAntagonist\tInstigator\tConspirator\n"
                    "D1.txt\tKyiv\t20\t23\tInnocent\tVictim\n", encoding="utf-8")
    pred.write_text("D1.txt\tNATO\t10\t13\tAntagonist\tInstigator\n"
                    "D1.txt\tKyiv\t20\t23\tInnocent\tVictim\n", encoding="utf-8")
    roles = score_roles(gold, pred)
    assert roles.exact_match_ratio == 0.5
    assert roles.main_role_accuracy == 1.0
    assert (roles.precision, roles.recall) == (1.0, pytest.approx(2 / 3))
    assert main(["semeval", "score", "--subtask", "1", "--gold", str(gold), "--pred",
                 str(pred), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exact_match_ratio"] == 0.5
    (mention,) = [m for m in read_entity_mentions(gold, with_roles=True) if m.mention == "Kyiv"]
    assert mention.end == 23  # inclusive end, as in the release


def test_builtin_taxonomy_and_hierarchy() -> None:
    taxonomy = Taxonomy.builtin()
    assert len(taxonomy.narratives) == 22
    assert len(taxonomy.subnarratives) == 95
    assert all(taxonomy.other_of(n) in taxonomy.parent for n in taxonomy.narratives
               if n != "Other")
    assert taxonomy.domain_of("CC: Downplaying climate change") == "CC"
    with pytest.raises(TaxonomyError, match="unknown label"):
        taxonomy.check(["URW: Made up narrative"])


def test_user_taxonomy_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: refugees\nnarratives:\n  Blaming refugees: [Refugees bring crime]\n",
                    encoding="utf-8")
    taxonomy = Taxonomy.from_yaml(path)
    assert taxonomy.children["Blaming refugees"] == [
        "Blaming refugees: Refugees bring crime", "Blaming refugees: Other"]
    assert taxonomy.consistent([], ["Blaming refugees: Refugees bring crime"])[0] == [
        "Blaming refugees"]
