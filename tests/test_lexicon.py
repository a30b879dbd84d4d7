"""The shared lexicon: a leaf package, complete per language, and the speech-verb split honest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from narrascope.lexicon import LANGUAGES
from narrascope.lexicon.abbreviations import (
    FINAL_ABBREVIATIONS,
    NONFINAL_ABBREVIATIONS,
    SENTENCE_STARTERS,
)
from narrascope.lexicon.descriptions import ORG_NOUNS
from narrascope.lexicon.marks import CLOSED_BY, LENIENT_QUOTE_PAIRS, QUOTE_PAIRS
from narrascope.lexicon.pronouns import PRONOUNS
from narrascope.lexicon.speech import (
    COMPLEMENTISERS,
    SPEECH_CUE_EXTRAS,
    SPEECH_CUES,
    SPEECH_VERB_FORMS,
    SPEECH_VERBS,
    SPLITTER_SPEECH_VERBS,
)
from narrascope.quotes.patterns import cue_pattern

LEXICON = Path(__file__).parents[1] / "src" / "narrascope" / "lexicon"


def test_the_lexicon_imports_nothing_from_narrascope() -> None:
    for path in LEXICON.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("narrascope") and not node.level, path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("narrascope") for a in node.names), path


@pytest.mark.parametrize("table", [
    SPEECH_VERBS, SPEECH_CUE_EXTRAS, SPLITTER_SPEECH_VERBS, SPEECH_CUES, COMPLEMENTISERS,
    NONFINAL_ABBREVIATIONS, FINAL_ABBREVIATIONS, SENTENCE_STARTERS, PRONOUNS, ORG_NOUNS,
])
def test_every_table_covers_every_language(table: dict) -> None:
    assert set(table) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_shared_speech_verbs_are_cues_and_the_splitters_own_are_not(language: str) -> None:
    # A splitter-only form that becomes a cue belongs in SPEECH_VERBS.
    cues = cue_pattern(language)
    assert all(cues.fullmatch(word) for word in SPEECH_VERBS[language].split())
    assert not any(cues.fullmatch(word) for word in SPLITTER_SPEECH_VERBS[language].split())
    assert set(SPEECH_VERBS[language].split()) <= SPEECH_VERB_FORMS
    assert set(SPLITTER_SPEECH_VERBS[language].split()) <= SPEECH_VERB_FORMS


def test_closed_by_inverts_the_quote_pairs() -> None:
    for opener, closers in QUOTE_PAIRS.items():
        for closer in closers:
            assert opener in CLOSED_BY[closer]
    assert all(LENIENT_QUOTE_PAIRS[opener].startswith(closers)
               for opener, closers in QUOTE_PAIRS.items())
