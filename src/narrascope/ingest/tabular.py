"""Record files: JSON Lines, JSON arrays and CSV/TSV, with configurable field names."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from narrascope.document import RawArticle
from narrascope.ingest.base import Failure, IngestItem, InputError, ReadOptions
from narrascope.ingest.files import Source, human_size, iter_lines, read_sample
from narrascope.ingest.metadata import (
    MISSING,
    get_field,
    normalize_date,
    text_value,
)
from narrascope.ingest.plaintext import decode

_SAMPLE_BYTES = 1 << 16
_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def article_from_record(
    record: Any, *, source: str, options: ReadOptions, input_format: str
) -> RawArticle:
    """Build an article from one JSON object or CSV row; raises :class:`InputError`.

    The text must be a string (or an array of strings: paragraphs); anything else fails the
    record, naming the field and what it holds. Other fields take numbers too (an id, an epoch
    date); a boolean, object or mixed array there is dropped with a warning, since the article
    itself is still good.
    """
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    value = get_field(record, options.text_field, MISSING)
    if value is MISSING:
        fields = ", ".join(map(str, list(record)[:12])) or "none"
        raise InputError(
            f"no field {options.text_field!r} (fields: {fields}); choose one with --text-field"
        )
    if value is None:
        raise InputError(f"field {options.text_field!r} is null")
    text = text_value(value, options.text_field, numbers=False)
    if not text or not text.replace("\x00", "").strip():
        raise InputError(f"field {options.text_field!r} is empty or not text")
    if len(text.encode("utf-8", "surrogatepass")) > options.max_bytes:
        raise InputError(f"field {options.text_field!r} is over the "
                         f"{human_size(options.max_bytes)} limit (--max-bytes)")
    warnings: list[str] = []

    def field_text(name: str) -> str | None:
        try:
            return text_value(get_field(record, name), name, numbers=True)
        except InputError as exc:
            warnings.append(f"{exc}; ignored")
            return None

    url = field_text(options.url_field)
    published, date_warning = normalize_date(field_text(options.date_field))
    return RawArticle(
        source=source,
        text=text,
        title=field_text(options.title_field),
        url=url,
        # Without an outlet field, the URL's host comes with the other fallbacks (read_ref).
        outlet=field_text(options.outlet_field),
        published=published,
        author=field_text(options.author_field),
        given_id=field_text(options.id_field),
        input_format=input_format,
        warnings=warnings + ([date_warning] if date_warning else []),
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
    """One article per line; a bad line (invalid JSON, nested too deeply, not an object, no
    text) is a failure for that line alone and reading goes on with the next."""
    seen: list[bool] = []
    with source.open() as stream:
        wide = _wide_encoding(read_sample(stream, _SAMPLE_BYTES))
        lines = _Utf8Lines(stream, wide) if wide else stream
        yield from jsonl_records(iter_lines(lines, options.max_bytes), source, options, seen)
    if not seen:
        raise InputError("empty file (no JSON lines)")


def jsonl_records(lines: Iterable[tuple[int, bytes | None]], source: Source,
                  options: ReadOptions, seen: list[bool], first: int = 1
                  ) -> Iterator[IngestItem]:
    """The items of numbered JSON lines (as :func:`iter_lines` gives them, counted from 1 for
    the line numbered ``first``): blank lines skipped, an over-long or bad line a failure for
    that line alone. ``seen`` gets True at the first line that is not blank (a file of blank
    lines is an empty file; a range of a split file may be all blank)."""
    for counted, raw_line in lines:
        number = first + counted - 1
        location = source.record(number)
        if raw_line is None:
            yield Failure(location, f"line is over the {human_size(options.max_bytes)} "
                          "limit (--max-bytes)", line=number)
            continue
        if not raw_line.strip():
            continue
        if not seen:
            seen.append(True)
        yield _jsonl_record(raw_line, location, number, options)


def _jsonl_record(raw_line: bytes, location: str, number: int,
                  options: ReadOptions) -> IngestItem:
    try:
        record = json.loads(decode(raw_line).text)
        return article_from_record(record, source=location, options=options,
                                   input_format="jsonl")
    except json.JSONDecodeError as exc:
        return Failure(location, f"invalid JSON: {exc.msg} (column {exc.colno})", line=number)
    except InputError as exc:
        return Failure(location, str(exc), line=number)
    except Exception as exc:
        return Failure(location, _record_error(exc), line=number)


def _record_error(exc: Exception) -> str:
    """Why one record could not be read, when the JSON parser or a field gave up on it."""
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    if isinstance(exc, ValueError):  # e.g. an integer of more than 4300 digits
        return f"invalid JSON: {exc}"
    return f"reader error ({type(exc).__name__}: {exc})"


def read_json(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    """One article per element of a top-level array (or one for a single object)."""
    text = decode(source.read_bytes(options.max_bytes)).text
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
                         ) from exc
    except (RecursionError, ValueError) as exc:  # too deep, or an integer of 4300+ digits
        if not text.lstrip().startswith("["):
            raise InputError(_record_error(exc)) from None
        yield from _json_array_records(text, source, options)
        return
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise InputError("empty JSON array")
    for number, record in enumerate(records, start=1):
        location = source.record(number) if isinstance(payload, list) else source.location
        yield _json_record(record, location, options)


def _json_record(record: Any, location: str, options: ReadOptions) -> IngestItem:
    try:
        return article_from_record(record, source=location, options=options,
                                   input_format="json")
    except InputError as exc:
        return Failure(location, str(exc))
    except Exception as exc:
        return Failure(location, _record_error(exc))


def _json_array_records(
    text: str, source: Source, options: ReadOptions
) -> Iterator[IngestItem]:
    """The elements of a JSON array one by one, for an array the parser cannot take whole
    (an element nested too deeply, a giant integer): such an element fails alone."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, text.index("[") + 1)
    number = 0
    while position < len(text) and text[position] != "]":
        number += 1
        location = source.record(number)
        try:
            record, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
                             ) from exc
        except (RecursionError, ValueError) as exc:
            position = _end_of_value(text, position)
            yield Failure(location, _record_error(exc))
        else:
            yield _json_record(record, location, options)
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif not text.startswith("]", position):
            raise InputError(f"invalid JSON: expecting ',' or ']' after element {number}")


