"""Parquet files: one article per row, with the field options of JSONL and CSV.

A Parquet file is read a batch of rows at a time (:meth:`pyarrow.parquet.ParquetFile.iter_batches`)
and only the columns the field options name, so a file of many gigabytes, or of many columns, is
never held at once. ``--max-bytes`` therefore does not limit the size of a Parquet file on disk:
it limits each article's text, as for a JSONL line or a CSV field, and the whole file only when
it has to be held in memory (standard input, a URL).

A row is turned into an article as a JSON object is (:func:`article_from_record`): dotted field
names reach into struct columns (``--url-field meta.url``), a text column holding a list of
strings gives paragraphs, and the ``source`` of the N-th row (1-based, over the whole file) is
``path#N``. Timestamp and date columns become ISO 8601 text before the date is read (a timestamp
with a zone in UTC). A row without text, or with a value Python cannot represent, is a
:class:`Failure` for that row; a text column of a type that cannot hold text (a number, a
timestamp) fails the file once, naming the column and its type, as a missing text column does.
A damaged row group is one failure naming the file and the rows lost; the next one is read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from narrascope.ingest.base import Failure, IngestItem, InputError, ReadOptions
from narrascope.ingest.files import Source, is_gzip
from narrascope.ingest.metadata import MISSING, get_field
from narrascope.ingest.tabular import article_from_record

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

#: Rows converted to Python at a time: what a batch holds in memory besides Arrow's buffers.
BATCH_ROWS = 256
#: Bytes read from the file at a time, within a column chunk.
_BUFFER_BYTES = 1 << 20
#: The first bytes (and the last) of every Parquet file.
PARQUET_MAGIC = b"PAR1"

_FIELDS = ("text", "title", "url", "date", "id", "outlet", "author")


def read_parquet(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    """One article per row; see the module docstring."""
    parquet = _open(source, options)
    try:
        schema = parquet.schema_arrow
        _check_text_column(schema, options.text_field)
        columns = _columns(schema, options)
        metadata = parquet.metadata
        if metadata.num_rows == 0:
            raise InputError("empty Parquet file (no rows)")
        number = 0  # rows of the file before the one being read
        for group in range(metadata.num_row_groups):
            end = number + metadata.row_group(group).num_rows
            yield from _row_group(parquet, group, columns, source, options, number, end)
            number = end
    finally:
        parquet.close()


def _row_group(parquet: pq.ParquetFile, group: int, columns: list[str], source: Source,
               options: ReadOptions, number: int, end: int) -> Iterator[IngestItem]:
    """The rows ``number + 1`` to ``end`` (one row group), a batch at a time. A damaged row
    group is one failure naming the file and the rows lost; the next row group is read."""
    import pyarrow as pa

    first = number + 1
    batches = parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[group],
                                   columns=columns, use_threads=False)
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError, ValueError) as exc:
            lost = f"row {number + 1}" if number + 1 == end else f"rows {number + 1}-{end}"
            yield Failure(source.location, f"row group {group + 1} (rows {first}-{end}) is "
                          f"damaged: {lost} not read ({_message(exc)})")
            return
        if batch is None:
            return
        for record in _records(batch, options.text_field):
            number += 1
            yield _item(record, source.record(number), options)


def _message(exc: BaseException) -> str:
    """An Arrow error on one line (they run over several)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _open(source: Source, options: ReadOptions) -> pq.ParquetFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if source.data is not None:
        where: Any = pa.BufferReader(source.read_bytes(options.max_bytes))
    else:
        assert source.path is not None
        if is_gzip(source.path):
            raise InputError("a gzip-compressed Parquet file cannot be read in parts; "
                             "decompress it first (Parquet compresses its columns itself)")
        try:
            if source.path.stat().st_size == 0:
                raise InputError("empty file")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
        where = str(source.path)
    try:
        # Column chunks are read through a buffer, a page at a time, not whole: a row group of
        # a gigabyte does not have to fit in memory.
        return pq.ParquetFile(where, buffer_size=_BUFFER_BYTES)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"not a Parquet file, or a corrupt one ({_message(exc)})") from exc


def _field_type(schema: pa.Schema, name: str) -> pa.DataType | None:
    """The type a field name reaches: a column, or a dotted path through struct columns."""
    import pyarrow as pa

    if name in schema.names:
        return schema.field(name).type
    kind: pa.DataType | None = None
    fields: Any = schema
    for part in name.split("."):
        index = fields.get_field_index(part)
        if index < 0:
            return None
        kind = fields.field(index).type
        fields = kind if pa.types.is_struct(kind) else _NoFields()
    return kind


class _NoFields:
    """What lies below a column that is not a struct: no field."""

    def get_field_index(self, _name: str) -> int:
        return -1


