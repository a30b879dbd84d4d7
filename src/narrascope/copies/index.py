"""The near-duplicate index in the store: signatures, band keys and copy pairs.

Indexing is incremental. Each call indexes only the stored articles that have no signature
yet (new ones, and ones written again since), looks their band keys up among everything
indexed before and among each other, and keeps the candidate pairs whose estimated overlap
reaches the floor. Nothing indexed before is read again but the signatures of candidates.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, insert, select

from narrascope.copies.chains import chunked
from narrascope.copies.shingles import MIN_WORDS, SHINGLE_SIZE, shingles, words
from narrascope.copies.signatures import (
    CopySettings,
    band_keys,
    overlap_from_jaccard,
    signature,
)
from narrascope.store import Store, index_transaction, read_errors, tables

__all__ = ["IndexReport", "IndexedText", "index_store", "index_texts", "prepare_text"]

#: Most articles one band bucket holds (see :func:`index_texts`).
BUCKET_CAP = 32
#: Most candidates one new article is compared with.
CANDIDATE_CAP = 64


@dataclass(frozen=True)
class IndexedText:
    """One article as the index holds it: its signature, or why it has none."""

    article_id: str
    words: int
    shingles: int
    signature: np.ndarray | None
    skipped: str | None = None


@dataclass
class IndexReport:
    """What one indexing pass did."""

    indexed: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # article id -> reason
    pairs: int = 0

    def merge(self, other: IndexReport) -> None:
        self.indexed += other.indexed
        self.skipped.update(other.skipped)
        self.pairs += other.pairs


def prepare_text(article_id: str, text: str, settings: CopySettings) -> IndexedText:
    """The signature of ``text``, or the reason it is not indexed."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return IndexedText(article_id, len(tokens), 0, None,
                           f"too short to index for copies: {len(tokens)} words, "
                           f"fewer than {MIN_WORDS} words")
    unique = list(dict.fromkeys(shingles(tokens, SHINGLE_SIZE)))
    return IndexedText(article_id, len(tokens), len(unique), signature(unique, settings))


def index_texts(conn: Connection, items: Sequence[IndexedText], settings: CopySettings
                ) -> IndexReport:
    """Add prepared articles to the index in ``conn``'s transaction: their rows, and the
    pairs they form with what was indexed before and with each other."""
    report = IndexReport()
    now = datetime.now(UTC)
    latest = {item.article_id: item for item in items}  # an id twice is one article
    indexed = [item for item in latest.values() if item.signature is not None]
    keys = {item.article_id: band_keys(item.signature, settings) for item in indexed}
    # Candidates among what was indexed before, then among this batch.
    stored = _stored_holders(conn, {k for ks in keys.values() for k in ks})
    batch_holders: dict[int, list[str]] = defaultdict(list)
    candidates: dict[str, Counter[str]] = defaultdict(Counter)
    band_rows: list[tuple[int, str]] = []
    for item in indexed:
        mine = candidates[item.article_id]
        for key in dict.fromkeys(keys[item.article_id]):
            holders = stored.get(key, [])
            mine.update(holders)
            mine.update(batch_holders.get(key, ()))
            # A bucket full of copies of one text (a wire item reposted a thousand times)
            # stops growing: its first holders are enough to join the group, and comparing
            # every newcomer with every copy would make indexing quadratic.
            if len(holders) + len(batch_holders.get(key, ())) < BUCKET_CAP:
                batch_holders[key].append(item.article_id)
                band_rows.append((key, item.article_id))
        mine.pop(item.article_id, None)
    # The candidates sharing the most bands first (the band count is itself an estimate of
    # similarity), at most CANDIDATE_CAP of them: enough to place an article in its group.
    chosen = {article_id: [c for c, _n in sorted(found.items(), key=lambda x: (-x[1], x[0]))
                           [:CANDIDATE_CAP]] for article_id, found in candidates.items()}
    known = _stored_signatures(conn, {c for cs in chosen.values() for c in cs} - set(latest))
    known.update({item.article_id: (item.signature, item.shingles) for item in indexed})
    pair_rows = []
    for item in indexed:
        others = [c for c in chosen.get(item.article_id, []) if c in known]
        if not others:
            continue
        agree = (np.stack([known[c][0] for c in others]) == item.signature).mean(axis=1)
        for other, jaccard in zip(others, agree, strict=True):
            overlap = overlap_from_jaccard(float(jaccard), item.shingles, known[other][1])
            if overlap.overlap < settings.pair_floor:
                continue
            a, b = sorted((item.article_id, other))
            flip = a != item.article_id
            pair_rows.append({
                "article_a": a, "article_b": b, "jaccard": overlap.jaccard,
                "contained_a": overlap.contained_b if flip else overlap.contained_a,
                "contained_b": overlap.contained_a if flip else overlap.contained_b,
            })
    pair_rows = list({(r["article_a"], r["article_b"]): r for r in pair_rows}.values())
    signature_rows = [
        {"article_id": item.article_id, "words": item.words, "shingles": item.shingles,
         "signature": None if item.signature is None else item.signature.astype("<u4").tobytes(),
         "skipped": item.skipped, "indexed_at": now}
        for item in latest.values()
    ]
    for table, rows in ((tables.copy_signatures, signature_rows), (tables.copy_pairs, pair_rows)):
        if rows:
            conn.execute(insert(table), rows)
    # Thirty-two rows an article: straight to the driver, which is several times faster
    # than SQLAlchemy's handling of each parameter set.
    band_rows.sort()
    if band_rows:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(f"INSERT INTO {tables.copy_bands.name} (key, article_id) "
                             f"VALUES ({mark}, {mark})", band_rows)
    report.indexed = len(indexed)
    report.skipped = {item.article_id: item.skipped for item in latest.values() if item.skipped}
    report.pairs = len(pair_rows)
    return report


