"""Step 9: legacy single-byte code pages, ranked by how plausibly each reads the text.

The distinct non-ASCII tokens of the input (at most 1500, sampled evenly from the scanned part)
are decoded with every candidate code page and scored with
:mod:`~narrascope.ingest.encoding.scoring`, in rounds that drop hopeless candidates early; code
pages that are rare on the web carry a handicap. The best reading wins, unless it is implausible
(the text is in another script) or has no clear margin (charset_normalizer breaks the tie): see
:mod:`~narrascope.ingest.encoding.other_scripts`. Among code pages that decode the input to the
same text, the commonest name is reported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from narrascope.ingest.encoding.codec import _NON_ASCII_BYTE, SAMPLE_SIZE, _decodes_strictly
from narrascope.ingest.encoding.other_scripts import (
    _OTHER_WEB_CODECS,
    _charset_normalizer_guess,
    _foreign_guess,
)
from narrascope.ingest.encoding.scoring import (
    _ALPHABET_MISFIT_PENALTY,
    _EXTENDED_LATIN,
    _cyrillic_letters,
    _cyrillic_pairs,
    _latin_alphabet,
    _score_token,
)

#: Maximum number of distinct non-ASCII words used for the legacy code page scoring.
_MAX_SCORED_TOKENS = 1500


#: Candidates, in the order that breaks ties between equal scores.
_LEGACY_CANDIDATES: tuple[str, ...] = (
    "cp1252",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "latin-1",
    "iso-8859-5",
    "cp1250",
    "mac-cyrillic",
    "cp866",
    "cp855",
    "iso-8859-2",
    "cp1254",
)


#: Handicap of code pages that are rare on the web, applied to each token that they read
#: differently from their common sibling, so that they only win on clear evidence.
_PRIOR_PENALTY = {
    "mac-cyrillic": (0.6, "cp1251"),
    "cp866": (0.3, "cp1251"),
    "cp855": (0.3, "cp1251"),
    "iso-8859-5": (0.3, "cp1251"),
    "cp1250": (0.3, "cp1252"),
    "iso-8859-2": (0.3, "cp1252"),
    "cp1254": (0.3, "cp1252"),
}

#: When several code pages decode the *whole* input to identical text, the first of them here is
#: reported (plain Latin-1 rather than cp1252 when no byte in 0x80-0x9F occurs, KOI8-R rather
#: than KOI8-U without Ukrainian letters).
_PREFERENCE: tuple[str, ...] = ("latin-1", *_LEGACY_CANDIDATES)


def _preference_index(encoding: str) -> int:
    try:
        return _PREFERENCE.index(encoding)
    except ValueError:
        return len(_PREFERENCE)


# A whitespace-delimited token containing a non-ASCII byte; the look-behind anchors matches at
# token starts so that long tokens are scanned once.
_TOKEN = re.compile(rb"(?<!\S)\S*?[\x80-\xff]\S*")
_TOKEN_ANYWHERE = re.compile(rb"\S*?[\x80-\xff]\S*")
_MAX_TOKEN_BYTES = 64
# Stop scanning after this many non-ASCII tokens, or past the sample once this many were seen.
_MAX_SCANNED_TOKENS = 20_000
_MIN_SCANNED_TOKENS = 200


def _clip(token: bytes) -> bytes:
    """Cut an overlong token to ``_MAX_TOKEN_BYTES`` around its first non-ASCII byte."""
    if len(token) <= _MAX_TOKEN_BYTES:
        return token
    first = _NON_ASCII_BYTE.search(token)
    start = max(0, (first.start() if first else 0) - _MAX_TOKEN_BYTES // 4)
    return token[start : start + _MAX_TOKEN_BYTES]


def _scoring_tokens(data: bytes) -> tuple[bytes, list[int], slice]:
    """Distinct non-ASCII tokens (up to ``_MAX_SCORED_TOKENS``) joined by newlines, their
    counts, and the part of ``data`` that was scanned.

    The scan is lazy: dense non-ASCII text stops after its first few kilobytes, while text whose
    first non-ASCII byte comes late is still found. Single-byte code pages decode every byte on
    its own, so decoding the joined tokens equals decoding them in place. The tokens are
    interleaved so that every prefix of the list samples the whole scanned text evenly: the
    first rounds of scoring (see ``_ROUNDS``) must not see only a header, a table drawn with
    box characters or a list of names.
    """
    counts: Counter[bytes] = Counter()
    first = _NON_ASCII_BYTE.search(data)
    if first is None:
        return b"", [], slice(0, 0)
    # Jump straight to the first non-ASCII token (it may start at most a few bytes earlier).
    begin = max(0, first.start() - _MAX_TOKEN_BYTES)
    space = max(data.rfind(ws, begin, first.start()) for ws in b" \t\n\r\f\v")
    head = _TOKEN_ANYWHERE.match(data, space + 1 if space >= 0 else begin)
    assert head is not None  # a non-ASCII byte follows
    counts[_clip(head.group())] += 1
    end = head.end()
    for seen, match in enumerate(_TOKEN.finditer(data, head.end()), start=2):
        counts[_clip(match.group())] += 1
        end = match.end()
        if len(counts) >= _MAX_SCORED_TOKENS or seen >= _MAX_SCANNED_TOKENS:
            break
        if seen >= _MIN_SCANNED_TOKENS and match.start() >= SAMPLE_SIZE:
            break
    tokens = list(counts)
    stride = max(1, len(tokens) // _ROUNDS[0][0])
    tokens = [tokens[i] for offset in range(stride) for i in range(offset, len(tokens), stride)]
    return b"\n".join(tokens), [counts[token] for token in tokens], slice(head.start(), end)


_ASCII_WORD = re.compile(rb"(?<!\S)[(\"'\[]*[A-Za-z]+[)\"'\].,;:!?]*(?!\S)")


def _latin_context(data: bytes, scanned: slice, non_ascii_tokens: int) -> float:
    """Penalty (0..3) for one-letter Cyrillic words when most words around are ASCII words.

    Russian, Ukrainian and Bulgarian text consists mostly of non-ASCII words, so a lone "а" or
    "И" among Portuguese words is far likelier to be "à" or "é".
    """
    start = max(0, scanned.start - 4096)
    region = data[start : min(scanned.stop + 4096, start + SAMPLE_SIZE)]
    ascii_words = len(_ASCII_WORD.findall(region))
    share = ascii_words / max(1, ascii_words + non_ascii_tokens)
    return min(3.0, max(0.0, 8.0 * (share - 0.5)))


@dataclass(frozen=True)
class _Candidate:
    encoding: str
    tokens: list[str]  # the distinct non-ASCII tokens of the sample, decoded
    scores: list[float]  # plausibility of each token
    score: float  # weighted average plausibility per token

    def margin_over(self, other: _Candidate, weights: list[int]) -> tuple[float, int]:
        """Average score advantage on the tokens the two decode differently, and their count."""
        margin, _, differing = self.compare(other, weights)
        return margin, differing

    def compare(self, other: _Candidate, weights: list[int]) -> tuple[float, float, int]:
        """(average advantage, ``other``'s average score, count) on the differing tokens."""
        gain = 0.0
        theirs_total = 0.0
        differing = 0
        for mine, theirs, my_score, their_score, weight in zip(
            self.tokens, other.tokens, self.scores, other.scores, weights, strict=True
        ):
            if mine != theirs:
                gain += weight * (my_score - their_score)
                theirs_total += weight * their_score
                differing += weight
        if not differing:
            return 0.0, 0.0, 0
        return gain / differing, theirs_total / differing, differing


# Candidates are scored in rounds: after the first 30 and 150 tokens, those more than 3.0 and
# 2.0 behind the best are dropped before more tokens are scored, and when even the best is
# below ``_HOPELESS_SCORE`` scoring stops (the text is in another script: CJK, Thai, ...).
_ROUNDS: tuple[tuple[int, float], ...] = ((30, 3.0), (150, 2.0))
_HOPELESS_SCORE = -3.0


@dataclass
class _Reading:
    """A candidate code page's reading of the scoring tokens, scored lazily."""

    index: int
    encoding: str
    tokens: list[str]
    alphabet: frozenset[str] | None
    misfit: float  # penalty of tokens with accented Latin letters (see _latin_alphabet)
    sibling_tokens: list[str] | None  # the common sibling's reading (see _PRIOR_PENALTY)
    handicap: float
    scores: list[float]

    def extend(self, stop: int, context: float) -> None:
        for i in range(len(self.scores), stop):
            token = self.tokens[i]
            if _EXTENDED_LATIN.search(token):
                score = _score_token(token, self.alphabet) - self.misfit
            else:
                score = _score_token(token)
            if self.sibling_tokens is not None and token != self.sibling_tokens[i]:
                score -= self.handicap
            if context and _cyrillic_letters(token) == 1:
                score -= context
            self.scores.append(score)


def _rank_legacy(data: bytes, extra: Iterable[str] = ()) -> tuple[list[_Candidate], list[int]]:
    """Score the legacy candidates on the non-ASCII tokens; best first (ties by preference).

    Candidates far behind after a round of ``_ROUNDS`` are left out (``extra`` ones are kept);
    when no candidate reads plausibly after a round, only the tokens scored so far are
    returned, with their weights.
    """
    joined, weights, scanned = _scoring_tokens(data)
    context = _latin_context(data, scanned, sum(weights))
    order = list(_LEGACY_CANDIDATES) + [e for e in extra if e not in _LEGACY_CANDIDATES]
    byte_counts = {
        value: n for value in range(0x80, 0x100) if (n := joined.count(value.to_bytes()))
    }
    readings: list[_Reading] = []
    for index, encoding in enumerate(order):
        tokens = joined.decode(encoding, "replace").split("\n")
        if len(tokens) != len(weights):  # newline not ASCII-compatible: not a candidate
            continue
        alphabet, coverage = _latin_alphabet(byte_counts, encoding)
        handicap, sibling = _PRIOR_PENALTY.get(encoding, (0.0, None))
        sibling_tokens = joined.decode(sibling, "replace").split("\n") if sibling else None
        readings.append(
            _Reading(
                index,
                encoding,
                tokens,
                alphabet,
                _ALPHABET_MISFIT_PENALTY * (1.0 - coverage),
                sibling_tokens,
                handicap,
                [],
            )
        )

    def average(reading: _Reading, stop: int) -> float:
        reading.extend(stop, context)
        total = sum(weights[:stop]) or 1
        return sum(w * v for w, v in zip(weights, reading.scores[:stop], strict=False)) / total

    stop = len(weights)
    for head, margin in _ROUNDS:
        if head >= stop or not readings:
            break
        so_far = {r.encoding: average(r, head) for r in readings}
        leader = max(so_far.values())
        readings = [
            r for r in readings if so_far[r.encoding] >= leader - margin or r.encoding in extra
        ]
        if leader < _HOPELESS_SCORE:
            stop = head
            weights = weights[:head]
            break
    ranked: list[tuple[float, int, _Candidate]] = []
    for reading in readings:
        score = average(reading, stop)
        candidate = _Candidate(reading.encoding, reading.tokens[:stop], reading.scores, score)
        ranked.append((-score, reading.index, candidate))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in ranked], weights


