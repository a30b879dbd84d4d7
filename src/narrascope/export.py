"""Exporting stored articles as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from narrascope.output import OutputFile, json_line

#: Scalar columns of CSV/Parquet exports, in order; nested fields follow as JSON strings.
SCALAR_COLUMNS = (
    "id", "source", "url", "outlet", "title", "published", "author", "language",
    "language_score", "input_format", "encoding", "schema_version", "text",
)
FORMATS = ("jsonl", "csv", "parquet")


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
                   columns: Sequence[str] | None = None) -> int:
    """Write ``records`` to ``out`` (a path, or stdout when None/'-'); return how many.

    ``columns``: the CSV and Parquet columns, in order, for tidy tables of one kind of row
    (default: an article's scalar fields, then any others). The file appears only when
    complete; see :mod:`narrascope.output` for the targets refused (``protect``: files never
    to overwrite, such as the store being exported).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    target = "-" if out is None else out
    if fmt == "parquet" and target == "-":
        raise ValueError("parquet is a binary format: give a file with --out")
    with OutputFile(target, binary=fmt == "parquet", protect=protect) as output, \
            output.writing():
        if fmt == "parquet":
            return _write_parquet(records, output.handle, columns)
        if fmt == "jsonl":
            count = 0
            for record in records:
                output.handle.write(json_line(record))
                count += 1
            return count
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
