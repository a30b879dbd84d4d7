"""The near-duplicate index in a real store (SQLite and PostgreSQL): incremental, and the
chains it gives."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from narrascope.copies import copy_groups, skipped_articles, update_copies
from narrascope.document import Document
from narrascope.store import Store, tables


def _count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_copies_form_one_group_in_time_order_and_neighbours_stay_out(
        db_url: str, docs: dict[str, Document]) -> None:
    with Store.open(db_url) as store:
        store.write([docs["copy"], docs["neighbour"], docs["original"], docs["undated"]])
        report = update_copies(store)
        assert report.indexed == 4
        groups = copy_groups(store)
    assert len(groups) == 1
    members = groups[0].members
    assert [m.article_id for m in members] == [docs["original"].id, docs["copy"].id,
                                                docs["undated"].id]
    assert groups[0].id == docs["original"].id
    assert [m.dated for m in members] == [True, True, False]  # undated: the day first seen
    assert members[1].copied_from == docs["original"].id
    assert members[1].overlap is not None and members[1].overlap > 0.6
    swaps = members[1].diff.swaps()
    assert any(s.old == "Ukrainian" and s.new == "Kiev regime's" and s.loaded for s in swaps)
    assert len(members[1].diff.added) >= 1 and len(members[1].diff.removed) >= 1


def test_indexing_is_incremental_and_a_later_copy_joins_the_group(
        db_url: str, docs: dict[str, Document]) -> None:
    with Store.open(db_url) as store:
        store.write([docs["original"], docs["neighbour"]])
        assert update_copies(store).indexed == 2
        assert copy_groups(store) == []
        assert update_copies(store).indexed == 0  # nothing new: nothing read again
        store.write([docs["copy"]])
        report = update_copies(store)
        assert report.indexed == 1 and report.pairs >= 1
        groups = copy_groups(store)
        assert {m.article_id for m in groups[0].members} == {docs["original"].id,
                                                             docs["copy"].id}
        with store.engine.connect() as conn:
            chain = conn.execute(select(tables.copy_chains)
                                 .order_by(tables.copy_chains.c.position)).all()
        assert [row.article_id for row in chain] == [docs["original"].id, docs["copy"].id]
        assert json.loads(chain[1].diff)["summary"]


def test_an_article_written_twice_never_pairs_with_itself(
        db_url: str, docs: dict[str, Document]) -> None:
    with Store.open(db_url) as store:
        store.write([docs["original"], docs["original"]])
        update_copies(store)
        store.write([docs["original"]])  # analysed again: indexed afresh
        assert _count(store, tables.copy_signatures) == 0
        update_copies(store)
        assert _count(store, tables.copy_signatures) == 1
        assert _count(store, tables.copy_pairs) == 0
        assert copy_groups(store) == []


def test_short_texts_are_not_indexed_and_say_why(db_url: str,
                                                 docs: dict[str, Document]) -> None:
    with Store.open(db_url) as store:
        store.write([docs["short"], docs["original"]])
        report = update_copies(store)
        assert report.indexed == 1
        reason = skipped_articles(store)[docs["short"].id]
    assert "too short" in reason and "40 words" in reason


def test_min_overlap_filters_groups(db_url: str, docs: dict[str, Document]) -> None:
    with Store.open(db_url) as store:
        store.write([docs["original"], docs["copy"]])
        update_copies(store)
        assert copy_groups(store, min_overlap=0.5)
        assert copy_groups(store, min_overlap=1.0, diffs=False) == []


def test_a_translation_with_the_same_figures_joins_the_story_and_a_neighbour_does_not(
        db_url: str, docs: dict[str, Document]) -> None:
    from narrascope import analyze
    from narrascope.copies import index_stories, load_stories

    from .conftest import UKRAINIAN

    translation = analyze(UKRAINIAN, title="Дрони знеструмили Одещину", outlet="ua.example",
                          published="2024-03-04", source="uk.txt")
    with Store.open(db_url) as store:
        store.write([docs["original"], docs["neighbour"], translation])
        assert index_stories(store) == 3
        assert index_stories(store) == 0  # incremental
        stories = load_stories(store)
    (story,) = stories
    assert [a["article_id"] for a in story.articles] == [docs["original"].id, translation.id]
    assert story.languages == ["en", "uk"]
    (link,) = story.links
    assert {"22", "28", "40000"} <= set(link["shared_numbers"])
    assert "place/odesa" in link["shared_entities"]
    from narrascope.copies.stories import aligned_sentences
    from narrascope.embeddings import get_embedder

    best = aligned_sentences(docs["original"].to_dict(), translation.to_dict(),
                             get_embedder("static-e5"))[0]
    assert best["first"]["text"].startswith("Air defence units shot down 22 of the 28")
    assert best["second"]["text"].startswith("Сили протиповітряної оборони збили 22 з 28")


def _index_in_another_process(db: str, barrier) -> None:
    from narrascope.copies import index_stories

    barrier.wait()
    with Store.open(db) as store:
        update_copies(store, workers=1)
        index_stories(store)


def test_processes_indexing_one_store_at_once_neither_fail_nor_repeat(
        db_url: str, docs: dict[str, Document]) -> None:
    import multiprocessing

    with Store.open(db_url) as store:
        store.write([docs["original"], docs["copy"], docs["undated"], docs["neighbour"]])
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)
    processes = [context.Process(target=_index_in_another_process, args=(db_url, barrier))
                 for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=180)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    with Store.open(db_url) as store:
        assert _count(store, tables.copy_signatures) == 4
        assert _count(store, tables.story_vectors) == 4
        (group,) = copy_groups(store)
        assert len(group.members) == 3
