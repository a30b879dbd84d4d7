"""Record files: JSON Lines, JSON arrays and CSV/TSV, with configurable field names."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from narrascope.document import RawArticle
from narrascope.ingest.base import Failure, IngestItem, InputError, ReadOptions, Source
from narrascope.ingest.files import human_size, iter_lines, read_sample
from narrascope.ingest.metadata import as_text, get_field, normalize_date, outlet_from_url
from narrascope.ingest.plaintext import decode

_SAMPLE_BYTES = 1 << 16


def article_from_record(
    record: Any, *, source: str, options: ReadOptions, input_format: str
) -> RawArticle:
    """Build an article from one JSON object or CSV row; raises :class:`InputError`."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    if get_field(record, options.text_field) is None:
        fields = ", ".join(map(str, list(record)[:12])) or "none"
        raise InputError(
            f"no field {options.text_field!r} (fields: {fields}); choose one with --text-field"
        )
    text = as_text(get_field(record, options.text_field))
    if not text:
        raise InputError(f"field {options.text_field!r} is empty or not text")
    if len(text.encode("utf-8")) > options.max_bytes:
        raise InputError(f"field {options.text_field!r} is over the "
                         f"{human_size(options.max_bytes)} limit (--max-bytes)")
    url = as_text(get_field(record, options.url_field))
    published, date_warning = normalize_date(as_text(get_field(record, options.date_field)))
    return RawArticle(
        source=source,
        text=text,
        title=as_text(get_field(record, options.title_field)),
        url=url,
        outlet=as_text(get_field(record, options.outlet_field)) or outlet_from_url(url),
        published=published,
        author=as_text(get_field(record, options.author_field)),
        given_id=as_text(get_field(record, options.id_field)),
        input_format=input_format,
        warnings=[date_warning] if date_warning else [],
    )


class _Utf8Lines:
    """A UTF-16/32 stream read line by line as UTF-8 bytes, for :func:`iter_lines` (whose
    newline bytes would cut wide characters in half)."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self._text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")

    def readline(self, size: int = -1) -> bytes:
        return self._text.readline(size).encode("utf-8")


def _wide_encoding(sample: bytes) -> str | None:
    """The codec of a UTF-16/32 sample (``utf-16`` when a BOM tells the byte order), None for
    other text; raises :class:`InputError` for binary content."""
    encoding = decode(sample).encoding
    if not encoding.startswith(("utf-16", "utf-32")):
        return None
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return encoding


def read_jsonl(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    seen_any = False
    with source.open() as stream:
        wide = _wide_encoding(read_sample(stream, _SAMPLE_BYTES))
        lines = _Utf8Lines(stream, wide) if wide else stream
        for number, raw_line in iter_lines(lines, options.max_bytes):
            location = source.record(number)
            if raw_line is None:
                yield Failure(location, f"line is over the {human_size(options.max_bytes)} "
                              "limit (--max-bytes)", line=number)
                continue
            if not raw_line.strip():
                continue
            seen_any = True
            try:
                record = json.loads(decode(raw_line).text)
                yield article_from_record(
                    record, source=location, options=options, input_format="jsonl"
                )
            except json.JSONDecodeError as exc:
                yield Failure(location, f"invalid JSON: {exc.msg} (column {exc.colno})",
                              line=number)
            except InputError as exc:
                yield Failure(location, str(exc), line=number)
    if not seen_any:
        raise InputError("empty file (no JSON lines)")


def read_json(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    text = decode(source.read_bytes(options.max_bytes)).text
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
                         ) from exc
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise InputError("empty JSON array")
    for number, record in enumerate(records, start=1):
        location = source.record(number) if isinstance(payload, list) else source.location
        try:
            yield article_from_record(record, source=location, options=options,
                                      input_format="json")
        except InputError as exc:
            yield Failure(location, str(exc))


def _csv_dialect(sample: str, default_delimiter: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 50)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if default_delimiter == "\t" else csv.excel
        return dialect
    dialect.doublequote = True  # a header without quotes says nothing about "" escapes
    return dialect


def read_csv(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    default_delimiter = "\t" if ".tsv" in source.location.lower() else ","
    with source.open() as stream:
        sample = read_sample(stream, _SAMPLE_BYTES)
        if not sample.strip():
            raise InputError("empty file")
        if len(sample) == _SAMPLE_BYTES:  # do not judge the encoding on a cut character
            sample = sample[: sample.rfind(b"\n") + 1] or sample
        decoded = decode(sample)
        text_stream = io.TextIOWrapper(
            stream, encoding=decoded.encoding, errors="replace", newline=""
        )
        csv.field_size_limit(max(options.max_bytes, 1 << 20))
        dialect = _csv_dialect(decoded.text, default_delimiter)
        reader = csv.DictReader(text_stream, dialect=dialect)
        try:
            header = reader.fieldnames
        except csv.Error as exc:
            raise InputError(f"malformed CSV header: {exc}") from exc
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(f"truncated or corrupt gzip data in the CSV header ({exc})"
                             ) from exc
        if not header:
            raise InputError("empty file (no CSV header)")
        header = [h.strip().lstrip("\ufeff") if h else h for h in header]
        reader.fieldnames = header
        if options.text_field not in header:
            raise InputError(
                f"no column {options.text_field!r} in the CSV header "
                f"(columns: {', '.join(h for h in header if h)}); choose one with --text-field"
            )
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(f"malformed CSV at line {reader.line_num}: {exc}") from exc
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                raise InputError(
                    f"truncated or corrupt gzip data after row {number} ({exc})"
                ) from exc
            number += 1
            location = source.record(number)
            try:
                yield article_from_record(
                    row, source=location, options=options, input_format="csv"
                )
            except InputError as exc:
                yield Failure(location, str(exc), line=reader.line_num)
