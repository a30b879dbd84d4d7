"""Files of the SemEval-2025 Task 10 release layout, read and written exactly.

One folder per language (``EN``, ``BG``, ``HI``, ``PT``, ``RU``…) holding ``raw-documents/`` or
``subtask-N-documents/`` with ``<id>.txt`` articles (title, blank line, body) and tab-separated
annotation files. Every reader names the file and line of a malformed row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from narrascope.errors import DataFileError
from narrascope.ingest.plaintext import decode
from narrascope.output import write_lines

DOCUMENT_FOLDERS = ("raw-documents", "subtask-2-documents", "subtask-3-documents",
                    "subtask-1-documents", "documents")


class ReleaseError(DataFileError):
    """A release file is malformed; the message names the file, the line and the reason."""


@dataclass(frozen=True)
class NarrativeLabels:
    """One line of ``subtask-2-annotations.txt``."""

    id: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]


@dataclass(frozen=True)
class EntityMention:
    """One line of ``subtask-1-entity-mentions.txt`` (and, with roles, of the annotations).

    ``end`` is inclusive, as in the release: ``text[start:end + 1]`` is the mention.
    """

    id: str
    mention: str
    start: int
    end: int
    main_role: str | None = None
    fine_roles: tuple[str, ...] = ()


def _rows(path: Path, min_columns: int) -> Iterator[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReleaseError(f"{path}: not UTF-8 ({exc.reason})") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        columns = line.rstrip("\r").split("\t")
        if len(columns) < min_columns:
            raise ReleaseError(f"{path}:{number}: expected at least {min_columns} tab-separated "
                               f"columns, found {len(columns)}")
        yield number, columns


def _labels(value: str) -> tuple[str, ...]:
    return tuple(label.strip() for label in value.split(";") if label.strip())


def read_narrative_labels(path: str | Path) -> list[NarrativeLabels]:
    path = Path(path)
    rows = []
    seen: set[str] = set()
    for number, columns in _rows(path, 3):
        doc_id = columns[0].strip()
        if doc_id in seen:
            raise ReleaseError(f"{path}:{number}: document {doc_id!r} listed twice")
        seen.add(doc_id)
        rows.append(NarrativeLabels(doc_id, _labels(columns[1]), _labels(columns[2])))
    return rows


def write_narrative_labels(path: str | Path, rows: Iterable[NarrativeLabels]) -> None:
    lines = [f"{r.id}\t{';'.join(r.narratives)}\t{';'.join(r.subnarratives)}" for r in rows]
    write_lines(path, lines)


def read_entity_mentions(path: str | Path, *, with_roles: bool = False) -> list[EntityMention]:
    path = Path(path)
    mentions = []
    for number, columns in _rows(path, 6 if with_roles else 4):
        try:
            start, end = int(columns[2]), int(columns[3])
        except ValueError as exc:
            raise ReleaseError(f"{path}:{number}: start and end must be integers") from exc
        if end < start:
            raise ReleaseError(f"{path}:{number}: end {end} is before start {start}")
        roles = tuple(c.strip() for c in columns[5:] if c.strip()) if with_roles else ()
        mentions.append(EntityMention(columns[0].strip(), columns[1], start, end,
                                      columns[4].strip() if with_roles else None, roles))
    return mentions


def write_entity_roles(path: str | Path, mentions: Iterable[EntityMention]) -> None:
    lines = ["\t".join([m.id, m.mention, str(m.start), str(m.end), m.main_role or "",
                        *m.fine_roles]) for m in mentions]
    write_lines(path, lines)


def documents_folder(language_dir: str | Path) -> Path:
    """The folder of article files inside a release language folder (or the folder itself)."""
    base = Path(language_dir)
    for name in DOCUMENT_FOLDERS:
        if (base / name).is_dir():
            return base / name
    if any(base.glob("*.txt")):
        return base
    raise ReleaseError(f"{base}: no {'/'.join(DOCUMENT_FOLDERS)} folder and no .txt files")


def read_document(path: str | Path) -> tuple[str, str]:
    """``(title, body)`` of a release article (title line, blank line, body)."""
    path = Path(path)
    try:
        text = decode(path.read_bytes()).text
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    title, _, body = text.replace("\r\n", "\n").partition("\n")
    return title.strip(), body.strip("\n")


def iter_documents(folder: str | Path) -> Iterator[tuple[str, Path]]:
    """``(id, path)`` of every article, sorted by id; the id is the file name (``X.txt``)."""
    for path in sorted(Path(folder).glob("*.txt")):
        yield path.name, path
