"""Work units: the inputs of a run cut into pieces that any worker of a cluster can read alone.

The driver discovers the inputs (:func:`narrascope.ingest.discover`) and plans the units here;
workers read each unit with narrascope's own readers, so an article read from a unit is the
article the local engine reads (same ``source``, same fields, same failures):

* one-article files (``.txt``, ``.html``): a few files per unit, each read and analysed under
  its own time budget, as the local engine's workers do;
* a large JSON Lines file (uncompressed, UTF-8): byte ranges of about ``split_bytes``, each
  starting at the start of a line and carrying the number of that line, so that the N-th line
  is still ``path#N``;
* a Parquet file of several row groups: runs of whole row groups of about ``split_bytes``
  (uncompressed), carrying the number of their first row;
* everything else (CSV, JSON arrays, WARC, feeds, gzip-compressed or UTF-16/32 JSON Lines,
  standard input, URLs): one unit per input. Their readers go through the file from its start
  (a CSV's header, a WARC's records, a gzip stream), so such a file is read by one worker.

Nothing here imports Ray: the planning and the readers are plain Python, tested on their own.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from narrascope.document import RawArticle
from narrascope.ingest import format_for_path, read_ref
from narrascope.ingest.base import (
    Failure,
    IngestItem,
    InputError,
    InputRef,
    ReadOptions,
    Skipped,
)
from narrascope.ingest.fallbacks import fallbacks_for, is_metadata_file
from narrascope.ingest.files import Source, is_gzip, iter_lines, read_sample

#: Formats whose files hold exactly one article (the local engine's ``_ONE_ARTICLE_FORMATS``).
ONE_ARTICLE_FORMATS = frozenset({"txt", "html"})

#: Bounds of the size of a JSONL range or a run of Parquet row groups. Between them the size is
#: chosen so that each worker gets about :data:`UNITS_PER_WORKER` units of the splittable
#: inputs: enough to share the work out evenly, few enough that a unit's overhead is nothing.
MIN_SPLIT_BYTES = 64 * 1024
MAX_SPLIT_BYTES = 8 * 1024 * 1024
UNITS_PER_WORKER = 4
#: One-article files per unit, at most.
MAX_FILES_PER_UNIT = 32

#: What ``read_jsonl`` says of a file without a single JSON line; a split file's ranges each
#: see only part of it, so the driver says it once all have been read.
EMPTY_JSONL = "empty file (no JSON lines)"

_SCAN_CHUNK = 1 << 20


@dataclass(frozen=True)
class Unit:
    """One piece of work. ``index`` is its place in the plan; ``size`` the bytes it covers
    (for the progress bar); ``skip`` the sources inside it already stored (``--resume``)."""

    index: int
    size: int

    def lost(self, reason: str) -> list[Failure]:  # pragma: no cover - overridden
        """What to record when the unit could not be analysed at all."""
        raise NotImplementedError


@dataclass(frozen=True)
class FilesUnit(Unit):
    """One-article files, each read in the worker under the article's time budget."""

    refs: tuple[InputRef, ...] = ()

    def lost(self, reason: str) -> list[Failure]:
        return [Failure(ref.location, reason, stage="analysis") for ref in self.refs]


@dataclass(frozen=True)
class WholeUnit(Unit):
    """A whole input read by one worker (its reader goes through it from the start)."""

    ref: InputRef | None = None
    skip: frozenset[str] = frozenset()
    stdin: bytes | None = None

    def read(self, options: ReadOptions, input_format: str | None) -> Iterator[IngestItem]:
        assert self.ref is not None
        return read_ref(self.ref, options, input_format=input_format, stdin=self.stdin)

    def lost(self, reason: str) -> list[Failure]:
        assert self.ref is not None
        return [Failure(self.ref.location, reason, stage="analysis")]


