"""HTML pages: main text and metadata (title, date, author, site) through trafilatura."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from narrascope.document import RawArticle
from narrascope.ingest.base import IngestItem, InputError, ReadOptions
from narrascope.ingest.files import Source
from narrascope.ingest.metadata import normalize_date, outlet_from_url
from narrascope.ingest.plaintext import decode, encoding_warnings

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "table", "section", "article", "figure", "figcaption", "pre", "hr", "dd", "dt",
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, if any."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, one block element per line (feed entries, fallback)."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup.strip()
    except AssertionError:  # a whole page without a <body> (cut off in its <head>)
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def extract_article(markup: str, *, url: str | None = None) -> dict[str, str | None]:
    """Main text and metadata of a web page. Raises :class:`InputError` if there is none."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml FutureWarnings inside trafilatura
        result = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    if result is None or not (result.text or "").strip():
        text = html_to_text(markup)
        if not text:
            raise InputError("no main text found in the HTML page")
        return {"text": text, "title": None, "url": url, "date": None, "author": None,
                "sitename": None, "hostname": None,
                "warning": "html: no main text found; all visible text of the page was used"}
    return {
        "text": result.text,
        "title": result.title,
        "url": result.url or url,
        "date": result.date,
        "author": result.author,
        "sitename": result.sitename,
        "hostname": result.hostname,
        "warning": None,
    }


def article_from_html(
    data: bytes, *, source: str, url: str | None = None, declared: str | None = None
) -> RawArticle:
    decoded = decode(data, declared or declared_charset(data))
    if not decoded.text.strip():
        raise InputError("no text (only whitespace)")
    page = extract_article(decoded.text, url=url)
    published, date_warning = normalize_date(page["date"])
    page_url = page["url"] or url
    # A page with a URL is known by its host (as every format is, after the metadata CSV,
    # name pattern and --outlet: see fallbacks.py); only one without a URL by its site name.
    site = None if outlet_from_url(page_url) else page["hostname"] or page["sitename"]
    return RawArticle(
        source=source,
        text=page["text"] or "",
        title=page["title"],
        url=page_url,
        outlet=site,
        published=published,
        author=page["author"],
        encoding=decoded.encoding,
        input_format="html",
        warnings=encoding_warnings(decoded)
        + [w for w in (page["warning"], date_warning) if w],
    )


def read_html(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    data = source.read_bytes(options.max_bytes)
    yield article_from_html(
        data, source=source.location, url=source.url, declared=source.declared_encoding
    )
