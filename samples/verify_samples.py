#!/usr/bin/env python3
"""Consistency check for the narrascope sample corpus.

Run:  python samples/verify_samples.py      (needs lxml and warcio)

Checks that every file decodes with its declared encoding, that MANIFEST.json
metadata matches the files, that every manifest `residue` line and `keep`
string occurs verbatim in its article, that no residue string occurs inside
body text, that the shortest body paragraph is listed in `keep`, that the WARC
reads back (2 non-article responses to skip) and that the RSS feed parses.
Exits non-zero on the first batch of failures.
"""
import codecs
import collections
import csv
import glob
import io
import json
import os
import re
import sys

import lxml.etree
import lxml.html
from warcio.archiveiterator import ArchiveIterator

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
CONTAINER = ("//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')"
             " or @itemprop='articleBody']")
ERRORS = []


def fail(src, msg):
    ERRORS.append("%s: %s" % (src, msg))


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def html_blocks(root):
    """Text of block-ish elements; the first match of CONTAINER is the article body."""
    conts = root.xpath(CONTAINER)
    if len(conts) != 1:
        raise ValueError("expected exactly one article body container, found %d" % len(conts))
    cont = conts[0]
    blocks = [norm(el.text_content()) for el in cont.iter("p", "figcaption", "h3", "li", "span", "div")]
    paras = [norm(el.text_content()) for el in cont.iter("p")]
    return norm(cont.text_content()), blocks, paras


def load_sources(man):
    """Return {source: dict(kind, text, lines|blocks, paras, meta)}."""
    out = {}
    rss = lxml.etree.parse(os.path.join(CORPUS, "feeds/feed.xml"))
    ns = {"content": "http://purl.org/rss/1.0/modules/content/", "dc": "http://purl.org/dc/elements/1.1/"}
    items = rss.findall("./channel/item")
    channel_title = rss.findtext("./channel/title")
    with open(os.path.join(CORPUS, "jsonl/articles.jsonl"), encoding="utf-8") as f:
        jrecs = [json.loads(l) for l in f if l.strip()]
    with open(os.path.join(CORPUS, "csv/articles.csv"), encoding="utf-8", newline="") as f:
        crecs = list(csv.DictReader(f))
    # WARC: article = 200 text/html response
    warc_pages = []
    n_resp = n_skip = 0
    with open(os.path.join(CORPUS, "warc/crawl.warc.gz"), "rb") as f:
        for rec in ArchiveIterator(f):
            if rec.rec_type != "response":
                continue
            n_resp += 1
            ctype = rec.http_headers.get_header("Content-Type") or ""
            if rec.http_headers.get_statuscode() != "200" or not ctype.startswith("text/html"):
                n_skip += 1
                continue
            warc_pages.append((rec.rec_headers.get_header("WARC-Target-URI"), rec.content_stream().read()))
    if n_skip != 2:
        fail("warc", "expected 2 non-article responses, found %d" % n_skip)
    page_files = sorted(glob.glob(os.path.join(HERE, "warc-pages/[0-9][0-9]_*.html")))
    if [open(p, "rb").read() for p in page_files] != [b for _, b in warc_pages]:
        fail("warc", "WARC payloads differ from warc-pages/*.html (re-run build_warc.py)")

    for m in man:
        src = m["source"]
        path, _, num = src.partition("#")
        enc = m["encoding"]
        codecs.lookup(enc)
        d = dict(meta={})
        if path.startswith("txt/"):
            raw = open(os.path.join(CORPUS, path), "rb").read()
            if enc == "utf-16" and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                fail(src, "utf-16 file without BOM")
            if enc != "utf-8" and enc != "utf-16":
                try:
                    raw.decode("utf-8")
                    fail(src, "legacy-encoded file is also valid UTF-8 (not a useful test)")
                except UnicodeDecodeError:
                    pass
            text = raw.decode(enc)
            lines = text.split("\n")
            if lines[1] != "":
                fail(src, "second line must be blank")
            d["meta"]["title"] = lines[0]
            body = [l for l in lines[2:] if l.strip()]
            d.update(kind="lines", text="\n".join(body), lines=body)
        elif path.startswith(("html/", "warc/")):
            if path.startswith("html/"):
                raw = open(os.path.join(CORPUS, path), "rb").read()
                url = None
            else:
                url, raw = warc_pages[int(num) - 1]
            text = raw.decode(enc)
            declared = re.search(r'<meta charset="([^"]+)"', text).group(1)
            if codecs.lookup(declared).name != codecs.lookup(enc).name:
                fail(src, "declared charset %s != manifest %s" % (declared, enc))
            root = lxml.html.document_fromstring(text)
            ctext, blocks, paras = html_blocks(root)
            meta = lambda xp: (root.xpath(xp) or [None])[0]
            d["meta"] = dict(
                title=meta("//meta[@property='og:title']/@content"),
                url=meta("//link[@rel='canonical']/@href"),
                published=(meta("//meta[@property='article:published_time']/@content") or "")[:10] or None,
                outlet=meta("//meta[@property='og:site_name']/@content"),
                author=meta("//meta[@name='author']/@content"),
            )
            if url and url != d["meta"]["url"]:
                fail(src, "WARC-Target-URI differs from canonical URL")
            d.update(kind="html", text=ctext, blocks=blocks, paras=paras)
        elif path.startswith("jsonl/"):
            r = jrecs[int(num) - 1]
            d["meta"] = dict(title=r["title"], url=r["url"], published=r["date"][:10], outlet=r["outlet"])
            body = r["text"].split("\n")
            d.update(kind="lines", text=r["text"], lines=body)
        elif path.startswith("csv/"):
            r = crecs[int(num) - 1]
            d["meta"] = dict(title=r["title"], url=r["url"], published=r["date"][:10])
            body = r["text"].split("\n")
            d.update(kind="lines", text=r["text"], lines=body)
        elif path.startswith("feeds/"):
            it = items[int(num) - 1]
            from email.utils import parsedate_to_datetime
            d["meta"] = dict(title=it.findtext("title"), url=it.findtext("link"),
                             published=parsedate_to_datetime(it.findtext("pubDate")).date().isoformat(),
                             author=it.findtext("dc:creator", namespaces=ns), outlet=channel_title)
            frag = lxml.html.fragment_fromstring(it.findtext("content:encoded", namespaces=ns), create_parent="div")
            paras = [norm(el.text_content()) for el in frag.iter("p")]
            blocks = [norm(el.text_content()) for el in frag.iter("p", "figcaption")]
            d.update(kind="html", text=norm(frag.text_content()), blocks=blocks, paras=paras)
        else:
            fail(src, "unknown source type")
            continue
        out[src] = d
    return out


