"""Copy groups and syndication chains: who published the text first, and who copied it.

A group is a connected set of articles whose pairs overlap by at least ``min_overlap``. Its
chain orders the members by the day they were published, else the day the store first saw
them (marked ``dated: false``); ties go by id, so the order is stable. Each later member names
the earlier member it shares most with (``copied_from``) and carries the diff against it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, func, insert, select

from narrascope.copies.diff import CopyDiff, diff_texts
from narrascope.store import Store, index_transaction, read_errors, tables

__all__ = [
    "DEFAULT_MIN_OVERLAP",
    "ChainMember",
    "CopyGroup",
    "article_meta",
    "build_groups",
    "diff_articles",
    "refresh_chains",
]

#: Least overlap (share of the smaller article found in the other) for two articles to be
#: copies by default.
DEFAULT_MIN_OVERLAP = 0.5
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
T = TypeVar("T")


@dataclass
class ChainMember:
    article_id: str
    title: str | None
    outlet: str | None
    language: str | None
    day: str | None
    dated: bool
    copied_from: str | None = None
    overlap: float | None = None
    diff: CopyDiff | None = None
    first_seen: str | None = None
    #: False when the member and its source appeared at the same known moment
    order_known: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "outlet": self.outlet,
                "language": self.language, "day": self.day, "dated": self.dated,
                "first_seen": self.first_seen, "order_known": self.order_known,
                "copied_from": self.copied_from, "overlap": self.overlap,
                "diff": self.diff.to_dict() if self.diff else None}


@dataclass
class CopyGroup:
    """Articles that share text, earliest first."""

    id: str
    members: list[ChainMember] = field(default_factory=list)

    @property
    def earliest(self) -> ChainMember:
        return self.members[0]

    def to_dict(self) -> dict[str, Any]:
        return {"group_id": self.id, "earliest": self.earliest.article_id,
                "size": len(self.members), "members": [m.to_dict() for m in self.members]}


def article_meta(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Title, outlet, language and the day of each article: the published day, else the day
    the store first saw it (``dated`` False)."""
    a, s = tables.articles, tables.sources
    meta: dict[str, dict[str, Any]] = {}
    for chunk in chunked(sorted(set(ids))):
        first_seen = dict(conn.execute(select(s.c.article_id, func.min(s.c.ingested_at))
                                       .where(s.c.article_id.in_(chunk))
                                       .group_by(s.c.article_id)).all())
        for row in conn.execute(select(a.c.id, a.c.title, a.c.outlet, a.c.language,
                                       a.c.published, a.c.analyzed_at).where(a.c.id.in_(chunk))):
            published = _DAY.match(row.published or "")
            seen = first_seen.get(row.id) or row.analyzed_at
            meta[row.id] = {
                "title": row.title, "outlet": row.outlet, "language": row.language,
                "day": published.group() if published else (str(seen)[:10] if seen else None),
                "dated": published is not None,
                "first_seen": str(seen) if seen else None,
                # the finest time known: the published date and time, else when first seen
                "when": row.published if published else (str(seen) if seen else ""),
            }
    return meta


def build_groups(pairs: Sequence[tuple[str, str, float, float, float]],
                 meta: dict[str, dict[str, Any]], min_overlap: float) -> list[CopyGroup]:
    """Groups from ``pairs`` (a, b, jaccard, contained_a, contained_b), each in time order
    with the source of every later member; the groups in the order of their earliest day."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    kept = [p for p in pairs if max(p[3], p[4]) >= min_overlap and p[0] != p[1]]
    for a, b, *_ in kept:
        parent[find(a)] = find(b)
    members: dict[str, list[str]] = defaultdict(list)
    for article_id in list(parent):
        members[find(article_id)].append(article_id)
    # how much of x is found in y, for each kept pair; and who shares text with whom
    inside: dict[tuple[str, str], float] = {}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b, _j, contained_a, contained_b in kept:
        inside[(a, b)], inside[(b, a)] = contained_a, contained_b
        neighbours[a].append(b)
        neighbours[b].append(a)
    groups = []
    for ids in members.values():
        ordered = sorted(ids, key=lambda x: time_order_key(meta.get(x, {}), x))
        rank = {x: i for i, x in enumerate(ordered)}
        chain = []
        for position, article_id in enumerate(ordered):
            info = meta.get(article_id, {})
            member = ChainMember(article_id, info.get("title"), info.get("outlet"),
                                 info.get("language"), info.get("day"),
                                 bool(info.get("dated")), first_seen=info.get("first_seen"))
            # The earlier article it shares most text with. None when it shares text only
            # with later ones (it joined the group through them): no source is claimed
            # without the text to show for it.
            earlier = [e for e in neighbours[article_id] if rank[e] < position]
            if earlier:
                source = max(earlier, key=lambda e: (inside.get((article_id, e), 0.0),
                                                     inside.get((e, article_id), 0.0),
                                                     -rank[e]))
                member.copied_from = source
                member.overlap = max(inside.get((article_id, source), 0.0),
                                     inside.get((source, article_id), 0.0))
                # Published, or first seen, at the same moment as its source (two undated
                # files read in one run): which copied which cannot be told.
                member.order_known = time_order_key(info, "")[:3] != \
                    time_order_key(meta.get(source, {}), "")[:3]
            chain.append(member)
        groups.append(CopyGroup(ordered[0], chain))
    return sorted(groups, key=lambda g: time_order_key(meta.get(g.id, {}), g.id))


def time_order_key(info: dict[str, Any], article_id: str) -> tuple[str, int, str, str]:
    """Day, then dated before undated (the day an article was first seen is only a bound on
    when it appeared), then the finest time known, then the id."""
    return (info.get("day") or "9999-99-99", 0 if info.get("dated") else 1,
            info.get("when") or "", article_id)


def diff_articles(original: dict[str, Any], copy: dict[str, Any]) -> CopyDiff:
    """The diff of two stored articles' JSON objects (text, sentences, entities)."""
    def spans(record: dict[str, Any]) -> list[tuple[int, int]]:
        return [(s["start"], s["end"]) for s in record.get("sentences") or []] or \
            [(0, len(record.get("text") or ""))]

    def mentions(record: dict[str, Any]) -> list[tuple[int, int]]:
        return [(m["start"], m["end"]) for e in record.get("entities") or []
                for m in e.get("mentions") or [] if m.get("kind") != "role"]

    return diff_texts(original.get("text") or "", spans(original), copy.get("text") or "",
                      spans(copy), original_entities=mentions(original),
                      copy_entities=mentions(copy))


