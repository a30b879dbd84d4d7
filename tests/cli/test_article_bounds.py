"""One monster article never stalls a batch: a length limit and a time budget per article, and a
database that refuses one article costs only that article."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import ClassVar

import pytest

from narrascope import Document, Pipeline, register_stage
from narrascope.cli import main
from narrascope.pipeline import ArticleTooLongError
from narrascope.runner import run_batch
from narrascope.store import Store

FAST = "clean,language,sentences"
BODY = ("The mayor of Mykolaiv said on Sunday that water supplies had been restored to most "
        "districts after repairs to the damaged pipeline were completed.")


@register_stage("test_stall")
class _Stall:
    """Stands for a stage that never finishes on one pathological article."""

    def __call__(self, doc: Document) -> Document:
        if "STALL" in doc.text:
            while True:
                time.sleep(0.01)
        return doc


@register_stage("test_poison")
class _Poison:
    """Gives one article a title no database can take (a lone surrogate)."""

    def __call__(self, doc: Document) -> Document:
        if doc.text.endswith("Two."):
            doc.title = "bad \ud800"
        return doc


def _jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": f"n{i}", "text": t}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return path


def test_an_article_over_the_length_limit_fails_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [BODY, "word " * 50_000, BODY + " Again."])
    db = str(tmp_path / "news.db")
    code = main(["analyze", str(source), "--db", db, "--stages", FAST, "--max-chars", "100000"])
    assert code == 1
    assert "too long to analyse: 249,999 characters, over the 100,000-character limit" in (
        capsys.readouterr().err)
    with Store.open(db) as store:
        assert store.count() == 2
        (failure,) = store.failures()
        assert (failure["source"], failure["stage"]) == (f"{source}#2", "analysis")


def test_the_default_length_limit_applies_to_analyze_too() -> None:
    with pytest.raises(ArticleTooLongError, match="too long to analyse"):
        Pipeline(["clean"])(Document(id="x", source="x", raw_text="a" * 200_001,
                                     text="a" * 200_001))


def test_an_article_over_the_time_budget_fails_and_the_batch_goes_on(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [BODY, BODY + " STALL", BODY + " Again."])
    with Store.open(str(tmp_path / "news.db")) as store:
        started = time.monotonic()
        summary = run_batch([str(source)], store=store, stages=[*FAST.split(","), "test_stall"],
                            article_timeout=0.5)
        assert time.monotonic() - started < 30
        assert summary.articles == 2
        (failure,) = summary.failures
        assert failure.source == f"{source}#2"
        assert "longer than the 0.5 s allowed per article" in failure.reason
        assert store.count() == 2


def test_an_article_the_database_refuses_is_a_failure_and_its_batch_is_kept(
    db_url: str, tmp_path: Path
) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [BODY, BODY + " Two.", BODY + " Three."])
    with Store.open(db_url) as store:
        summary = run_batch([str(source)], store=store, stages=[*FAST.split(","), "test_poison"])
        assert summary.articles == 2
        assert [(f.source, f.stage) for f in summary.failures] == [(f"{source}#2", "store")]
        assert store.count() == 2
        (run,) = store.runs()
        assert (run["articles"], run["status"]) == (2, "partial")


def test_nul_bytes_are_stored_the_same_on_both_back_ends(db_url: str, tmp_path: Path) -> None:
    good = [BODY + f" Item {n}." for n in range(6)]
    source = _jsonl(tmp_path / "in.jsonl", [*good[:3], "Kherson\x00 shelling: " + BODY, *good[3:]])
    csv_source = tmp_path / "in.csv"
    csv_source.write_bytes(b"id,text\nc1,Odesa port\x00 reopens. " + BODY.encode() + b"\n")
    db = db_url
    assert main(["analyze", str(source), str(csv_source), "--db", db, "--stages", FAST,
                 "-q"]) == 0
    with Store.open(db) as store:
        assert store.count() == 8
        records = {r["id"]: r for r in store.iter_documents()}
    assert records["n3"]["text"].startswith("Kherson shelling")
    assert any("NUL" in w for w in records["n3"]["warnings"])
    assert records["c1"]["text"].startswith("Odesa port reopens")


@register_stage("test_seen")
class _Seen:
    """Records every text it is given, in order."""

    texts: ClassVar[list[str]] = []

    def __call__(self, doc: Document) -> Document:
        self.texts.append(doc.text)
        return doc


def test_workers_load_their_models_before_the_first_article_is_timed(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [BODY])
    _Seen.texts.clear()
    run_batch([str(source)], store=None, stages=["clean", "test_seen"], article_timeout=10)
    assert len(_Seen.texts) == 7 and _Seen.texts[-1] == BODY  # six languages, then the article
    _Seen.texts.clear()
    run_batch([str(source)], store=None, stages=["clean", "test_seen"], article_timeout=None)
    assert _Seen.texts == [BODY]  # nothing to time: nothing to warm up


@pytest.mark.parametrize("value", ["-1", "nan", "inf"])
def test_a_time_budget_that_is_no_number_of_seconds_is_a_usage_error(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [BODY])
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", str(source), "--no-db", "--article-timeout", value])
    assert exit_info.value.code == 2
    assert "must be a number of seconds" in capsys.readouterr().err
