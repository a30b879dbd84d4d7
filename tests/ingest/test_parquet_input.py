"""Parquet input: one article per row, streamed a batch at a time, with the field options of
JSONL and CSV; every bad row is a :class:`Failure` naming ``path#N`` and the field, a file that
cannot be read is one failure naming it."""

from __future__ import annotations

import datetime as dt
import gzip
import os
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from narrascope.document import RawArticle
from narrascope.ingest import (
    FORMATS,
    Failure,
    ReadOptions,
    Skipped,
    format_for_path,
    read_inputs,
    sniff_format,
)
from narrascope.ingest.base import IngestItem, InputError
from narrascope.ingest.files import Source
from narrascope.ingest.parquet import BATCH_ROWS, read_parquet

BODY = ("Dock workers returned to work on Friday after unions and employers agreed on a new "
        "wage deal, ending a strike that had lasted nine days.")


def read(*paths: Path | str, options: ReadOptions | None = None, **kwargs) -> list[IngestItem]:
    return list(read_inputs([str(p) for p in paths], options, **kwargs))


def articles(items: list[IngestItem]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def failures(items: list[IngestItem]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def write(path: Path, columns: dict[str, pa.Array | list], **kwargs) -> Path:
    pq.write_table(pa.table(columns), path, **kwargs)
    return path


# --------------------------------------------------------------------------------------------
# Rows, row groups, sources
# --------------------------------------------------------------------------------------------


def test_every_row_is_an_article_numbered_over_all_row_groups(tmp_path: Path) -> None:
    n = 2 * BATCH_ROWS + 37  # several batches and row groups, none aligned with the other
    path = write(tmp_path / "news.parquet", {
        "text": [f"{BODY} ({i})" for i in range(n)],
        "title": [f"Title {i}" for i in range(n)],
    }, row_group_size=100)
    assert pq.ParquetFile(path).metadata.num_row_groups == 6
    items = read(path)
    assert [type(i) for i in items] == [RawArticle] * n
    assert [a.source for a in articles(items)] == [f"{path}#{i}" for i in range(1, n + 1)]
    assert [a.title for a in articles(items)][-1] == f"Title {n - 1}"
    assert {a.input_format for a in articles(items)} == {"parquet"}


def test_field_options_and_dotted_names_into_struct_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.pq", {
        "headline": ["Strike ends", "Second"],
        "body": [BODY, "Another body of text."],
        "meta": pa.array([
            {"url": "https://www.example-news.org/strike", "author": "A. Writer",
             "ids": {"internal": "s-1"}},
            {"url": None, "author": None, "ids": {"internal": "s-2"}},
        ]),
        "ignored": [1.5, 2.5],
    })
    options = ReadOptions(text_field="body", title_field="headline", url_field="meta.url",
                          author_field="meta.author", id_field="meta.ids.internal")
    first, second = read(path, options=options)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.source, first.title, first.text, first.url, first.author, first.given_id) == (
        f"{path}#1", "Strike ends", BODY, "https://www.example-news.org/strike", "A. Writer",
        "s-1")
    assert first.outlet == "example-news.org"  # from the URL, as for every format
    assert (second.url, second.author, second.given_id) == (None, None, "s-2")


def test_only_the_columns_the_options_name_are_read(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path / "wide.parquet", {
        "text": [BODY] * 3, "title": ["T"] * 3, "meta": [{"url": "https://a.example/1"}] * 3,
        "embedding": [[0.1] * 64] * 3, "html": ["<p>big</p>"] * 3,
    })
    calls: list[dict] = []
    original = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        calls.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    items = read(path, options=ReadOptions(url_field="meta.url"))
    assert len(articles(items)) == 3
    assert calls and all(sorted(c["columns"]) == ["meta", "text", "title"] for c in calls)
    assert all(c["batch_size"] == BATCH_ROWS for c in calls)


def test_rows_come_a_batch_at_a_time(tmp_path: Path, monkeypatch) -> None:
    n = 3 * BATCH_ROWS
    path = write(tmp_path / "big.parquet", {"text": [BODY] * n})
    batches: list[int] = []
    original = pq.ParquetFile.iter_batches

    def counting(self, *args, **kwargs):
        for batch in original(self, *args, **kwargs):
            batches.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting)
    stream = read_inputs([str(path)])
    first = next(stream)
    assert isinstance(first, RawArticle) and first.source == f"{path}#1"
    assert batches == [BATCH_ROWS]  # the rest of the file is not read yet
    assert len(list(stream)) == n - 1


