"""The 23 persuasion techniques and the cue lexicon that finds the lexical ones.

Cues and patterns live in ``data/knowledge.yaml`` (six languages; a trailing ``*`` in a cue
allows any word ending, for Slavic inflection). A cue marks the words that fired; for
techniques whose spans are clauses (Doubt, Whataboutism…) the span grows to the clause around
the cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from narrascope.cuesearch import CueSet, literal_key, pattern_keys
from narrascope.errors import ResourceError

DATA = Path(__file__).parent / "data"

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority", "Appeal_to_Popularity", "Appeal_to_Values", "Appeal_to_Fear-Prejudice",
    "Flag_Waving", "Causal_Oversimplification", "False_Dilemma-No_Choice",
    "Consequential_Oversimplification", "Straw_Man", "Red_Herring", "Whataboutism", "Slogans",
    "Appeal_to_Time", "Conversation_Killer", "Loaded_Language", "Repetition",
    "Exaggeration-Minimisation", "Obfuscation-Vagueness-Confusion", "Name_Calling-Labeling",
    "Doubt", "Guilt_by_Association", "Appeal_to_Hypocrisy", "Questioning_the_Reputation",
)


class KnowledgeError(ResourceError):
    """The technique knowledge file is malformed."""


@dataclass(frozen=True)
class CueHit:
    technique: str
    start: int
    end: int
    cue: str


@dataclass
class Lexicon:
    granularity: dict[str, str]  # technique -> "word" or "clause"
    matchers: list[tuple[str, str, re.Pattern[str]]]  # (technique, cue shown, regex)

    def __post_init__(self) -> None:
        self._cues = CueSet([
            (pattern_keys(pattern.pattern) if cue.startswith("pattern ") else literal_key(cue),
             pattern, (technique, cue))
            for technique, cue, pattern in self.matchers])

    def present(self, text: str) -> CueSet[tuple[str, str]]:
        """The cues that may match in ``text``: pass an article's to :meth:`find` for each of
        its sentences."""
        return self._cues.present(text)

    def find(self, text: str, present: CueSet[tuple[str, str]] | None = None) -> list[CueHit]:
        """Cue hits in ``text``; ``present``: :meth:`present` of a text containing it."""
        hits = []
        for pattern, (technique, cue) in (present or self._cues).present(text):
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    hits.append(CueHit(technique, match.start(), match.end(), cue))
        return sorted(hits, key=lambda h: (h.start, h.end, h.technique))

    def counts(self, text: str, hits: Sequence[CueHit] | None = None) -> list[float]:
        """Hits per technique (capped at 3), in TECHNIQUES order: a feature for the models.
        ``hits`` are this text's :meth:`find` results when the caller already has them."""
        found = [0.0] * len(TECHNIQUES)
        for hit in self.find(text) if hits is None else hits:
            found[TECHNIQUES.index(hit.technique)] = min(found[TECHNIQUES.index(hit.technique)]
                                                         + 1.0, 3.0)
        return found


def _cue_pattern(cue: str) -> re.Pattern[str]:
    cue = cue.strip().lower()
    wild = cue.endswith("*")
    body = re.escape(cue.rstrip("*")).replace(r"\ ", r"\s+")
    ending = r"\w*" if wild else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{ending}", re.IGNORECASE)


def lexicon_from_entries(entries: list[dict[str, Any]], where: str = "knowledge") -> Lexicon:
    granularity: dict[str, str] = {}
    matchers: list[tuple[str, str, re.Pattern[str]]] = []
    for entry in entries:
        technique = entry.get("technique")
        if technique == "none":
            continue
        if technique not in TECHNIQUES:
            raise KnowledgeError(f"{where}: unknown technique {technique!r}")
        granularity[technique] = entry.get("granularity", "clause")
        for cues in (entry.get("cues") or {}).values():
            for cue in cues or []:
                if cue and cue.strip("* "):
                    matchers.append((technique, cue, _cue_pattern(cue)))
        for language, patterns in (entry.get("patterns") or {}).items():
            for pattern in patterns or []:
                try:
                    matchers.append((technique, f"pattern {pattern}",
                                     re.compile(pattern, re.IGNORECASE | re.MULTILINE)))
                except re.error as exc:
                    raise KnowledgeError(f"{where}: {technique} ({language}): bad pattern "
                                         f"{pattern!r}: {exc}") from exc
    return Lexicon(granularity, matchers)


@lru_cache(maxsize=1)
def knowledge_entries() -> list[dict[str, Any]]:
    import yaml

    path = DATA / "knowledge.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


@lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    return lexicon_from_entries(knowledge_entries(), str(DATA / "knowledge.yaml"))


_MARK = re.compile(r"\[\[(.+?)\]\]")


def knowledge_exemplars() -> list[tuple[str, str | None, tuple[int, int] | None, str]]:
    """(sentence, technique or None for neutral, span of the marked words, language)."""
    rows = []
    for entry in knowledge_entries():
        technique = entry.get("technique")
        for language, sentences in (entry.get("exemplars") or {}).items():
            for marked in sentences or []:
                match = _MARK.search(marked)
                if technique == "none" or match is None:
                    rows.append((_MARK.sub(r"\1", marked), None, None, language))
                    continue
                plain = marked[: match.start()] + match.group(1) + \
                    _MARK.sub(r"\1", marked[match.end():])
                span = (match.start(), match.start() + len(match.group(1)))
                rows.append((plain, technique if technique in TECHNIQUES else None, span,
                             language))
    return rows
