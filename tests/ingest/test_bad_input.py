"""Bad input becomes :class:`Failure` items naming the file (and record) and the reason;
reading goes on with the next record and the next file, and nothing raises."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from narrascope.ingest import Failure, RawArticle, ReadOptions, Skipped, read_inputs
from narrascope.ingest.base import IngestItem

GOOD_TITLE = "Port strike ends after wage deal"
GOOD_BODY = ("Dock workers returned to work on Friday after unions and employers agreed on a "
             "new wage deal, ending a strike that had lasted nine days.")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(300)


def read(*paths: Path | str, **kwargs) -> list[IngestItem]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def failures(items: list[IngestItem]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def articles(items: list[IngestItem]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def only_failure(items: list[IngestItem]) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    return items[0]


def with_good_neighbours(folder: Path) -> tuple[Path, Path]:
    """A good .txt sorting before and one sorting after every bad file in ``folder``."""
    first = folder / "0-good.txt"
    last = folder / "z-good.txt"
    first.write_text(f"{GOOD_TITLE}\n\n{GOOD_BODY}", encoding="utf-8")
    last.write_text(f"Second good story\n\n{GOOD_BODY}", encoding="utf-8")
    return first, last


def assert_neighbours_read(items: list[IngestItem], first: Path, last: Path) -> None:
    assert items[0] == RawArticle(source=str(first), text=GOOD_BODY, title=GOOD_TITLE,
                                  encoding="utf-8", input_format="txt")
    assert isinstance(items[-1], RawArticle) and items[-1].source == str(last)
    assert items[-1].title == "Second good story"


def page(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body}</p></article></body></html>").encode()


# --------------------------------------------------------------------------------------------
# Empty, binary and unreadable files
# --------------------------------------------------------------------------------------------


def test_empty_files_of_every_kind(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    names = ["a.txt", "b.html", "c.jsonl", "d.json", "e.csv", "f.rss", "g.warc", "h.txt.gz"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    assert [(f.source, f.reason, f.line) for f in failures(items)] == [
        (str(tmp_path / name), "empty file", None) for name in names
    ]
    assert len(items) == len(names) + 2


def test_files_with_only_blank_content(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n\n\t \n")
    (tmp_path / "blank.jsonl").write_text("\n\n  \n")
    (tmp_path / "blank.csv").write_text("\n\n")
    (tmp_path / "empty.txt.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "empty.json").write_text("[]")
    items = read(tmp_path)
    assert [(f.source, f.reason) for f in failures(items)] == [
        (str(tmp_path / "blank.csv"), "empty file"),
        (str(tmp_path / "blank.jsonl"), "empty file (no JSON lines)"),
        (str(tmp_path / "blank.txt"), "no text (only whitespace)"),
        (str(tmp_path / "empty.json"), "empty JSON array"),
        (str(tmp_path / "empty.txt.gz"), "empty file"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.txt", PNG, "PNG image"),
        ("report.html", PDF, "PDF document"),
        ("dump.jsonl", PNG, "PNG image"),
        ("table.csv", PDF, "PDF document"),
        ("data.json", PNG, "PNG image"),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "ZIP archive"),
        ("noise.txt", bytes(range(32)) * 20, "binary data"),
    ],
)
def test_binary_content_is_one_failure_for_the_file(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    first, last = with_good_neighbours(tmp_path)
    (tmp_path / name).write_bytes(content)
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    assert len(items) == 3  # one failure, not one per "line" of the binary file
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.source == str(tmp_path / name)
    assert failure.reason == f"binary content ({kind})"


def test_binary_file_named_as_a_feed_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "image.rss"
    path.write_bytes(PNG)
    failure = only_failure(read(path))
    assert failure.source == str(path)
    assert failure.reason.startswith("not an RSS/Atom feed: XML syntax error")


def test_nonexistent_path_is_a_failure_and_reading_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(f"{GOOD_TITLE}\n\n{GOOD_BODY}")
    missing = tmp_path / "no" / "such.txt"
    items = read(missing, good, tmp_path / "gone.jsonl")
    assert items[0] == Failure(str(missing), "no such file or directory")
    assert isinstance(items[1], RawArticle) and items[1].title == GOOD_TITLE
    assert items[2] == Failure(str(tmp_path / "gone.jsonl"), "no such file or directory")


def test_broken_symlink_in_a_directory(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "deleted-target.txt")
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.source == str(tmp_path / "dangling.txt")
    assert failure.reason == "cannot read file: No such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret\n\nText.")
    path.chmod(0)
    try:
        failure = only_failure(read(path))
    finally:
        path.chmod(0o644)
    assert failure.source == str(path)
    assert failure.reason == "cannot read file: Permission denied"


def test_html_page_cut_off_in_its_head(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    path = tmp_path / "cut.html"
    path.write_text('<html><head><title>Budget vote</title><link rel="canonical" href="https:')
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    assert items[1] == Failure(str(path), "no main text found in the HTML page")


def test_html_without_main_text_uses_all_visible_text_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text("<html><body><div>Breaking: bridge closed.</div></body></html>")
    items = read(path)
    article = items[0]
    assert isinstance(article, RawArticle), items
    assert "Breaking: bridge closed." in article.text


# --------------------------------------------------------------------------------------------
# Truncated gzip and archives
# --------------------------------------------------------------------------------------------


def _records(n: int) -> list[dict[str, str]]:
    return [{"id": f"rec-{i:02d}", "title": f"Bulletin {i}",
             "text": f"Bulletin number {i}: the regional council published its weekly report "
                     f"on roads, schools and hospitals. Item {i} of the series."}
            for i in range(1, n + 1)]


def test_truncated_jsonl_gz_yields_the_records_before_the_cut(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    records = _records(50)
    raw = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode(),
                        compresslevel=1)
    path = tmp_path / "m-bulletins.jsonl.gz"
    path.write_bytes(raw[: len(raw) * 2 // 3])
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    read_back = articles(items[1:-1])
    assert 5 <= len(read_back) < 50
    n = len(read_back)
    assert [a.source for a in read_back] == [f"{path}#{i}" for i in range(1, n + 1)]
    assert [(a.given_id, a.title, a.text) for a in read_back] == [
        (r["id"], r["title"], r["text"]) for r in records[:n]]  # complete, not cut records
    failure = items[-2]
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert failure.reason.startswith(f"truncated or corrupt gzip data after line {n} (")


def test_truncated_csv_gz_yields_the_rows_before_the_cut(tmp_path: Path) -> None:
    records = _records(50)
    content = "id,title,text\n" + "".join(f'{r["id"]},{r["title"]},"{r["text"]}"\n'
                                          for r in records)
    raw = gzip.compress(content.encode(), compresslevel=1)
    path = tmp_path / "bulletins.csv.gz"
    path.write_bytes(raw[: len(raw) * 2 // 3])
    items = read(path)
    read_back = articles(items)
    n = len(read_back)
    assert 5 <= n < 50
    assert [(a.source, a.given_id, a.text) for a in read_back] == [
        (f"{path}#{i}", r["id"], r["text"]) for i, r in enumerate(records[:n], start=1)]
    assert items[-1] == items[n]
    failure = items[-1]
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert failure.reason.startswith("truncated or corrupt gzip data after row")


@pytest.mark.parametrize("cut", [12, 60])
@pytest.mark.parametrize("name", ["early.csv.gz", "early.jsonl.gz", "early.txt.gz"])
def test_gzip_cut_before_the_first_record(tmp_path: Path, name: str, cut: int) -> None:
    content = "title,text,url,date,author,outlet,id\n" + "a,b,c,d,e,f,g\n" * 3000
    raw = gzip.compress(content.encode(), compresslevel=1)
    path = tmp_path / name
    path.write_bytes(raw[:cut])
    failure = only_failure(read(path))
    assert failure.source == str(path)
    assert failure.reason.startswith("truncated or corrupt gzip data")
    assert "Compressed file ended before the end-of-stream marker was reached" in failure.reason


def test_truncated_txt_gz(tmp_path: Path) -> None:
    raw = gzip.compress((GOOD_TITLE + "\n\n" + GOOD_BODY * 20).encode())
    path = tmp_path / "story.txt.gz"
    path.write_bytes(raw[: len(raw) // 2])
    failure = only_failure(read(path))
    assert failure.source == str(path)
    assert failure.reason.startswith("truncated or corrupt gzip data (")


def test_gz_file_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_text('{"text": "not compressed"}\n')
    failure = only_failure(read(path))
    assert failure.source == str(path)
    assert "truncated or corrupt gzip data" in failure.reason
    assert "Not a gzipped file" in failure.reason


def _write_warc(path: Path, pages: list[tuple[str, bytes]], *, compress: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        for uri, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers))


def _warc_pages(n: int) -> list[tuple[str, bytes]]:
    return [(f"https://www.harbour-news.example/story/{i}", page(f"Harbour story {i}",
             f"Story {i}: ferries were delayed by fog in the harbour this morning, and the port "
             f"authority said services would resume by noon. " * 3)) for i in range(1, n + 1)]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_truncated_mid_record(tmp_path: Path, name: str) -> None:
    full = tmp_path / name
    _write_warc(full, _warc_pages(4), compress=name.endswith(".gz"))
    raw = full.read_bytes()
    batch = tmp_path / "batch"
    batch.mkdir()
    first, last = with_good_neighbours(batch)
    path = batch / name
    path.write_bytes(raw[: len(raw) * 5 // 8])  # inside the third page's record
    items = read(batch)
    assert_neighbours_read(items, first, last)
    assert [(type(i).__name__, i.source) for i in items[1:-1]] == [
        ("RawArticle", f"{path}#1"), ("RawArticle", f"{path}#2"), ("Failure", str(path))]
    one, two = articles(items[1:-1])
    assert one.url == "https://www.harbour-news.example/story/1"
    assert one.outlet == "harbour-news.example"
    assert two.title == "Harbour story 2"
    assert "ferries were delayed by fog" in two.text
    failure = items[-2]
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("truncated or corrupt WARC after ")
    assert "(2 page(s) read)" in failure.reason
    if name.endswith(".gz"):
        assert "truncated or corrupt gzip data" in failure.reason
    else:
        assert "after 3 record(s)" in failure.reason
        assert "the archive ends inside record 3" in failure.reason


def test_warc_truncated_inside_a_header_block(tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    _write_warc(full, _warc_pages(2), compress=False)
    raw = full.read_bytes()
    cut = raw.index(b"WARC-Target-URI", raw.index(b"WARC/1.0", 10))  # in the second header
    path = tmp_path / "cut.warc"
    path.write_bytes(raw[:cut])
    items = read(path)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", str(path))]
    assert items[1].reason.startswith("truncated or corrupt WARC after")


def test_file_that_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("These are my notes about the harbour story, not an archive.\n")
    failure = only_failure(read(path))
    assert failure.source == str(path)
    assert failure.reason.startswith("truncated or corrupt WARC")


def test_warc_page_over_the_size_limit_fails_alone(tmp_path: Path) -> None:
    pages = _warc_pages(3)
    pages[1] = (pages[1][0], page("Huge", "word " * 2000))
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, pages, compress=True)
    items = read(path, options=ReadOptions(max_bytes=3000))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"), ("RawArticle", f"{path}#3")]
    assert items[1].reason == ("https://www.harbour-news.example/story/2: page is larger than "
                               "the 2.9 KB limit (--max-bytes)")
    assert items[2].title == "Harbour story 3"


# --------------------------------------------------------------------------------------------
# Malformed records
# --------------------------------------------------------------------------------------------


def test_malformed_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"title": "One", "text": "First record."}),
        '{"title": "Two", "text": "missing brace"',
        json.dumps({"title": "Three", "text": "Third record."}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "Five", "body": "wrong field"}),
        json.dumps({"title": "Six", "text": "   "}),
        json.dumps({"title": "Seven", "text": {"nested": "object"}}),
        "",
        json.dumps({"title": "Nine", "text": "Ninth record."}),
    ]) + "\n", encoding="utf-8")
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    middle = items[1:-1]
    assert [(type(i).__name__, i.source) for i in middle] == [
        ("RawArticle", f"{path}#1"),
        ("Failure", f"{path}#2"),
        ("RawArticle", f"{path}#3"),
        ("Failure", f"{path}#4"),
        ("Failure", f"{path}#5"),
        ("Failure", f"{path}#6"),
        ("Failure", f"{path}#7"),
        ("RawArticle", f"{path}#9"),
    ]
    bad = failures(middle)
    assert [f.line for f in bad] == [2, 4, 5, 6, 7]
    assert bad[0].reason.startswith("invalid JSON: Expecting ',' delimiter (column")
    assert bad[1].reason == "expected a JSON object, got list"
    assert bad[2].reason == ("no field 'text' (fields: title, body); choose one with "
                             "--text-field")
    assert bad[3].reason == "field 'text' is empty or not text"
    assert bad[4].reason == "field 'text' is an object, not a string"
    assert [a.title for a in articles(middle)] == ["One", "Three", "Nine"]
    assert bad[0].describe() == f"{path}#2: {bad[0].reason}"


def test_malformed_json_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"text": "ok"},\n  {"text": "unterminated\n]')
    failure = only_failure(read(path))
    assert failure.source == str(path)
    assert failure.reason.startswith("invalid JSON: ")
    assert "(line 3, column" in failure.reason


def test_json_array_element_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"text": "Good one."}, "just a string", {"text": "Good two."}]))
    items = read(path)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"), ("RawArticle", f"{path}#3")]
    assert items[1].reason == "expected a JSON object, got str"


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    path = tmp_path / "export.csv"
    path.write_text("headline,body,link\nPort strike,Workers returned.,https://x.example/1\n")
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    assert items[1] == Failure(
        str(path), "no column 'text' in the CSV header (columns: headline, body, link); "
        "choose one with --text-field")
    fixed = read(path, options=ReadOptions(text_field="body", title_field="headline"))
    assert [(a.title, a.text) for a in articles(fixed)] == [("Port strike", "Workers returned.")]


def test_csv_rows_with_empty_or_missing_text(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('title,text\nFirst,"Body one."\nSecond,\nThird\nFourth,"Body\nfour."\n')
    items = read(path)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"), ("Failure", f"{path}#3"),
        ("RawArticle", f"{path}#4")]
    assert (items[1].reason, items[1].line) == ("field 'text' is empty or not text", 3)
    assert items[2].line == 4
    assert items[2].reason == "row has 1 field(s), the header has 2: no 'text' column"
    assert items[3].text == "Body\nfour."


# --------------------------------------------------------------------------------------------
# Size limits
# --------------------------------------------------------------------------------------------


def test_200_mb_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(200 * 1024**2)  # sparse: no disk used, nothing read
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    assert items[1] == Failure(
        str(huge), "file is 200.0 MB, over the 64.0 MB limit for one article (--max-bytes); "
        "split it or raise the limit")


def test_200_mb_html_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as stream:
        stream.truncate(200 * 1024**2)
    failure = only_failure(read(huge))
    assert "file is 200.0 MB, over the 64.0 MB limit" in failure.reason


def test_lowered_limit_for_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(GOOD_TITLE + "\n\n" + GOOD_BODY * 20)
    failure = only_failure(read(path, options=ReadOptions(max_bytes=1000)))
    assert failure.source == str(path)
    assert failure.reason.startswith("file is 2.7 KB, over the 1000 bytes limit for one article")


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"Title\n\n" + b"a" * 5_000_000))
    assert path.stat().st_size < 20_000
    failure = only_failure(read(path, options=ReadOptions(max_bytes=1_000_000)))
    assert failure.reason == "article is larger than the 976.6 KB limit (--max-bytes)"


def test_jsonl_line_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "Short one."}),
        json.dumps({"text": "x" * 5000}),
        json.dumps({"text": "Short three."}),
    ]) + "\n")
    items = read(path, options=ReadOptions(max_bytes=1000))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"), ("RawArticle", f"{path}#3")]
    assert items[1] == Failure(f"{path}#2", "line is over the 1000 bytes limit (--max-bytes)",
                               line=2)
    assert items[2].text == "Short three."


def test_csv_field_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f"title,text\nBig,{'y' * 3000}\nSmall,Fine text.\n")
    items = read(path, options=ReadOptions(max_bytes=1000))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Failure", f"{path}#1"), ("RawArticle", f"{path}#2")]
    assert items[0].reason == "field 'text' is over the 1000 bytes limit (--max-bytes)"


def test_feed_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.rss"
    path.write_text('<rss version="2.0"><channel>' + "<item><title>x</title></item>" * 200
                    + "</channel></rss>")
    failure = only_failure(read(path, options=ReadOptions(max_bytes=1000)))
    assert "over the 1000 bytes limit" in failure.reason


def test_stdin_over_the_limit_and_empty_stdin() -> None:
    over = only_failure(list(read_inputs(["-"], ReadOptions(max_bytes=100), stdin=b"x" * 500)))
    assert over == Failure("<stdin>", "input is 500 bytes, over the 100 bytes limit (--max-bytes)")
    empty = only_failure(list(read_inputs(["-"], stdin=b"")))
    assert empty == Failure("<stdin>", "empty input")


# --------------------------------------------------------------------------------------------
# Feeds that are not feeds
# --------------------------------------------------------------------------------------------


def test_feed_that_is_not_xml(tmp_path: Path) -> None:
    first, last = with_good_neighbours(tmp_path)
    path = tmp_path / "news.rss"
    path.write_text("Breaking news: this file is plain text, not a feed.")
    items = read(tmp_path)
    assert_neighbours_read(items, first, last)
    failure = items[1]
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert failure.reason.startswith("not an RSS/Atom feed: XML syntax error")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url>'
                    "</urlset>")
    assert only_failure(read(path)) == Failure(
        str(path), "not an RSS/Atom feed: the XML root element is <urlset>")


def test_feed_without_entries(tmp_path: Path) -> None:
    path = tmp_path / "empty.atom"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing</title></feed>')
    assert only_failure(read(path)) == Failure(str(path), "the atom feed has no entries")


def test_feed_with_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.rss"
    path.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>T</title><content:encoded>Before &leak; after.</content:encoded></item>
</channel></rss>""")
    items = read(path)
    assert len(items) == 1
    assert not any("TOP-SECRET" in str(item) for item in items)