@dataclass(frozen=True)
class PartUnit(Unit):
    """Part ``part`` (0-based) of ``parts`` of a split input: the records numbered ``first``
    to ``last`` (JSONL lines, or Parquet rows), as the local reader numbers them; ``last`` is
    0 for a JSONL file's last part (to the end of the file)."""

    ref: InputRef | None = None
    part: int = 0
    parts: int = 1
    first: int = 1
    last: int = 0
    skip: frozenset[str] = frozenset()

    @property
    def location(self) -> str:
        assert self.ref is not None
        return self.ref.location

    def records(self, source: Source, options: ReadOptions,
                seen: list[bool]) -> Iterator[IngestItem]:  # pragma: no cover - overridden
        raise NotImplementedError

    def read(self, options: ReadOptions, input_format: str | None,
             seen: list[bool] | None = None) -> Iterator[IngestItem]:
        """The items of this part, as :func:`narrascope.ingest.read_ref` gives them: the
        fallbacks (metadata CSV, name pattern, ``--outlet``…) applied to each article, the
        problems of the metadata rows naming the file with the first part only, and an error
        that stops the reader as one failure naming the file."""
        assert self.ref is not None
        ref = self.ref
        seen = [] if seen is None else seen
        try:
            fallbacks, problems = fallbacks_for(ref, options)
        except ValueError as exc:
            if self.part == 0:
                yield Failure(ref.location, str(exc))
            return
        if self.part == 0:
            yield from problems
        source = Source(ref.location, path=ref.path)
        try:
            for item in self.records(source, options, seen):
                yield fallbacks.apply(item) if isinstance(item, RawArticle) else item
        except InputError as exc:
            yield Failure(ref.location, str(exc))
        except (OSError, MemoryError) as exc:
            yield Failure(ref.location, f"cannot read: {exc}")
        except Exception as exc:
            yield Failure(ref.location, f"reader error ({type(exc).__name__}: {exc})")

    def lost(self, reason: str) -> list[Failure]:
        span = f"{self.first}-{self.last}" if self.last else f"{self.first} to the end"
        return [Failure(f"{self.location}#{self.first}", f"{self.what()} {span} not "
                        f"analysed: {reason}", stage="analysis")]

    def what(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class LinesUnit(PartUnit):
    """Bytes ``start`` to ``end`` of a JSON Lines file: whole lines, the first numbered
    ``first``."""

    start: int = 0
    end: int = 0

    def what(self) -> str:
        return "lines"

    def records(self, source: Source, options: ReadOptions,
                seen: list[bool]) -> Iterator[IngestItem]:
        """``read_jsonl`` over one range (the same per-line code and messages)."""
        from narrascope.ingest.tabular import jsonl_records

        with source.open() as stream:
            stream.seek(self.start)
            lines = iter_lines(_Bounded(stream, self.end), options.max_bytes)
            yield from jsonl_records(lines, source, options, seen, first=self.first)


class _Bounded:
    """A binary stream that ends at byte ``end`` (a line start), for :func:`iter_lines`."""

    def __init__(self, stream: BinaryIO, end: int) -> None:
        self._stream = stream
        self._end = end

    def readline(self, size: int = -1) -> bytes:
        if self._stream.tell() >= self._end:
            return b""
        return self._stream.readline(size)


@dataclass(frozen=True)
class RowGroupsUnit(PartUnit):
    """Row groups ``start`` to ``end`` (exclusive) of a Parquet file, whose first row is row
    ``first`` of the file."""

    start: int = 0
    end: int = 0

    def what(self) -> str:
        return "rows"

    def records(self, source: Source, options: ReadOptions,
                seen: list[bool]) -> Iterator[IngestItem]:
        """``read_parquet`` over some of the row groups (the same per-group code)."""
        from narrascope.ingest import parquet as reader

        parquet = reader._open(source, options)
        try:
            schema = parquet.schema_arrow
            reader._check_text_column(schema, options.text_field)
            columns = reader._columns(schema, options)
            metadata = parquet.metadata
            number = self.first - 1
            for group in range(self.start, self.end):
                end = number + metadata.row_group(group).num_rows
                yield from reader._row_group(parquet, group, columns, source, options,
                                             number, end)
                number = end
            seen.append(True)
        finally:
            parquet.close()


@dataclass(frozen=True)
class UnitDone:
    """The last result of every unit: it was read and analysed to the end."""

    index: int
    size: int
    #: For a part of a split JSONL file: whether it held a line with something on it.
    seen: bool = True


@dataclass
class Plan:
    """What the driver does itself (failures and skips from discovery, one-article files
    already stored) and the units for the workers."""

    units: list[Unit] = field(default_factory=list)
    #: Results known without reading: Failure, Skipped, or the locations of one-article
    #: files already stored (``--resume``), with their sizes.
    early: list[Failure | Skipped | tuple[str, int]] = field(default_factory=list)


def split_size(refs: Sequence[InputRef], options: ReadOptions, input_format: str | None,
               workers: int) -> int:
    """The size of a JSONL range or run of row groups: :data:`UNITS_PER_WORKER` units per
    worker over the inputs that can be split, within the bounds above."""
    total = sum(ref.size for ref in refs if _splittable_format(ref, options, input_format))
    return max(MIN_SPLIT_BYTES, min(MAX_SPLIT_BYTES,
                                    total // max(1, workers * UNITS_PER_WORKER)))


def plan_units(
    refs: Iterable[InputRef | Failure | Skipped],
    options: ReadOptions,
    *,
    input_format: str | None = None,
    skip_sources: set[str] | frozenset[str] = frozenset(),
    stdin: bytes | None = None,
    workers: int = 1,
    split_bytes: int | None = None,
) -> Plan:
    """Cut the discovered inputs into units (see the module docstring). Paths are made
    absolute (sources keep the location as given): an actor on another node does not share
    the driver's working directory."""
    refs = [dataclasses.replace(ref, path=ref.path.absolute())
            if isinstance(ref, InputRef) and ref.path is not None else ref for ref in refs]
    inputs = [ref for ref in refs if isinstance(ref, InputRef)]
    split = split_bytes or split_size(inputs, options, input_format, workers)
    skips = _SkipIndex(skip_sources)
    plan = Plan()
    one_article = [ref for ref in inputs if _one_article(ref, input_format)
                   and ref.location not in skip_sources]
    per_unit = max(1, min(MAX_FILES_PER_UNIT, len(one_article) // max(1, workers * 8)))
    group: list[InputRef] = []

    def add(unit_type: type, **fields: object) -> None:
        plan.units.append(unit_type(index=len(plan.units), **fields))

    def close_group() -> None:
        if group:
            add(FilesUnit, size=sum(ref.size for ref in group), refs=tuple(group))
            group.clear()

    for ref in refs:
        if not isinstance(ref, InputRef):
            plan.early.append(ref)
        elif _one_article(ref, input_format):
            if ref.location in skip_sources:
                plan.early.append((ref.location, ref.size))
                continue
            group.append(ref)
            if len(group) >= per_unit:
                close_group()
        else:
            parts = _parts(ref, options, input_format, split)
            if not parts:
                add(WholeUnit, size=ref.size, ref=ref, skip=skips.whole(ref.location),
                    stdin=stdin if ref.kind == "stdin" else None)
            for part in parts:
                add(part.pop("type"), ref=ref, parts=len(parts),
                    skip=skips.numbered(ref.location, part["first"], part["last"]), **part)
    close_group()
    return plan


def _one_article(ref: InputRef, input_format: str | None) -> bool:
    return ref.kind == "file" and ref.path is not None and (
        (input_format or format_for_path(ref.path)) in ONE_ARTICLE_FORMATS)


def _splittable_format(ref: InputRef, options: ReadOptions, input_format: str | None) -> bool:
    if ref.kind != "file" or ref.path is None or is_gzip(ref.path):
        return False
    if is_metadata_file(ref, options):
        return False
    return (input_format or format_for_path(ref.path)) in ("jsonl", "parquet")


def _parts(ref: InputRef, options: ReadOptions, input_format: str | None,
           split: int) -> list[dict[str, object]]:
    """The parts of a splittable input, or [] to read it whole."""
    if not _splittable_format(ref, options, input_format) or ref.size <= split:
        return []
    assert ref.path is not None
    fmt = input_format or format_for_path(ref.path)
    try:
        if fmt == "jsonl":
            return _jsonl_parts(ref.path, split)
        return _parquet_parts(ref.path, options, split)
    except (OSError, InputError, ValueError):
        return []  # the reader, reading it whole, says what is wrong with it


def _jsonl_parts(path: Path, split: int) -> list[dict[str, object]]:
    from narrascope.ingest.tabular import _SAMPLE_BYTES, _wide_encoding

    with path.open("rb") as stream:
        if _wide_encoding(read_sample(stream, _SAMPLE_BYTES)):
            return []  # UTF-16/32: read whole, through a decoder
    ranges = line_ranges(path, split)
    if len(ranges) < 2:
        return []
    parts: list[dict[str, object]] = []
    for number, (start, end, first) in enumerate(ranges):
        last = ranges[number + 1][2] - 1 if number + 1 < len(ranges) else 0
        parts.append({"type": LinesUnit, "part": number, "start": start, "end": end,
                      "first": first, "last": last, "size": end - start})
    return parts


def line_ranges(path: Path, split: int) -> list[tuple[int, int, int]]:
    """``(start, end, first line number)`` of consecutive byte ranges of a file, each of at
    least ``split`` bytes (but the last) and each starting at the start of a line. The lines
    are numbered as :func:`narrascope.ingest.files.iter_lines` numbers them: one more than
    the newlines before. The file is read once, a chunk at a time."""
    ranges: list[tuple[int, int, int]] = []
    start, first = 0, 1
    offset = 0  # of the chunk's first byte in the file
    newlines = 0  # before the chunk
    target = split  # a range ends at the first line start at or after this offset
    with path.open("rb") as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            position = counted = 0  # searched so far in the chunk, and its newlines
            while (look := max(position, target - 1 - offset)) < len(chunk):
                found = chunk.find(b"\n", look)
                if found < 0:
                    break
                counted += chunk.count(b"\n", position, found + 1)
                position = found + 1
                ranges.append((start, offset + position, first))
                start, first = offset + position, newlines + counted + 1
                target = start + split
            newlines += counted + chunk.count(b"\n", position)
            offset += len(chunk)
    if start < offset or not ranges:
        ranges.append((start, offset, first))
    return ranges


def _parquet_parts(path: Path, options: ReadOptions, split: int) -> list[dict[str, object]]:
    import pyarrow.parquet as pq

    from narrascope.ingest import parquet as reader

    with contextlib.closing(pq.ParquetFile(str(path))) as parquet:
        metadata = parquet.metadata
        if metadata.num_row_groups < 2 or metadata.num_rows == 0:
            return []
        try:
            reader._check_text_column(parquet.schema_arrow, options.text_field)
        except InputError:
            return []  # said once, by the reader of the whole file
        runs: list[tuple[int, int]] = []  # (first row group, end)
        start = size = 0
        for group in range(metadata.num_row_groups):
            size += metadata.row_group(group).total_byte_size
            if size >= split and group + 1 < metadata.num_row_groups:
                runs.append((start, group + 1))
                start, size = group + 1, 0
        runs.append((start, metadata.num_row_groups))
        if len(runs) < 2:
            return []
        parts: list[dict[str, object]] = []
        first = 1
        for number, (begin, end) in enumerate(runs):
            rows = sum(metadata.row_group(g).num_rows for g in range(begin, end))
            size = sum(metadata.row_group(g).total_byte_size for g in range(begin, end))
            parts.append({"type": RowGroupsUnit, "part": number, "start": begin, "end": end,
                          "first": first, "last": first + rows - 1,
                          "size": round(path.stat().st_size * size
                                        / max(1, _total_bytes(metadata)))})
            first += rows
        return parts


def _total_bytes(metadata: object) -> int:
    return sum(metadata.row_group(g).total_byte_size  # type: ignore[attr-defined]
               for g in range(metadata.num_row_groups))  # type: ignore[attr-defined]


class _SkipIndex:
    """The stored sources (``--resume``) by the input they came from, so that each unit
    carries only those inside it."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.sources = set(sources)
        self.numbered_by_input: dict[str, dict[int, str]] = {}
        for source in self.sources:
            head, mark, tail = source.rpartition("#")
            if mark and tail.isdigit():
                self.numbered_by_input.setdefault(head, {})[int(tail)] = source

    def whole(self, location: str) -> frozenset[str]:
        found = set(self.numbered_by_input.get(location, {}).values())
        if location in self.sources:
            found.add(location)
        return frozenset(found)

    def numbered(self, location: str, first: object, last: object) -> frozenset[str]:
        assert isinstance(first, int) and isinstance(last, int)
        numbered = self.numbered_by_input.get(location, {})
        return frozenset(source for number, source in numbered.items()
                         if first <= number and (not last or number <= last))