def test_a_text_column_holding_lists_gives_paragraphs(tmp_path: Path) -> None:
    path = write(tmp_path / "paras.parquet", {"text": [["First paragraph.", "Second one."]]})
    (article,) = read(path)
    assert isinstance(article, RawArticle)
    assert article.text == "First paragraph.\nSecond one."


def test_dictionary_encoded_and_binary_text_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "enc.parquet", {
        "text": pa.array([BODY, BODY]).dictionary_encode(),
        "title": pa.array(["Заголовок".encode(), b"\xff\xfe bad"], pa.binary()),
    })
    first, second = read(path)
    assert isinstance(first, RawArticle) and first.title == "Заголовок"
    # Bytes that are not UTF-8 are no title: dropped with a warning, the article stays.
    assert isinstance(second, RawArticle) and second.title is None
    assert second.warnings == ["field 'title' is bytes, not a string; ignored"]


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


def test_timestamp_and_date_columns_become_iso_dates(tmp_path: Path) -> None:
    kyiv_noon = dt.datetime(2023, 3, 14, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    path = write(tmp_path / "dates.parquet", {
        "text": [BODY] * 5,
        "date": pa.array([kyiv_noon, dt.datetime(2023, 3, 14, 9, 30, tzinfo=dt.UTC), None,
                          None, None], pa.timestamp("ns", tz="Europe/Kyiv")),
        "naive": pa.array([dt.datetime(2023, 3, 14, 9, 30)] * 5, pa.timestamp("ms")),
        "day": pa.array([dt.date(2023, 3, 14)] * 5, pa.date32()),
        "epoch": pa.array([1678786200] * 5, pa.int64()),
    })
    aware = articles(read(path))
    assert [a.published for a in aware] == ["2023-03-14T09:30:00+00:00"] * 2 + [None] * 3
    for field, expected in (("naive", "2023-03-14T09:30:00"), ("day", "2023-03-14"),
                            ("epoch", "2023-03-14T09:30:00+00:00")):
        items = articles(read(path, options=ReadOptions(date_field=field)))
        assert {a.published for a in items} == {expected}, field
        assert all(a.warnings == [] for a in items)


def test_nanoseconds_are_dropped_not_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "ns.parquet", {
        "text": [BODY], "date": pa.array([1678786200123456789], pa.timestamp("ns")),
    })
    (article,) = read(path)
    assert isinstance(article, RawArticle)
    assert article.published == "2023-03-14T09:30:00.123456"


def test_a_date_python_cannot_hold_is_dropped_with_a_warning(tmp_path: Path) -> None:
    year_10000 = 253402300800 * 1_000_000
    path = write(tmp_path / "far.parquet", {
        "text": [BODY, BODY], "date": pa.array([year_10000, 0], pa.timestamp("us")),
    })
    first, second = read(path)
    assert isinstance(first, RawArticle) and first.published is None
    assert first.source == f"{path}#1"
    assert len(first.warnings) == 1 and "column 'date'" in first.warnings[0]
    assert isinstance(second, RawArticle) and second.published == "1970-01-01T00:00:00"


def test_numbers_of_other_types_are_read_as_json_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "ids.parquet", {
        "text": [BODY], "id": pa.array([Decimal("1234")], pa.decimal128(10, 0)),
    })
    (article,) = read(path)
    assert isinstance(article, RawArticle) and article.given_id == "1234"


# --------------------------------------------------------------------------------------------
# Bad rows
# --------------------------------------------------------------------------------------------


def test_null_empty_and_blank_text_fail_their_row_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "holes.parquet", {
        "body": [BODY, None, "", "  \n ", "Last good row."],
        "meta": pa.array([{"x": 1}] * 5),
    }, row_group_size=2)
    items = read(path, options=ReadOptions(text_field="body"))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"), ("Failure", f"{path}#3"),
        ("Failure", f"{path}#4"), ("RawArticle", f"{path}#5")]
    assert [f.reason for f in failures(items)] == [
        "field 'body' is null", "field 'body' is empty or not text",
        "field 'body' is empty or not text"]
    assert all(f.stage == "ingest" for f in failures(items))


