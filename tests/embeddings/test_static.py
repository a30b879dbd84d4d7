"""The fast default encoder: static piece vectors distilled from multilingual-e5-small."""

from __future__ import annotations

import json

import numpy as np
import pytest

from narrascope.embeddings import DEFAULT_EMBEDDER, EmbedderError, get_embedder
from narrascope.embeddings.static import STATIC_E5_FILE, StaticE5
from narrascope.version import MODEL_STAGES, default_model_folder


@pytest.fixture(scope="module")
def encoder() -> StaticE5:
    return get_embedder("static-e5")


def test_it_is_the_default_and_gives_unit_vectors_deterministically(encoder) -> None:
    assert DEFAULT_EMBEDDER == "static-e5"
    texts = ["Russian forces shelled Kharkiv overnight, the governor said.",
             "Росія обстріляла Харків уночі.", "रूस ने खार्किव पर गोलाबारी की।",
             "A Rússia bombardeou Kharkiv durante a noite."]
    first = encoder.encode(texts)
    assert first.shape == (4, encoder.dim) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, encoder.encode(texts))
    assert np.array_equal(first[1], encoder.encode([texts[1]])[0])  # no batch effects


def test_text_without_known_pieces_gives_a_zero_vector_not_nan(encoder) -> None:
    vectors = encoder.encode(["", "   ", "北京天气很好"])
    assert not np.isnan(vectors).any()
    assert np.allclose(vectors[:2], 0.0)


def test_a_paraphrase_is_the_nearest_of_unrelated_news(encoder) -> None:
    # Static vectors are a bag of pieces: pairs that share distinctive words are found; pairs
    # that share only meaning ("shelled" / "came under fire") are where e5 does better.
    rates, inflation, rain, floods, deal = encoder.encode([
        "The central bank raised interest rates to curb inflation.",
        "Inflation rose again as the bank kept interest rates high.",
        "Heavy rain caused floods in the south of the country.",
        "Floods after heavy rainfall hit southern regions.",
        "The two companies signed a supply deal for natural gas.",
    ])
    assert rates @ inflation > max(rates @ rain, rates @ floods, rates @ deal)
    assert rain @ floods > max(rain @ rates, rain @ inflation, rain @ deal)


def test_every_default_model_is_tied_to_the_shipped_vectors(encoder) -> None:
    for stage in MODEL_STAGES:
        folder = default_model_folder(stage)
        manifest = json.loads(next(p for p in sorted(folder.glob("*.json"))).read_text())
        assert manifest["embedder"] == "static-e5", stage
        assert manifest["embedder_checksum"] == encoder.checksum(), stage


def test_a_damaged_vector_file_is_an_embedder_error(tmp_path) -> None:
    broken = tmp_path / "static-e5.npz"
    broken.write_bytes(STATIC_E5_FILE.read_bytes()[:1000])
    with pytest.raises(EmbedderError, match="rebuild it"):
        StaticE5(broken)