def refresh_chains(store: Store, min_overlap: float = DEFAULT_MIN_OVERLAP) -> int:
    """Rebuild the stored chains of the groups whose members or sources changed; returns how
    many groups were rebuilt. A member whose source is unchanged keeps its stored diff, so a
    copy joining a large group costs one diff, not one per member."""
    c = tables.copy_chains
    # Under the index lock: two runs refreshing at once would write the same rows.
    with index_transaction(store, "update the copy chains") as conn:
        pairs = stored_pairs(conn)
        stored: dict[str, set[str]] = defaultdict(set)
        stored_rows: dict[str, Any] = {}
        for row in conn.execute(select(c)):
            stored[row.group_id].add(row.article_id)
            stored_rows[row.article_id] = row
        meta = article_meta(conn, {x for pair in pairs for x in pair[:2]})
        groups = build_groups(pairs, meta, min_overlap)
        current = {g.id: g for g in groups}

        def unchanged(member: ChainMember, position: int, group: CopyGroup) -> bool:
            row = stored_rows.get(member.article_id)
            return row is not None and (row.group_id, row.position, row.copied_from,
                                        bool(row.order_known)) == (
                group.id, position, member.copied_from, member.order_known)

        changed = [g for g in groups if stored.get(g.id) != {m.article_id for m in g.members}
                   or not all(unchanged(m, i, g) for i, m in enumerate(g.members))]
        rows = [row for group in changed for row in _chain_rows(store, group, stored_rows)]
        stale = [x for gid in stored if gid not in current for x in stored[gid]]
        stale += [m.article_id for g in changed for m in g.members]
        for chunk in chunked(stale):
            conn.execute(delete(c).where(c.c.article_id.in_(chunk)))
        if rows:
            conn.execute(insert(c), rows)
    return len(changed)


def _chain_rows(store: Store, group: CopyGroup, stored_rows: dict[str, Any]
                ) -> list[dict[str, Any]]:
    """The stored rows of one group's chain; a member keeps its stored diff when its source
    is the same."""
    records: dict[str, Any] = {}
    rows = []
    for position, member in enumerate(group.members):
        row = stored_rows.get(member.article_id)
        diff_json = row.diff if row is not None and row.copied_from == member.copied_from \
            else None
        if member.copied_from and diff_json is None:
            for needed in (member.copied_from, member.article_id):
                if needed not in records:
                    records[needed] = store.get(needed)
            source, record = records[member.copied_from], records[member.article_id]
            if source and record:
                diff_json = json.dumps(diff_articles(source, record).to_dict(),
                                       ensure_ascii=False)
        rows.append({"article_id": member.article_id, "group_id": group.id,
                     "position": position, "day": member.day, "dated": int(member.dated),
                     "copied_from": member.copied_from, "overlap": member.overlap,
                     "order_known": int(member.order_known), "diff": diff_json})
    return rows


def stored_diffs(store: Store, ids: Iterable[str]) -> dict[str, tuple[str | None, CopyDiff]]:
    """The stored diff of each of ``ids`` that has one, with the source it was made against."""
    c = tables.copy_chains
    found = {}
    with read_errors(store, "read the copy chains"), store.engine.connect() as conn:
        for chunk in chunked(sorted(set(ids))):
            for article_id, source, diff in conn.execute(
                    select(c.c.article_id, c.c.copied_from, c.c.diff)
                    .where(c.c.article_id.in_(chunk), c.c.diff.is_not(None))):
                found[article_id] = (source, CopyDiff.from_dict(json.loads(diff)))
    return found


def stored_pairs(conn: Connection) -> list[tuple[str, str, float, float, float]]:
    """Every pair of the copy index: (a, b, jaccard, contained_a, contained_b)."""
    p = tables.copy_pairs
    return [(row[0], row[1], row[2], row[3], row[4]) for row in conn.execute(
        select(p.c.article_a, p.c.article_b, p.c.jaccard, p.c.contained_a, p.c.contained_b))]


def chunked(items: Sequence[T], size: int = 900) -> Iterator[Sequence[T]]:
    """``items`` in slices small enough for one ``IN (…)`` (SQLite binds at most 32,766)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