def test_text_below_a_null_struct_fails_its_row(tmp_path: Path) -> None:
    path = write(tmp_path / "nested.parquet", {
        "article": pa.array([{"body": BODY}, None, {"body": None}]),
    })
    items = read(path, options=ReadOptions(text_field="article.body"))
    assert isinstance(items[0], RawArticle) and items[0].text == BODY
    assert [(f.source, f.reason) for f in failures(items)] == [
        (f"{path}#2", "field 'article.body' is null"),
        (f"{path}#3", "field 'article.body' is null")]


def test_text_over_the_size_limit_fails_its_row_but_the_file_is_not_refused(
    tmp_path: Path
) -> None:
    big = [os.urandom(2500).hex() for _ in range(20)]  # incompressible, 5000 bytes each
    path = write(tmp_path / "sizes.parquet", {"text": [t for b in big for t in (b, BODY)]})
    assert path.stat().st_size > 2000  # the file is over --max-bytes, and still read
    items = read(path, options=ReadOptions(max_bytes=2000))
    assert len(articles(items)) == 20
    assert len(failures(items)) == 20
    assert failures(items)[0].source == f"{path}#1"
    assert "over the" in failures(items)[0].reason and "--max-bytes" in failures(items)[0].reason


def test_other_fields_of_the_wrong_type_are_dropped_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "types.parquet", {
        "text": [BODY], "title": [True], "url": pa.array([{"href": "x"}]),
        "author": [["A. Writer", "B. Writer"]],
    })
    (article,) = read(path)
    assert isinstance(article, RawArticle)
    assert (article.title, article.url, article.author) == (None, None, "A. Writer\nB. Writer")
    assert sorted(article.warnings) == ["field 'title' is a boolean, not a string; ignored",
                                        "field 'url' is an object, not a string; ignored"]


@pytest.mark.parametrize(("column", "kind"), [
    (pa.array([1, 2], pa.int64()), "int64"),
    (pa.array([dt.date(2023, 1, 1)] * 2), "date32[day]"),
    (pa.array([{"a": "b"}] * 2), "struct<a: string>"),
])
def test_a_text_column_that_cannot_hold_text_fails_the_file_once(
    tmp_path: Path, column: pa.Array, kind: str
) -> None:
    path = write(tmp_path / "wrong.parquet", {"text": column, "title": ["a", "b"]})
    assert [(f.source, f.reason) for f in read(path)] == [
        (str(path), f"column 'text' is {kind}, not text; choose the text column with "
         "--text-field")]


def test_a_file_without_the_text_column_is_one_failure_listing_the_columns(
    tmp_path: Path
) -> None:
    path = write(tmp_path / "cols.parquet", {"body": [BODY], "headline": ["H"]})
    (failure,) = read(path)
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert failure.reason == ("no column 'text' in the Parquet file (columns: body, headline); "
                              "choose one with --text-field")
    (failure,) = read(path, options=ReadOptions(text_field="body.inner"))
    assert isinstance(failure, Failure) and "no column 'body.inner'" in failure.reason