_SPACE = re.compile(r"[ \t\r\n]*")
#: A string (skipped whole), a bracket, or a scalar outside any container.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|[^\s,\[\]{}"]+')


def _skip_space(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    return match.end() if match else position


def _end_of_value(text: str, position: int) -> int:
    """Where the JSON value starting at ``position`` ends, found without recursion."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text, position):
        value = token.group()
        if value in ("[", "{"):
            depth += 1
        elif value in ("]", "}"):
            depth -= 1
        if depth <= 0:
            return token.end()
    raise InputError("invalid JSON: unterminated array or object")


def _csv_dialect(sample: str, default_delimiter: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 50)[0] + "\n", delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if default_delimiter == "\t" else csv.excel
        return dialect
    dialect.doublequote = True  # a header without quotes says nothing about "" escapes
    return dialect


def read_csv(source: Source, options: ReadOptions) -> Iterator[IngestItem]:
    """One article per row. A bad row (a field over the size limit, too few fields for the text
    column, a malformed row) is a failure naming its row and line; the next rows are read."""
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
        dialect = _csv_dialect(decoded.text, default_delimiter)
        lines = _CsvLines(text_stream, dialect.quotechar if dialect.doublequote else None)
        reader = csv.reader(lines, dialect=dialect)
        limit = max(options.max_bytes, 1 << 20)
        header = _csv_header(reader, limit)
        if options.text_field not in header:
            raise InputError(
                f"no column {options.text_field!r} in the CSV header "
                f"(columns: {', '.join(h for h in header if h)}); choose one with --text-field"
            )
        yield from _csv_rows(reader, lines, header, source, options, limit)


class _CsvLines:
    """The lines of a CSV file for :func:`csv.reader`, numbered, and with the quote characters
    of the current row counted: after a bad row the reader has only given up on the line it
    was in, and an odd count says a quoted field goes on over the next lines, which are then
    skipped up to its end instead of being read as rows."""

    def __init__(self, stream: io.TextIOWrapper, quotechar: str | None) -> None:
        self._stream = stream
        self._quotechar = quotechar
        self.line_num = 0
        self.quotes = 0

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        line = next(self._stream)
        self.line_num += 1
        if self._quotechar:
            self.quotes += line.count(self._quotechar)
        return line

    def skip_rest_of_row(self) -> None:
        while self.quotes % 2 and next(self, None) is not None:
            pass


def _next_row(reader: Iterator[list[str]], limit: int) -> list[str]:
    """The next row, read under a field size limit of ``limit`` characters; the limit is
    process-wide state of the csv module, so it is set for this call only."""
    previous = csv.field_size_limit(limit)
    try:
        return next(reader)
    finally:
        csv.field_size_limit(previous)


def _csv_header(reader: Iterator[list[str]], limit: int) -> list[str]:
    try:
        header = _next_row(reader, limit)
        while header == []:  # blank lines before the header
            header = _next_row(reader, limit)
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}") from exc
    except _GZIP_ERRORS as exc:
        raise InputError(f"truncated or corrupt gzip data in the CSV header ({exc})") from exc
    if not header:
        raise InputError("empty file (no CSV header)")
    return [h.strip().lstrip("\ufeff") for h in header]


def _csv_rows(
    reader: Iterator[list[str]], lines: _CsvLines, header: list[str], source: Source,
    options: ReadOptions, limit: int,
) -> Iterator[IngestItem]:
    number = 0
    while True:
        lines.quotes = 0
        first_line = lines.line_num + 1
        try:
            row = _next_row(reader, limit)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            reason = _csv_error(exc, first_line, limit)
            try:
                lines.skip_rest_of_row()
            except _GZIP_ERRORS as gzip_exc:
                raise InputError(f"truncated or corrupt gzip data after row {number} "
                                 f"({gzip_exc})") from gzip_exc
            if lines.line_num > first_line:  # say what was skipped, in case the guess was wrong
                reason += (f"; lines {first_line}-{lines.line_num} were skipped as this row "
                           "(a quoted field seemed to run over them)")
            yield Failure(source.record(number), reason, line=first_line)
            continue
        except _GZIP_ERRORS as exc:
            raise InputError(
                f"truncated or corrupt gzip data after row {number} ({exc})"
            ) from exc
        if row:  # blank lines are no rows
            number += 1
            yield _csv_record(row, header, source.record(number), first_line, options)


def _csv_error(exc: csv.Error, line: int, limit: int) -> str:
    if "field limit" in str(exc):
        return f"a field at line {line} is over the {human_size(limit)} limit (--max-bytes)"
    return f"malformed CSV row at line {line}: {exc}"


def _csv_record(
    row: list[str], header: list[str], location: str, line: int, options: ReadOptions
) -> IngestItem:
    shape = f"row has {len(row)} field(s), the header has {len(header)}"
    if len(row) <= header.index(options.text_field):
        return Failure(location, f"{shape}: no {options.text_field!r} column", line=line)
    try:
        article = article_from_record(dict(zip(header, row, strict=False)), source=location,
                                      options=options, input_format="csv")
    except InputError as exc:
        return Failure(location, str(exc), line=line)
    except Exception as exc:
        return Failure(location, f"reader error ({type(exc).__name__}: {exc})", line=line)
    if len(row) != len(header):
        article.warnings.append(f"csv: {shape}" + (
            "; the extra fields are ignored" if len(row) > len(header) else ""))
    return article
