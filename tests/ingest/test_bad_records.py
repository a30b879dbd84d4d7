"""Hostile records and file trees: NUL characters, lone surrogates, file names that are not
UTF-8, JSON nested 10,000 deep, CSV fields over the size limit, text that is not a string and
symbolic links out of the input. Each bad thing is one :class:`Failure` (or a warning, or a
:class:`Skipped`) naming where and why; everything good around it is still read."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from narrascope.document import RawArticle
from narrascope.ingest import Failure, ReadOptions, Skipped, read_inputs
from narrascope.ingest.base import IngestItem

BODY = ("Dock workers returned to work on Friday after unions and employers agreed on a new "
        "wage deal, ending a strike that had lasted nine days.")
DEEP = "[" * 10_000 + "]" * 10_000


def read(*paths: Path | str, **kwargs) -> list[IngestItem]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def kinds(items: list[IngestItem]) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.source) for i in items]


def assert_storable(item: IngestItem) -> None:
    for value in vars(item).values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                text.encode("utf-8")
                assert "\x00" not in text


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return path


# --------------------------------------------------------------------------------------------
# 1. NUL characters
# --------------------------------------------------------------------------------------------


def test_nul_is_removed_from_every_field_of_a_record_with_a_warning(tmp_path: Path) -> None:
    record = {"text": "Body\u0000 with\u0000 NULs\u0000.", "title": "Ti\u0000tle",
              "url": "https://news.example/\u00001", "outlet": "Out\u0000let",
              "author": "A. Wri\u0000ter", "date": "2023-03-14\u0000", "id": "id\u00007"}
    path = write_jsonl(tmp_path / "nul.jsonl", [json.dumps(record), json.dumps({"text": BODY})])
    first, second = read(path)
    assert isinstance(first, RawArticle)
    assert (first.text, first.title, first.url, first.outlet, first.author, first.given_id) == (
        "Body with NULs.", "Title", "https://news.example/1", "Outlet", "A. Writer", "id7")
    assert first.published == "2023-03-14"
    assert first.warnings == [
        "text: 3 NUL character(s) removed", "title: 1 NUL character(s) removed",
        "url: 1 NUL character(s) removed", "outlet: 1 NUL character(s) removed",
        "author: 1 NUL character(s) removed", "given_id: 1 NUL character(s) removed",
    ]
    assert isinstance(second, RawArticle) and second.text == BODY and second.warnings == []


def test_nul_is_removed_from_csv_cells_and_txt_files(tmp_path: Path) -> None:
    # One stray NUL in a long file: text with a defect, not binary data.
    rows = "".join(f'Row {n},"{BODY}"\n' for n in range(20))
    (tmp_path / "rows.csv").write_bytes(
        f"title,text\nOne\x00,Body one\x00 here.\n{rows}".encode())
    (tmp_path / "story.txt").write_bytes(f"Headline\n\n{BODY * 5}\x00 {BODY * 5}".encode())
    one, *others, story = read(tmp_path)
    assert (one.title, one.text, one.warnings) == (
        "One", "Body one here.",
        ["text: 1 NUL character(s) removed", "title: 1 NUL character(s) removed"])
    assert len(others) == 20 and all(a.text == BODY and not a.warnings for a in others)
    assert story.title == "Headline" and "\x00" not in story.text
    assert story.warnings == ["text: 1 NUL character(s) removed"]


def test_text_of_only_nul_characters_is_empty(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [json.dumps({"text": "\u0000\u0000"})])
    (failure,) = read(path)
    assert failure == Failure(f"{path}#1", "field 'text' is empty or not text", line=1)


def test_articles_and_failures_are_storable_whoever_builds_them() -> None:
    """The one place that cleans: whoever builds a RawArticle gets storable strings."""
    article = RawArticle(source="dir/bad-\udcff\x00.txt", text="a\x00b \ud800", title="\udfff",
                         warnings=["published: cannot parse date 'x\x00'"])
    assert article.source == "dir/bad-\\xff\\x00.txt"
    assert (article.text, article.title) == ("ab \ufffd", "\ufffd")
    assert article.warnings == [
        "published: cannot parse date 'x\\x00'",
        "text: 1 NUL character(s) removed",
        "text: 1 lone surrogate(s) replaced with U+FFFD",
        "title: 1 lone surrogate(s) replaced with U+FFFD",
    ]
    assert_storable(article)
    failure = Failure("dir/bad-\udcff.jsonl#2", "no field 'text' (fields: \ud800\x00)")
    assert (failure.source, failure.reason) == ("dir/bad-\\xff.jsonl#2",
                                                "no field 'text' (fields: \\ud800\\x00)")
    assert Skipped("a\udcfe", "why").source == "a\\xfe"


# --------------------------------------------------------------------------------------------
# 2. File names that are not UTF-8
# --------------------------------------------------------------------------------------------


def _odd_named_folder(tmp_path: Path) -> tuple[Path, bytes]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(f"First good story\n\n{BODY}", encoding="utf-8")
    odd = os.path.join(os.fsencode(folder), b"bad-\xff.txt")
    with open(odd, "wb") as stream:
        stream.write(f"Odd name story\n\nCrews repaired the harbour crane. {BODY}".encode())
    (folder / "z-good.txt").write_text(f"Last good story\n\n{BODY}", encoding="utf-8")
    return folder, odd


def test_file_name_that_is_not_utf8_is_read_with_a_printable_source(tmp_path: Path) -> None:
    folder, _ = _odd_named_folder(tmp_path)
    items = read(folder)
    assert kinds(items) == [("RawArticle", f"{folder}/a-good.txt"),
                            ("RawArticle", f"{folder}/bad-\\xff.txt"),
                            ("RawArticle", f"{folder}/z-good.txt")]
    assert items[1].title == "Odd name story"
    for item in items:
        assert_storable(item)


def test_file_name_that_is_not_utf8_given_on_the_command_line(tmp_path: Path) -> None:
    _, odd = _odd_named_folder(tmp_path)
    (article,) = read(os.fsdecode(odd))
    assert article.source.endswith("/bad-\\xff.txt") and article.title == "Odd name story"


def test_file_name_that_is_not_utf8_is_analysed_and_stored_end_to_end(tmp_path: Path) -> None:
    from narrascope.cli import EXIT_PARTIAL, main
    from narrascope.store import Store

    folder, _ = _odd_named_folder(tmp_path)
    (folder / "broken-\udcfe.jsonl").write_text('{"text": 1}\n')
    db, out = tmp_path / "news.db", tmp_path / "news.jsonl"
    code = main(["analyze", str(folder), "--db", str(db), "--out", str(out),
                 "--stages", "clean,language,sentences", "--quiet"])
    assert code == EXIT_PARTIAL  # the one bad record failed; the run did not crash
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["source"] for r in records) == [
        f"{folder}/a-good.txt", f"{folder}/bad-\\xff.txt", f"{folder}/z-good.txt"]
    with Store.open(str(db)) as store:
        assert store.stored_sources() == {r["source"] for r in records}
        assert [f["source"] for f in store.failures()] == [f"{folder}/broken-\\xfe.jsonl#1"]


def test_nul_and_surrogates_are_stored_alike_in_sqlite_and_postgresql(
    tmp_path: Path, db_url: str
) -> None:
    from narrascope.runner import run_batch
    from narrascope.store import Store

    path = os.path.join(os.fsencode(tmp_path), b"odd-\xe9.jsonl")
    with open(path, "wb") as stream:
        stream.write(b'{"text": "Port \\u0000strike \\ud800 ends.", "title": "T\\u0000"}\n')
    with Store.open(db_url) as store:
        summary = run_batch([str(tmp_path)], store=store,
                            stages=("clean", "language", "sentences"))
        assert (summary.articles, summary.failures) == (1, [])
        stored = store.document_for_source(f"{tmp_path}/odd-\\xe9.jsonl#1")
    assert stored is not None
    assert (stored["text"], stored["title"]) == ("Port strike \ufffd ends.", "T")
    assert "text: 1 NUL character(s) removed" in stored["warnings"]


# --------------------------------------------------------------------------------------------
# 3. One bad record must not end reading
# --------------------------------------------------------------------------------------------


def test_deeply_nested_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "deep.jsonl", [
        json.dumps({"text": "First."}), DEEP, '{"text": "x", "meta": ' + DEEP + "}",
        json.dumps({"text": "Fourth."}), json.dumps({"text": "Fifth."})])
    items = read(path)
    assert kinds(items) == [("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"),
                            ("Failure", f"{path}#3"), ("RawArticle", f"{path}#4"),
                            ("RawArticle", f"{path}#5")]
    assert items[1] == Failure(f"{path}#2", "invalid JSON: nested too deeply", line=2)
    assert items[2].reason == "invalid JSON: nested too deeply"
    assert [items[3].text, items[4].text] == ["Fourth.", "Fifth."]


def test_lone_surrogate_in_jsonl_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [
        r'{"text": "abc \ud800 def", "title": "T \udc80"}', r'{"text": "good \ud83d\ude00"}'])
    first, second = read(path)
    assert (first.text, first.title) == ("abc \ufffd def", "T \ufffd")
    assert first.warnings == ["text: 1 lone surrogate(s) replaced with U+FFFD",
                              "title: 1 lone surrogate(s) replaced with U+FFFD"]
    assert (second.text, second.warnings) == ("good \U0001f600", [])
    assert_storable(first)


def test_lone_surrogate_in_a_field_name_gives_a_storable_failure(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "k.jsonl", [r'{"b\ud800dy": "x"}', '{"text": "Fine."}'])
    failure, article = read(path)
    assert failure.reason == ("no field 'text' (fields: b\\ud800dy); choose one with "
                              "--text-field")
    assert article.text == "Fine."


def test_giant_integer_in_a_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ['{"text": "x", "id": ' + "9" * 5000 + "}",
                                              '{"text": "Fine."}'])
    failure, article = read(path)
    assert isinstance(failure, Failure) and failure.reason.startswith("invalid JSON: ")
    assert article.text == "Fine."


def test_deeply_nested_element_of_a_json_array_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('[{"text": "One."}, ' + DEEP + ', {"text": "[{\\"]"}, '
                    '{"text": "Four."}, ' + "9" * 5000 + "]")
    items = read(path)
    assert kinds(items) == [("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"),
                            ("RawArticle", f"{path}#3"), ("RawArticle", f"{path}#4"),
                            ("Failure", f"{path}#5")]
    assert items[1].reason == "invalid JSON: nested too deeply"
    assert [items[2].text, items[3].text] == ['[{"]', "Four."]


def test_deeply_nested_json_object_file_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"text": "x", "meta": ' + DEEP + "}")
    assert read(path) == [Failure(str(path), "invalid JSON: nested too deeply")]


def test_csv_field_over_the_csv_limit_fails_alone(tmp_path: Path) -> None:
    limit_before = csv.field_size_limit()
    path = tmp_path / "rows.csv"
    path.write_text("title,text\nOne,First row.\n"
                    f"Big,{'y' * (2 << 20)}\n"
                    f'Quoted,"{"z" * (1 << 20)}\n{"z" * (1 << 20)}\nstill, inside"\n'
                    "Four,Fourth row.\nFive,\"Fifth\nrow.\"\n")
    items = read(path, options=ReadOptions(max_bytes=1000))
    assert kinds(items) == [("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"),
                            ("Failure", f"{path}#3"), ("RawArticle", f"{path}#4"),
                            ("RawArticle", f"{path}#5")]
    assert items[1] == Failure(f"{path}#2", "a field at line 3 is over the 1.0 MB limit "
                               "(--max-bytes)", line=3)
    assert items[2].line == 4
    assert [items[3].text, items[4].text] == ["Fourth row.", "Fifth\nrow."]
    assert csv.field_size_limit() == limit_before  # the csv module's global setting is kept


def test_50_mb_csv_field_follows_the_max_bytes_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as stream:
        stream.write("title,text\nBig,")
        stream.write("word " * (10 << 20))
        stream.write("\nSmall,Fine text.\n")
    accepted = read(path)
    assert kinds(accepted) == [("RawArticle", f"{path}#1"), ("RawArticle", f"{path}#2")]
    assert len(accepted[0].text) == 50 * 2**20 - 1
    refused = read(path, options=ReadOptions(max_bytes=40 << 20))
    assert kinds(refused) == [("Failure", f"{path}#1"), ("RawArticle", f"{path}#2")]
    assert refused[0].reason == "a field at line 2 is over the 40.0 MB limit (--max-bytes)"


# --------------------------------------------------------------------------------------------
# 4. Text that is not a string
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("42", "field 'text' is a number, not a string"),
        ("4.5", "field 'text' is a number, not a string"),
        ("true", "field 'text' is a boolean, not a string"),
        ('{"body": "x"}', "field 'text' is an object, not a string"),
        ('["para", 3]', "field 'text' is an array holding a number, not a string"),
        ("null", "field 'text' is null"),
    ],
)
def test_text_that_is_not_a_string_is_refused(tmp_path: Path, value: str, reason: str) -> None:
    jsonl = write_jsonl(tmp_path / "r.jsonl", ['{"text": ' + value + "}", '{"text": "Fine."}'])
    array = tmp_path / "r.json"
    array.write_text('[{"text": ' + value + '}, {"text": "Fine."}]')
    assert read(jsonl) == [Failure(f"{jsonl}#1", reason, line=1),
                           RawArticle(source=f"{jsonl}#2", text="Fine.", input_format="jsonl")]
    assert read(array)[0] == Failure(f"{array}#1", reason)


def test_nested_text_field_that_is_null_or_missing(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", ['{"a": {"body": null}}', '{"a": {}}'])
    null, missing = read(path, options=ReadOptions(text_field="a.body"))
    assert null.reason == "field 'a.body' is null"
    assert missing.reason.startswith("no field 'a.body'")


def test_metadata_that_is_not_text_is_dropped_with_a_warning(tmp_path: Path) -> None:
    record = {"text": "Body.", "title": {"en": "Title"}, "author": ["A. One", "B. Two"],
              "url": True, "id": 12345, "outlet": [1, 2], "date": 1678786200}
    path = write_jsonl(tmp_path / "r.jsonl", [json.dumps(record)])
    (article,) = read(path)
    assert (article.title, article.author, article.url, article.given_id, article.outlet) == (
        None, "A. One\nB. Two", None, "12345", None)
    assert article.published == "2023-03-14T09:30:00+00:00"
    assert article.warnings == [
        "field 'url' is a boolean, not a string; ignored",
        "field 'title' is an object, not a string; ignored",
        "field 'outlet' is an array holding a number, not a string; ignored",
    ]


def test_short_csv_row_names_its_field_count(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,title,text,author\n1,One,Body one.,Ann\n2,Two\n3,Three,Body three.\n"
                    "4,Four,Body four.,Ann,extra\n")
    items = read(path)
    assert kinds(items) == [("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"),
                            ("RawArticle", f"{path}#3"), ("RawArticle", f"{path}#4")]
    assert items[1] == Failure(f"{path}#2", "row has 2 field(s), the header has 4: no 'text' "
                               "column", line=3)
    assert items[2].warnings == ["csv: row has 3 field(s), the header has 4"]
    assert items[3].warnings == [
        "csv: row has 5 field(s), the header has 4; the extra fields are ignored"]


# --------------------------------------------------------------------------------------------
# 5. Symbolic links out of the input
# --------------------------------------------------------------------------------------------


@pytest.fixture
def linked_tree(tmp_path: Path) -> tuple[Path, Path]:
    """``input/`` with a good file, links out to ``elsewhere/`` (a file and a directory), a link
    to a file inside, and a link loop; ``elsewhere/`` holds a secret."""
    folder, outside = tmp_path / "input", tmp_path / "elsewhere"
    (folder / "sub").mkdir(parents=True)
    (outside / "dir").mkdir(parents=True)
    (folder / "a.txt").write_text(f"Inside story\n\n{BODY}")
    (folder / "sub" / "b.txt").write_text(f"Nested story\n\n{BODY}")
    (outside / "secret.txt").write_text("Secret\n\nThe password is swordfish.")
    (outside / "dir" / "c.txt").write_text("Secret too\n\nAnother secret.")
    (folder / "link-out.txt").symlink_to(outside / "secret.txt")
    (folder / "link-passwd.txt").symlink_to("/etc/passwd")
    (folder / "link-dir").symlink_to(outside / "dir", target_is_directory=True)
    (folder / "link-in.txt").symlink_to(folder / "sub" / "b.txt")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    return folder, outside


def test_links_out_of_the_input_are_skipped(linked_tree: tuple[Path, Path]) -> None:
    folder, _ = linked_tree
    items = read(folder)
    assert kinds(items) == [
        ("RawArticle", f"{folder}/a.txt"),
        ("RawArticle", f"{folder}/link-in.txt"),
        ("Skipped", f"{folder}/link-out.txt"),
        ("Skipped", f"{folder}/link-passwd.txt"),
        ("Skipped", f"{folder}/link-dir"),
        ("RawArticle", f"{folder}/sub/b.txt"),
        ("Skipped", f"{folder}/sub/loop"),
    ]
    assert items[2].reason == "symbolic link to a path outside the input (use --follow-links)"
    assert items[6].reason == "directory already read (a symbolic link to it, or a link loop)"
    assert not any("secret" in getattr(i, "text", "").lower() for i in items)


def test_follow_links_reads_them_and_still_ends_a_loop(linked_tree: tuple[Path, Path]) -> None:
    folder, outside = linked_tree
    (outside / "dir" / "back").symlink_to(outside, target_is_directory=True)
    items = read(folder, options=ReadOptions(follow_links=True))
    assert kinds(items) == [
        ("RawArticle", f"{folder}/a.txt"),
        ("RawArticle", f"{folder}/link-in.txt"),
        ("RawArticle", f"{folder}/link-out.txt"),
        ("RawArticle", f"{folder}/link-passwd.txt"),
        ("RawArticle", f"{folder}/link-dir/c.txt"),
        ("RawArticle", f"{folder}/link-dir/back/secret.txt"),
        ("Skipped", f"{folder}/link-dir/back/dir"),  # the same directory as link-dir
        ("RawArticle", f"{folder}/sub/b.txt"),
        ("Skipped", f"{folder}/sub/loop"),
    ]
    assert items[-1].reason == "directory already read (a symbolic link to it, or a link loop)"


def test_link_inside_the_input_and_a_second_input_path(linked_tree: tuple[Path, Path]) -> None:
    folder, outside = linked_tree
    items = read(folder, outside / "secret.txt")
    assert ("RawArticle", f"{folder}/link-out.txt") in kinds(items)  # its target was given
    assert ("Skipped", f"{folder}/link-dir") in kinds(items)


def test_link_given_on_the_command_line_is_read(linked_tree: tuple[Path, Path]) -> None:
    folder, _ = linked_tree
    (article,) = read(folder / "link-out.txt")
    assert article.title == "Secret"
    assert [i.source for i in read(folder / "link-dir")] == [f"{folder}/link-dir/c.txt"]


def test_follow_links_flag_of_the_analyze_command(
    linked_tree: tuple[Path, Path], tmp_path: Path
) -> None:
    from narrascope.cli import main

    folder, _ = linked_tree
    (folder / "link-passwd.txt").unlink()
    out = tmp_path / "out.jsonl"
    common = ["analyze", str(folder), "--no-db", "--out", str(out),
              "--stages", "clean", "--quiet"]
    assert main(common) == 0
    assert not any("Secret" in line for line in out.read_text().splitlines())
    assert main([*common, "--follow-links"]) == 0
    assert sum("swordfish" in line for line in out.read_text().splitlines()) == 1


def test_rows_skipped_after_an_oversized_row_are_named_in_its_failure(tmp_path: Path) -> None:
    """A literal quote in an unquoted field looks like the start of a multi-line field: the
    rows it seems to cover are skipped, and the failure says which lines went with it."""
    path = tmp_path / "rows.csv"
    path.write_text("title,text\n"
                    f'Big,A 5" screen {"y" * (2 << 20)}\n'
                    "Three,Third row.\nFour,Fourth row.\n")
    items = read(path, options=ReadOptions(max_bytes=1000))
    failure = items[0]
    assert isinstance(failure, Failure) and failure.line == 2
    assert failure.reason.endswith("; lines 2-4 were skipped as this row (a quoted field "
                                   "seemed to run over them)")
