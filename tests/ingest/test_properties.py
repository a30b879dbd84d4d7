"""Property tests: whatever bytes, JSON lines or CSV rows arrive, every reader

* lets no exception escape (through :func:`read_inputs`; a reader called directly raises only
  :class:`InputError`, its documented way of failing a whole input, which ``read_ref`` names);
* yields only :class:`RawArticle`, :class:`Failure` and :class:`Skipped` items;
* keeps every good record put in, with its text;
* yields only strings that encode to UTF-8 and hold no NUL (what every store can take).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrascope.ingest import FORMATS, Failure, RawArticle, ReadOptions, Skipped, read_inputs
from narrascope.ingest.base import IngestItem, InputError
from narrascope.ingest.files import Source

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
#: Small, so that records over the size limit are cheap to make.
OPTIONS = ReadOptions(max_bytes=4000)
EXTENSIONS = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "json": ".json",
              "csv": ".csv", "warc": ".warc", "feed": ".rss", "parquet": ".parquet"}

#: Printable text of any script, no control, surrogate or private-use character: what a good
#: record holds, and what random lines are made of (control bytes would make the file binary).
PLAIN = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
GOOD_TEXT = st.text(PLAIN, min_size=1, max_size=60).filter(lambda t: t.strip())
#: Text with the worst characters too: NUL, lone surrogates, controls.
ANY_TEXT = st.text(st.characters(), max_size=40)


def assert_kept(items: list[IngestItem], expected: dict[int, str]) -> None:
    """Record N (``source#N``) of each ``expected`` item is an article with that text."""
    found = {int(i.source.rsplit("#", 1)[1]): i.text for i in items if isinstance(i, RawArticle)}
    assert {n: found.get(n) for n in expected} == expected


def assert_clean(items: list[IngestItem]) -> None:
    for item in items:
        assert isinstance(item, RawArticle | Failure | Skipped), item
        for value in vars(item).values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    text.encode("utf-8")
                    assert "\x00" not in text, item


@contextmanager
def input_file(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def read_file(name: str, data: bytes, options: ReadOptions = OPTIONS,
              **kwargs: Any) -> list[IngestItem]:
    with input_file(name, data) as path:
        return list(read_inputs([str(path)], options, **kwargs))


def read_directly(fmt: str, data: bytes) -> list[IngestItem]:
    """Through the reader itself, from memory; an :class:`InputError` is its whole answer."""
    try:
        return list(FORMATS[fmt](Source(f"<test>{EXTENSIONS[fmt]}", data=data), OPTIONS))
    except InputError:
        return []


# --------------------------------------------------------------------------------------------
# Random bytes, to every reader
# --------------------------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(sorted(FORMATS)))
def test_random_bytes_in_every_format(data: bytes, fmt: str) -> None:
    assert_clean(read_file("input" + EXTENSIONS[fmt], data))
    assert_clean(read_file("input", data, input_format=fmt))
    assert_clean(read_directly(fmt, data))


@SETTINGS
@given(text=ANY_TEXT, fmt=st.sampled_from(sorted(FORMATS)))
def test_random_text_in_every_format(text: str, fmt: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    assert_clean(read_file("input" + EXTENSIONS[fmt], data))
    assert_clean(read_directly(fmt, data))


@SETTINGS
@given(name=st.binary(min_size=1, max_size=40).filter(
    lambda n: b"/" not in n and b"\x00" not in n and not n.startswith(b".")))
def test_any_file_name(name: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(os.fsencode(folder), name + b".txt"), "wb") as stream:
            stream.write(b"Title\n\nSome body text.")
        items = list(read_inputs([folder], OPTIONS))
    assert_clean(items)
    assert [(type(i).__name__, getattr(i, "text", None)) for i in items] == [
        ("RawArticle", "Some body text.")]


# --------------------------------------------------------------------------------------------
# JSON Lines and JSON arrays: good records among bad ones are all kept
# --------------------------------------------------------------------------------------------


def good_record(text: str, n: int) -> dict[str, Any]:
    return {"id": f"good-{n}", "text": text, "title": f"Good {n}"}


#: JSON values that are not good records: wrong shapes and types, NUL-only or empty text,
#: nesting deeper than the parser's recursion limit, text over the size limit.
BAD_VALUES = st.one_of(
    st.sampled_from([None, 3, "text", [1, 2], {"body": "x"}, {"text": None}, {"text": 5},
                     {"text": True}, {"text": {"a": 1}}, {"text": ["a", 1]}, {"text": ""},
                     {"text": " \x00 "}, {"text": "x" * 5000}]),
    st.dictionaries(st.sampled_from(["text", "title", "url", "date", "id", "author"]),
                    st.one_of(ANY_TEXT, st.integers(), st.floats(), st.booleans(),
                              st.none(), st.lists(ANY_TEXT, max_size=3)), max_size=6),
)
#: Lines that are not JSON (no control characters: those would make the file binary).
GARBAGE_LINES = st.one_of(
    st.text(PLAIN, max_size=80),
    st.sampled_from(["[" * 5000 + "]" * 5000, '{"text": "x", "a": ' + "[" * 5000 + "]" * 5000
                     + "}", '{"text": "unterminated', '{"text": ' + "9" * 5000 + "}",
                     r'{"text": "lone \ud800 surrogate"}', r'{"text": "\u0000"}']),
)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> tuple[list[str], dict[int, str]]:
    """Lines of a JSONL file and, by line number, the text each good line must give."""
    lines: list[str] = []
    expected: dict[int, str] = {}
    for n in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["good", "good", "bad", "garbage"]))
        if kind == "good":
            text = draw(GOOD_TEXT)
            lines.append(json.dumps(good_record(text, n)))
            expected[len(lines)] = text.strip()
        elif kind == "bad":
            lines.append(json.dumps(draw(BAD_VALUES)))
        else:
            lines.append(draw(GARBAGE_LINES).replace("\n", " ").replace("\r", " "))
    return lines, expected


@SETTINGS
@given(case=jsonl_lines())
def test_jsonl_keeps_every_good_line(case: tuple[list[str], dict[int, str]]) -> None:
    lines, expected = case
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    for items in (read_file("records.jsonl", data), read_directly("jsonl", data)):
        assert_clean(items)
        assert_kept(items, expected)


@SETTINGS
@given(values=st.lists(st.one_of(GOOD_TEXT.map(lambda t: ("good", t)),
                                 BAD_VALUES.map(lambda v: ("bad", v))), min_size=1, max_size=10),
       deep=st.booleans())
def test_json_array_keeps_every_good_element(values: list[tuple[str, Any]], deep: bool) -> None:
    elements = [json.dumps(good_record(v, n) if kind == "good" else v)
                for n, (kind, v) in enumerate(values)]
    if deep:  # one element the parser cannot take: the others are still read
        values.insert(len(values) // 2, ("bad", None))
        elements.insert(len(elements) // 2, "[" * 5000 + "]" * 5000)
    data = ("[" + ", ".join(elements) + "]").encode()
    items = read_file("records.json", data, ReadOptions())  # the whole file is one read
    assert_clean(items)
    assert_kept(items, {n: v.strip() for n, (kind, v) in enumerate(values, start=1)
                        if kind == "good"})


# --------------------------------------------------------------------------------------------
# CSV: good rows among bad ones are all kept
# --------------------------------------------------------------------------------------------

HEADER = ["id", "title", "text", "url"]
#: Any cell text a CSV file may hold as text: quotes, delimiters, line breaks included (but
#: no NUL or control characters, which make a small file binary; see test_bad_records).
CELL = st.text(st.one_of(PLAIN, st.sampled_from(['"', ",", ";", "\t", "\n", "\r"])),
               max_size=40)
BAD_ROWS = st.one_of(
    st.lists(CELL, min_size=1, max_size=2),  # too short to reach the text column
    st.tuples(st.just("bad"), CELL, st.sampled_from(["", "   ", "\n"]), CELL).map(list),
    st.tuples(st.just("bad"), st.just("Too big"), st.just("x" * 5000), st.just("")).map(list),
    st.lists(CELL, min_size=4, max_size=7),  # any cells, extra ones too
)


@st.composite
def csv_rows(draw: st.DrawFn) -> tuple[list[list[str]], dict[int, str]]:
    rows: list[list[str]] = []
    expected: dict[int, str] = {}
    for n in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            text = draw(GOOD_TEXT)
            rows.append([f"good-{n}", draw(GOOD_TEXT), text, "https://news.example/" + str(n)])
            expected[len(rows)] = text.strip()
        else:
            rows.append(draw(BAD_ROWS))
    return rows, expected


@SETTINGS
@given(case=csv_rows(), delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_keeps_every_good_row(case: tuple[list[list[str]], dict[int, str]],
                                  delimiter: str) -> None:
    rows, expected = case
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    for items in (read_file("rows.csv", data), read_directly("csv", data)):
        assert_clean(items)
        assert_kept(items, expected)