def index_store(store: Store, settings: CopySettings | None = None, *, batch_size: int = 2000,
                workers: int | None = None) -> IndexReport:
    """Index every stored article that is not indexed yet; returns what was done.

    ``workers`` processes (default: up to 2, the cores of a laptop) shingle and sign one
    batch while this process looks up and writes the one before. Database errors are raised
    as :class:`~narrascope.errors.StoreError`.
    """
    settings = settings or CopySettings()
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    report = IndexReport()
    batches = _unindexed(store, batch_size)
    if workers <= 1:
        for batch in batches:
            _write(store, [_prepare_batch(batch, settings)], batch, settings, report)
        return report
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: tuple[Iterable[list[IndexedText]], list[_Unindexed]] | None = None
        for batch in batches:
            chunks = [batch[i:i + 250] for i in range(0, len(batch), 250)]
            upcoming = pool.map(_prepare_batch, chunks, [settings] * len(chunks))
            if pending is not None:
                _write(store, *pending, settings, report)
            pending = (upcoming, batch)
        if pending is not None:
            _write(store, *pending, settings, report)
    return report


class _Unindexed(NamedTuple):
    article_id: str
    text: str | None
    analyzed_at: Any


def _write(store: Store, prepared: Iterable[list[IndexedText]], batch: Sequence[_Unindexed],
           settings: CopySettings, report: IndexReport) -> None:
    """Index the prepared articles under the index lock, leaving out those another process
    indexed meanwhile and those written again since their text was read (the next pass
    indexes their new text)."""
    items = [item for chunk in prepared for item in chunk]
    read_at = {row.article_id: row.analyzed_at for row in batch}
    a, s = tables.articles, tables.copy_signatures
    with index_transaction(store, "index articles for copies") as conn:
        current, done = {}, set()
        for chunk in chunked(list(read_at)):
            current.update(conn.execute(select(a.c.id, a.c.analyzed_at)
                                        .where(a.c.id.in_(chunk))).all())
            done.update(conn.execute(select(s.c.article_id)
                                     .where(s.c.article_id.in_(chunk))).scalars())
        fresh = [item for item in items if item.article_id not in done
                 and item.article_id in current
                 and current[item.article_id] == read_at[item.article_id]]
        report.merge(index_texts(conn, fresh, settings))


def _prepare_batch(batch: Sequence[_Unindexed], settings: CopySettings) -> list[IndexedText]:
    return [prepare_text(row.article_id, row.text or "", settings) for row in batch]


def _unindexed(store: Store, batch_size: int) -> Iterator[list[_Unindexed]]:
    """Batches of the stored articles without a signature row (id, cleaned text, when it was
    written), in id order (each batch starts after the last id of the one before, so a batch
    being indexed is not read twice)."""
    a, s = tables.articles, tables.copy_signatures
    text = a.c.document["text"].as_string()
    last = ""
    while True:
        with read_errors(store, "read articles to index"), store.engine.connect() as conn:
            batch = [_Unindexed(*row) for row in conn.execute(
                select(a.c.id, text, a.c.analyzed_at).outerjoin(s, s.c.article_id == a.c.id)
                .where(s.c.article_id.is_(None), a.c.id > last)
                .order_by(a.c.id).limit(batch_size))]
        if not batch:
            return
        last = batch[-1].article_id
        yield batch


def _stored_holders(conn: Connection, keys: Iterable[int]) -> dict[int, list[str]]:
    """The indexed articles holding each of ``keys``."""
    holders: dict[int, list[str]] = defaultdict(list)
    b = tables.copy_bands
    for chunk in chunked(sorted(keys)):
        for key, article_id in conn.execute(select(b.c.key, b.c.article_id)
                                            .where(b.c.key.in_(chunk))):
            holders[key].append(article_id)
    return holders


def _stored_signatures(conn: Connection, ids: Iterable[str]
                       ) -> dict[str, tuple[np.ndarray, int]]:
    found: dict[str, tuple[np.ndarray, int]] = {}
    s = tables.copy_signatures
    for chunk in chunked(sorted(ids)):
        for article_id, raw, size in conn.execute(
                select(s.c.article_id, s.c.signature, s.c.shingles)
                .where(s.c.article_id.in_(chunk))):
            if raw is not None:
                found[article_id] = (np.frombuffer(raw, dtype="<u4"), size)
    return found
