"""Text from articles is shown as text: no Rich markup, no hidden links, no terminal controls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.cli import main

BODY = ("Officials in Kharkiv said on Tuesday that the repaired substation would restore power "
        "to about 40,000 homes by the end of the week.")


def _analyse(tmp_path: Path, records: list[dict], *extra: str) -> tuple[int, str]:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "news.db")
    code = main(["analyze", str(source), "--db", db, "--stages", "clean,language,sentences",
                 *extra])
    return code, db


def test_markup_in_a_field_name_does_not_crash_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _analyse(tmp_path, [{"text": BODY}, {"[/red]": "x", "[bold]b": "y"}])
    assert code == 1
    err = capsys.readouterr().err
    assert "no field 'text'" in err and "[/red]" in err and "[bold]b" in err


@pytest.mark.parametrize("title", [
    "Kyiv [/red] talks",
    "[link=https://evil.example]Read the full report[/link]",
    "Breaking \x1b]8;;https://evil.example\x1b\\news\x1b]8;;\x1b\\ \x1b[2J today",
])
def test_show_prints_hostile_titles_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    code, db = _analyse(tmp_path, [{"text": BODY, "title": title, "id": "hostile-1"}], "-q")
    assert code == 0
    capsys.readouterr()
    assert main(["show", "hostile-1", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out  # output is not a terminal: no styling, and no injected controls
    if "\x1b" in title:  # the cleaner already turned the controls into spaces; none survive
        assert "]8;;https://evil.example" in out
    else:
        assert title in out  # markup is shown as the characters it is made of


def test_terminal_controls_are_escaped_even_on_a_colour_terminal() -> None:
    import io

    from narrascope.cli.terminal import make_console

    console = make_console(file=io.StringIO(), width=200)
    console.force_terminal = True  # type: ignore[misc]
    console.print("see [link=https://evil.example]this[/link] \x1b]8;;https://evil.example\x07x")
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b]8" not in out
    assert "[link=https://evil.example]this[/link]" in out


def test_failures_lists_hostile_file_names_with_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "evil\x1b[31mRED\x1b[0m.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert main(["analyze", str(bad), "--db", db, "--stages", "clean", "-q"]) == 3
    capsys.readouterr()
    assert main(["failures", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "evil\\x1b[31mRED\\x1b[0m.jsonl" in out
