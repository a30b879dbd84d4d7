"""Output files (``--out``) that never destroy what they point at.

A run's output appears under its real name only when complete: it is written next to the target
and renamed over it at the end, so a killed run leaves the previous file intact. Before any work
starts, targets that must not be replaced are refused: a directory, a narrascope store (or the
store this very run writes to), and anything that is not a regular file, except character
devices and pipes (``/dev/null``, ``/dev/stdout``, a FIFO), which are written directly and never
renamed over. ``-`` means standard output.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> check_output(folder)
Traceback (most recent call last):
...
narrascope.errors.OutputError: ... is a directory; give a file name
>>> with OutputFile(os.path.join(folder, "out.jsonl")) as out:
...     _ = out.handle.write("{}\\n")
>>> open(os.path.join(folder, "out.jsonl")).read()
'{}\\n'
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from narrascope.errors import OutputError, OutputWriteError

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Files SQLite keeps beside a database while it is in use.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines record: UTF-8 text as it is, one line."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISFIFO, "pipe")):
        if test(mode):
            return name
    return "special file"


def _written_directly(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def check_output(target: str, *, protect: Mapping[str, str] | None = None) -> None:
    """Raise :class:`OutputError` if ``target`` must not be (re)written.

    ``protect`` maps files this command must not overwrite, whatever they hold, to what they
    are to it (``"the store this command uses"``, ``"one of this command's inputs"``).
    """
    if target == "-":
        return
    path = Path(target)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{target}: cannot use as output ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(mode):
        raise OutputError(f"{target}: is a directory; give a file name")
    if _written_directly(mode):
        return
    if not stat.S_ISREG(mode):
        raise OutputError(f"{target}: is a {_kind(mode)}, not a regular file; refusing to "
                          "replace it")
    for protected, what in (protect or {}).items():
        with contextlib.suppress(OSError):
            if os.path.samefile(path, protected):
                raise OutputError(f"{target}: is {what}; refusing to overwrite it")
    companion_of = next((path.with_name(path.name[: -len(s)]) for s in SQLITE_COMPANIONS
                         if path.name.endswith(s)), None)
    if is_sqlite_file(path) or (companion_of is not None and is_sqlite_file(companion_of)):
        raise OutputError(f"{target}: is a database (a narrascope store?); refusing to "
                          "overwrite it; give another file name")


class OutputFile:
    """A text (or ``binary``) output that replaces ``target`` only on :meth:`commit`.

    Used as a context manager it commits when the block ends normally and abandons the partial
    file when it raises. Every error of the file system is an :class:`OutputError`.
    """

    def __init__(self, target: str, *, binary: bool = False,
                 protect: Mapping[str, str] | None = None) -> None:
        check_output(target, protect=protect)
        self.target = target
        self._partial: Path | None = None
        self._final: Path | None = None
        self._own_handle = True
        self.handle: IO[Any]
        if target == "-":
            self.handle = sys.stdout.buffer if binary else sys.stdout
            self._own_handle = False
            return
        with self._errors("cannot create"):
            path = Path(target)
            if path.exists() and _written_directly(path.stat().st_mode):
                self.handle = path.open("wb" if binary else "w", **_text_args(binary))
                return
            # A link to a file: replace the file, keep the link.
            final = Path(os.path.realpath(path))
            final.parent.mkdir(parents=True, exist_ok=True)
            partial = final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}"
                                      ".partial")
            # Created the way open() creates a file (the umask applies), then given the mode and
            # owner of the file it will replace, so a private export stays private.
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            if final.exists():
                _copy_ownership(final, fd)
            self._partial, self._final = partial, final
            raw = os.fdopen(fd, "wb")
            self.handle = raw if binary else io.TextIOWrapper(raw, **_text_args(binary))

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise OutputWriteError(f"{self.target}: {doing} ({exc.strerror or exc})") from exc

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """A block that writes to :attr:`handle` directly (a CSV writer, Parquet): its file
        system errors become :class:`OutputWriteError`."""
        return self._errors("cannot write")

    def write(self, data: Any) -> None:
        with self.writing():
            self.handle.write(data)

    def commit(self) -> None:
        """Flush and put the output in place under its real name."""
        with self._errors("cannot write"):
            self.handle.flush()
            if not self._own_handle:
                return
            if self._partial is not None:
                os.fsync(self.handle.fileno())
            self.handle.close()
            if self._partial is not None and self._final is not None:
                os.replace(self._partial, self._final)
                self._partial = None

    def abandon(self) -> None:
        """Drop what was written; the target is left as it was. Never raises: it runs while
        another error is on its way out."""
        if not self._own_handle:
            return
        with contextlib.suppress(OSError):
            self.handle.close()
        if self._partial is not None:
            with contextlib.suppress(OSError):
                self._partial.unlink(missing_ok=True)
            self._partial = None

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abandon()


class JsonlSink:
    """``analyze --out`` as JSON Lines: records written a batch at a time, one :func:`json_line`
    each, into an :class:`OutputFile` (``-``: standard output). Its Parquet counterpart, with
    the same ``write``/``commit``/``abandon``, is
    :class:`narrascope.parquet_output.ParquetArticleWriter`."""

    def __init__(self, target: str, *, protect: Mapping[str, str] | None = None) -> None:
        self.file = OutputFile(target, protect=protect)

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        if text := "".join(json_line(record) for record in records):
            self.file.write(text)

    def commit(self) -> None:
        self.file.commit()

    def abandon(self) -> None:
        self.file.abandon()


def write_lines(target: str | Path, lines: list[str]) -> None:
    """Write ``lines`` (each ended by a newline) as one :class:`OutputFile`."""
    with OutputFile(str(target)) as output:
        output.write("".join(line + "\n" for line in lines))


def _copy_ownership(existing: Path, fd: int) -> None:
    info = existing.stat()
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):  # only root may give a file away
        os.fchown(fd, info.st_uid, info.st_gid)


def _text_args(binary: bool) -> dict[str, Any]:
    return {} if binary else {"encoding": "utf-8", "newline": ""}
