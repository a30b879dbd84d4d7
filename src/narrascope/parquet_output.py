"""Articles as Parquet: one row per article, typed columns, the whole JSON object alongside.

``narrascope analyze --out FILE.parquet`` (or ``.pq``) writes through
:class:`ParquetArticleWriter`; other engines writing shards of the same table reuse it and
:data:`ARTICLE_PARQUET_SCHEMA`, the one definition of the columns (documented in
docs/schema.md, "Parquet"). Each row holds the article's main fields as typed columns for
quick queries (pandas, DuckDB, Spark), counts and narrative names, and ``document``: the
article's complete JSON object, exactly the line ``--out FILE.jsonl`` writes, so nothing is
lost.

Rows are buffered and written a row group at a time (:data:`ROW_GROUP_ROWS` articles, or
fewer when they hold more than :data:`ROW_GROUP_BYTES` of text), so the memory a run needs
does not grow with its size. Given a path, the file is an :class:`OutputFile`: written next to
the target and renamed over it only by :meth:`ParquetArticleWriter.close`, so an interrupted run
leaves no partial file under the real name, and the targets :func:`check_output` refuses (a
directory, a store) are refused here too.

>>> import json, os, tempfile
>>> import pyarrow.parquet as pq
>>> path = os.path.join(tempfile.mkdtemp(), "articles.parquet")
>>> with ParquetArticleWriter(path) as writer:
...     writer.write([{"schema_version": "1.5", "id": "a1", "source": "a.txt",
...                    "language": "en", "language_score": 0.99, "text": "Body.",
...                    "sentences": [{"start": 0, "end": 5}]}])
>>> row = pq.read_table(path).to_pylist()[0]
>>> row["id"], row["n_sentences"], row["n_quotes"], json.loads(row["document"])["text"]
('a1', 1, None, 'Body.')
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa

from narrascope.errors import OutputError
from narrascope.output import JsonlSink, OutputFile

#: File name endings that make ``--out`` Parquet (any case); every other name is JSON Lines.
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Articles per row group, at most.
ROW_GROUP_ROWS = 1000
#: Characters of ``text`` and ``document`` per row group, at most (a row group of long
#: articles is written sooner): what the writer holds in memory.
ROW_GROUP_BYTES = 64 * 1024 * 1024
#: Version of this table's layout, in the file's metadata (``narrascope.parquet_layout``); it
#: changes when a column is added, removed or retyped. ``document`` carries its own
#: ``schema_version``.
PARQUET_LAYOUT = "1"

#: The columns of an article table, in order. Counts and ``narratives`` are null when the stage
#: that makes them did not run (an empty list, or 0, when it ran and found nothing).
ARTICLE_PARQUET_SCHEMA = pa.schema(
    [
        pa.field("schema_version", pa.string(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("outlet", pa.string()),
        pa.field("title", pa.string()),
        pa.field("published", pa.string()),
        pa.field("author", pa.string()),
        pa.field("language", pa.string(), nullable=False),
        pa.field("language_score", pa.float64()),
        pa.field("input_format", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("n_sentences", pa.int32()),
        pa.field("n_entities", pa.int32()),
        pa.field("n_quotes", pa.int32()),
        pa.field("n_techniques", pa.int32()),
        pa.field("narrative_domain", pa.string()),
        # Named as Parquet names list items, so the schema read back from a file is this one.
        pa.field("narratives", pa.list_(pa.field("element", pa.string()))),
        pa.field("document", pa.string(), nullable=False),
    ],
    metadata={"narrascope.parquet_layout": PARQUET_LAYOUT},
)

_TEXT_COLUMNS = ("schema_version", "id", "source", "url", "outlet", "title", "published",
                 "author", "language", "input_format", "encoding", "text", "narrative_domain")
_COUNTS = {"n_sentences": "sentences", "n_entities": "entities", "n_quotes": "quotes",
           "n_techniques": "techniques"}


def is_parquet_name(target: str | os.PathLike[str]) -> bool:
    """Whether an output name asks for Parquet (``-``, standard output, never does).

    >>> is_parquet_name("out/articles.PARQUET"), is_parquet_name("a.jsonl"), is_parquet_name("-")
    (True, False, False)
    """
    return os.fspath(target) != "-" and Path(target).suffix.lower() in PARQUET_SUFFIXES


def parquet_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The row of :data:`ARTICLE_PARQUET_SCHEMA` for one article JSON object (as
    :meth:`narrascope.Document.to_dict` makes it, or as the store gives it back)."""
    row: dict[str, Any] = {name: _text(record.get(name)) for name in _TEXT_COLUMNS}
    score = record.get("language_score")
    row["language_score"] = (float(score) if isinstance(score, int | float)
                             and not isinstance(score, bool) else None)
    for column, key in _COUNTS.items():
        value = record.get(key)
        row[column] = len(value) if isinstance(value, list) else None
    narratives = record.get("narratives")
    row["narratives"] = None if not isinstance(narratives, list) else [
        str(label["narrative"]) for label in narratives
        if isinstance(label, dict) and label.get("narrative") is not None]
    row["document"] = json.dumps(record, ensure_ascii=False)
    return row


