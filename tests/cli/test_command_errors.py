"""Every command meets bad models, bad stores and bad files with one line and the documented
exit status, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.cli import main
from narrascope.errors import EXIT_STORE, EXIT_USAGE

FAST = ["--stages", "clean,language,sentences"]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not a database\n" * 50)
    empty_model = tmp_path / "empty-model"
    empty_model.mkdir()
    bad_roles = tmp_path / "bad-roles-model"
    (bad_roles / "roles").mkdir(parents=True)
    (bad_roles / "roles" / "roles.json").write_text("{not json")
    article = tmp_path / "docs" / "EN_UA_1.txt"
    article.parent.mkdir()
    article.write_text("Strike on Kyiv\n\nMissiles hit Kyiv at dawn, officials said.\n")
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("EN_UA_1\tnot a label\tat all\textra\n")
    gazetteer = tmp_path / "bad.yaml"
    gazetteer.write_text("entities: [{name: }]\n: :\n")
    return {"not_a_db": not_a_db, "empty_model": empty_model, "bad_roles": bad_roles,
            "article": article, "docs": article.parent, "garbage": garbage,
            "gazetteer": gazetteer, "missing": tmp_path / "missing", "out": tmp_path / "o.txt"}


COMMANDS = {
    "analyze on a file that is no store": (
        lambda f: ["analyze", str(f["article"]), "--db", str(f["not_a_db"]), *FAST],
        EXIT_STORE, "notes.db"),
    "analyze with a model folder holding no model": (
        lambda f: ["analyze", str(f["article"]), "--no-db", "--model", str(f["empty_model"]),
                   "--stages", "clean,language,sentences,vectors,narratives"],
        EXIT_USAGE, "no narrative model"),
    "analyze with a broken roles model": (
        lambda f: ["analyze", str(f["article"]), "--no-db", "--model", str(f["bad_roles"]),
                   "--stages", "clean,language,sentences,entities,roles"],
        EXIT_USAGE, "roles"),
    "analyze with a broken gazetteer": (
        lambda f: ["analyze", str(f["article"]), "--no-db", "--gazetteer", str(f["gazetteer"]),
                   "--stages", "clean,language,sentences,entities"],
        EXIT_USAGE, "bad.yaml"),
    "analyze with stages out of order": (
        lambda f: ["analyze", str(f["article"]), "--no-db", "--stages", "clean,quotes"],
        EXIT_USAGE, "needs 'entities'"),
    "show on a file that is no store": (
        lambda f: ["show", "abcdef", "--db", str(f["not_a_db"])], EXIT_STORE, "notes.db"),
    "quotes on a file that is no store": (
        lambda f: ["quotes", "--db", str(f["not_a_db"])], EXIT_STORE, "notes.db"),
    "entities on a file that is no store": (
        lambda f: ["entities", "--db", str(f["not_a_db"])], EXIT_STORE, "notes.db"),
    "roles on a file that is no store": (
        lambda f: ["roles", "--db", str(f["not_a_db"])], EXIT_STORE, "notes.db"),
    "export on a file that is no store": (
        lambda f: ["export", "--db", str(f["not_a_db"])], EXIT_STORE, "notes.db"),
    "failures on a file that is no store": (
        lambda f: ["failures", "--db", str(f["not_a_db"])], EXIT_STORE, "notes.db"),
    "semeval train on a missing folder": (
        lambda f: ["semeval", "train", "--data", str(f["missing"]), "--out", str(f["out"])],
        EXIT_USAGE, "missing"),
    "semeval predict with a model folder holding no model": (
        lambda f: ["semeval", "predict", "--subtask", "2", "--docs", str(f["docs"]),
                   "--model", str(f["empty_model"]), "--out", str(f["out"])],
        EXIT_USAGE, "no narrative model"),
    "semeval score on a malformed file": (
        lambda f: ["semeval", "score", "--subtask", "2", "--gold", str(f["garbage"]),
                   "--pred", str(f["missing"])], EXIT_USAGE, ""),
    "semeval2023 train on a missing folder": (
        lambda f: ["semeval2023", "train", "--data", str(f["missing"]), "--out", str(f["out"])],
        EXIT_USAGE, "missing"),
    "semeval2023 predict with a model folder holding no model": (
        lambda f: ["semeval2023", "predict", "--docs", str(f["docs"]), "--model",
                   str(f["empty_model"]), "--out", str(f["out"])], EXIT_USAGE, "empty-model"),
    "semeval2023 score on a malformed file": (
        lambda f: ["semeval2023", "score", "--gold", str(f["garbage"]), "--pred",
                   str(f["missing"])], EXIT_USAGE, ""),
}


@pytest.mark.parametrize("case", list(COMMANDS))
def test_each_command_reports_bad_models_stores_and_files_in_one_line(
    case: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv, status, named = COMMANDS[case]
    code = main(argv(files))  # an exception escaping main() fails the test: a traceback
    err = capsys.readouterr().err
    assert code == status, err
    assert err.startswith("narrascope "), err
    assert named in err
    assert "Traceback" not in err
