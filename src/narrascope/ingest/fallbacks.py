"""Outlet and date (and URL and title) for items that do not carry their own.

Each field is taken from the first of these that gives it:

1. the item itself (a record's fields, a page's metadata, a feed entry's link and date);
2. a metadata CSV row naming the file: ``--metadata``, then ``narrascope-metadata.csv`` of
   the item's folder and of each folder above it up to the directory given (see
   :mod:`narrascope.ingest.sidecar`);
3. the file's name, through ``--name-pattern`` (see :mod:`narrascope.ingest.namepattern`);
4. ``--outlet`` and ``--published``;
5. for the outlet, the host of the item's URL without ``www.`` (for every format, here rather
   than in each reader, so that the steps above come before it).

An HTML page's own outlet is its site name, used only when the page has no URL (as before).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from narrascope.document import RawArticle
from narrascope.ingest.base import Failure, InputError, InputRef, ReadOptions
from narrascope.ingest.metadata import outlet_from_url, parse_iso_date
from narrascope.ingest.namepattern import NameMatch, NamePattern
from narrascope.ingest.sidecar import Sidecar, load_sidecar

__all__ = ["Fallbacks", "check_read_options", "fallbacks_for", "is_metadata_file"]

_NO_NAME = NameMatch(None, None)


@dataclass(frozen=True)
class Fallbacks:
    """What the items of one input get when they lack a field (steps 2–5 above)."""

    listed: dict[str, str] = field(default_factory=dict)
    named: NameMatch = _NO_NAME
    outlet: str | None = None
    published: str | None = None

    def apply(self, article: RawArticle) -> RawArticle:
        title = article.title or self.listed.get("title")
        url = article.url or self.listed.get("url")
        published = article.published or self.listed.get("published")
        warnings = list(article.warnings)
        if not published and self.named.warning:  # the name's date was needed, and is bad
            warnings.append(self.named.warning)
        published = published or self.named.published or self.published
        outlet = (article.outlet or self.listed.get("outlet") or self.named.outlet
                  or self.outlet or outlet_from_url(url))
        filled = {"title": title, "url": url, "outlet": outlet, "published": published}
        if warnings == article.warnings and all(
                getattr(article, name) == value for name, value in filled.items()):
            return article
        return dataclasses.replace(article, warnings=warnings, **filled)


def fallbacks_for(ref: InputRef, options: ReadOptions) -> tuple[Fallbacks, list[Failure]]:
    """The fallbacks of one input, and the problems of the metadata CSV rows naming it (to be
    reported with the input, so that a bad row fails no more than that). Raises
    :class:`ValueError` for options :func:`check_read_options` refuses."""
    listed: dict[str, str] = {}
    problems: list[Failure] = []
    named = _NO_NAME
    if ref.kind == "file" and ref.path is not None:
        for sidecar in _sidecars(ref, options):
            if sidecar.error is None and (row := sidecar.row_for(ref.path)) is not None:
                for name, value in row.values.items():
                    listed.setdefault(name, value)
                problems += row.problems
        if options.name_pattern:
            named = NamePattern.compile(options.name_pattern).match(ref.path) or _NO_NAME
    published = parse_iso_date(options.published) if options.published else None
    return Fallbacks(listed, named, options.outlet, published), problems


def _sidecars(ref: InputRef, options: ReadOptions) -> list[Sidecar]:
    """The metadata CSVs that may name ``ref``, the one given with ``--metadata`` first: the
    user named it for this run."""
    paths = ([options.metadata] if options.metadata else []) + list(ref.sidecars)
    return [load_sidecar(path, options.max_bytes) for path in paths]


def is_metadata_file(ref: InputRef, options: ReadOptions) -> bool:
    """Whether ``ref`` is the ``--metadata`` CSV, found in a directory being read: it holds
    metadata, not articles."""
    return (options.metadata is not None and ref.path is not None
            and os.path.realpath(ref.path) == os.path.realpath(options.metadata))


def check_read_options(options: ReadOptions) -> None:
    """Refuse fallbacks that cannot work, before anything is read; the :class:`InputError`
    names the option and the value (the command turns it into a usage error)."""
    if options.outlet is not None and not options.outlet.strip():
        raise InputError("--outlet: the outlet name is empty")
    for option, value, check in (
        ("--published", options.published, parse_iso_date),
        ("--name-pattern", options.name_pattern, NamePattern.compile),
    ):
        if value is not None:
            try:
                check(value)
            except ValueError as exc:
                raise InputError(f"{option}: {exc}") from None
    if options.metadata is not None:
        check_metadata_file(options.metadata, options.max_bytes)


def check_metadata_file(path: Path, max_bytes: int) -> None:
    """Refuse a ``--metadata`` CSV that cannot be used, or has a row naming no file: nothing
    is read yet, and such a row's problem could be reported with no input. Bad values in rows
    are reported with the files they name instead, so that they fail no more than those."""
    sidecar = load_sidecar(path, max_bytes)
    if sidecar.error is not None:
        raise InputError(f"--metadata {sidecar.location}: {sidecar.error}")
    if sidecar.problems:
        more = len(sidecar.problems) - 1
        raise InputError(f"--metadata {sidecar.problems[0].describe()}"
                         + (f" (and {more} more row(s) naming no file)" if more else ""))
