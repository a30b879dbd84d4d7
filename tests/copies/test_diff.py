"""Sentence-aligned diffs and word swaps."""

from __future__ import annotations

from narrascope.copies.diff import diff_texts


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        spans.append((start, min(end, len(text))))
        start = end + 1
    return spans


def test_reordered_sentences_are_moved_not_removed_and_added() -> None:
    a = "One two three four five. Six seven eight nine ten. Eleven twelve thirteen fourteen."
    b = "Six seven eight nine ten. One two three four five. Eleven twelve thirteen fourteen."
    result = diff_texts(a, _sentences(a), b, _sentences(b))
    assert result.unchanged == 3 and not result.added and not result.removed


def test_a_dropped_attribution_is_a_rewording_with_its_offsets() -> None:
    a = "The bridge was hit by four missiles, the ministry said. Traffic stopped."
    b = "The bridge was hit by four missiles. Traffic stopped."
    result = diff_texts(a, [(0, 55), (56, 72)], b, [(0, 36), (37, 53)])
    assert result.unchanged == 1 and len(result.reworded) == 1
    pair = result.reworded[0]
    assert pair.original.text == a[0:55] and pair.copy.text == b[0:36]


def test_swaps_touching_entities_and_loaded_terms_are_marked() -> None:
    a = "Troops near Kherson repelled an attack on Tuesday, officials said."
    b = "Nazi thugs near Kherson repelled an attack on Tuesday, officials said."
    result = diff_texts(a, [(0, len(a))], b, [(0, len(b))], copy_entities=[(0, 9)])
    (swap,) = result.reworded[0].swaps
    assert (swap.old, swap.new, swap.kind) == ("Troops", "Nazi thugs", "entity")
    assert b[swap.new_start:swap.new_end] == "Nazi thugs"
    plain = diff_texts(a, [(0, len(a))], b, [(0, len(b))], loaded=lambda t: "Nazi" in t)
    assert plain.reworded[0].swaps[0].kind == "loaded"


def test_unrelated_sentences_are_removed_and_added_not_paired() -> None:
    a = "Grain exports rose in February."
    b = "The football season ended early this year."
    result = diff_texts(a, [(0, len(a))], b, [(0, len(b))])
    assert not result.reworded and len(result.added) == 1 and len(result.removed) == 1


def test_swap_offsets_point_at_the_words_inside_punctuation() -> None:
    a = "They said …Kyiv was hit. Calm."
    b = "They said …the Kiev regime was hit. Calm."
    result = diff_texts(a, [(0, 24), (25, 30)], b, [(0, 35), (36, 41)])
    (swap,) = result.swaps()
    assert (swap.old, swap.new) == ("Kyiv", "the Kiev regime")
    assert a[swap.old_start:swap.old_end] == "Kyiv"
    assert b[swap.new_start:swap.new_end] == "the Kiev regime"


def test_a_diff_survives_its_json() -> None:
    from narrascope.copies.diff import CopyDiff

    a = "Troops near Kherson repelled an attack. Talks go on."
    b = "Nazi thugs near Kherson repelled an attack. Talks go on. More soon."
    result = diff_texts(a, [(0, 39), (40, 52)], b, [(0, 43), (44, 56), (57, 67)])
    assert CopyDiff.from_dict(result.to_dict()) == result
