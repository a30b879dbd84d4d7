"""End to end on the bundled sample corpus: residue gone, body kept, metadata right.

The ground truth is samples/MANIFEST.json, written together with the articles: for each article
the exact residue lines it carries and body passages (shortest paragraph, quotes, sentences that
look like residue) that must survive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.ingest import read_inputs
from narrascope.pipeline import Pipeline

SAMPLES = Path(__file__).parents[2] / "samples"
MANIFEST = json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analysed() -> dict[str, dict]:
    pipeline = Pipeline(["clean", "language", "sentences"])  # what this file checks
    corpus = SAMPLES / "corpus"
    documents = {}
    for item in read_inputs([str(corpus)]):
        if hasattr(item, "text"):
            record = pipeline(item).to_dict(include_raw=True)
            documents[str(Path(item.source).relative_to(corpus))] = record
    return documents


def test_every_manifest_article_was_read(analysed: dict[str, dict]) -> None:
    assert sorted(analysed) == sorted(entry["source"] for entry in MANIFEST)


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["source"] for e in MANIFEST])
def test_residue_removed_and_body_kept(entry: dict, analysed: dict[str, dict]) -> None:
    record = analysed[entry["source"]]
    removed = [r["text"] for r in record["removed"]]
    for line in entry["residue"]:
        assert line not in record["text"].splitlines(), f"residue kept: {line!r}"
        if line in record["raw_text"]:  # else HTML main-text extraction already dropped it
            assert line in removed, f"removed but not recorded: {line!r}"
    for passage in entry["keep"]:
        assert passage in record["text"], f"body lost: {passage!r}"


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["source"] for e in MANIFEST])
def test_language_and_metadata(entry: dict, analysed: dict[str, dict]) -> None:
    record = analysed[entry["source"]]
    assert record["language"] == entry["language"]
    assert record["title"] == entry["title"]
    if entry["url"]:
        assert record["url"] == entry["url"]
    if entry["published"]:
        assert record["published"][:10] == entry["published"]
    if entry["encoding"] not in ("utf-8", None) and record["encoding"]:
        assert record["encoding"].replace("_", "-").startswith(entry["encoding"][:5])
