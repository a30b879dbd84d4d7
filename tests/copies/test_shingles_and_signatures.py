"""Shingles, signatures and overlap estimates."""

from __future__ import annotations

import numpy as np
import pytest

from narrascope.copies.shingles import shingles, words
from narrascope.copies.signatures import CopySettings, band_keys, estimate_overlap, signature


def _sig(tokens: list[str], settings: CopySettings) -> tuple[np.ndarray, int]:
    unique = list(dict.fromkeys(shingles(tokens)))
    return signature(unique, settings), len(unique)


def test_words_ignore_case_marks_and_keep_devanagari_words_whole() -> None:
    assert words("«Київ» — ПІД атакою") == ["київ", "під", "атакою"]
    assert words("पुतिन ने कहा।") == ["पुतिन", "ने", "कहा"]


def test_signatures_are_the_same_in_every_call() -> None:
    settings = CopySettings()
    tokens = [f"w{i}" for i in range(100)]
    assert np.array_equal(_sig(tokens, settings)[0], _sig(tokens, settings)[0])
    assert band_keys(_sig(tokens, settings)[0], settings) == \
        band_keys(_sig(tokens, settings)[0], settings)


def test_an_article_inside_a_longer_copy_is_contained_though_jaccard_is_low() -> None:
    settings = CopySettings()
    source = [f"s{i}" for i in range(200)]
    longer = source + [f"added{i}" for i in range(400)]
    a, size_a = _sig(source, settings)
    b, size_b = _sig(longer, settings)
    overlap = estimate_overlap(a, size_a, b, size_b)
    assert overlap.jaccard < 0.5
    assert overlap.contained_a > 0.8 and overlap.contained_b < 0.5
    assert overlap.overlap == overlap.contained_a


def test_unrelated_texts_share_no_band() -> None:
    settings = CopySettings()
    a, _ = _sig([f"a{i}" for i in range(300)], settings)
    b, _ = _sig([f"b{i}" for i in range(300)], settings)
    assert not set(band_keys(a, settings)) & set(band_keys(b, settings))


@pytest.mark.parametrize("kwargs", [{"num_perm": 128, "bands": 30}, {"num_perm": 8},
                                    {"pair_floor": 0.0}, {"pair_floor": 1.5}])
def test_settings_are_checked_up_front(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        CopySettings(**kwargs)


def _meta(day: str, dated: bool, when: str) -> dict:
    return {"day": day, "dated": dated, "when": when, "first_seen": when}


def test_a_chain_claims_no_source_it_shares_no_text_with() -> None:
    from narrascope.copies.chains import build_groups

    meta = {"a": _meta("2024-03-01", True, "2024-03-01"),
            "x": _meta("2024-03-02", True, "2024-03-02"),
            "b": _meta("2024-03-03", True, "2024-03-03")}
    # a and x each share text with b only
    (group,) = build_groups([("a", "b", 0.6, 0.8, 0.7), ("b", "x", 0.6, 0.7, 0.8)], meta, 0.5)
    assert [m.article_id for m in group.members] == ["a", "x", "b"]
    assert group.members[1].copied_from is None and group.members[1].overlap is None
    assert group.members[2].copied_from in ("a", "x")


def test_undated_copies_seen_at_one_moment_have_no_known_order() -> None:
    from narrascope.copies.chains import build_groups

    seen = "2026-12-05 10:00:00.123456"
    meta = {"p": _meta("2026-12-05", False, seen), "q": _meta("2026-12-05", False, seen),
            "r": _meta("2026-12-05", False, "2026-12-05 11:00:00")}
    (group,) = build_groups([("p", "q", 0.9, 0.95, 0.95), ("q", "r", 0.9, 0.95, 0.95)],
                            meta, 0.5)
    assert [(m.article_id, m.order_known) for m in group.members] == [
        ("p", True), ("q", False), ("r", True)]
