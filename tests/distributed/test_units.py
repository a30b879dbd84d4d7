"""Work units for the Ray engine, without Ray: a split input reads as the whole file does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrascope.distributed.units import (
    EMPTY_JSONL,
    FilesUnit,
    LinesUnit,
    PartUnit,
    RowGroupsUnit,
    UnitDone,
    WholeUnit,
    line_ranges,
    plan_units,
)
from narrascope.ingest import discover, read_inputs
from narrascope.ingest.base import Failure, ReadOptions

BODY = "Dock workers returned to work on Friday after unions and employers agreed."


def read_plan(paths: list[str], options: ReadOptions, **kwargs) -> list:
    """What the workers would read, unit after unit (without analysing), and the empty-file
    failure the driver adds for a split JSONL file of blank lines."""
    plan = plan_units(discover(paths), options, **kwargs)
    items: list = list(plan.early)
    seen_by_file: dict[str, list[bool]] = {}
    for unit in plan.units:
        if isinstance(unit, PartUnit):
            seen: list[bool] = []
            items += list(unit.read(options, None, seen))
            seen_by_file.setdefault(unit.location, []).append(bool(seen))
        elif isinstance(unit, WholeUnit):
            items += list(unit.read(options, None))
        else:
            raise AssertionError(unit)
    for location, seen in seen_by_file.items():
        if isinstance(plan.units[0], LinesUnit) and not any(seen):
            items.append(Failure(location, EMPTY_JSONL))
    return items


line = st.one_of(
    st.builds(lambda n, t: json.dumps({"id": f"x{n}", "text": f"{BODY} {t}"}),
              st.integers(0, 99), st.text(max_size=30)),
    st.sampled_from(["", "   ", "{broken", '{"title": "no text"}', "[1, 2]",
                     json.dumps({"text": "x" * 300})]),  # the last is over --max-bytes
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(line, max_size=25), newline=st.sampled_from(["\n", "\r\n"]),
       final=st.booleans(), split=st.integers(1, 400))
def test_a_jsonl_file_read_in_ranges_gives_what_the_whole_file_gives(
        tmp_path: Path, lines: list[str], newline: str, final: bool, split: int) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(newline.join(lines) + (newline if final else ""), encoding="utf-8")
    if path.stat().st_size == 0:
        return
    options = ReadOptions(max_bytes=200)
    assert read_plan([str(path)], options, split_bytes=split) == list(
        read_inputs([str(path)], options))


def test_ranges_start_at_line_starts_and_carry_the_line_number(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"aaaa\nbb\n\ncccccc\nd")
    assert line_ranges(path, 3) == [(0, 5, 1), (5, 8, 2), (8, 16, 3), (16, 17, 5)]
    assert line_ranges(path, 100) == [(0, 17, 1)]


def test_a_big_jsonl_file_is_split_and_a_small_one_is_not(tmp_path: Path) -> None:
    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    big.write_text("".join(json.dumps({"text": f"{BODY} {n}"}) + "\n" for n in range(40)))
    small.write_text(json.dumps({"text": BODY}) + "\n")
    plan = plan_units(discover([str(big), str(small)]), ReadOptions(), split_bytes=500)
    parts = [unit for unit in plan.units if isinstance(unit, LinesUnit)]
    assert len(parts) > 2 and {unit.parts for unit in parts} == {len(parts)}
    assert [unit.first for unit in parts][:2] == [1, parts[1].first]
    assert sum(unit.size for unit in parts) == big.stat().st_size
    assert isinstance(plan.units[-1], WholeUnit)  # the small file


def test_gzip_and_utf16_jsonl_are_read_whole(tmp_path: Path) -> None:
    import gzip

    text = "".join(json.dumps({"text": f"{BODY} {n}"}) + "\n" for n in range(40))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(text.encode()))
    (tmp_path / "b.jsonl").write_text(text, encoding="utf-16")
    plan = plan_units(discover([str(tmp_path)]), ReadOptions(), split_bytes=200)
    assert [type(unit) for unit in plan.units] == [WholeUnit, WholeUnit]


def test_a_parquet_file_is_split_by_row_groups(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    rows = [{"id": f"p{n}", "text": f"{BODY} {n}" if n != 7 else None, "title": f"T{n}"}
            for n in range(23)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=5)
    options = ReadOptions()
    plan = plan_units(discover([str(path)]), options, split_bytes=1)
    assert [(u.start, u.end, u.first, u.last) for u in plan.units
            if isinstance(u, RowGroupsUnit)] == [(0, 1, 1, 5), (1, 2, 6, 10), (2, 3, 11, 15),
                                                  (3, 4, 16, 20), (4, 5, 21, 23)]
    assert read_plan([str(path)], options, split_bytes=1) == list(read_inputs([str(path)]))


def test_a_split_file_of_blank_lines_is_one_empty_file_failure(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n" * 100)
    assert read_plan([str(path)], ReadOptions(), split_bytes=10) == list(
        read_inputs([str(path)])) == [Failure(str(path), EMPTY_JSONL)]


def test_one_article_files_are_grouped_and_stored_ones_left_out(tmp_path: Path) -> None:
    for n in range(40):
        (tmp_path / f"{n:02d}.txt").write_text(f"Title {n}\n\n{BODY}")
    stored = {str(tmp_path / "03.txt")}
    plan = plan_units(discover([str(tmp_path)]), ReadOptions(), skip_sources=stored,
                      workers=2)
    files = [ref.location for unit in plan.units if isinstance(unit, FilesUnit)
             for ref in unit.refs]
    assert len(files) == 39 and str(tmp_path / "03.txt") not in files
    assert plan.early == [(str(tmp_path / "03.txt"), (tmp_path / "03.txt").stat().st_size)]
    # 39 // (2 workers * 8) = 2 files a unit, and the odd one out last
    assert [len(unit.refs) for unit in plan.units] == [2] * 19 + [1]
    # one unit per file when there are few, so that every worker gets some
    few = plan_units(discover([str(tmp_path / "00.txt"), str(tmp_path / "01.txt")]),
                     ReadOptions(), workers=2)
    assert [len(unit.refs) for unit in few.units] == [1, 1]


def test_each_unit_carries_the_stored_sources_inside_it(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": f"{BODY} {n}"}) + "\n" for n in range(30)))
    stored = {f"{path}#{n}" for n in (1, 2, 15, 30)} | {"elsewhere.jsonl#3"}
    plan = plan_units(discover([str(path)]), ReadOptions(), skip_sources=stored,
                      split_bytes=600)
    units = [unit for unit in plan.units if isinstance(unit, LinesUnit)]
    assert set().union(*(unit.skip for unit in units)) == stored - {"elsewhere.jsonl#3"}
    for unit in units:
        assert all(unit.first <= int(s.rpartition("#")[2]) <= (unit.last or 10**9)
                   for s in unit.skip)


@pytest.mark.parametrize("last", [0, 9])
def test_a_lost_part_names_its_lines(tmp_path: Path, last: int) -> None:
    from narrascope.ingest.base import InputRef

    unit = LinesUnit(index=0, size=1, ref=InputRef("file", "a.jsonl", tmp_path / "a.jsonl"),
                     first=5, last=last)
    (failure,) = unit.lost("gone")
    assert failure.source == "a.jsonl#5" and failure.stage == "analysis"
    assert failure.reason == ("lines 5-9 not analysed: gone" if last
                              else "lines 5 to the end not analysed: gone")
    assert UnitDone(0, 1).seen