def _text(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


class ParquetArticleWriter:
    """Write article JSON objects as rows of :data:`ARTICLE_PARQUET_SCHEMA`.

    ``target`` is a file name, written as an :class:`OutputFile` (``protect``: files never to
    overwrite, as for :func:`check_output`), or an open binary stream that the caller closes.
    A row group is written every ``row_group_rows`` articles (default :data:`ROW_GROUP_ROWS`),
    or sooner once they hold ``row_group_bytes`` characters (:data:`ROW_GROUP_BYTES`).
    :meth:`write` takes any number of records; :meth:`close` writes what is buffered and the
    file's footer, and puts the file in place; :meth:`abandon` drops it. Used as a context
    manager it closes when the block ends normally and abandons the file when it raises. Every
    file system error is an :class:`narrascope.errors.OutputWriteError`.
    """

    def __init__(self, target: str | os.PathLike[str] | IO[bytes], *,
                 protect: Mapping[str, str] | None = None,
                 row_group_rows: int | None = None,
                 row_group_bytes: int | None = None) -> None:
        import pyarrow.parquet as pq

        self._file: OutputFile | None = None
        if isinstance(target, str | os.PathLike):
            name = os.fspath(target)
            if name == "-":
                raise OutputError("-: Parquet is a binary format and is not written to standard "
                                  "output; give a file name (- writes JSON Lines)")
            self._file = OutputFile(name, binary=True, protect=protect)
            handle: IO[bytes] = self._file.handle
        else:
            handle = target
        self._row_group_rows = max(1, row_group_rows or ROW_GROUP_ROWS)
        self._row_group_bytes = row_group_bytes or ROW_GROUP_BYTES
        self._rows: list[dict[str, Any]] = []
        self._size = 0
        #: Articles written so far (buffered ones included).
        self.count = 0
        self._closed = False
        try:
            with self._writing():
                self._writer = pq.ParquetWriter(handle, ARTICLE_PARQUET_SCHEMA,
                                                compression="zstd")
        except BaseException:
            if self._file is not None:
                self._file.abandon()
            raise

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        with self._file.writing() if self._file is not None else contextlib.nullcontext():
            yield

    def write(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Add articles; a row group is written each time enough are buffered."""
        for record in records:
            row = parquet_row(record)
            self._rows.append(row)
            self._size += len(row["text"] or "") + len(row["document"])
            self.count += 1
            if len(self._rows) >= self._row_group_rows or self._size >= self._row_group_bytes:
                self.flush()

    def flush(self) -> None:
        """Write the buffered articles as one row group."""
        if not self._rows:
            return
        table = pa.Table.from_pylist(self._rows, schema=ARTICLE_PARQUET_SCHEMA)
        with self._writing():
            self._writer.write_table(table, row_group_size=len(self._rows))
        self._rows.clear()
        self._size = 0

    def close(self) -> None:
        """Write the rest and the footer, and put the file in place under its real name."""
        if self._closed:
            return
        self.flush()
        with self._writing():
            self._writer.close()
        self._closed = True
        if self._file is not None:
            self._file.commit()

    #: What ``analyze --out`` calls to finish (:class:`JsonlSink` has the same).
    commit = close

    def abandon(self) -> None:
        """Drop what was written; the target is left as it was. Never raises."""
        self._rows.clear()
        if not self._closed:
            self._closed = True
            with contextlib.suppress(Exception):
                self._writer.close()
        if self._file is not None:
            self._file.abandon()

    def __enter__(self) -> ParquetArticleWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()


def open_article_sink(target: str, *,
                      protect: Mapping[str, str] | None = None) -> JsonlSink | ParquetArticleWriter:
    """Where ``analyze --out`` writes articles: Parquet for a ``.parquet``/``.pq`` name, else
    JSON Lines (``-``: JSON Lines on standard output). Both take ``write(records)``, then
    ``commit()`` or ``abandon()``."""
    if is_parquet_name(target):
        return ParquetArticleWriter(target, protect=protect)
    return JsonlSink(target, protect=protect)