def main():
    man = json.load(open(os.path.join(HERE, "MANIFEST.json"), encoding="utf-8"))
    srcs = load_sources(man)
    fields = ["source", "language", "encoding", "domain", "title", "url", "published", "outlet", "author", "residue", "keep"]
    stats = collections.Counter()
    seen = set()
    for m in man:
        src = m["source"]
        if sorted(m) != sorted(fields):
            fail(src, "manifest fields %s" % sorted(m))
        if src in seen:
            fail(src, "duplicate source")
        seen.add(src)
        if m["domain"] not in ("war", "climate", "other"):
            fail(src, "bad domain")
        if m["published"] is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", m["published"]):
            fail(src, "bad published date")
        d = srcs.get(src)
        if d is None:
            continue
        for k, v in d["meta"].items():
            if v != m[k]:
                fail(src, "metadata %s: file %r != manifest %r" % (k, v, m[k]))
        residue, keep = m["residue"], m["keep"]
        if not 3 <= len(keep) <= 5:
            fail(src, "keep must have 3-5 entries")
        if d["kind"] == "lines":
            stripped = [l.strip() for l in d["lines"]]
            for r in residue:
                if r not in stripped:
                    fail(src, "residue line not found: %r" % r)
            body = [l for l in stripped if l and l not in residue]
        else:
            for r in residue:
                if r not in d["blocks"] or r not in d["text"]:
                    fail(src, "residue not found in article body container: %r" % r)
            body = [p for p in d["paras"] if p and p not in residue]
        for k in keep:
            if k not in d["text"]:
                fail(src, "keep string not found: %r" % k)
            if not any(k in p for p in body):
                fail(src, "keep string not inside a body paragraph: %r" % k)
        for r in residue:
            for p in body:
                if r in p:
                    fail(src, "residue %r occurs inside body paragraph %r" % (r, p[:60]))
        shortest = min(body, key=len)
        if shortest not in keep:
            fail(src, "shortest paragraph %r not in keep" % shortest)
        words = sum(len(p.split()) for p in body)
        if not 150 <= words <= 600:
            fail(src, "body has %d words" % words)
        stats["lang:" + m["language"]] += 1
        stats["fmt:" + src.split("/")[0]] += 1
        stats["domain:" + m["domain"]] += 1
    for k in sorted(stats):
        print("%-16s %d" % (k, stats[k]))
    print("articles         %d" % len(man))
    if ERRORS:
        print("\n".join(["", "FAILURES:"] + ERRORS))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
