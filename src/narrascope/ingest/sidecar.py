"""Metadata CSVs: the outlet, date, URL and title of files that do not carry their own.

A CSV with a header naming ``file`` and any of ``outlet``, ``published`` (or ``date``), ``url``
and ``title``; each row gives the metadata of one file, named by its path relative to the
CSV's folder, or by its bare name (then every input file of that name). Other columns are
ignored. One is read when named with ``--metadata``, and ``narrascope-metadata.csv`` in a
directory being read is picked up for the files below it.

Problems are values, not exceptions, so one bad row never stops a batch: :attr:`Sidecar.error`
when the file as a whole cannot be used (no ``file`` column), :attr:`Sidecar.problems` for rows
that name no file, and :attr:`SidecarRow.problems` for a bad value, reported when the file the
row names is read. Each is a :class:`Failure` naming the CSV, the row, its line and the field.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from narrascope.ingest.base import Failure, InputError
from narrascope.ingest.files import read_file
from narrascope.ingest.metadata import normalize_date
from narrascope.ingest.plaintext import decode
from narrascope.safetext import printable_name

__all__ = ["FIELDS", "SIDECAR_NAME", "Sidecar", "SidecarRow", "load_sidecar"]

#: The metadata CSV picked up in a directory being read.
SIDECAR_NAME = "narrascope-metadata.csv"
#: The metadata a row can give, in the article's field names.
FIELDS = ("outlet", "published", "url", "title")
_ALIASES = {"date": "published"}


@dataclass
class SidecarRow:
    """The metadata one row gives (only fields it fills, each valid) and its bad values (and
    later rows for the same file, which are ignored)."""

    values: dict[str, str]
    problems: list[Failure] = field(default_factory=list)


@dataclass
class Sidecar:
    """A metadata CSV, read: its rows by the file they name."""

    location: str
    #: Why the file as a whole cannot be used (then nothing in it is).
    error: str | None = None
    problems: list[Failure] = field(default_factory=list)
    by_path: dict[str, SidecarRow] = field(default_factory=dict)
    by_name: dict[str, SidecarRow] = field(default_factory=dict)

    def row_for(self, path: Path) -> SidecarRow | None:
        """The row naming ``path``: by its path, else by its bare name."""
        return self.by_path.get(os.path.realpath(path)) or self.by_name.get(path.name)


def load_sidecar(path: Path, max_bytes: int) -> Sidecar:
    """Read a metadata CSV (once per process while it is unchanged: every file of a folder
    looks its row up here, in each worker)."""
    try:
        info = path.stat()
    except OSError as exc:
        return Sidecar(printable_name(str(path)), f"cannot read file: {exc.strerror or exc}")
    return _load(path, (info.st_mtime_ns, info.st_size), max_bytes)


@lru_cache(maxsize=32)
def _load(path: Path, _stamp: tuple[int, int], max_bytes: int) -> Sidecar:
    sidecar = Sidecar(printable_name(str(path)))
    try:
        text = decode(read_file(path, max_bytes)).text
        rows = _rows(text)
        line, header = next(rows, (1, []))
        columns = _columns(header, line)
    except InputError as exc:
        sidecar.error = str(exc)
        return sidecar
    try:
        for number, (line, row) in enumerate(rows, start=1):
            _add_row(sidecar, path.parent, columns, row, f"{sidecar.location}#{number}", line)
    except InputError as exc:  # a malformed row: the rows after it cannot be trusted
        sidecar.error = str(exc)
    return sidecar


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on; :class:`InputError` for a malformed one."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            first_line + "\n", delimiters=",;\t")
    except csv.Error:  # one column: nothing to sniff
        dialect = csv.excel
    # The csv module's own field limit (128 KiB) is far more than a metadata cell needs.
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), dialect=dialect)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"line {line}: malformed CSV row ({exc})") from exc
        if any(cell.strip() for cell in row):
            yield line, row


def _columns(header: list[str], line: int) -> dict[str, int]:
    """Where each known column is; :class:`InputError` unless ``file`` and one field are."""
    if not header:
        raise InputError("empty file (no CSV header)")
    names = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    if "file" not in names:
        shown = ", ".join(repr(h) for h in header[:12]) or "none"
        raise InputError(f"line {line}: no 'file' column in the header (columns: {shown}); "
                         f"name the files in a 'file' column and give any of "
                         f"{', '.join(FIELDS)}")
    columns = {}
    for index, name in enumerate(names):
        if name in ("file", *FIELDS):
            if name in columns:
                raise InputError(f"line {line}: the header names {name!r} twice")
            columns[name] = index
    if len(columns) == 1:
        raise InputError(f"line {line}: the header has only 'file'; add any of {', '.join(FIELDS)}")
    return columns


def _add_row(sidecar: Sidecar, folder: Path, columns: dict[str, int], row: list[str],
             where: str, line: int) -> None:
    """File the row under the file it names; ``where`` is ``CSV#N``, N counting data rows
    (as the sources of a CSV of articles do)."""
    cells = {name: row[i].strip() if i < len(row) else "" for name, i in columns.items()}
    name = cells.pop("file").removeprefix("./")
    if not name:
        sidecar.problems.append(Failure(where, f"line {line}: the 'file' cell is empty, so "
                                        "the row applies to no file", line=line))
        return
    key = os.path.realpath(folder / name)
    if (first := sidecar.by_path.get(key)) is not None:
        first.problems.append(Failure(where, f"line {line}: another row for {name!r} came "
                                      "first; this row is ignored", line=line))
        return
    entry = SidecarRow(*_values(cells, name, where, line))
    sidecar.by_path[key] = entry
    if "/" not in name and os.sep not in name:
        sidecar.by_name.setdefault(name, entry)


def _values(cells: dict[str, str], name: str, where: str,
            line: int) -> tuple[dict[str, str], list[Failure]]:
    values: dict[str, str] = {}
    problems: list[Failure] = []
    for column, cell in cells.items():
        if not cell:
            continue
        value, reason = _checked(column, cell)
        if value is not None:
            values[column] = value
        else:
            problems.append(Failure(where, f"line {line}, field {column!r} of the row for "
                                    f"{name!r}: {reason}; that field is ignored", line=line))
    return values, problems


def _checked(column: str, cell: str) -> tuple[str | None, str | None]:
    """A cell's value for the article, or None and why it cannot be used."""
    if column == "published":
        published, _warning = normalize_date(cell)
        return (published, None) if published else (None, f"cannot parse date {cell[:60]!r}")
    if column == "url":
        try:
            parts = urlsplit(cell)
            good = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        except ValueError:
            good = False
        return (cell, None) if good else (None, f"not an http(s) URL: {cell[:80]!r}")
    return cell, None
