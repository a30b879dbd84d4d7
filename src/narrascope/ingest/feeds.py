"""RSS 2.0, RSS 1.0 (RDF) and Atom feed files: every entry with content becomes an article."""

from __future__ import annotations

from collections.abc import Iterator

from narrascope.document import RawArticle
from narrascope.ingest.base import Failure, IngestItem, InputError, ReadOptions
from narrascope.ingest.files import Source
from narrascope.ingest.html import html_to_text
from narrascope.ingest.metadata import normalize_date

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rss1": "http://purl.org/rss/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
#: An entry whose only text is a summary shorter than this is a teaser, not an article.
MIN_SUMMARY_WORDS = 40


def _first_text(entry, *paths: str) -> str | None:
    for path in paths:
        for found in entry.xpath(path, namespaces=_NS):
            value = found if isinstance(found, str) else _inner_markup(found)
            if value and value.strip():
                return value.strip()
    return None


def _inner_markup(element) -> str | None:  # lxml element
    """The text of an element, or its children as markup (Atom ``type="xhtml"`` content)."""
    from lxml import etree

    if len(element) == 0:
        return element.text
    children = (etree.tostring(child, encoding="unicode") for child in element)
    return (element.text or "") + "".join(children)


def _entries(root) -> tuple[str, list]:
    tag = root.tag.split("}")[-1].lower()
    if tag == "rss":
        return "rss", root.xpath("./channel/item")
    if tag == "feed":
        return "atom", root.xpath("./atom:entry", namespaces=_NS) or root.xpath("./entry")
    if tag == "rdf":
        return "rdf", root.xpath("./rss1:item", namespaces=_NS) or root.xpath("./item")
    raise InputError(f"not an RSS/Atom feed: the XML root element is <{tag}>")


def _entry_article(entry, flavour: str, location: str) -> RawArticle:
    if flavour == "atom":
        content = _first_text(entry, "./atom:content", "./content")
        summary = _first_text(entry, "./atom:summary", "./summary")
        link = _first_text(
            entry, "./atom:link[@rel='alternate']/@href", "./atom:link[not(@rel)]/@href",
            "./link/@href",
        )
        date = _first_text(entry, "./atom:published", "./atom:updated", "./published",
                           "./updated")
        author = _first_text(entry, "./atom:author/atom:name", "./author/name")
        title = _first_text(entry, "./atom:title", "./title")
    else:
        content = _first_text(entry, "./content:encoded")
        summary = _first_text(entry, "./description", "./rss1:description")
        link = _first_text(entry, "./link", "./rss1:link", "./guid[not(@isPermaLink='false')]")
        date = _first_text(entry, "./pubDate", "./dc:date")
        author = _first_text(entry, "./dc:creator", "./author")
        title = _first_text(entry, "./title", "./rss1:title")
    body_html = content or summary
    text = html_to_text(body_html) if body_html else ""
    if not text:
        raise InputError("entry has no content (only a title or link); fetch its URL instead")
    if not content and len(text.split()) < MIN_SUMMARY_WORDS:
        raise InputError(
            f"entry has only a {len(text.split())}-word summary, not the article; "
            "fetch its URL instead"
        )
    published, warning = normalize_date(date)
    return RawArticle(
        source=location,
        text=text,
        title=html_to_text(title) if title else None,
        url=link,  # the outlet, its host, comes with the other fallbacks (read_ref)
        published=published,
        author=author,
        input_format="feed",
        warnings=[warning] if warning else [],
    )


def read_feed(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    from lxml import etree

    data = source.read_bytes(options.max_bytes)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not an RSS/Atom feed: XML syntax error: {exc}") from exc
    flavour, entries = _entries(root)
    if not entries:
        raise InputError(f"the {flavour} feed has no entries")
    for number, entry in enumerate(entries, start=1):
        location = source.record(number)
        item: IngestItem
        try:
            item = _entry_article(entry, flavour, location)
        except InputError as exc:
            item = Failure(location, str(exc))
        except Exception as exc:  # one odd entry must not end the feed
            item = Failure(location, f"reader error ({type(exc).__name__}: {exc})")
        yield item
