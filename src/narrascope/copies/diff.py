"""What a copy changed: a sentence-aligned diff with word-level swaps.

Sentences are aligned in order on their words (case, quotation marks and spacing ignored).
Sentences that match exactly are unchanged; between two unchanged stretches, a removed and an
added sentence that share most of their words are one sentence reworded, and inside it each
run of replaced words is a swap. A swap is marked ``entity`` when it touches a named entity
of either article ("Kyiv" → "Kiev"), ``loaded`` when either side holds a loaded or labelling
term ("the Ukrainian army" → "Kiev's militants"), otherwise ``wording``.

>>> d = diff_texts("Kyiv said ten drones were shot down. Talks resume today.",
...                [(0, 36), (37, 56)],
...                "The Kiev regime said ten drones were shot down. Talks resume today. More soon.",
...                [(0, 47), (48, 67), (68, 78)])
>>> d.unchanged, len(d.reworded), [s.text for s in d.added]
(1, 1, ['More soon.'])
>>> [(w.old, w.new) for w in d.reworded[0].swaps]
[('Kyiv', 'The Kiev regime')]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from narrascope.copies.shingles import words

__all__ = ["CopyDiff", "Reworded", "SentenceRef", "Swap", "diff_texts"]

#: Share of words two sentences must have in common to be one sentence reworded.
REWORDED_AT = 0.5
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class SentenceRef:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Swap:
    """Words of the original replaced in the copy, with offsets into each cleaned text."""

    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    kind: str  # "entity", "loaded" or "wording"
    #: Whether either side holds a loaded or labelling term, also when it names an entity
    #: ("Ukrainian forces" → "Kiev's militants").
    loaded: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "old_start": self.old_start,
                "old_end": self.old_end, "new_start": self.new_start, "new_end": self.new_end,
                "kind": self.kind, "loaded": self.loaded}


@dataclass(frozen=True)
class Reworded:
    original: SentenceRef
    copy: SentenceRef
    similarity: float
    swaps: list[Swap]

    def to_dict(self) -> dict[str, Any]:
        return {"original": self.original.to_dict(), "copy": self.copy.to_dict(),
                "similarity": self.similarity, "swaps": [s.to_dict() for s in self.swaps]}


@dataclass
class CopyDiff:
    """How the copy's sentences relate to the original's."""

    unchanged: int = 0
    added: list[SentenceRef] = field(default_factory=list)
    removed: list[SentenceRef] = field(default_factory=list)
    reworded: list[Reworded] = field(default_factory=list)

    def swaps(self) -> list[Swap]:
        return [swap for pair in self.reworded for swap in pair.swaps]

    def summary(self) -> str:
        kinds = [s.kind for s in self.swaps()]
        parts = [f"{self.unchanged} unchanged", f"{len(self.reworded)} reworded",
                 f"{len(self.added)} added", f"{len(self.removed)} removed"]
        marked = [f"{kinds.count(k)} {k} swap{'s' if kinds.count(k) != 1 else ''}"
                  for k in ("entity", "loaded") if k in kinds]
        loaded = sum(1 for s in self.swaps() if s.loaded)
        if loaded:
            marked.append(f"{loaded} with loaded terms")
        return ", ".join(parts + marked)

    def to_dict(self) -> dict[str, Any]:
        return {"unchanged": self.unchanged, "added": [s.to_dict() for s in self.added],
                "removed": [s.to_dict() for s in self.removed],
                "reworded": [r.to_dict() for r in self.reworded], "summary": self.summary()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CopyDiff:
        """The diff from its JSON object (as :meth:`to_dict` writes it)."""
        def ref(item: dict[str, Any]) -> SentenceRef:
            return SentenceRef(item["start"], item["end"], item["text"])

        return cls(
            unchanged=data["unchanged"], added=[ref(x) for x in data["added"]],
            removed=[ref(x) for x in data["removed"]],
            reworded=[Reworded(ref(r["original"]), ref(r["copy"]), r["similarity"],
                               [Swap(**swap) for swap in r["swaps"]])
                      for r in data["reworded"]])


def diff_texts(original: str, original_sentences: Sequence[tuple[int, int]], copy: str,
               copy_sentences: Sequence[tuple[int, int]], *,
               original_entities: Sequence[tuple[int, int]] = (),
               copy_entities: Sequence[tuple[int, int]] = (),
               loaded: Callable[[str], bool] | None = None) -> CopyDiff:
    """The diff of ``copy`` against ``original``, each with its sentences' offsets and the
    offsets of its entity mentions. ``loaded(text) -> bool`` says whether words hold a loaded
    term (by default the technique lexicon's loaded-language and name-calling cues)."""
    loaded = loaded or _loaded_term
    left = [SentenceRef(s, e, original[s:e]) for s, e in original_sentences
            if original[s:e].strip()]
    right = [SentenceRef(s, e, copy[s:e]) for s, e in copy_sentences if copy[s:e].strip()]
    left_keys = [" ".join(words(s.text)) for s in left]
    right_keys = [" ".join(words(s.text)) for s in right]
    result = CopyDiff()
    matcher = difflib.SequenceMatcher(None, left_keys, right_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.unchanged += i2 - i1
            continue
        _pair_block(left[i1:i2], right[j1:j2], result, original_entities, copy_entities, loaded)
    _moved_back(result)
    return result


def _pair_block(removed: list[SentenceRef], added: list[SentenceRef], result: CopyDiff,
                original_entities: Sequence[tuple[int, int]],
                copy_entities: Sequence[tuple[int, int]], loaded: Callable[[str], bool]
                ) -> None:
    """Pair the sentences of one changed stretch in order, each removed sentence with the
    most similar added one after the last pairing, when they share enough words."""
    cursor = 0
    for old in removed:
        best, best_at = 0.0, -1
        old_words = words(old.text)
        for at in range(cursor, len(added)):
            score = difflib.SequenceMatcher(None, old_words, words(added[at].text),
                                            autojunk=False).ratio()
            if score > best:
                best, best_at = score, at
        if best >= REWORDED_AT:
            result.added.extend(added[cursor:best_at])
            new = added[best_at]
            result.reworded.append(Reworded(old, new, round(best, 3),
                                            _swaps(old, new, original_entities, copy_entities,
                                                   loaded)))
            cursor = best_at + 1
        else:
            result.removed.append(old)
    result.added.extend(added[cursor:])


def _moved_back(result: CopyDiff) -> None:
    """A sentence removed in one place and added, the same, in another was moved: unchanged."""
    removed = {" ".join(words(s.text)): s for s in result.removed}
    still_added = []
    for sentence in result.added:
        key = " ".join(words(sentence.text))
        if key in removed:
            result.removed.remove(removed.pop(key))
            result.unchanged += 1
        else:
            still_added.append(sentence)
    result.added = still_added


def _swaps(old: SentenceRef, new: SentenceRef, original_entities: Sequence[tuple[int, int]],
           copy_entities: Sequence[tuple[int, int]], loaded: Callable[[str], bool]
           ) -> list[Swap]:
    old_tokens = [(m.start() + old.start, m.end() + old.start) for m in _TOKEN.finditer(old.text)]
    new_tokens = [(m.start() + new.start, m.end() + new.start) for m in _TOKEN.finditer(new.text)]
    old_keys = [_token_key(old.text, t, old.start) for t in old_tokens]
    new_keys = [_token_key(new.text, t, new.start) for t in new_tokens]
    swaps = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        o_start, o_end = _unpunctuated(old, old_tokens[i1][0], old_tokens[i2 - 1][1])
        n_start, n_end = _unpunctuated(new, new_tokens[j1][0], new_tokens[j2 - 1][1])
        if o_start == o_end and n_start == n_end:
            continue  # punctuation only
        old_words = old.text[o_start - old.start:o_end - old.start]
        new_words = new.text[n_start - new.start:n_end - new.start]
        is_loaded = bool(loaded(old_words) or loaded(new_words))
        if _touches((o_start, o_end), original_entities) or _touches((n_start, n_end),
                                                                      copy_entities):
            kind = "entity"
        else:
            kind = "loaded" if is_loaded else "wording"
        swaps.append(Swap(old_words, new_words, o_start, o_end, n_start, n_end, kind, is_loaded))
    return swaps


def _unpunctuated(sentence: SentenceRef, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inside the punctuation and quotation marks at either end of
    the words: a swap shows "Kyiv", not "…Kyiv," — with offsets that still point at it."""
    text, offset = sentence.text, sentence.start
    while start < end and not text[start - offset].isalnum():
        start += 1
    while end > start and not text[end - 1 - offset].isalnum():
        end -= 1
    return start, end


def _token_key(text: str, token: tuple[int, int], offset: int) -> str:
    return " ".join(words(text[token[0] - offset:token[1] - offset]))


def _touches(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _loaded_term(text: str) -> bool:
    return _loaded_pattern().search(text) is not None


@lru_cache(maxsize=1)
def _loaded_pattern() -> re.Pattern[str]:
    """The technique lexicon's loaded-language and name-calling cues, as one expression."""
    from narrascope.techniques.lexicon import builtin_lexicon

    patterns = [pattern.pattern for technique, _cue, pattern in builtin_lexicon().matchers
                if technique in ("Loaded_Language", "Name_Calling-Labeling")]
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x",
                      re.IGNORECASE | re.MULTILINE)
