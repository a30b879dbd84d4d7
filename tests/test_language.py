"""Language identification for the six languages narrascope targets, and `und`."""

from __future__ import annotations

import pytest

from narrascope.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Kremlin said on Tuesday that Western weapons would only prolong the war.", "en"),
        ("В Кремле заявили, что поставки западного оружия лишь затянут конфликт.", "ru"),
        ("У Кремлі заявили, що постачання західної зброї лише затягне війну.", "uk"),
        ("От Кремъл заявиха, че доставките на западни оръжия само ще удължат войната.", "bg"),
        ("O Kremlin afirmou que o envio de armas ocidentais só vai prolongar a guerra.", "pt"),
        ("क्रेमलिन ने कहा कि पश्चिमी हथियारों की आपूर्ति से युद्ध और लंबा खिंचेगा।", "hi"),
        # Machine-translated Ukrainian with Russian-looking words is still Ukrainian.
        ("Зеленський заявив, що Україна не піде на поступки і буде боротися до кінця.", "uk"),
    ],
)
def test_detects_each_target_language(text: str, language: str) -> None:
    guess = detect_language(text)
    assert guess.language == language
    assert guess.probability >= 0.6


@pytest.mark.parametrize("text", ["", "OK!!! 123", "12.03.2023 — 14:45", "NATO"])
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect_language(text).language == "und"
