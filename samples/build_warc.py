#!/usr/bin/env python3
"""Build samples/corpus/warc/crawl.warc.gz from the HTML pages in samples/warc-pages/.

The output is deterministic: WARC-Date values and WARC-Record-IDs are fixed
(record ids are UUIDv5 values derived from the record type and target URI) and
warcio's gzip writer stores no timestamp, so re-running the script reproduces
the file byte for byte.

Record order (what a reader sees):

    warcinfo
    request + response   01_*.html         article #1
    request + response   image/png         (not an article, must be skipped)
    request + response   02_*.html         article #2
    request + response   404.html          HTTP 404 (not an article, must be skipped)
    request + response   03_*.html         article #3

Article pages are the files named NN_*.html, in filename order; their URL is
taken from the page's <link rel="canonical">.

Usage:  python samples/build_warc.py
"""
import glob
import io
import os
import re
import uuid
from datetime import datetime, timedelta, timezone

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = os.path.join(HERE, "warc-pages")
OUT = os.path.join(HERE, "corpus", "warc", "crawl.warc.gz")

BASE_TIME = datetime(2023, 11, 20, 10, 0, 0, tzinfo=timezone.utc)
USER_AGENT = "narrascope-sample-crawler/0.1 (+https://example.org/narrascope)"

IMAGE_URL = "https://continental-wire.com/wp-content/uploads/2023/08/pixel.png"
NOT_FOUND_URL = "https://continental-wire.com/europe/2023/08/07/live-blog-removed/"

# A valid 1x1 transparent PNG (67 bytes).
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000a49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def canonical_url(html_bytes):
    m = re.search(rb'<link rel="canonical" href="([^"]+)"', html_bytes)
    if not m:
        raise ValueError("page has no canonical link")
    return m.group(1).decode("ascii")


def record_id(kind, uri):
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, "narrascope-sample:%s:%s" % (kind, uri))


def warc_date(seconds):
    return (BASE_TIME + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(seconds):
    return (BASE_TIME + timedelta(seconds=seconds)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def write_pair(writer, uri, status, content_type, payload, seconds):
    """Write a request record followed by its response record."""
    m = re.match(r"https?://([^/]+)(/.*)?$", uri)
    host, path = m.group(1), m.group(2) or "/"
    resp_id = record_id("response", uri)

    req_headers = StatusAndHeaders(
        "GET %s HTTP/1.1" % path,
        [
            ("Host", host),
            ("User-Agent", USER_AGENT),
            ("Accept", "text/html,application/xhtml+xml,image/png;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "en,ru;q=0.8,uk;q=0.7"),
            ("Connection", "close"),
        ],
        is_http_request=True,
    )
    req = writer.create_warc_record(
        uri, "request", payload=io.BytesIO(b""), length=0,
        http_headers=req_headers,
        warc_headers_dict={
            "WARC-Record-ID": record_id("request", uri),
            "WARC-Date": warc_date(seconds),
            "WARC-Concurrent-To": resp_id,
        },
    )
    writer.write_record(req)

    resp_headers = StatusAndHeaders(
        status,
        [
            ("Date", http_date(seconds)),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(payload))),
            ("Connection", "close"),
        ],
        protocol="HTTP/1.1",
    )
    resp = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(payload), length=len(payload),
        http_headers=resp_headers,
        warc_headers_dict={
            "WARC-Record-ID": resp_id,
            "WARC-Date": warc_date(seconds),
            "WARC-IP-Address": "192.0.2.%d" % (10 + seconds),
        },
    )
    writer.write_record(resp)


def main():
    articles = sorted(glob.glob(os.path.join(PAGES, "[0-9][0-9]_*.html")))
    if len(articles) < 3:
        raise SystemExit("expected at least 3 article pages in %s" % PAGES)
    with open(os.path.join(PAGES, "404.html"), "rb") as f:
        not_found = f.read()

    # (kind, uri, status, content type, payload)
    entries = []
    for i, path in enumerate(articles):
        with open(path, "rb") as f:
            data = f.read()
        entries.append(("article", canonical_url(data), "200 OK", "text/html; charset=utf-8", data))
        if i == 0:
            entries.append(("image", IMAGE_URL, "200 OK", "image/png", PNG_BYTES))
        elif i == 1:
            entries.append(("404", NOT_FOUND_URL, "404 Not Found", "text/html; charset=utf-8", not_found))

    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = (
            "software: narrascope build_warc.py (warcio)\r\n"
            "format: WARC File Format 1.1\r\n"
            "description: narrascope sample crawl - invented articles, CC0\r\n"
            "isPartOf: narrascope-samples\r\n"
            "operator: narrascope developers\r\n"
        ).encode("utf-8")
        rec = writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id("warcinfo", "crawl.warc.gz"),
                "WARC-Date": warc_date(0),
                "WARC-Filename": "crawl.warc.gz",
            },
        )
        writer.write_record(rec)
        for n, (kind, uri, status, ctype, payload) in enumerate(entries, 1):
            write_pair(writer, uri, status, ctype, payload, n)
    print("wrote %s (%d article pages, %d records)" % (OUT, len(articles), 1 + 2 * len(entries)))


if __name__ == "__main__":
    main()
