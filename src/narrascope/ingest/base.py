"""Shared types of the ingest layer: what a reader yields and how it reports bad input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrascope.document import RawArticle
from narrascope.errors import InputError
from narrascope.safetext import printable_name

#: Largest single article (a .txt/.html file, a JSONL line, a WARC payload…) read by default.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

__all__ = ["DEFAULT_MAX_BYTES", "Failure", "IngestItem", "InputError", "InputRef", "ReadOptions",
           "Skipped"]


@dataclass(frozen=True)
class Failure:
    """An item that could not be turned into an article, and why.

    ``source`` is the path, URL or ``path#N`` of the item; ``line`` the 1-based line number in
    the file where that is meaningful (JSONL, CSV); ``stage`` where it failed: ``ingest``
    (reading), ``analysis`` (the pipeline) or ``store`` (the database refused it).
    """

    source: str
    reason: str
    line: int | None = None
    stage: str = "ingest"

    def __post_init__(self) -> None:
        _printable_fields(self)

    def describe(self) -> str:
        if self.line and "#" not in self.source:
            return f"{self.source}:{self.line}: {self.reason}"
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """An input deliberately not read (unsupported file type in a directory, an image in a
    WARC…). Reported in the summary, not counted as a failure."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        _printable_fields(self)


def _printable_fields(item: Failure | Skipped) -> None:
    """Write a bad file name, or a NUL quoted from the input, as escapes: failures and skips are
    stored and printed like articles (see :func:`narrascope.safetext.printable_name`)."""
    for name in ("source", "reason"):
        if isinstance(value := getattr(item, name), str):
            object.__setattr__(item, name, printable_name(value))


IngestItem = RawArticle | Failure | Skipped


@dataclass(frozen=True)
class ReadOptions:
    """Field names for tabular inputs, resource limits, and where an outlet and date come from
    for items that carry none. Dotted names reach into nested JSON objects (``meta.url``)."""

    text_field: str = "text"
    title_field: str = "title"
    url_field: str = "url"
    date_field: str = "date"
    id_field: str = "id"
    outlet_field: str = "outlet"
    author_field: str = "author"
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Seconds before a URL fetch is abandoned (connect + read, in total).
    url_timeout: float = 30.0
    #: Fetch URLs whose host is (or resolves to) a loopback, private, link-local or other
    #: non-public address; refused by default (server-side request forgery).
    allow_private_urls: bool = False
    #: Follow symbolic links in input directories that lead outside the paths given.
    follow_links: bool = False
    #: Outlet and ISO date for every item that has none of its own (``--outlet``,
    #: ``--published``); below the metadata CSV and the name pattern, above the URL's host.
    outlet: str | None = None
    published: str | None = None
    #: File-name pattern giving the outlet and/or date (``{outlet}_{published}_*.txt``); see
    #: :mod:`narrascope.ingest.namepattern`.
    name_pattern: str | None = None
    #: A metadata CSV naming files (``--metadata``); see :mod:`narrascope.ingest.sidecar`.
    metadata: Path | None = None


@dataclass(frozen=True)
class InputRef:
    """One thing named on the command line (or found in a directory)."""

    kind: str  # "file", "stdin" or "url"
    location: str  # path as given/found, "<stdin>", or the URL
    path: Path | None = None
    in_directory: bool = False
    size: int = 0
    #: Metadata CSVs (``narrascope-metadata.csv``) of the directories above a file found in a
    #: directory, nearest first: the file's metadata rows are looked up there when it is read.
    sidecars: tuple[Path, ...] = ()
