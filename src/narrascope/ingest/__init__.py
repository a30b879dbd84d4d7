"""Ingest: turn paths, directories, stdin and URLs into :class:`RawArticle` items.

Every input becomes articles, :class:`Failure` records (bad input, with the file, line or record
and the reason) or :class:`Skipped` notes; nothing raises out of :func:`read_inputs`, so one bad
file never stops a batch.

>>> from pathlib import Path; import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Kyiv under fire\\n\\nMissiles hit the city at dawn.")
>>> _ = (folder / "b.jsonl").write_text('{"text": "Body"}\\n{broken\\n')
>>> for item in read_inputs([str(folder)]):
...     print(type(item).__name__, item.source.replace(str(folder), "DIR"))
RawArticle DIR/a.txt
RawArticle DIR/b.jsonl#1
Failure DIR/b.jsonl#2
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from narrascope.document import RawArticle
from narrascope.ingest.base import (
    DEFAULT_MAX_BYTES,
    Failure,
    IngestItem,
    InputError,
    InputRef,
    ReadOptions,
    Skipped,
)
from narrascope.ingest.fallbacks import check_read_options, fallbacks_for, is_metadata_file
from narrascope.ingest.feeds import read_feed
from narrascope.ingest.files import Source
from narrascope.ingest.html import read_html
from narrascope.ingest.parquet import PARQUET_MAGIC, read_parquet
from narrascope.ingest.plaintext import read_txt
from narrascope.ingest.sidecar import SIDECAR_NAME, load_sidecar
from narrascope.ingest.tabular import read_csv, read_json, read_jsonl
from narrascope.ingest.warc import read_warc
from narrascope.safetext import printable_name

__all__ = [
    "FORMATS",
    "Failure",
    "InputRef",
    "RawArticle",
    "ReadOptions",
    "Skipped",
    "discover",
    "read_inputs",
]

Reader = Callable[[Source, ReadOptions], Iterator[IngestItem]]

#: Input formats by name; ``--input-format`` takes these names.
FORMATS: dict[str, Reader] = {
    "txt": read_txt,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "parquet": read_parquet,
    "warc": read_warc,
    "feed": read_feed,
}

_EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".parquet": "parquet", ".pq": "parquet",
    ".warc": "warc", ".arc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".feed": "feed",
}
_URL_CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/xml": "feed",
    "text/xml": "feed", "application/json": "json", "application/x-ndjson": "jsonl",
    "application/warc": "warc", "application/vnd.apache.parquet": "parquet",
}


def format_for_path(path: Path) -> str | None:
    """The input format a file name implies (``.gz`` is looked through), or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _EXTENSIONS.get(suffixes[-1]) if suffixes else None


def sniff_format(head: bytes) -> str:
    """Guess the format of extension-less input (stdin, a file without suffix) from its start."""
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(b"\x1f\x8b"):
        return "warc"  # only archives arrive gzipped without a name telling more
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"warc/"):
        return "warc"
    if text.startswith((b"{", b"[")):
        return "json" if text.startswith(b"[") else "jsonl"
    if text.startswith(b"<"):
        if b"<rss" in text[:2000] or b"<feed" in text[:2000] or b"<rdf:rdf" in text[:2000]:
            return "feed"
        return "html"
    return "txt"