@lru_cache(maxsize=128)
def _differing_bytes(first: str, second: str) -> bytes:
    """The byte values that two single-byte codecs decode differently."""
    return bytes(
        value
        for value in range(0x80, 0x100)
        if bytes([value]).decode(first, "replace") != bytes([value]).decode(second, "replace")
    )


def _same_text(data: bytes, first: str, second: str) -> bool:
    """Whether two single-byte codecs decode ``data`` to the same text."""
    differing = _differing_bytes(first, second)
    return not differing or len(data.translate(None, differing)) == len(data)


# Average per-token score gap (on the tokens two candidates decode differently) below which the
# ranking is considered undecided and charset_normalizer is consulted.
_CLEAR_MARGIN = 0.25


# A reading is implausible when its average token score is below this ...
_IMPLAUSIBLE_SCORE = -1.5
# ... or when it is Cyrillic with at least this many letter pairs, of which fewer than this share
# are common in Russian, Ukrainian and Bulgarian (real text: over 0.9; Greek or Hebrew text read
# through a Cyrillic code page: 0.6-0.8).
_MIN_CYRILLIC_PAIRS = 40
_MIN_CYRILLIC_PAIR_SHARE = 0.85


_MAX_PAIR_TOKENS = 500


def _cyrillic_pair_share(candidate: _Candidate, weights: list[int]) -> tuple[int, float]:
    """Letter pairs in the all-Cyrillic words of a reading (its first ``_MAX_PAIR_TOKENS``
    tokens), and the share of common ones. All-caps words (abbreviations such as "МЧС") only
    count when the text is mostly in capitals."""
    pairs = hits = caps_pairs = caps_hits = 0
    for token, weight in zip(candidate.tokens[:_MAX_PAIR_TOKENS], weights, strict=False):
        token_pairs, token_hits, token_caps_pairs, token_caps_hits = _cyrillic_pairs(token)
        pairs += weight * token_pairs
        hits += weight * token_hits
        caps_pairs += weight * token_caps_pairs
        caps_hits += weight * token_caps_hits
    if caps_pairs > pairs:
        pairs += caps_pairs
        hits += caps_hits
    return pairs, (hits / pairs if pairs else 1.0)