def _holds_text(kind: pa.DataType) -> bool:
    import pyarrow as pa

    types = pa.types
    if types.is_dictionary(kind):
        return _holds_text(kind.value_type)
    if types.is_list(kind) or types.is_large_list(kind) or types.is_list_view(kind) \
            or types.is_large_list_view(kind) or types.is_fixed_size_list(kind):
        return _holds_text(kind.value_type)
    return (types.is_string(kind) or types.is_large_string(kind) or types.is_string_view(kind)
            or types.is_binary(kind) or types.is_large_binary(kind)
            or types.is_binary_view(kind) or types.is_null(kind))


def _check_text_column(schema: pa.Schema, name: str) -> None:
    kind = _field_type(schema, name)
    if kind is None:
        raise InputError(f"no column {name!r} in the Parquet file (columns: "
                         f"{', '.join(schema.names[:12]) or 'none'}); choose one with --text-field")
    if not _holds_text(kind):
        raise InputError(f"column {name!r} is {kind}, not text; choose the text column with "
                         "--text-field")


def _columns(schema: pa.Schema, options: ReadOptions) -> list[str]:
    """The top-level columns the field options reach (a dotted name: its struct column)."""
    columns: list[str] = []
    for field in _FIELDS:
        name = getattr(options, f"{field}_field")
        column = name if name in schema.names else name.split(".", 1)[0]
        if column in schema.names and column not in columns:
            columns.append(column)
    return columns


def _python_friendly(kind: pa.DataType) -> pa.DataType:
    """``kind`` with nanosecond timestamps made microsecond ones, which Python's datetime can
    hold (articles have no use for the nanoseconds); other types as they are."""
    import pyarrow as pa

    types = pa.types
    if types.is_timestamp(kind) and kind.unit == "ns":
        return pa.timestamp("us", tz=kind.tz)
    if types.is_struct(kind):
        return pa.struct([field.with_type(_python_friendly(field.type)) for field in kind])
    if types.is_list(kind):
        return pa.list_(kind.value_field.with_type(_python_friendly(kind.value_type)))
    if types.is_large_list(kind):
        return pa.large_list(kind.value_field.with_type(_python_friendly(kind.value_type)))
    return kind


class _BadRow(str):
    """Why a row could not be read at all (its text column holds a value Python cannot
    represent); :func:`_item` makes it a :class:`Failure` with the row's source."""


def _records(batch: pa.RecordBatch, text_field: str) -> Iterator[dict[str, Any] | _BadRow]:
    """The rows of ``batch`` as JSON-like dicts. A value Python cannot represent (a date past
    the year 9999) fails its row when it is the text, else that field is left out with a
    warning."""
    import pyarrow as pa

    arrays = []
    for column in batch.columns:
        wanted = _python_friendly(column.type)
        if wanted != column.type:
            # When the cast fails, the rows that cannot be read fail one by one below.
            with contextlib.suppress(pa.ArrowException, ValueError):
                column = column.cast(wanted, safe=False)
        arrays.append(column)
    names = batch.schema.names
    try:
        rows = pa.RecordBatch.from_arrays(arrays, names=names).to_pylist()
    except (pa.ArrowException, ValueError, OverflowError, TypeError):
        rows = None
    if rows is not None:
        for row in rows:
            yield {name: _plain(value) for name, value in row.items()}
        return
    text_column = text_field if text_field in names else text_field.split(".", 1)[0]
    for index in range(batch.num_rows):  # the slow way, to tell the bad rows from the others
        record: dict[str, Any] = {}
        problems: list[str] = []
        for name, array in zip(names, arrays, strict=True):
            try:
                record[name] = _plain(array[index].as_py())
            except (pa.ArrowException, ValueError, OverflowError, TypeError) as exc:
                problems.append(f"column {name!r} holds a value that cannot be read ({exc})")
                if name == text_column:
                    break
        if text_column not in record:
            yield _BadRow(problems[-1])
        else:
            record[_WARNINGS] = [f"{problem}; ignored" for problem in problems]
            yield record


#: Key under which :func:`_records` passes a row's warnings on to :func:`_item`.
_WARNINGS = "\x00warnings"


def _plain(value: Any) -> Any:
    """A value as JSON would give it: dates and times as ISO 8601 text, decimals as numbers,
    UTF-8 bytes as text, maps as lists of pairs."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _item(record: dict[str, Any] | _BadRow, location: str, options: ReadOptions
          ) -> IngestItem:
    if isinstance(record, _BadRow):
        return Failure(location, str(record))
    warnings = record.pop(_WARNINGS, [])
    if get_field(record, options.text_field, MISSING) is MISSING:
        # The column exists (checked first): a struct above the field is null in this row.
        return Failure(location, f"field {options.text_field!r} is null")
    try:
        article = article_from_record(record, source=location, options=options,
                                      input_format="parquet")
    except InputError as exc:
        return Failure(location, str(exc))
    except Exception as exc:
        return Failure(location, f"reader error ({type(exc).__name__}: {exc})")
    article.warnings[:0] = warnings
    return article


__all__ = ["BATCH_ROWS", "PARQUET_MAGIC", "read_parquet"]
