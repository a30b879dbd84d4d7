"""Outlet and date for items that carry none: metadata CSVs, file-name patterns, ``--outlet`` and
``--published``, and the URL's host, in that order below the item's own metadata; a bad CSV or
row is a failure naming the CSV, the line and the field, and the batch goes on."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from narrascope.cli import main
from narrascope.errors import EXIT_PARTIAL, EXIT_USAGE, InputError
from narrascope.ingest import Failure, RawArticle, ReadOptions, Skipped, discover, read_inputs
from narrascope.ingest.base import IngestItem
from narrascope.ingest.fallbacks import check_read_options
from narrascope.ingest.metadata import outlet_from_url, parse_iso_date
from narrascope.ingest.namepattern import NameMatch, NamePattern
from narrascope.ingest.sidecar import SIDECAR_NAME

BODY = ("Dock workers returned to work on Friday after unions and employers agreed on a new "
        "wage deal, ending a strike that had lasted nine days.")
PARAS = [BODY, "The harbour authority said the first container ships would be unloaded by the "
         "weekend, and that the backlog should clear within a fortnight.",
         "Union leaders called the agreement a fair compromise after long talks."]
URL = "https://www.example-news.org/a/1"
HOST = "example-news.org"
HOSTILE = "[bold]Evil[/bold] <script>alert(1)</script>"
HOSTILE_NAME = "[bold]Evil [red]<script>alert(1)"  # no "/": it is one file name
FAST = ["--stages", "clean,language,sentences", "--workers", "1"]


def read(*paths: Path | str, **options: object) -> list[IngestItem]:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def articles(items: list[IngestItem]) -> dict[str, RawArticle]:
    """Articles by the name of their file (``name#N`` for records)."""
    return {Path(i.source).name: i for i in items if isinstance(i, RawArticle)}


def failures(items: list[IngestItem]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def txt(path: Path, title: str = "Port strike ends") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{BODY}\n", encoding="utf-8")
    return path


def csv_file(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def page(*, canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<html><head><meta charset="utf-8"><title>Port strike ends</title>{link}</head>'
            f"<body><article><h1>Port strike ends</h1>{paragraphs}</article></body></html>"
            ).encode()


def warc(path: Path, uri: str) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(page()), http_headers=headers))
    return path


def feed(path: Path, link: str) -> Path:
    content = "".join(f"<p>{p}</p>" for p in PARAS)
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item>'
        f"<title>Port strike ends</title><link>{link}</link>"
        f"<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        f"<![CDATA[{content}]]></content:encoded></item></channel></rss>", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The URL's host, the same for every format
# --------------------------------------------------------------------------------------------


def _html(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(page(canonical=URL))
    return path


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": BODY, "url": URL}) + "\n", encoding="utf-8")
    return path


def _csv(tmp_path: Path) -> Path:
    return csv_file(tmp_path / "records.csv", "text,url", f'"{BODY}",{URL}')


@pytest.mark.parametrize("make", [
    _html, _jsonl, _csv,
    lambda tmp: warc(tmp / "crawl.warc", URL),
    lambda tmp: feed(tmp / "news.rss", URL),
], ids=["html-canonical", "jsonl-url", "csv-url", "warc", "feed"])
def test_every_format_takes_the_outlet_from_the_url_host(tmp_path: Path, make) -> None:
    (article,) = articles(read(make(tmp_path))).values()
    assert article.url == URL
    assert article.outlet == HOST


def test_outlet_from_url_needs_a_web_host() -> None:
    assert outlet_from_url("HTTPS://WWW.Example-News.ORG./x") == HOST
    assert outlet_from_url("example-news.org/a") == HOST
    assert outlet_from_url("http://127.0.0.1:8000/a") == "127.0.0.1"
    for not_web in ("urn:uuid:6e8bc430-9c3a", "n/a", "mailto:desk@example.org", "", None,
                    "javascript:alert(1)", "http://[broken"):
        assert outlet_from_url(not_web) is None, not_web


def test_a_feed_entry_whose_link_is_an_urn_gets_no_outlet_urn(tmp_path: Path) -> None:
    (article,) = articles(read(feed(tmp_path / "news.rss", "urn:uuid:6e8bc430"))).values()
    assert article.outlet is None


# --------------------------------------------------------------------------------------------
# --outlet and --published
# --------------------------------------------------------------------------------------------


def test_options_fill_what_items_lack_and_never_what_they_carry(tmp_path: Path) -> None:
    txt(tmp_path / "plain.txt")
    records = [{"text": BODY, "outlet": "Own Outlet", "date": "2022-01-02", "id": "own"},
               {"text": BODY, "id": "bare"},
               {"text": BODY, "url": URL, "id": "url-only"}]
    (tmp_path / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    found = articles(read(tmp_path, outlet="Daily Courier", published="2023-03-14"))
    assert (found["plain.txt"].outlet, found["plain.txt"].published) == (
        "Daily Courier", "2023-03-14")
    assert (found["records.jsonl#1"].outlet, found["records.jsonl#1"].published) == (
        "Own Outlet", "2022-01-02")
    assert found["records.jsonl#2"].outlet == "Daily Courier"
    # The URL's host comes last: below --outlet.
    assert found["records.jsonl#3"].outlet == "Daily Courier"
    assert found["records.jsonl#3"].url == URL


def test_outlet_option_comes_before_the_host_of_a_warc_record(tmp_path: Path) -> None:
    path = warc(tmp_path / "crawl.warc", URL)
    (without,) = articles(read(path)).values()
    (with_option,) = articles(read(path, outlet="Example News")).values()
    assert (without.outlet, with_option.outlet) == (HOST, "Example News")


def test_an_html_page_with_its_own_date_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page().replace(
        b"<title>", b'<meta property="article:published_time" content="2021-05-06"><title>'))
    (article,) = articles(read(path, published="2023-03-14")).values()
    assert article.published == "2021-05-06"


@pytest.mark.parametrize(("given", "stored"), [
    ("2023-03-14", "2023-03-14"),
    ("20230314", "2023-03-14"),
    ("2023-03-14T09:30:00Z", "2023-03-14T09:30:00+00:00"),
    ("2023-03-14T11:30+02:00", "2023-03-14T09:30:00+00:00"),
    ("2023-03-14T09:30", "2023-03-14T09:30:00"),
])
def test_published_option_is_iso_and_normalised(given: str, stored: str) -> None:
    assert parse_iso_date(given) == stored


@pytest.mark.parametrize("bad", ["yesterday", "14.03.2023", "2023-02-30", "", "2023-3-4x"])
def test_bad_published_option_is_refused_up_front(bad: str) -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_iso_date(bad)
    with pytest.raises(InputError, match="--published"):
        check_read_options(ReadOptions(published=bad))


# --------------------------------------------------------------------------------------------
# --name-pattern
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "name", "expected"), [
    ("{outlet}_{published}_*.txt", "bbc_2023-03-14_kyiv.txt", ("bbc", "2023-03-14")),
    ("{outlet}_{published}_*.txt", "the_daily_20230314_kyiv.txt", ("the_daily", "2023-03-14")),
    ("{published}-{ignore}.txt", "2023-03-14-kyiv-strike.txt", (None, "2023-03-14")),
    ("{outlet}/*.txt", "scraped/bbc/kyiv.txt", ("bbc", None)),
    ("{outlet}/{published}/*", "x/reuters/2023-03-14/1.html", ("reuters", "2023-03-14")),
    ("{outlet}_*.txt", "bbc_1.txt.gz", ("bbc", None)),
    ("{outlet}.html", f"{HOSTILE_NAME}.html", (HOSTILE_NAME, None)),
])
def test_name_pattern_matches(pattern: str, name: str, expected: tuple) -> None:
    found = NamePattern.compile(pattern).match(Path(name))
    assert found is not None and (found.outlet, found.published) == expected