# --------------------------------------------------------------------------------------------
# Files that are not (good) Parquet
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"text,title\nhello,world\n", b"PAR1 and then garbage", b"\x00"])
def test_a_file_that_is_not_parquet_is_one_failure_naming_it(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fake.parquet"
    path.write_bytes(data)
    (failure,) = read(path, tmp_path / "missing.txt")[:1]
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert failure.reason.startswith("not a Parquet file, or a corrupt one (")
    assert "\n" not in failure.reason


def test_an_empty_file_and_a_file_without_rows(tmp_path: Path) -> None:
    empty = tmp_path / "empty.parquet"
    empty.write_bytes(b"")
    no_rows = write(tmp_path / "none.parquet", {"text": pa.array([], pa.string())})
    assert [(type(i).__name__, i.source, i.reason) for i in read(empty, no_rows)] == [
        ("Failure", str(empty), "empty file"),
        ("Failure", str(no_rows), "empty Parquet file (no rows)")]


def test_a_truncated_file_is_one_failure(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.parquet", {"text": [BODY] * 50})
    path.write_bytes(path.read_bytes()[:-30])
    (failure,) = read(path)
    assert isinstance(failure, Failure) and failure.source == str(path)


def test_a_damaged_row_group_is_one_failure_and_the_others_are_read(tmp_path: Path) -> None:
    path = write(tmp_path / "damaged.parquet", {"text": [f"{BODY} {i}" for i in range(30)]},
                 row_group_size=10, compression="none")
    chunk = pq.ParquetFile(path).metadata.row_group(1).column(0)
    data = bytearray(path.read_bytes())
    start = chunk.data_page_offset
    data[start:start + 40] = b"\xff" * 40  # the second row group's page header
    path.write_bytes(bytes(data))
    items = read(path)
    assert [a.source for a in articles(items)] == (
        [f"{path}#{i}" for i in range(1, 11)] + [f"{path}#{i}" for i in range(21, 31)])
    (failure,) = failures(items)
    assert failure.source == str(path)
    assert failure.reason.startswith("row group 2 (rows 11-20) is damaged: rows 11-20 not read")


def test_a_gzipped_parquet_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.parquet", {"text": [BODY]})
    path = tmp_path / "packed.parquet.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    (failure,) = read(path)
    assert isinstance(failure, Failure) and "decompress it first" in failure.reason


# --------------------------------------------------------------------------------------------
# Finding Parquet: extensions, magic bytes, --input-format, stdin, directories
# --------------------------------------------------------------------------------------------


def test_parquet_is_known_by_name_and_by_its_magic_bytes(tmp_path: Path) -> None:
    assert "parquet" in FORMATS
    assert format_for_path(Path("a.parquet")) == format_for_path(Path("B.PQ")) == "parquet"
    path = write(tmp_path / "a.parquet", {"text": [BODY]})
    assert sniff_format(path.read_bytes()[:4096]) == "parquet"
    unnamed = tmp_path / "export-2024"
    unnamed.write_bytes(path.read_bytes())
    other = tmp_path / "data.bin"
    other.write_bytes(path.read_bytes())
    assert [(type(i).__name__, i.source) for i in read(unnamed)] == [
        ("RawArticle", f"{unnamed}#1")]
    assert [(type(i).__name__, i.source) for i in read(other, input_format="parquet")] == [
        ("RawArticle", f"{other}#1")]


def test_parquet_on_standard_input(tmp_path: Path) -> None:
    data = write(tmp_path / "a.parquet", {"text": [BODY, None]}).read_bytes()
    items = read("-", stdin=data)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", "<stdin>#1"), ("Failure", "<stdin>#2")]
    # Held in memory whole, standard input is refused over the limit.
    (failure,) = read("-", stdin=data, options=ReadOptions(max_bytes=len(data) - 1))
    assert isinstance(failure, Failure) and "--max-bytes" in failure.reason


def test_parquet_files_in_a_directory_are_read(tmp_path: Path) -> None:
    write(tmp_path / "a.parquet", {"text": [BODY]})
    write(tmp_path / "b.pq", {"text": [BODY, BODY]})
    (tmp_path / "c.dat").write_bytes((tmp_path / "a.parquet").read_bytes())
    items = read(tmp_path)
    assert [i.source for i in articles(items)] == [
        f"{tmp_path}/a.parquet#1", f"{tmp_path}/b.pq#1", f"{tmp_path}/b.pq#2"]
    assert [i.source for i in items if isinstance(i, Skipped)] == [f"{tmp_path}/c.dat"]


def test_the_reader_from_memory_raises_only_input_error(tmp_path: Path) -> None:
    data = write(tmp_path / "a.parquet", {"text": [BODY]}).read_bytes()
    (article,) = read_parquet(Source("<mem>", data=data), ReadOptions())
    assert isinstance(article, RawArticle) and article.source == "<mem>#1"
    with pytest.raises(InputError, match="not a Parquet file"):
        list(read_parquet(Source("<mem>", data=b"PAR1" + b"\x00" * 20), ReadOptions()))