def _reads_plausibly(candidate: _Candidate, weights: list[int]) -> bool:
    """Whether a reading looks like text in one of narrascope's languages (or at least in a
    Latin or Cyrillic script), as opposed to text of another script read through the wrong
    code page (Greek, Hebrew, Thai, Chinese, Japanese, Korean ...)."""
    if candidate.score < _IMPLAUSIBLE_SCORE:
        return False
    pairs, share = _cyrillic_pair_share(candidate, weights)
    return pairs < _MIN_CYRILLIC_PAIRS or share >= _MIN_CYRILLIC_PAIR_SHARE


def _choose_legacy(data: bytes, ranked: list[_Candidate], weights: list[int]) -> tuple[str, float]:
    """Pick a legacy codec from the ranking; returns (encoding, confidence)."""
    best = ranked[0]
    if not _reads_plausibly(best, weights):
        foreign = _foreign_guess(data)
        if foreign is not None and foreign not in _LEGACY_CANDIDATES:
            return foreign, 0.5
    rival = next((c for c in ranked[1:] if c.tokens != best.tokens), None)
    margin, differing = best.margin_over(rival, weights) if rival else (10.0, 10)
    encoding = best.encoding
    evidence = max(0.0, margin) * min(differing, 20)
    confidence = 0.3 + 0.69 * (1.0 - math.exp(-evidence / 4.0))
    if best.score <= 0.0 or margin < _CLEAR_MARGIN:
        confidence = min(confidence, 0.5)
        fallback = _charset_normalizer_guess(data)
        if fallback is not None:
            fallback_tokens = _scoring_tokens(data)[0].decode(fallback, "replace").split("\n")
            fallback_tokens = fallback_tokens[: len(best.tokens)]
            agreeing = [c for c in ranked if c.tokens == fallback_tokens]
            if agreeing and rival is not None and agreeing[0].tokens in (best.tokens, rival.tokens):
                # charset_normalizer breaks the tie between our two best readings.
                encoding = agreeing[0].encoding
            elif (
                not agreeing
                and best.score <= -1.0
                and fallback in _OTHER_WEB_CODECS
                and fallback not in _LEGACY_CANDIDATES  # ours were scored (or dropped as bad)
                and _decodes_strictly(data, fallback)
            ):
                # None of our code pages reads plausibly (Greek, Baltic, ... text): trust
                # charset_normalizer.
                return fallback, 0.4
    # Among codecs that decode these bytes identically, report the preferred one.
    chosen = next((c for c in ranked if c.encoding == encoding), None)
    same = [
        c.encoding
        for c in ranked
        if (chosen is None or c.tokens == chosen.tokens) and _same_text(data, c.encoding, encoding)
    ]
    same.sort(key=_preference_index)
    return (same[0] if same else encoding), round(confidence, 3)
