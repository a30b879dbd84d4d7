"""Who copied whom: near-duplicates, syndication chains, diffs and same-story clusters.

* :mod:`~narrascope.copies.shingles` and :mod:`~narrascope.copies.signatures`: word shingles,
  MinHash signatures and LSH band keys;
* :mod:`~narrascope.copies.index`: the incremental near-duplicate index in the store;
* :mod:`~narrascope.copies.chains`: copy groups in time order, each copy with its source;
* :mod:`~narrascope.copies.diff`: what a copy changed, sentence by sentence;
* :mod:`~narrascope.copies.stories`: the same story across outlets and languages.

The CLI (``narrascope copies``, ``stories``, ``diff``) and the exports call the functions
here.
"""

from __future__ import annotations

from sqlalchemy import select

from narrascope.copies.chains import (
    DEFAULT_MIN_OVERLAP,
    ChainMember,
    CopyGroup,
    article_meta,
    build_groups,
    diff_articles,
    refresh_chains,
    stored_diffs,
    stored_pairs,
)
from narrascope.copies.diff import CopyDiff, diff_texts
from narrascope.copies.index import IndexReport, index_store
from narrascope.copies.signatures import CopySettings
from narrascope.copies.stories import Story, StorySettings, index_stories, load_stories
from narrascope.store import Store, read_errors, tables

__all__ = [
    "DEFAULT_MIN_OVERLAP", "ChainMember", "CopyDiff", "CopyGroup", "CopySettings",
    "IndexReport", "Story", "StorySettings", "copy_groups", "diff_articles", "diff_texts",
    "index_stories", "load_stories", "skipped_articles", "update_copies",
]


def update_copies(store: Store, settings: CopySettings | None = None, *,
                  workers: int | None = None) -> IndexReport:
    """Index the stored articles not indexed yet and rebuild the chains that changed."""
    report = index_store(store, settings, workers=workers)
    if report.pairs or report.indexed or report.skipped:
        refresh_chains(store)
    return report


def copy_groups(store: Store, *, min_overlap: float = DEFAULT_MIN_OVERLAP,
                article_id: str | None = None, diffs: bool = True) -> list[CopyGroup]:
    """The copy groups of the store at ``min_overlap`` (only the group of ``article_id`` when
    given), earliest first, each copy with its diff against its source when ``diffs``: the
    stored one where the chains hold it (:func:`update_copies` keeps them for the default
    overlap), else made here."""
    if not 0.0 < min_overlap <= 1.0:
        raise ValueError(f"min_overlap must be in (0, 1], not {min_overlap}")
    with read_errors(store, "read the copy index"), store.engine.connect() as conn:
        pairs = stored_pairs(conn)
        meta = article_meta(conn, {x for pair in pairs for x in pair[:2]})
    groups = build_groups(pairs, meta, min_overlap)
    if article_id is not None:
        groups = [g for g in groups if any(m.article_id == article_id for m in g.members)]
    if diffs:
        copies = [m for g in groups for m in g.members if m.copied_from]
        kept = stored_diffs(store, [m.article_id for m in copies])
        for member in copies:
            source, diff = kept.get(member.article_id, (None, None))
            if diff is not None and source == member.copied_from:
                member.diff = diff
                continue
            original, record = store.get(member.copied_from or ""), store.get(member.article_id)
            if original and record:
                member.diff = diff_articles(original, record)
    return groups


def skipped_articles(store: Store) -> dict[str, str]:
    """The stored articles the near-duplicate index left out, with the reason."""
    s = tables.copy_signatures
    with read_errors(store, "read the copy index"), store.engine.connect() as conn:
        return dict(conn.execute(select(s.c.article_id, s.c.skipped)
                                 .where(s.c.skipped.is_not(None))).all())