# --------------------------------------------------------------------------------------------
# A whole batch of bad and good input: nothing raises
# --------------------------------------------------------------------------------------------


def test_mixed_batch_never_raises(tmp_path: Path) -> None:
    files: dict[str, bytes] = {
        "good.txt": f"{GOOD_TITLE}\n\n{GOOD_BODY}".encode(),
        "good.jsonl": (json.dumps({"text": GOOD_BODY}) + "\n").encode(),
        "bad.jsonl": b"{nope\n",
        "bin.txt": PNG,
        "empty.csv": b"",
        "cut.jsonl.gz": gzip.compress(b'{"text": "a"}\n' * 500)[:20],
        "cut.warc.gz": gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:20],
        "notxml.atom": b"nope",
        "bad.json": b"{",
        "cut.html": b"<html><head><title>x",
        "junk.gz": b"not gzip at all",
        "image.png": PNG,
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    items = read(tmp_path, tmp_path / "missing.txt", "-", stdin=b"")
    assert all(isinstance(i, RawArticle | Failure | Skipped) for i in items)
    assert sorted(a.source for a in articles(items)) == [
        str(tmp_path / "good.jsonl") + "#1", str(tmp_path / "good.txt")]
    failed = {f.source for f in failures(items)}
    for name in ("bad.jsonl", "bin.txt", "empty.csv", "cut.jsonl.gz", "cut.warc.gz",
                 "notxml.atom", "bad.json", "cut.html"):
        assert any(s.startswith(str(tmp_path / name)) for s in failed), name
    assert str(tmp_path / "missing.txt") in failed and "<stdin>" in failed
    assert [s.source for s in items if isinstance(s, Skipped)] == [
        str(tmp_path / "image.png"), str(tmp_path / "junk.gz")]