def discover(
    paths: Iterable[str], *, follow_links: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[InputRef | Failure | Skipped]:
    """Expand command-line inputs: directories recursively (sorted, hidden names skipped).

    A ``narrascope-metadata.csv`` in a directory is no input: each file below it carries it in
    :attr:`InputRef.sidecars`, and what is wrong with the CSV itself comes out here as a
    :class:`Failure` (once, not with every file).

    A symbolic link found in a directory is followed only when its target lies inside one of
    ``paths`` (or with ``follow_links``): otherwise a folder of scraped pages holding a link to
    ``/etc/passwd`` would have it read and stored. Each directory is read once, so a link loop
    ends. A link named in ``paths`` is the user's choice and is read.

    An input's ``location`` (the ``source`` of what is read from it) is a printable name: a
    file name that is not UTF-8 keeps its odd bytes as ``\\xNN`` escapes (see
    :func:`narrascope.safetext.printable_name`), so it can be written to JSONL, the store and
    the terminal; the file itself is read through ``path``, the real name.
    """
    paths = list(paths)
    roots = [os.path.realpath(p) for p in paths if p != "-" and not _is_url(p)]
    for given in paths:
        if given == "-":
            yield InputRef("stdin", "<stdin>")
        elif _is_url(given):
            yield InputRef("url", given)
        else:
            path = Path(given)
            if path.is_dir():
                yield from _walk(path, roots, follow_links, max_bytes)
            elif path.exists():
                yield InputRef("file", printable_name(given), path, size=_size(path))
            else:
                yield Failure(given, "no such file or directory")


def _is_url(given: str) -> bool:
    return given.lower().startswith(("http://", "https://"))


def _walk(
    folder: Path, roots: list[str], follow_links: bool, max_bytes: int
) -> Iterator[InputRef | Failure | Skipped]:
    seen = {_identity(folder)}
    sidecars: dict[str, tuple[Path, ...]] = {}  # folder → its metadata CSVs, nearest first
    for root, dirs, files in os.walk(folder, followlinks=True):
        above = sidecars.get(os.path.dirname(root), ())
        here = Path(root) / SIDECAR_NAME
        if SIDECAR_NAME in files and _outside(here, roots, follow_links) is None:
            files.remove(SIDECAR_NAME)
            yield from _sidecar_problems(here, max_bytes)
            sidecars[root] = (here, *above)
        else:
            sidecars[root] = above
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(root) / name
                if (refusal := _outside(path, roots, follow_links)) is not None:
                    yield refusal
                else:
                    yield InputRef("file", printable_name(str(path)), path, in_directory=True,
                                   size=_size(path), sidecars=sidecars[root])
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            path = Path(root) / name
            refusal = _outside(path, roots, follow_links)
            if refusal is None and _identity(path) in seen:
                refusal = Skipped(printable_name(str(path)), "directory already read (a "
                                  "symbolic link to it, or a link loop)")
            if refusal is not None:
                yield refusal
            else:
                seen.add(_identity(path))
                kept.append(name)
        dirs[:] = kept


def _sidecar_problems(path: Path, max_bytes: int) -> Iterator[Failure]:
    """What makes a directory's metadata CSV (or some of its rows) unusable; problems of rows
    that name a file come out when that file is read."""
    sidecar = load_sidecar(path, max_bytes)
    if sidecar.error is not None:
        yield Failure(sidecar.location, f"metadata CSV: {sidecar.error}")
    yield from sidecar.problems


def _outside(path: Path, roots: list[str], follow_links: bool) -> Skipped | None:
    """A :class:`Skipped` for a symbolic link whose target is outside every input root."""
    if follow_links or not path.is_symlink():
        return None
    target = os.path.realpath(path)
    if any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return None
    return Skipped(printable_name(str(path)),
                   "symbolic link to a path outside the input (use --follow-links)")


def _identity(folder: Path) -> tuple[int, int] | Path:
    """What tells two paths to one directory apart from two directories."""
    try:
        info = folder.stat()
    except OSError:
        return folder
    return info.st_dev, info.st_ino


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_inputs(
    paths: Iterable[str],
    options: ReadOptions | None = None,
    *,
    input_format: str | None = None,
    stdin: bytes | None = None,
) -> Iterator[IngestItem]:
    """Read every article from ``paths``; see the module docstring for what comes out."""
    options = options or ReadOptions()
    if input_format is not None and input_format not in FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose from "
                         f"{', '.join(sorted(FORMATS))}")
    check_read_options(options)
    for ref in discover(paths, follow_links=options.follow_links, max_bytes=options.max_bytes):
        if not isinstance(ref, InputRef):
            yield ref
        else:
            yield from read_ref(ref, options, input_format=input_format, stdin=stdin)


def read_ref(
    ref: InputRef,
    options: ReadOptions,
    *,
    input_format: str | None = None,
    stdin: bytes | None = None,
) -> Iterator[IngestItem]:
    """Read one input; every problem comes out as a :class:`Failure`, never an exception.
    Articles get the outlet, date, URL and title they lack from the metadata CSVs, the file
    name and the options (see :mod:`narrascope.ingest.fallbacks`)."""
    if is_metadata_file(ref, options):
        yield Skipped(ref.location, "the --metadata CSV (metadata, not articles)")
        return
    try:
        fallbacks, problems = fallbacks_for(ref, options)
    except ValueError as exc:  # options check_read_options refuses, from a library caller
        yield Failure(ref.location, str(exc))
        return
    yield from problems
    for item in _read(ref, options, input_format, stdin):
        yield fallbacks.apply(item) if isinstance(item, RawArticle) else item


def _read(
    ref: InputRef, options: ReadOptions, input_format: str | None, stdin: bytes | None
) -> Iterator[IngestItem]:
    try:
        source, fmt = _open(ref, options, input_format, stdin)
    except InputError as exc:
        yield Failure(ref.location, str(exc))
        return
    if fmt is None:
        yield Skipped(ref.location, f"unsupported file type {ref.path.suffix or '(none)'!r}"
                      if ref.path else "unsupported input")
        return
    try:
        yield from FORMATS[fmt](source, options)
    except InputError as exc:
        yield Failure(ref.location, str(exc))
    except (OSError, MemoryError) as exc:
        yield Failure(ref.location, f"cannot read: {exc}")
    except Exception as exc:
        yield Failure(ref.location, f"reader error ({type(exc).__name__}: {exc})")


def _open(
    ref: InputRef, options: ReadOptions, input_format: str | None, stdin: bytes | None
) -> tuple[Source, str | None]:
    if ref.kind == "stdin":
        import sys

        data = stdin if stdin is not None else sys.stdin.buffer.read(options.max_bytes + 1)
        if data.startswith(b"\x1f\x8b") and not _gunzip(data[:65536]).startswith(b"WARC/"):
            data = _gunzip(data, options.max_bytes)  # a gzipped .txt/.jsonl/… piped in
        source = Source(ref.location, data=data)
        return source, input_format or sniff_format(data[:4096])
    if ref.kind == "url":
        from narrascope.ingest.web import fetch

        source, content_type = fetch(ref.location, options)
        fmt = input_format or _URL_CONTENT_TYPES.get(content_type)
        return source, fmt or sniff_format((source.data or b"")[:4096])
    assert ref.path is not None
    source = Source(ref.location, path=ref.path)
    fmt = input_format or format_for_path(ref.path)
    if fmt is None and not ref.in_directory:
        # A file named explicitly without a known extension: look at its content.
        head = _head(ref.path)
        if not head:
            raise InputError("empty file")
        fmt = sniff_format(head)
    return source, fmt


def _gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Decompress gzip ``data``; a prefix (or a truncated stream) gives what it holds."""
    import zlib

    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1 if limit else 0)
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data on standard input ({exc})") from exc
    if limit is not None and len(out) > limit:
        raise InputError("decompressed input is over the --max-bytes limit")
    return out


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
