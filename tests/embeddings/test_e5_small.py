"""The sentence encoder: every text of a call comes back, whatever the cache holds."""

from __future__ import annotations

import numpy as np

from narrascope.embeddings import E5Small, get_embedder


def test_a_call_with_more_new_texts_than_the_cache_holds_returns_them_all() -> None:
    small = E5Small(cache_size=3)
    texts = ["यूक्रेन", "Kyiv", "Київ", "Киев", "Kiev", "Kijów", "Kyiv"]  # 6 new, one repeated
    vectors = small.encode(texts)
    assert vectors.shape == (7, small.dim)
    assert np.allclose(vectors[1], vectors[6])
    reference = get_embedder("e5-small").encode(texts[:6])
    assert np.allclose(vectors[:6], reference, atol=1e-5)
    assert np.allclose(small.encode(["Kijów"]), reference[5], atol=1e-5)  # still cached
    assert small.encode([]).shape == (0, small.dim)