@pytest.mark.parametrize(("pattern", "name"), [
    ("{outlet}_{published}_*.txt", "notes.txt"),
    ("{outlet}_{published}_*.txt", "bbc_2023-03-14_kyiv.html"),
    ("{outlet}_{published}_*.txt", "BBC_2023-3-14_kyiv.txt"),
    ("{outlet}/{ignore}/*.txt", "/kyiv.txt"),  # fewer folders than the pattern has
])
def test_a_name_that_does_not_match_gives_nothing(pattern: str, name: str) -> None:
    assert NamePattern.compile(pattern).match(Path(name)) in (None, NameMatch(None, None))


def test_a_date_in_the_name_that_is_no_day_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    txt(tmp_path / "bbc_2023-02-30_kyiv.txt")
    items = read(tmp_path, name_pattern="{outlet}_{published}_*.txt", published="2023-03-01")
    (article,) = items
    assert isinstance(article, RawArticle)
    assert (article.outlet, article.published) == ("bbc", "2023-03-01")
    assert article.warnings == [
        "name pattern: '2023-02-30' in the file name is not a date; ignored"]


@pytest.mark.parametrize(("pattern", "reason"), [
    ("", "empty"),
    ("{site}_*.txt", "unknown placeholder {site}"),
    ("*.txt", "neither {outlet} nor {published}"),
    ("{outlet}*.txt", "side by side"),
    ("{outlet}{ignore}.txt", "side by side"),
    ("{outlet_*.txt", "unmatched '{'"),
    ("{outlet}_{outlet}.txt", "twice"),
    ("/data/{outlet}/*.txt", "no leading /"),
    ("{outlet}/../*.txt", "no leading /"),
])
def test_invalid_name_patterns_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("{", r"\{").replace("}", r"\}")):
        NamePattern.compile(pattern)


