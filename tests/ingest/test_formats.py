"""Every input kind the ingest layer reads, with the content it must produce.

All fixtures are written into ``tmp_path`` by the tests; the news texts are invented.
"""

from __future__ import annotations

import gzip
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from narrascope.ingest import (
    FORMATS,
    Failure,
    RawArticle,
    ReadOptions,
    Skipped,
    discover,
    read_inputs,
)
from narrascope.ingest.base import IngestItem

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def read(*paths: Path | str, **kwargs) -> list[IngestItem]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def articles(items: list[IngestItem]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def only_article(items: list[IngestItem]) -> RawArticle:
    assert len(items) == 1, items
    assert isinstance(items[0], RawArticle), items[0]
    return items[0]


EN_TITLE = "City council approves new budget after long debate"
EN_PARAS = [
    "The city council voted on Tuesday evening to approve next year's budget after a debate "
    "that lasted more than six hours, officials said.",
    "The plan increases spending on public transport and school repairs, while the mayor "
    "promised that local taxes would not rise before the next election.",
    "Opposition members criticised the speed of the vote and said residents had too little "
    "time to read the final document before the session began.",
]
RU_TITLE = "Дума приняла бюджет на следующий год"
RU_PARAS = [
    "Государственная дума в среду приняла федеральный бюджет на следующий год во втором "
    "чтении. За документ проголосовало большинство депутатов.",
    "Расходы на образование и здравоохранение вырастут, сообщил министр финансов журналистам "
    "после заседания в Москве.",
]
UK_TITLE = "У Львові відкрили нову школу"
UK_PARAS = [
    "У Львові в понеділок відкрили нову школу на шістсот учнів, повідомила міська рада.",
    "Діти прийшли на перші уроки разом із батьками, а вчителі провели для них екскурсію.",
]
BG_TITLE = "Общината откри нов мост над реката"
BG_PARAS = [
    "Общината откри в събота новия мост над реката, който ще облекчи движението в центъра.",
    "Кметът каза, че ремонтът на съседните улици ще приключи до края на месеца.",
]
PT_TITLE = "Chuva forte causa inundações em Lisboa"
PT_PARAS = [
    "A chuva forte que caiu durante a noite causou inundações em várias ruas de Lisboa e o "
    "trânsito esteve parado durante horas na avenida principal.",
    "A proteção civil pediu à população que evite deslocações desnecessárias até amanhã.",
]
HI_TITLE = "दिल्ली में भारी बारिश से यातायात प्रभावित"
HI_PARAS = [
    "दिल्ली में सोमवार को भारी बारिश के कारण कई सड़कों पर पानी भर गया और यातायात घंटों तक रुका रहा।",
    "मौसम विभाग ने अगले दो दिनों तक और बारिश होने की चेतावनी जारी की है।",
]


def news_page(
    title: str,
    paragraphs: list[str],
    *,
    charset: str | None = "utf-8",
    canonical: str | None = None,
    author: str | None = None,
    published: str | None = None,
    lang: str = "en",
) -> str:
    """A news page with navigation, a sidebar and a footer around the article."""
    head = [f"<title>{title} | Daily Courier</title>"]
    if charset:
        head.insert(0, f'<meta charset="{charset}">')
    if author:
        head.append(f'<meta name="author" content="{author}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{"".join(head)}</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/other">Another story about traffic</a></li></ul>
</aside>
<footer><p>Copyright 2023 Daily Courier Media. All rights reserved. Subscribe to our
newsletter.</p></footer>
</body></html>"""


@pytest.fixture
def tokyo_time() -> Iterator[None]:
    """Run a test with the process in a time zone far from UTC."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Asia/Tokyo")
        time.tzset()
        yield
    time.tzset()


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------


def test_txt_title_then_blank_line_then_body(tmp_path: Path) -> None:
    path = tmp_path / "council.txt"
    path.write_text(EN_TITLE + "\n\n" + "\n\n".join(EN_PARAS) + "\n", encoding="utf-8")
    article = only_article(read(path))
    assert article.source == str(path)
    assert article.title == EN_TITLE
    assert article.text == "\n\n".join(EN_PARAS)
    assert article.input_format == "txt"
    assert article.encoding == "utf-8"
    assert article.url is None and article.outlet is None and article.published is None
    assert article.warnings == []


def test_txt_title_without_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "school.txt"
    path.write_text(UK_TITLE + "\n" + "\n".join(UK_PARAS), encoding="utf-8")
    article = only_article(read(path))
    assert article.title == UK_TITLE
    assert article.text == "\n".join(UK_PARAS)


def test_txt_single_paragraph_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("\n  " + EN_PARAS[0] + "  \n\n", encoding="utf-8")
    article = only_article(read(path))
    assert article.title is None
    assert article.text == EN_PARAS[0]


def test_txt_long_first_line_is_a_paragraph_not_a_title(tmp_path: Path) -> None:
    first = " ".join(EN_PARAS[:2])  # more than 40 words
    assert len(first.split()) > 40
    path = tmp_path / "long.txt"
    path.write_text(first + "\n\n" + EN_PARAS[2], encoding="utf-8")
    article = only_article(read(path))
    assert article.title is None
    assert article.text == first + "\n\n" + EN_PARAS[2]


def test_txt_windows_line_endings_do_not_leak_into_the_body(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes((PT_TITLE + "\r\n\r\n" + "\r\n".join(PT_PARAS) + "\r\n").encode("utf-8"))
    article = only_article(read(path))
    assert article.title == PT_TITLE
    assert article.text == "\r\n".join(PT_PARAS)
    assert not article.text.startswith(("\r", "\n")) and not article.text.endswith("\r")


@pytest.mark.parametrize(
    ("title", "paragraphs", "codec", "expected_encodings"),
    [
        (RU_TITLE, RU_PARAS, "utf-16", {"utf-16-le", "utf-16"}),
        (UK_TITLE, UK_PARAS, "utf-16-be", {"utf-16-be"}),
        (RU_TITLE, RU_PARAS, "cp1251", {"cp1251"}),
        (UK_TITLE, UK_PARAS, "cp1251", {"cp1251"}),
        (BG_TITLE, BG_PARAS, "cp1251", {"cp1251"}),
        (RU_TITLE, RU_PARAS, "koi8-r", {"koi8-r"}),
        (PT_TITLE, PT_PARAS, "latin-1", {"latin-1", "cp1252"}),
        (HI_TITLE, HI_PARAS, "utf-8", {"utf-8"}),
        (RU_TITLE, RU_PARAS, "utf-8-sig", {"utf-8-sig"}),
    ],
    ids=["utf16-bom-ru", "utf16be-bom-uk", "cp1251-ru", "cp1251-uk", "cp1251-bg", "koi8r-ru",
         "latin1-pt", "utf8-hi", "utf8-bom-ru"],
)
def test_txt_encodings_are_decoded(
    tmp_path: Path, title: str, paragraphs: list[str], codec: str, expected_encodings: set[str]
) -> None:
    raw = (title + "\n\n" + "\n\n".join(paragraphs)).encode(codec)
    if codec == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / f"article-{codec}.txt"
    path.write_bytes(raw)
    article = only_article(read(path))
    assert article.title == title
    assert article.text == "\n\n".join(paragraphs)
    assert article.encoding in expected_encodings
    assert article.warnings == []


def test_txt_gz_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt.gz"
    path.write_bytes(gzip.compress((BG_TITLE + "\n\n" + BG_PARAS[0]).encode("cp1251")))
    article = only_article(read(path))
    assert article.source == str(path)
    assert article.title == BG_TITLE
    assert article.text == BG_PARAS[0]
    assert article.encoding == "cp1251"


# --------------------------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "council.html"
    path.write_text(
        news_page(
            EN_TITLE,
            EN_PARAS,
            canonical="https://www.daily-courier.example/politics/2023/03/14/council-budget",
            author="Jane Whitfield",
            published="2023-03-14T09:30:00+02:00",
        ),
        encoding="utf-8",
    )
    article = only_article(read(path))
    assert article.source == str(path)
    assert article.input_format == "html"
    assert article.title == EN_TITLE
    assert article.url == "https://www.daily-courier.example/politics/2023/03/14/council-budget"
    assert article.outlet == "daily-courier.example"
    assert article.published == "2023-03-14"
    assert article.author == "Jane Whitfield"
    assert article.encoding == "utf-8"
    for paragraph in EN_PARAS:
        assert paragraph in article.text
    for boilerplate in ("Most read", "Copyright", "Subscribe", "Weather", "Another story"):
        assert boilerplate not in article.text


def test_html_without_canonical_url_has_no_url_or_outlet(tmp_path: Path) -> None:
    path = tmp_path / "rain.htm"
    path.write_text(news_page(PT_TITLE, PT_PARAS, lang="pt"), encoding="utf-8")
    article = only_article(read(path))
    assert article.title == PT_TITLE
    assert article.url is None
    assert article.outlet is None
    assert PT_PARAS[1] in article.text


@pytest.mark.parametrize("declaration", ["meta-charset", "http-equiv"])
def test_html_cp1251_page_with_declared_charset(tmp_path: Path, declaration: str) -> None:
    page = news_page(
        RU_TITLE,
        RU_PARAS,
        charset="windows-1251" if declaration == "meta-charset" else None,
        canonical="https://vesti.example.ru/politics/budget",
        lang="ru",
    )
    if declaration == "http-equiv":
        page = page.replace(
            "<head>",
            '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        )
    path = tmp_path / "budget.html"
    path.write_bytes(page.encode("cp1251"))
    article = only_article(read(path))
    assert article.encoding == "cp1251"
    assert article.title == RU_TITLE
    assert RU_PARAS[0] in article.text and RU_PARAS[1] in article.text
    assert article.outlet == "vesti.example.ru"


def test_html_gz_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "school.html.gz"
    page = news_page(UK_TITLE, UK_PARAS, canonical="https://lviv.example.ua/news/school",
                     lang="uk")
    path.write_bytes(gzip.compress(page.encode("utf-8")))
    article = only_article(read(path))
    assert article.input_format == "html"
    assert article.title == UK_TITLE
    assert UK_PARAS[0] in article.text
    assert article.outlet == "lviv.example.ua"


# --------------------------------------------------------------------------------------------
# JSON Lines and JSON
# --------------------------------------------------------------------------------------------


def _jsonl(path: Path, records: list[object], *, blank_after: int | None = None) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if blank_after is not None:
        lines.insert(blank_after, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_jsonl_default_fields(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    _jsonl(
        path,
        [
            {"id": "kyiv-001", "title": UK_TITLE, "text": "\n".join(UK_PARAS),
             "url": "https://www.lviv-news.example.ua/school?utm_source=x",
             "date": "2023-03-14T12:30:00+02:00", "author": "Олена Коваль"},
            {"title": EN_TITLE, "text": EN_PARAS[0], "url": "http://daily-courier.example/a",
             "date": "14.03.2023", "outlet": "Daily Courier"},
            {"text": PT_PARAS[0], "date": "Tue, 14 Mar 2023 09:30:00 GMT"},
            {"text": RU_PARAS[0], "date": 1678786200, "id": 42},
        ],
        blank_after=2,
    )
    items = read(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2", f"{path}#4", f"{path}#5"]
    first, second, third, fourth = articles(items)
    assert first.given_id == "kyiv-001"
    assert first.title == UK_TITLE
    assert first.text == "\n".join(UK_PARAS)
    assert first.url == "https://www.lviv-news.example.ua/school?utm_source=x"
    assert first.outlet == "lviv-news.example.ua"
    assert first.published == "2023-03-14T10:30:00+00:00"
    assert first.author == "Олена Коваль"
    assert first.input_format == "jsonl"
    assert second.outlet == "Daily Courier"  # the record's own outlet field wins
    assert second.published == "2023-03-14"
    assert second.given_id is None
    assert third.published == "2023-03-14T09:30:00+00:00"
    assert third.title is None and third.url is None and third.outlet is None
    assert fourth.published == "2023-03-14T09:30:00+00:00"
    assert fourth.given_id == "42"


def test_jsonl_custom_field_names(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    _jsonl(path, [{"uid": "pt-7", "headline": PT_TITLE, "body": "\n".join(PT_PARAS),
                   "link": "https://www.jornal.example.pt/lisboa/chuva",
                   "published_at": "2023-03-14", "writer": "Ana Sousa",
                   "text": "not the article"}])
    options = ReadOptions(text_field="body", title_field="headline", url_field="link",
                          date_field="published_at", id_field="uid", author_field="writer")
    article = only_article(read(path, options=options))
    assert article.source == f"{path}#1"
    assert article.text == "\n".join(PT_PARAS)
    assert article.title == PT_TITLE
    assert article.url == "https://www.jornal.example.pt/lisboa/chuva"
    assert article.outlet == "jornal.example.pt"
    assert article.published == "2023-03-14"
    assert article.given_id == "pt-7"
    assert article.author == "Ana Sousa"


def test_jsonl_dotted_names_reach_into_nested_objects(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    _jsonl(path, [
        {"content": {"body": BG_PARAS[0], "headline": BG_TITLE},
         "meta": {"url": "https://www.sofia-news.example.bg/most", "date": "2023-03-11",
                  "source": {"name": "Sofia News"}}},
        {"content": {"body": ["Първи абзац.", "Втори абзац."]}, "meta": {}},
    ])
    options = ReadOptions(text_field="content.body", title_field="content.headline",
                          url_field="meta.url", date_field="meta.date",
                          outlet_field="meta.source.name")
    first, second = articles(read(path, options=options))
    assert first.text == BG_PARAS[0]
    assert first.title == BG_TITLE
    assert first.url == "https://www.sofia-news.example.bg/most"
    assert first.published == "2023-03-11"
    assert first.outlet == "Sofia News"
    assert second.text == "Първи абзац.\nВтори абзац."  # a list of paragraphs is joined
    assert second.url is None and second.outlet is None


def test_jsonl_literal_dotted_key_wins_over_nesting(tmp_path: Path) -> None:
    path = tmp_path / "dotted.jsonl"
    _jsonl(path, [{"article.text": "Literal key body.", "article": {"text": "Nested body."}}])
    article = only_article(read(path, options=ReadOptions(text_field="article.text")))
    assert article.text == "Literal key body."


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    lines = [json.dumps({"id": f"r{i}", "text": f"Короткая заметка номер {i}."},
                        ensure_ascii=False) for i in range(1, 4)]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    items = read(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert [a.given_id for a in articles(items)] == ["r1", "r2", "r3"]
    assert articles(items)[2].text == "Короткая заметка номер 3."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32", "cp1251", "utf-8-sig"])
def test_jsonl_in_other_encodings(tmp_path: Path, codec: str) -> None:
    records = [{"title": RU_TITLE, "text": RU_PARAS[0]}, {"title": UK_TITLE, "text": UK_PARAS[0]},
               {"title": BG_TITLE, "text": BG_PARAS[1]}]
    path = tmp_path / f"news-{codec}.jsonl"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    path.write_bytes(text.encode(codec))
    items = read(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert [(a.title, a.text) for a in articles(items)] == [
        (r["title"], r["text"]) for r in records
    ]


def test_jsonl_epoch_dates_do_not_depend_on_the_local_time_zone(
    tmp_path: Path, tokyo_time: None
) -> None:
    path = tmp_path / "epoch.jsonl"
    _jsonl(path, [{"text": "A", "date": 1678786200}, {"text": "B", "date": "1678786200"},
                  {"text": "C", "date": "2023-03-14 09:30"}])
    published = [a.published for a in articles(read(path))]
    assert published == ["2023-03-14T09:30:00+00:00", "2023-03-14T09:30:00+00:00",
                         "2023-03-14T09:30:00"]


def test_jsonl_unparseable_date_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    _jsonl(path, [{"text": EN_PARAS[0], "date": "sometime last spring"}])
    article = only_article(read(path))
    assert article.published is None
    assert article.warnings == ["published: cannot parse date 'sometime last spring'"]


def test_json_array_and_single_object(tmp_path: Path) -> None:
    array = tmp_path / "batch.json"
    array.write_text(json.dumps([
        {"title": RU_TITLE, "text": RU_PARAS[0], "url": "https://ria.example.ru/1"},
        {"title": HI_TITLE, "text": HI_PARAS[0]},
    ], ensure_ascii=False), encoding="utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": PT_PARAS[1], "id": "only"}), encoding="utf-8")
    items = read(array, single)
    assert [i.source for i in items] == [f"{array}#1", f"{array}#2", str(single)]
    first, second, third = articles(items)
    assert (first.title, first.outlet, first.input_format) == (RU_TITLE, "ria.example.ru", "json")
    assert second.text == HI_PARAS[0]
    assert third.given_id == "only" and third.text == PT_PARAS[1]


# --------------------------------------------------------------------------------------------
# CSV / TSV
# --------------------------------------------------------------------------------------------


def test_csv_default_columns_with_multiline_quoted_field(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text,url,date\n"
        f'c1,"{EN_TITLE}","{EN_PARAS[0]}\n{EN_PARAS[1]}",https://www.courier.example/c1,'
        "2023-03-14\n"
        f'c2,Short note,"Prices rose by 2%, the ""central"" bank said.",,14/03/2023\n',
        encoding="utf-8",
    )
    items = read(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2"]
    first, second = articles(items)
    assert first.given_id == "c1"
    assert first.title == EN_TITLE
    assert first.text == f"{EN_PARAS[0]}\n{EN_PARAS[1]}"
    assert first.url == "https://www.courier.example/c1"
    assert first.outlet == "courier.example"
    assert first.published == "2023-03-14"
    assert first.input_format == "csv"
    assert second.text == 'Prices rose by 2%, the "central" bank said.'
    assert second.url is None
    assert second.published == "2023-03-14"


def test_csv_custom_columns_semicolon_delimited(tmp_path: Path) -> None:
    path = tmp_path / "jornal.csv"
    path.write_text(
        "titulo;corpo;ligacao;data\n"
        f'{PT_TITLE};"{PT_PARAS[0]} Houve cortes; sem feridos.";'
        "https://www.jornal.example.pt/chuva;2023-03-14T08:00:00Z\n",
        encoding="utf-8",
    )
    options = ReadOptions(text_field="corpo", title_field="titulo", url_field="ligacao",
                          date_field="data")
    article = only_article(read(path, options=options))
    assert article.source == f"{path}#1"
    assert article.title == PT_TITLE
    assert article.text == f"{PT_PARAS[0]} Houve cortes; sem feridos."
    assert article.outlet == "jornal.example.pt"
    assert article.published == "2023-03-14T08:00:00+00:00"


def test_csv_cp1251_encoded(tmp_path: Path) -> None:
    path = tmp_path / "vesti.csv"
    rows = [("Выборы в городе", RU_PARAS[0]), (BG_TITLE, BG_PARAS[0]), (UK_TITLE, UK_PARAS[1])]
    content = "title,text\n" + "".join(f'"{t}","{b}"\n' for t, b in rows)
    path.write_bytes(content.encode("cp1251"))
    items = read(path)
    assert [(a.title, a.text) for a in articles(items)] == rows
    assert [i.source for i in items] == [f"{path}#{n}" for n in (1, 2, 3)]


def test_csv_utf8_bom_header_and_epoch_date_column(tmp_path: Path, tokyo_time: None) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("title,text,date\nBOM title,Body text.,1678786200\n".encode("utf-8-sig"))
    article = only_article(read(path))
    assert article.title == "BOM title"
    assert article.text == "Body text."
    assert article.published == "2023-03-14T09:30:00+00:00"


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_text(f"title\ttext\turl\n{HI_TITLE}\t{HI_PARAS[0]}, और फिर, {HI_PARAS[1]}\t"
                    "https://www.khabar.example.in/delhi\n", encoding="utf-8")
    article = only_article(read(path))
    assert article.title == HI_TITLE
    assert article.text == f"{HI_PARAS[0]}, और फिर, {HI_PARAS[1]}"
    assert article.outlet == "khabar.example.in"


def test_csv_gz(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv.gz"
    path.write_bytes(gzip.compress(f'title,text\n"{UK_TITLE}","{UK_PARAS[0]}"\n'.encode()))
    article = only_article(read(path))
    assert (article.source, article.title, article.text) == (f"{path}#1", UK_TITLE, UK_PARAS[0])


# --------------------------------------------------------------------------------------------
# WARC archives
# --------------------------------------------------------------------------------------------


def write_warc(path: Path, responses: list[tuple[str, str, list[tuple[str, str]], bytes]],
               *, compress: bool) -> None:
    """A WARC with a warcinfo record, then a request and a response record per entry."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, status, headers, body in responses:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b""), http_headers=request))
            response = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=response))


def sample_warc_responses() -> list[tuple[str, str, list[tuple[str, str]], bytes]]:
    html = [("Content-Type", "text/html; charset=utf-8")]
    return [
        ("https://www.daily-courier.example/politics/budget", "200 OK", html,
         news_page(EN_TITLE, EN_PARAS, published="2023-03-14").encode()),
        ("https://www.daily-courier.example/logo.png", "200 OK", [("Content-Type", "image/png")],
         b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("https://www.daily-courier.example/old", "404 Not Found", html,
         b"<html><body><p>Page not found</p></body></html>"),
        ("https://www.daily-courier.example/moved", "301 Moved Permanently",
         [("Content-Type", "text/html"), ("Location", "https://www.daily-courier.example/")],
         b"<html><body>Moved</body></html>"),
        # The charset only in the HTTP header, none in the page.
        ("https://vesti.example.ru/budget", "200 OK",
         [("Content-Type", "text/html; charset=windows-1251")],
         news_page(RU_TITLE, RU_PARAS, charset=None, lang="ru").encode("cp1251")),
        # A gzip-encoded HTTP body.
        ("https://lviv.example.ua/school", "200 OK",
         [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
         gzip.compress(news_page(UK_TITLE, UK_PARAS, lang="uk").encode())),
    ]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, sample_warc_responses(), compress=name.endswith(".gz"))
    items = read(path)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"),
        ("Skipped", str(path)),
        ("Skipped", str(path)),
        ("Skipped", str(path)),
        ("RawArticle", f"{path}#2"),
        ("RawArticle", f"{path}#3"),
    ]
    assert [i.reason for i in items if isinstance(i, Skipped)] == [
        "https://www.daily-courier.example/logo.png: not HTML (image/png)",
        "https://www.daily-courier.example/old: HTTP status 404",
        "https://www.daily-courier.example/moved: HTTP status 301",
    ]
    english, russian, ukrainian = articles(items)
    assert english.url == "https://www.daily-courier.example/politics/budget"
    assert english.outlet == "daily-courier.example"
    assert english.title == EN_TITLE
    assert english.published == "2023-03-14"
    assert english.input_format == "html"
    assert EN_PARAS[2] in english.text and "Copyright" not in english.text
    assert russian.url == "https://vesti.example.ru/budget"
    assert russian.outlet == "vesti.example.ru"
    assert russian.encoding == "cp1251"
    assert russian.title == RU_TITLE
    assert RU_PARAS[1] in russian.text
    assert ukrainian.title == UK_TITLE
    assert UK_PARAS[0] in ukrainian.text


def test_whole_file_gzipped_warc(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    write_warc(plain, sample_warc_responses()[:1], compress=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    article = only_article(read(path))
    assert article.source == f"{path}#1"
    assert article.title == EN_TITLE


# --------------------------------------------------------------------------------------------
# RSS / Atom feeds
# --------------------------------------------------------------------------------------------

LONG_SUMMARY = " ".join(["Residents of the northern district gathered on Sunday to protest "
                         "against the planned closure of the local hospital, which serves"
                         " more than forty thousand people."] * 2)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Lviv News</title><link>https://www.lviv-news.example.ua/</link>
<item>
  <title>{UK_TITLE}</title>
  <link>https://www.lviv-news.example.ua/news/school</link>
  <pubDate>Tue, 14 Mar 2023 09:30:00 +0200</pubDate>
  <dc:creator>Олена Коваль</dc:creator>
  <description>Коротко про школу.</description>
  <content:encoded><![CDATA[<p>{UK_PARAS[0]}</p><script>track('x')</script>
  <p>{UK_PARAS[1]}</p>]]></content:encoded>
</item>
<item>
  <title>Teaser only</title>
  <link>https://www.lviv-news.example.ua/news/teaser</link>
  <description>Read the full story on our site.</description>
</item>
<item>
  <title>Hospital protest</title>
  <link>https://www.lviv-news.example.ua/news/hospital</link>
  <description>{LONG_SUMMARY}</description>
</item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sofia News</title>
<entry>
  <title type="html">Общината откри нов &lt;b&gt;мост&lt;/b&gt; над реката</title>
  <link rel="edit" href="https://sofia.example.bg/admin/edit/17"/>
  <link rel="alternate" href="https://www.sofia.example.bg/news/most"/>
  <id>urn:uuid:17</id>
  <updated>2023-03-15T00:00:00Z</updated>
  <published>2023-03-14T09:30:00+02:00</published>
  <author><name>Иван Петров</name></author>
  <content type="html">&lt;p&gt;{BG_PARAS[0]}&lt;/p&gt;&lt;p&gt;{BG_PARAS[1]}&lt;/p&gt;</content>
</entry>
<entry>
  <title>{PT_TITLE}</title>
  <link href="https://jornal.example.pt/chuva"/>
  <updated>2023-03-14T08:00:00Z</updated>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{PT_PARAS[0]}</p>
  <p>{PT_PARAS[1]}</p></div></content>
</entry>
</feed>"""


def test_rss_items_with_content_encoded(tmp_path: Path) -> None:
    path = tmp_path / "lviv.rss"
    path.write_text(RSS, encoding="utf-8")
    items = read(path)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{path}#1"), ("Failure", f"{path}#2"), ("RawArticle", f"{path}#3")]
    school, hospital = articles(items)
    assert school.title == UK_TITLE
    assert school.text == "\n".join(UK_PARAS)  # content:encoded, not the description
    assert "track" not in school.text
    assert school.url == "https://www.lviv-news.example.ua/news/school"
    assert school.outlet == "lviv-news.example.ua"
    assert school.published == "2023-03-14T07:30:00+00:00"
    assert school.author == "Олена Коваль"
    assert school.input_format == "feed"
    teaser = items[1]
    assert isinstance(teaser, Failure)
    assert "entry has only a 7-word summary, not the article" in teaser.reason
    assert "fetch its URL instead" in teaser.reason
    assert hospital.text == LONG_SUMMARY  # a long description is the article
    assert hospital.published is None


def test_atom_entries_with_html_and_xhtml_content(tmp_path: Path) -> None:
    path = tmp_path / "sofia.atom"
    path.write_text(ATOM, encoding="utf-8")
    items = read(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2"]
    bridge, rain = articles(items)
    assert bridge.title == "Общината откри нов мост над реката"
    assert bridge.text == "\n".join(BG_PARAS)
    assert bridge.url == "https://www.sofia.example.bg/news/most"  # rel=alternate, not edit
    assert bridge.outlet == "sofia.example.bg"
    assert bridge.published == "2023-03-14T07:30:00+00:00"  # published, not updated
    assert bridge.author == "Иван Петров"
    assert rain.title == PT_TITLE
    assert rain.text == "\n".join(PT_PARAS)
    assert rain.url == "https://jornal.example.pt/chuva"
    assert rain.published == "2023-03-14T08:00:00+00:00"


def test_rss_1_rdf_feed(tmp_path: Path) -> None:
    path = tmp_path / "rdf.xml"
    path.write_text(f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://ria.example.ru/"><title>RIA</title></channel>
<item rdf:about="https://ria.example.ru/budget"><title>{RU_TITLE}</title>
<link>https://ria.example.ru/budget</link><dc:date>2023-03-14T09:30:00Z</dc:date>
<content:encoded>&lt;p&gt;{RU_PARAS[0]}&lt;/p&gt;</content:encoded></item>
</rdf:RDF>""", encoding="utf-8")
    article = only_article(read(path))
    assert article.source == f"{path}#1"
    assert article.title == RU_TITLE
    assert article.text == RU_PARAS[0]
    assert article.url == "https://ria.example.ru/budget"
    assert article.published == "2023-03-14T09:30:00+00:00"


def test_cp1251_feed_with_xml_declaration(tmp_path: Path) -> None:
    feed = RSS.replace('encoding="UTF-8"', 'encoding="windows-1251"')
    feed = feed.replace(LONG_SUMMARY, RU_PARAS[0] * 3)
    path = tmp_path / "cp.rss.gz"
    path.write_bytes(gzip.compress(feed.encode("cp1251")))
    first = articles(read(path))[0]
    assert first.title == UK_TITLE
    assert first.text == "\n".join(UK_PARAS)


# --------------------------------------------------------------------------------------------
# stdin
# --------------------------------------------------------------------------------------------


def test_stdin_jsonl_is_sniffed() -> None:
    data = "\n".join(json.dumps({"title": t, "text": b}, ensure_ascii=False)
                     for t, b in [(RU_TITLE, RU_PARAS[0]), (HI_TITLE, HI_PARAS[0])]).encode()
    items = list(read_inputs(["-"], stdin=data))
    assert [i.source for i in items] == ["<stdin>#1", "<stdin>#2"]
    assert [a.title for a in articles(items)] == [RU_TITLE, HI_TITLE]
    assert all(a.input_format == "jsonl" for a in articles(items))


def test_stdin_plain_text_and_html() -> None:
    text = only_article(list(read_inputs(
        ["-"], stdin=(RU_TITLE + "\n\n" + "\n\n".join(RU_PARAS)).encode("cp1251"))))
    assert (text.source, text.input_format, text.encoding) == ("<stdin>", "txt", "cp1251")
    assert text.title == RU_TITLE
    assert text.text == "\n\n".join(RU_PARAS)
    page = only_article(list(read_inputs(["-"], stdin=news_page(EN_TITLE, EN_PARAS).encode())))
    assert (page.source, page.input_format, page.title) == ("<stdin>", "html", EN_TITLE)


def test_stdin_with_input_format_and_json_array() -> None:
    csv_items = list(read_inputs(["-"], stdin=f"title,text\n{PT_TITLE},{PT_PARAS[1]}\n".encode(),
                                 input_format="csv"))
    assert [(a.source, a.title, a.text) for a in articles(csv_items)] == [
        ("<stdin>#1", PT_TITLE, PT_PARAS[1])]
    array = list(read_inputs(["-"], stdin=b' [{"text": "one"}, {"text": "two"}]'))
    assert [(i.source, i.text) for i in articles(array)] == [("<stdin>#1", "one"),
                                                             ("<stdin>#2", "two")]


def test_stdin_feed_is_sniffed() -> None:
    items = list(read_inputs(["-"], stdin=ATOM.encode()))
    assert [i.source for i in items] == ["<stdin>#1", "<stdin>#2"]
    assert articles(items)[0].input_format == "feed"


# --------------------------------------------------------------------------------------------
# Directories, sniffing and --input-format
# --------------------------------------------------------------------------------------------


def test_directory_recursion_order_hidden_names_and_unknown_types(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / "a_sub").mkdir()
    (root / ".git").mkdir()
    (root / "a_sub" / ".cache").mkdir()
    files = {
        "z.txt": "Z title\n\nZ body.",
        "B.txt": "B title\n\nB body.",
        "a.txt": "A title\n\nA body.",
        "notes.pdf": "%PDF-1.4 pretend",
        "README": "Read me first.",
        ".hidden.txt": "Hidden\n\nNever read.",
        ".git/config.txt": "Hidden dir\n\nNever read.",
        "a_sub/.cache/c.txt": "Hidden dir\n\nNever read.",
        "a_sub/one.txt": "One\n\nFirst in a_sub.",
        "b_sub/two.jsonl": '{"text": "From JSONL"}\n',
        "b_sub/deeper/three.txt": "Three\n\nDeepest.",
    }
    for name, content in files.items():
        (root / name).write_text(content, encoding="utf-8")
    items = read(root)
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawArticle", f"{root}/B.txt"),
        ("Skipped", f"{root}/README"),
        ("RawArticle", f"{root}/a.txt"),
        ("Skipped", f"{root}/notes.pdf"),
        ("RawArticle", f"{root}/z.txt"),
        ("RawArticle", f"{root}/a_sub/one.txt"),
        ("RawArticle", f"{root}/b_sub/two.jsonl#1"),
        ("RawArticle", f"{root}/b_sub/deeper/three.txt"),
    ]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.reason for s in skipped] == ["unsupported file type '(none)'",
                                           "unsupported file type '.pdf'"]
    assert "Never read." not in {a.text for a in articles(items)}


def test_discover_lists_inputs_in_the_given_order(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x")
    (tmp_path / "y.txt").write_text("y")
    refs = list(discover([str(tmp_path / "y.txt"), "-", str(tmp_path / "d"),
                          "https://news.example/a", str(tmp_path / "missing.txt")]))
    described = [("failure", r.source) if isinstance(r, Failure) else (r.kind, r.location)
                 for r in refs]
    assert described == [
        ("file", str(tmp_path / "y.txt")),
        ("stdin", "<stdin>"),
        ("file", str(tmp_path / "d" / "x.txt")),
        ("url", "https://news.example/a"),
        ("failure", str(tmp_path / "missing.txt")),
    ]
    assert refs[2].in_directory and not refs[0].in_directory
    assert refs[0].size == 1


@pytest.mark.parametrize(
    ("content", "expected_format", "expected_source_suffix"),
    [
        (b'{"text": "Sniffed JSON line."}\n', "jsonl", "#1"),
        (b'[{"text": "Sniffed JSON array."}]', "json", "#1"),
        (news_page(EN_TITLE, EN_PARAS).encode(), "html", ""),
        (ATOM.encode(), "feed", "#1"),
        ((RU_TITLE + "\n\n" + RU_PARAS[0]).encode("koi8-r"), "txt", ""),
    ],
    ids=["jsonl", "json", "html", "atom", "txt"],
)
def test_explicit_extensionless_file_is_sniffed(
    tmp_path: Path, content: bytes, expected_format: str, expected_source_suffix: str
) -> None:
    path = tmp_path / "download"
    path.write_bytes(content)
    first = read(path)[0]
    assert isinstance(first, RawArticle), first
    assert first.input_format == expected_format
    assert first.source == str(path) + expected_source_suffix


def test_explicit_file_with_unknown_extension_is_sniffed_not_skipped(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(EN_TITLE + "\n\n" + EN_PARAS[0], encoding="utf-8")
    article = only_article(read(path))
    assert (article.input_format, article.title) == ("txt", EN_TITLE)


def test_explicit_extensionless_warc_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "crawl"
    write_warc(path, sample_warc_responses()[:1], compress=True)
    article = only_article(read(path))
    assert article.source == f"{path}#1"
    assert article.title == EN_TITLE


def test_input_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "records.txt"
    path.write_text(json.dumps({"title": BG_TITLE, "text": BG_PARAS[0]}, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    as_text = only_article(read(path))
    assert as_text.input_format == "txt" and as_text.title is None
    as_jsonl = only_article(read(path, input_format="jsonl"))
    assert (as_jsonl.source, as_jsonl.title, as_jsonl.text) == (f"{path}#1", BG_TITLE,
                                                                 BG_PARAS[0])


def test_input_format_also_reads_unknown_extensions_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.dat").write_text("title,text\nFirst,Row one.\n", encoding="utf-8")
    (tmp_path / "b.dat").write_text("title,text\nSecond,Row two.\n", encoding="utf-8")
    assert all(isinstance(i, Skipped) for i in read(tmp_path))
    items = read(tmp_path, input_format="csv")
    assert [(a.source, a.title) for a in articles(items)] == [
        (f"{tmp_path}/a.dat#1", "First"), (f"{tmp_path}/b.dat#1", "Second")]


def test_every_format_name_is_a_reader() -> None:
    assert sorted(FORMATS) == ["csv", "feed", "html", "json", "jsonl", "parquet", "txt", "warc"]


def test_gzipped_stdin_is_decompressed_and_its_format_sniffed() -> None:
    data = gzip.compress(json.dumps({"title": RU_TITLE, "text": RU_PARAS[0]},
                                    ensure_ascii=False).encode() + b"\n")
    items = list(read_inputs(["-"], stdin=data))
    assert [(a.source, a.title, a.input_format) for a in articles(items)] == [
        ("<stdin>#1", RU_TITLE, "jsonl")
    ]


def test_unknown_input_format_is_refused_by_the_library() -> None:
    with pytest.raises(ValueError, match="unknown input format 'docx'"):
        list(read_inputs(["-"], stdin=b"x", input_format="docx"))
