"""Copy groups and stories as tidy tables: one row per article, ready for pandas."""

from __future__ import annotations

from typing import Any

from narrascope.copies import copy_groups, index_stories, load_stories, update_copies
from narrascope.store import Store

__all__ = ["COPY_COLUMNS", "STORY_COLUMNS", "copy_rows", "story_rows"]

COPY_COLUMNS = ("group_id", "position", "article_id", "day", "dated", "outlet", "language",
                "title", "copied_from", "overlap", "unchanged", "reworded", "added", "removed",
                "entity_swaps", "loaded_swaps", "swaps")
STORY_COLUMNS = ("story_id", "story_score", "story_size", "position", "article_id", "day",
                 "dated", "outlet", "language", "title", "shared_entities")


def copy_rows(store: Store) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """One row per member of each copy group (the index is brought up to date first)."""
    update_copies(store)
    rows = []
    for group in copy_groups(store):
        for position, member in enumerate(group.members):
            diff = member.diff
            swaps = diff.swaps() if diff else []
            rows.append({
                "group_id": group.id, "position": position, "article_id": member.article_id,
                "day": member.day, "dated": member.dated, "outlet": member.outlet,
                "language": member.language, "title": member.title,
                "copied_from": member.copied_from, "overlap": member.overlap,
                "unchanged": diff.unchanged if diff else None,
                "reworded": len(diff.reworded) if diff else None,
                "added": len(diff.added) if diff else None,
                "removed": len(diff.removed) if diff else None,
                "entity_swaps": sum(s.kind == "entity" for s in swaps) if diff else None,
                "loaded_swaps": sum(s.loaded for s in swaps) if diff else None,
                "swaps": "; ".join(f"{s.old} → {s.new}" for s in swaps) if diff else None,
            })
    return rows, COPY_COLUMNS


def story_rows(store: Store) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """One row per article of each story (the indexes are brought up to date first)."""
    update_copies(store)
    index_stories(store)
    rows = []
    for story in load_stories(store):
        for position, article in enumerate(story.articles):
            rows.append({
                "story_id": story.id, "story_score": story.score,
                "story_size": len(story.articles), "position": position,
                "article_id": article["article_id"], "day": article.get("day"),
                "dated": bool(article.get("dated")), "outlet": article.get("outlet"),
                "language": article.get("language"), "title": article.get("title"),
                "shared_entities": "; ".join(story.shared_entities),
            })
    return rows, STORY_COLUMNS