def test_name_pattern_applies_to_every_record_of_a_container(tmp_path: Path) -> None:
    path = tmp_path / "reuters_2023-03-14_dump.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY + " Two."})
                    + "\n")
    found = read(path, name_pattern="{outlet}_{published}_*.jsonl")
    assert [(a.outlet, a.published) for a in articles(found).values()] == [
        ("reuters", "2023-03-14")] * 2


# --------------------------------------------------------------------------------------------
# Metadata CSVs
# --------------------------------------------------------------------------------------------


def test_directory_metadata_csv_by_relative_path_and_by_bare_name(tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    txt(folder / "bbc" / "kyiv.txt")
    txt(folder / "reuters" / "port.txt")
    txt(folder / "other.txt")
    csv_file(folder / SIDECAR_NAME,
             "file,outlet,published,url,title",
             "bbc/kyiv.txt,BBC News,2023-03-14,,",
             f"port.txt,,14.03.2023,{URL},Listed title",
             "missing.txt,Nobody,2023-01-01,,")
    items = read(folder)
    assert not failures(items) and not [i for i in items if isinstance(i, Skipped)]
    found = articles(items)
    assert set(found) == {"kyiv.txt", "port.txt", "other.txt"}  # the CSV is no input
    assert (found["kyiv.txt"].outlet, found["kyiv.txt"].published) == ("BBC News", "2023-03-14")
    port = found["port.txt"]  # a bare name finds the file in a folder below
    assert (port.outlet, port.published, port.url) == (HOST, "2023-03-14", URL)
    assert port.title == "Port strike ends"  # the file's own title stays
    assert (found["other.txt"].outlet, found["other.txt"].published) == (None, None)


def test_nearest_metadata_csv_first_and_field_by_field(tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    txt(folder / "bbc" / "kyiv.txt")
    csv_file(folder / SIDECAR_NAME, "file,outlet,published", "bbc/kyiv.txt,Outer,2023-01-01")
    csv_file(folder / "bbc" / SIDECAR_NAME, "File;Outlet", "kyiv.txt;Inner")
    (article,) = articles(read(folder)).values()
    assert (article.outlet, article.published) == ("Inner", "2023-01-01")


def test_metadata_option_comes_before_directory_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    txt(folder / "kyiv.txt")
    csv_file(folder / SIDECAR_NAME, "file,outlet,published", "kyiv.txt,Directory,2023-01-01")
    given = csv_file(tmp_path / "sources.csv", "file,outlet", "scraped/kyiv.txt,Given")
    (article,) = articles(read(folder, metadata=given)).values()
    assert (article.outlet, article.published) == ("Given", "2023-01-01")


def test_metadata_option_inside_an_input_directory_is_not_read_as_articles(
    tmp_path: Path,
) -> None:
    txt(tmp_path / "kyiv.txt")
    given = csv_file(tmp_path / "sources.csv", "file,outlet", "kyiv.txt,Given")
    items = read(tmp_path, metadata=given)
    assert [(type(i).__name__, Path(i.source).name) for i in items] == [
        ("RawArticle", "kyiv.txt"), ("Skipped", "sources.csv")]
    assert articles(items)["kyiv.txt"].outlet == "Given"


def test_a_file_named_on_the_command_line_needs_metadata_option(tmp_path: Path) -> None:
    path = txt(tmp_path / "kyiv.txt")
    csv_file(tmp_path / SIDECAR_NAME, "file,outlet", "kyiv.txt,Directory")
    (article,) = articles(read(path)).values()
    assert article.outlet is None  # only directories being read pick their CSV up
    (article,) = articles(read(path, metadata=tmp_path / SIDECAR_NAME)).values()
    assert article.outlet == "Directory"


# --------------------------------------------------------------------------------------------
# Precedence, one level at a time
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("levels", "outlet"), [
    ({"own", "csv", "pattern", "option", "url"}, "Own"),
    ({"csv", "pattern", "option", "url"}, "Listed"),
    ({"pattern", "option", "url"}, "named"),
    ({"option", "url"}, "Option"),
    ({"url"}, HOST),
    (set(), None),
])
def test_precedence_of_outlet_sources(tmp_path: Path, levels: set[str], outlet: str) -> None:
    path = tmp_path / "named_2023-03-14_dump.jsonl"
    record = {"text": BODY}
    if "own" in levels:
        record["outlet"] = "Own"
    if "url" in levels:
        record["url"] = URL
    path.write_text(json.dumps(record) + "\n")
    if "csv" in levels:
        csv_file(tmp_path / SIDECAR_NAME, "file,outlet", f"{path.name},Listed")
    options: dict[str, object] = {}
    if "pattern" in levels:
        options["name_pattern"] = "{outlet}_{published}_*.jsonl"
    if "option" in levels:
        options["outlet"] = "Option"
    (article,) = articles(read(tmp_path, **options)).values()
    assert article.outlet == outlet


def test_precedence_of_dates(tmp_path: Path) -> None:
    path = txt(tmp_path / "bbc_2023-03-14_kyiv.txt")
    pattern = {"name_pattern": "{outlet}_{published}_*.txt"}
    (named,) = articles(read(tmp_path, published="2020-01-01", **pattern)).values()
    assert named.published == "2023-03-14"
    csv_file(tmp_path / SIDECAR_NAME, "file,date", f"{path.name},2022-02-02")
    (listed,) = articles(read(tmp_path, published="2020-01-01", **pattern)).values()
    assert (listed.published, listed.outlet) == ("2022-02-02", "bbc")


# --------------------------------------------------------------------------------------------
# Bad metadata CSVs: failures naming the CSV, line and field; the batch goes on
# --------------------------------------------------------------------------------------------


def test_directory_csv_without_file_column_fails_alone(tmp_path: Path) -> None:
    txt(tmp_path / "kyiv.txt")
    csv = csv_file(tmp_path / SIDECAR_NAME, "name,outlet", "kyiv.txt,BBC")
    items = read(tmp_path)
    (failure,) = failures(items)
    assert failure.source == str(csv)
    assert failure.reason.startswith("metadata CSV: line 1: no 'file' column in the header "
                                     "(columns: 'name', 'outlet')")
    assert articles(items)["kyiv.txt"].outlet is None


@pytest.mark.parametrize(("lines", "reason"), [
    (["file"], "line 1: the header has only 'file'"),
    (["file,outlet,Outlet"], "line 1: the header names 'outlet' twice"),
    ([""], "empty file"),
])
def test_unusable_directory_csvs(tmp_path: Path, lines: list[str], reason: str) -> None:
    txt(tmp_path / "kyiv.txt")
    csv_file(tmp_path / SIDECAR_NAME, *lines)
    items = read(tmp_path)
    (failure,) = failures(items)
    assert reason in failure.reason
    assert list(articles(items)) == ["kyiv.txt"]


def test_binary_metadata_csv_is_a_failure(tmp_path: Path) -> None:
    txt(tmp_path / "kyiv.txt")
    (tmp_path / SIDECAR_NAME).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    items = read(tmp_path)
    assert len(failures(items)) == 1 and failures(items)[0].reason.startswith("metadata CSV:")
    assert list(articles(items)) == ["kyiv.txt"]


def test_bad_rows_fail_alone_naming_csv_line_and_field(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        txt(tmp_path / name)
    csv = csv_file(tmp_path / SIDECAR_NAME,
                   "file,outlet,published,url",
                   "a.txt,Alpha,yesterday,",
                   "b.txt,Bravo,2023-03-14,ftp://files.example.org/b",
                   ",Nobody,2023-01-01,",
                   "c.txt,Charlie,2023-03-15,",
                   "c.txt,Again,2023-03-16,")
    items = read(tmp_path)
    found = articles(items)
    assert [(f.source, f.line, f.reason) for f in failures(items)] == [
        (f"{csv}#3", 4, "line 4: the 'file' cell is empty, so the row applies to no file"),
        (f"{csv}#1", 2, "line 2, field 'published' of the row for 'a.txt': cannot parse date "
                        "'yesterday'; that field is ignored"),
        (f"{csv}#2", 3, "line 3, field 'url' of the row for 'b.txt': not an http(s) URL: "
                        "'ftp://files.example.org/b'; that field is ignored"),
        (f"{csv}#5", 6, "line 6: another row for 'c.txt' came first; this row is ignored"),
    ]
    # The good fields of a bad row are used; every file is read.
    assert (found["a.txt"].outlet, found["a.txt"].published) == ("Alpha", None)
    assert (found["b.txt"].outlet, found["b.txt"].url) == ("Bravo", None)
    assert (found["c.txt"].outlet, found["c.txt"].published) == ("Charlie", "2023-03-15")
    assert found["d.txt"].outlet is None


def test_a_malformed_metadata_csv_is_not_used(tmp_path: Path) -> None:
    txt(tmp_path / "a.txt")
    huge = "x" * 200_000  # over the csv module's field limit
    csv_file(tmp_path / SIDECAR_NAME, "file,outlet", "a.txt,Alpha", f"b.txt,{huge}")
    items = read(tmp_path)
    (failure,) = failures(items)
    assert failure.reason.startswith("metadata CSV: line 3: malformed CSV row")
    assert articles(items)["a.txt"].outlet is None


def test_bad_metadata_option_is_refused_before_reading(tmp_path: Path) -> None:
    txt(tmp_path / "kyiv.txt")
    no_file = csv_file(tmp_path / "meta" / "m.csv", "path,outlet", "kyiv.txt,BBC")
    with pytest.raises(ValueError, match=r"--metadata .*m\.csv: line 1: no 'file' column"):
        read(tmp_path / "kyiv.txt", metadata=no_file)
    blank = csv_file(tmp_path / "meta" / "b.csv", "file,outlet", ",BBC", ",CNN")
    with pytest.raises(InputError, match=r"b\.csv#1: line 2: the 'file' cell is empty.*1 more"):
        check_read_options(ReadOptions(metadata=blank))
    with pytest.raises(InputError, match="cannot read file"):
        check_read_options(ReadOptions(metadata=tmp_path / "absent.csv"))


# --------------------------------------------------------------------------------------------
# Hostile values are text
# --------------------------------------------------------------------------------------------


def test_hostile_and_nul_values_from_a_csv_are_stored_as_text(tmp_path: Path) -> None:
    txt(tmp_path / "a.txt")
    txt(tmp_path / "b.txt")
    csv_file(tmp_path / SIDECAR_NAME, "file,outlet,title", f'a.txt,"{HOSTILE}",',
             "b.txt,Out\x00let,")
    found = articles(read(tmp_path))
    assert found["a.txt"].outlet == HOSTILE
    assert found["b.txt"].outlet == "Outlet"
    assert found["b.txt"].warnings == ["outlet: 1 NUL character(s) removed"]


def test_discover_reports_a_bad_directory_csv_once(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        txt(tmp_path / name)
    csv_file(tmp_path / SIDECAR_NAME, "outlet", "BBC")
    refs = list(discover([str(tmp_path)]))
    assert [type(r).__name__ for r in refs] == ["Failure", "InputRef", "InputRef"]


# --------------------------------------------------------------------------------------------
# End to end: narrascope analyze
# --------------------------------------------------------------------------------------------


def _records(out: str) -> dict[str, dict]:
    return {Path(r["source"]).name: r for r in map(json.loads, out.splitlines())}


def test_analyze_fills_outlet_and_date_from_every_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "scraped"
    txt(folder / "bbc_2023-03-14_kyiv.txt")
    txt(folder / "listed.txt")
    txt(folder / "plain.txt")
    csv_file(folder / SIDECAR_NAME, "file,outlet,url", f"listed.txt,,{URL}")
    code = main(["analyze", str(folder), "--no-db", "--out", "-", *FAST, "-q",
                 "--name-pattern", "{outlet}_{published}_*.txt",
                 "--outlet", HOSTILE, "--published", "2023-03-01T10:00:00+01:00"])
    assert code == 0
    records = _records(capsys.readouterr().out)
    assert {name: (r["outlet"], r["published"]) for name, r in records.items()} == {
        "bbc_2023-03-14_kyiv.txt": ("bbc", "2023-03-14"),
        "listed.txt": (HOSTILE, "2023-03-01T09:00:00+00:00"),  # --outlet before the URL host
        "plain.txt": (HOSTILE, "2023-03-01T09:00:00+00:00"),
    }
    assert records["listed.txt"]["url"] == URL


def test_analyze_stores_bad_rows_as_failures_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "scraped"
    txt(folder / "a.txt")
    txt(folder / "b.txt", title="Second story")
    csv_file(folder / SIDECAR_NAME, "file,outlet,published",
             f"a.txt,{HOSTILE},[red]soon", "b.txt,Bravo,2023-03-14")
    db = tmp_path / "news.db"
    assert main(["analyze", str(folder), "--db", str(db), *FAST]) == EXIT_PARTIAL
    err = capsys.readouterr().err
    assert "field 'published' of the row for 'a.txt': cannot parse date '[red]soon'" in err
    with sqlite3.connect(db) as conn:
        outlets = dict(conn.execute("SELECT title, outlet FROM articles"))
        failed = conn.execute("SELECT source, line FROM failures").fetchall()
    assert outlets == {"Port strike ends": HOSTILE, "Second story": "Bravo"}
    assert failed == [(f"{folder / SIDECAR_NAME}#1", 2)]


@pytest.mark.parametrize(("option", "value", "shown"), [
    ("--published", "14/03/2023", "argument --published: '14/03/2023' is not an ISO date"),
    ("--name-pattern", "{site}_*.txt", "argument --name-pattern: '{site}_*.txt': unknown"),
    ("--outlet", "  ", "argument --outlet: the outlet name is empty"),
])
def test_analyze_refuses_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, shown: str
) -> None:
    path = txt(tmp_path / "kyiv.txt")
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", str(path), "--no-db", option, value])
    assert exit_info.value.code == EXIT_USAGE
    assert shown in capsys.readouterr().err


def test_analyze_refuses_a_metadata_csv_without_file_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = txt(tmp_path / "kyiv.txt")
    meta = csv_file(tmp_path / "sources.csv", "name,outlet", "kyiv.txt,[bold]BBC")
    db = tmp_path / "news.db"
    assert main(["analyze", str(path), "--db", str(db), "--metadata", str(meta)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"--metadata {meta}: line 1: no 'file' column" in " ".join(err.split())
    assert not db.exists()  # refused before the store is created

