"""Reading bytes safely: size limits, transparent gzip, clear errors for truncated archives;
and :class:`Source`, where a reader gets its bytes."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from narrascope.ingest.base import InputError

_CHUNK = 1 << 20


def human_size(n_bytes: float) -> str:
    """
    >>> human_size(209715200)
    '200.0 MB'
    """
    for unit in ("bytes", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.0f} {unit}" if unit == "bytes" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    raise AssertionError("unreachable")


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def open_binary(path: Path) -> BinaryIO:
    """Open a file for reading, decompressing ``.gz`` on the fly."""
    try:
        if is_gzip(path):
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc


def read_limited(stream: BinaryIO, max_bytes: int, what: str = "article") -> bytes:
    """Read a whole stream, refusing more than ``max_bytes`` (also guards against gzip bombs)."""
    buffer = io.BytesIO()
    try:
        while chunk := stream.read(_CHUNK):
            buffer.write(chunk)
            if buffer.tell() > max_bytes:
                raise InputError(
                    f"{what} is larger than the {human_size(max_bytes)} limit (--max-bytes)"
                )
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"truncated or corrupt gzip data ({exc})") from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    return buffer.getvalue()


def read_sample(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` leading bytes of a seekable stream, which is then rewound.

    Damage after the first bytes (a gzip stream cut short) is not raised here: the full read
    reports it after yielding what came before it.
    """
    chunks: list[bytes] = []
    total = 0
    try:
        while total < size and (chunk := stream.read1(size - total)):
            chunks.append(chunk)
            total += len(chunk)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        if not chunks:
            raise InputError(f"truncated or corrupt gzip data ({exc})") from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    stream.seek(0)
    return b"".join(chunks)


def read_file(path: Path, max_bytes: int) -> bytes:
    """All bytes of a single-article file (gunzipped), with the size checked before reading."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise InputError("empty file")
    if size > max_bytes:
        raise InputError(
            f"file is {human_size(size)}, over the {human_size(max_bytes)} limit for one article "
            "(--max-bytes); split it or raise the limit"
        )
    with open_binary(path) as stream:
        data = read_limited(stream, max_bytes)
    if not data:
        raise InputError("empty file")
    return data


def iter_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line_number, line)`` from a binary stream. A line over the limit is consumed and
    yielded as ``None``, so the caller reports that line alone and reads on."""
    number = 0
    try:
        while True:
            line = stream.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
                continue
            yield number, line
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"truncated or corrupt gzip data after line {number} ({exc})") from exc


@dataclass
class Source:
    """Where a reader gets its bytes: a file on disk, or bytes already in memory (stdin, a
    fetched URL)."""

    location: str
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None
    declared_encoding: str | None = None

    def read_bytes(self, max_bytes: int) -> bytes:
        if self.data is None:
            assert self.path is not None
            return read_file(self.path, max_bytes)
        if not self.data:
            raise InputError("empty input")
        if len(self.data) > max_bytes:
            raise InputError(
                f"input is {human_size(len(self.data))}, over the {human_size(max_bytes)} limit"
                " (--max-bytes)"
            )
        return self.data

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            if self.path.stat().st_size == 0:
                raise InputError("empty file")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
        return open_binary(self.path)

    def record(self, number: int) -> str:
        """The ``source`` of the N-th record inside this input."""
        return f"{self.location}#{number}"
