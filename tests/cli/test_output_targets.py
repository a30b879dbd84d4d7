"""``--out`` never destroys what it points at: stores, directories, devices and pipes."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from narrascope.cli import main
from narrascope.output import OutputError, OutputFile, check_output
from narrascope.store import Store

FAST = ["--stages", "clean,language,sentences", "-q"]
BODY = "Ukrainian grain ships left Odesa on Monday under a new insurance scheme, officials said."


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "grain.txt"
    path.parent.mkdir()
    path.write_text(f"Grain ships leave Odesa\n\n{BODY}\n", encoding="utf-8")
    return path


def _store_with_one_article(tmp_path: Path, article: Path) -> Path:
    db = tmp_path / "news.db"
    assert main(["analyze", str(article), "--db", str(db), *FAST]) == 0
    return db


def test_out_refuses_to_overwrite_another_store(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _store_with_one_article(tmp_path, article)
    before = db.read_bytes()
    code = main(["analyze", str(article), "--db", str(tmp_path / "other.db"), "--out", str(db),
                 *FAST])
    assert code == 2
    assert "is a database" in capsys.readouterr().err
    assert db.read_bytes() == before
    with Store.open(str(db)) as store:
        assert store.count() == 1


def test_out_refuses_the_store_of_the_same_run(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _store_with_one_article(tmp_path, article)
    assert main(["analyze", str(article), "--db", str(db), "--out", str(db), *FAST]) == 2
    assert "store" in capsys.readouterr().err
    with Store.open(str(db)) as store:
        assert store.count() == 1


def test_out_refuses_a_directory(tmp_path: Path, article: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep me")
    assert main(["analyze", str(article), "--no-db", "--out", str(folder), *FAST]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert (folder / "keep.txt").read_text() == "keep me"


def test_out_writes_into_a_pipe_without_replacing_it(tmp_path: Path, article: Path) -> None:
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert main(["analyze", str(article), "--no-db", "--out", str(fifo), *FAST]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    (line,) = received[0].decode().splitlines()
    assert json.loads(line)["text"] == BODY


def test_character_devices_are_written_directly() -> None:
    output = OutputFile("/dev/null")
    output.handle.write("nothing\n")
    output.commit()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_out_through_a_symbolic_link_replaces_the_file_and_keeps_the_link(
    tmp_path: Path, article: Path
) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    assert main(["analyze", str(article), "--no-db", "--out", str(link), *FAST]) == 0
    assert link.is_symlink()
    assert json.loads(real.read_text())["text"] == BODY


def test_export_refuses_to_overwrite_its_own_store(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _store_with_one_article(tmp_path, article)
    before = db.read_bytes()
    assert main(["export", "--db", str(db), "--format", "jsonl", "--out", str(db)]) == 2
    assert "store" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_a_failed_export_keeps_the_previous_file(tmp_path: Path, article: Path) -> None:
    previous = tmp_path / "news.jsonl"
    previous.write_text("previous export\n")
    records = ({"id": str(n)} if n < 3 else 1 / 0 for n in range(5))
    from narrascope.export import export_records

    with pytest.raises(ZeroDivisionError):
        export_records(records, "jsonl", str(previous))
    assert previous.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_out_refuses_to_overwrite_an_input_of_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    before = source.read_bytes()
    assert main(["analyze", str(source), "--no-db", "--out", str(source), *FAST]) == 2
    assert "one of this command's inputs" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_protected_files_are_refused_whatever_they_hold(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text, not a database")
    with pytest.raises(OutputError, match="is the store this command uses"):
        check_output(str(notes), protect={str(notes): "the store this command uses"})
    check_output(str(notes), protect={str(tmp_path / "other.db"): "the store"})


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path, article: Path) -> None:
    private = tmp_path / "private.jsonl"
    private.write_text("old\n")
    private.chmod(0o600)
    assert main(["analyze", str(article), "--no-db", "--out", str(private), *FAST]) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert json.loads(private.read_text())["text"] == BODY


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_that_cannot_be_written_is_a_clear_error_and_the_run_is_closed(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.db"
    code = main(["analyze", str(article), "--db", str(db), "--out", "/dev/full", *FAST])
    assert code == 4
    assert "/dev/full: cannot write" in capsys.readouterr().err
    with Store.open(str(db)) as store:
        (run,) = store.runs()
        assert run["status"] == "failed"
        assert run["articles"] == store.count() == 1  # analysed before the output broke: kept
