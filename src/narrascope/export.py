"""Exporting stored articles as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from narrascope.output import OutputFile, json_line

#: Scalar columns of CSV/Parquet exports, in order; nested fields follow as JSON strings.
SCALAR_COLUMNS = (
    "id", "source", "url", "outlet", "title", "published", "author", "language",
    "language_score", "input_format", "encoding", "schema_version", "text",
)
FORMATS = ("jsonl", "csv", "parquet")
#: Column types a tidy table declares (``types`` of :func:`export_records`). ``list<string>``
#: stays a list in JSONL and Parquet, and is joined with ";" in CSV.
COLUMN_TYPES = ("string", "int64", "float64", "bool", "list<string>")
#: Rows per Parquet row group of a typed table: what is held in memory at once.
PARQUET_BATCH = 10_000


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One row: scalar fields as they are, lists and objects as JSON text.

    >>> flatten({"id": "a1", "sentences": [{"start": 0, "end": 4}]})["sentences"]
    '[{"start": 0, "end": 4}]'
    """
    row: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, (list, dict)):
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = value
    return row


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    extra = sorted({key for row in rows for key in row} - set(SCALAR_COLUMNS))
    return [*SCALAR_COLUMNS, *extra]


def export_records(records: Iterable[dict[str, Any]], fmt: str, out: str | None, *,
                   protect: Mapping[str, str] | None = None,
                   columns: Sequence[str] | None = None,
                   types: Mapping[str, str] | None = None) -> int:
    """Write ``records`` to ``out`` (a path, or stdout when None/'-'); return how many.

    ``columns``: the CSV and Parquet columns, in order, for tidy tables of one kind of row
    (default: an article's scalar fields, then any others). ``types``: instead of
    ``columns``, each column and its type (:data:`COLUMN_TYPES`), in order; such a table is
    written as it is read, a batch at a time, and its Parquet file has those types even when
    it has no rows. The file appears only when complete; see :mod:`narrascope.output` for the
    targets refused (``protect``: files never to overwrite, such as the store being exported).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if types is not None and (unknown := set(types.values()) - set(COLUMN_TYPES)):
        raise ValueError(f"unknown column type(s): {', '.join(sorted(unknown))}")
    target = "-" if out is None else out
    if fmt == "parquet" and target == "-":
        raise ValueError("parquet is a binary format: give a file with --out")
    with OutputFile(target, binary=fmt == "parquet", protect=protect) as output, \
            output.writing():
        if fmt == "parquet":
            if types is not None:
                return _write_typed_parquet(records, output.handle, types)
            return _write_parquet(records, output.handle, columns)
        if fmt == "jsonl":
            count = 0
            for record in records:
                output.handle.write(json_line(record))
                count += 1
            return count
        if types is not None:
            return _write_typed_csv(records, output.handle, types)
        rows = [flatten(record) for record in records]
        writer = csv.DictWriter(output.handle, fieldnames=list(columns or _columns(rows)),
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return len(rows)


def _write_parquet(records: Iterable[dict[str, Any]], handle: IO[bytes],
                   columns: Sequence[str] | None = None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flatten(record) for record in records]
    arrays = {}
    typed = columns is not None  # tidy tables keep their numbers; articles stay as before
    for column in columns or _columns(rows):
        values = [row.get(column) for row in rows]
        present = [v for v in values if v is not None] if typed else []
        if column == "language_score" or (present and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
                and any(isinstance(v, float) for v in present)):
            arrays[column] = pa.array(values, type=pa.float64())
        elif present and all(isinstance(v, bool) for v in present):
            arrays[column] = pa.array(values, type=pa.bool_())
        elif present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            arrays[column] = pa.array(values, type=pa.int64())
        else:
            arrays[column] = pa.array([None if v is None else str(v) for v in values],
                                      type=pa.string())
    pq.write_table(pa.table(arrays), handle)
    return len(rows)


def _csv_cell(value: Any, kind: str) -> Any:
    # A list of names (fine roles) is one cell a spreadsheet or pandas reads as text, not JSON.
    if kind == "list<string>" and value is not None:
        return ";".join(value)
    return value


def _write_typed_csv(records: Iterable[dict[str, Any]], handle: IO[str],
                     types: Mapping[str, str]) -> int:
    writer = csv.DictWriter(handle, fieldnames=list(types), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:  # row by row: a table of millions of rows is never held at once
        writer.writerow({column: _csv_cell(record.get(column), kind)
                         for column, kind in types.items()})
        count += 1
    return count


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _write_typed_parquet(records: Iterable[dict[str, Any]], handle: IO[bytes],
                         types: Mapping[str, str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
    schema = pa.schema([(column, arrow[kind]) for column, kind in types.items()])
    count = 0
    # The schema is fixed before the first row, so an empty table keeps its types and every
    # row group agrees; a row group at a time bounds the memory a large store needs.
    with pq.ParquetWriter(handle, schema) as writer:
        for batch in _batches(records, PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
