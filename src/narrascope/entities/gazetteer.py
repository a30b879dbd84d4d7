"""The curated entity gazetteer: canonical ids, names and aliases in six languages.

The built-in list (``entities/data/gazetteer.yaml``) covers the people, organisations, places,
groups, military equipment and operations that war and climate coverage keeps naming. Users
extend it with YAML files of the same shape (``--gazetteer FILE``): an entry with a new ``id``
adds an entity; an entry with an existing ``id`` adds its aliases and roles to that entity.

Matching is token based and tolerant where the languages need it: Russian, Ukrainian and
Bulgarian endings (Лавров → Лаврова, Москва → Москве), English possessives (NATO's), accents
and Devanagari nukta; capitalised aliases only match capitalised text ("Patriot" the missile
system, not "a patriot"); short acronyms only match in capitals (NATO, ЗСУ).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from narrascope.entities.names import close_keys, name_key
from narrascope.errors import ResourceError

BUILTIN_PATH = Path(__file__).parent / "data" / "gazetteer.yaml"
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "GROUP", "EQUIPMENT", "OPERATION")

# Devanagari letters and signs, without the danda (।, ॥) that ends a Hindi sentence.
_DEVANAGARI = "\u0900-\u0963\u0966-\u097f"
_TOKEN = re.compile(rf"[\w{_DEVANAGARI}]+(?:[-.'’][\w{_DEVANAGARI}]+)*")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Endings a Slavic name or noun takes in running text (ru, uk, bg).
_SLAVIC_ENDINGS = frozenset(
    "а у ю е ы и і ї ой ей ом ем ым им ім ою ею ами ями ах ях ам ям ого его ому ему ов "
    "ев ові еві ых их ий ый ую юю ое ее ые ие та ът ят то те"
    .split()
)
_ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ій", "ая", "яя", "ое", "ее")
_MAX_ALIAS_TOKENS = 8


class GazetteerError(ResourceError):
    """A gazetteer file is malformed; the message names the file and entry."""


@dataclass
class GazetteerEntry:
    id: str
    name: str
    type: str
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    norm: str  # case-folded, accents and possessive removed
    capitalised: bool
    upper: bool


@dataclass(frozen=True)
class GazetteerMatch:
    start: int
    end: int
    entity_ids: tuple[str, ...]
    kind: str  # "alias", "role" or "fuzzy"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in "\u0306\u0308")
    return unicodedata.normalize("NFC", kept).replace("\u093c", "")


def normalise_token(text: str) -> str:
    """
    >>> normalise_token("NATO’s"), normalise_token("Zelenskýy"), normalise_token("Ф-16")
    ('nato', 'zelenskyy', 'ф-16')
    """
    return _strip_marks(_POSSESSIVE.sub("", text).casefold())


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        tokens.append(Token(match.start(), match.end(), word, normalise_token(word),
                            word[:1].isupper(), word.isupper() and len(word) > 1))
    return tokens


def _slavic_stem(word: str) -> str:
    """The part of a Cyrillic word its endings attach to (Лавров → Лавров, Москва → Москв)."""
    if len(word) >= 6 and word.endswith(_ADJECTIVE_ENDINGS):
        return word[:-2]
    if len(word) >= 5 and word[-1] in "аяеоиыуюіїйь":
        return word[:-1]
    return word


def token_matches(alias: str, token: Token, *, case_sensitive: bool, acronym: bool,
                  inflected: bool = True) -> bool:
    """Does text ``token`` spell the alias token ``alias`` (already normalised)? With
    ``inflected``, a Cyrillic token may carry a case ending the alias does not."""
    if acronym:
        return (token.upper and token.norm == alias) or (
            len(alias) >= 4 and token.capitalised and token.norm == alias
        )
    if case_sensitive and not token.capitalised:
        return False
    if token.norm == alias:
        return True
    if not inflected or len(alias) < 4 or not _CYRILLIC.search(alias):
        return False
    stem = _slavic_stem(alias)
    return token.norm.startswith(stem) and token.norm[len(stem) :] in _SLAVIC_ENDINGS


@dataclass(frozen=True)
class _Pattern:
    tokens: tuple[str, ...]
    entity_ids: tuple[str, ...]
    case_sensitive: tuple[bool, ...]
    acronym: tuple[bool, ...]
    kind: str


def _pattern(phrase: str, entity_ids: tuple[str, ...], kind: str) -> _Pattern | None:
    words = [t.text for t in tokenize(phrase)]
    if not words or len(words) > _MAX_ALIAS_TOKENS:
        return None
    acronym = tuple(w.isupper() and 1 < len(w) <= 6 and not any(c.isdigit() for c in w)
                    for w in words)
    sensitive = tuple(kind == "alias" and w[:1].isupper() for w in words)
    return _Pattern(tuple(normalise_token(w) for w in words), entity_ids, sensitive, acronym,
                    kind)


def _index_key(norm: str) -> str:
    return norm[:3]


class Gazetteer:
    """Entities by id, with alias and role matchers over text."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: dict[str, GazetteerEntry] = {e.id: e for e in entries}
        by_phrase: dict[tuple[str, str], set[str]] = {}
        for entry in self.entries.values():
            for alias in {entry.name, *entry.aliases}:
                by_phrase.setdefault((alias, "alias"), set()).add(entry.id)
            for role in entry.roles:
                by_phrase.setdefault((role.casefold(), "role"), set()).add(entry.id)
        self._index: dict[str, list[_Pattern]] = {}
        # By the whole first word: an exact match needs it, and a dictionary lookup per word
        # is most of what a long English article costs here.
        self._exact: dict[str, list[_Pattern]] = {}
        self._surnames: dict[str, list[tuple[str, str]]] = {}  # first letter -> (key, id)
        for (phrase, kind), ids in by_phrase.items():
            pattern = _pattern(phrase, tuple(sorted(ids)), kind)
            if pattern is None:
                continue
            self._index.setdefault(_index_key(pattern.tokens[0]), []).append(pattern)
            self._exact.setdefault(pattern.tokens[0], []).append(pattern)
            if kind == "alias" and len(ids) == 1 and len(pattern.tokens) == 1:
                entry = self.entries[next(iter(ids))]
                key = name_key(phrase)
                if entry.type == "PERSON" and len(key) >= 6 and phrase[:1].isupper():
                    self._surnames.setdefault(key[0], []).append((key, entry.id))
        for patterns in (*self._index.values(), *self._exact.values()):
            patterns.sort(key=lambda p: len(p.tokens), reverse=True)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entries

    def get(self, entity_id: str) -> GazetteerEntry | None:
        return self.entries.get(entity_id)

    # -- loading -----------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Sequence[str | Path] = ()) -> Gazetteer:
        """The built-in gazetteer, extended by the user's YAML files in order."""
        entries = {e.id: e for e in _read_yaml(BUILTIN_PATH)}
        for path in extra:
            for entry in _read_yaml(Path(path)):
                if entry.id in entries:
                    known = entries[entry.id]
                    known.aliases.extend(a for a in entry.aliases if a not in known.aliases)
                    known.roles.extend(r for r in entry.roles if r not in known.roles)
                else:
                    entries[entry.id] = entry
        return cls(entries.values())

    # -- matching ----------------------------------------------------------------------

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[GazetteerMatch]:
        """Longest alias and role matches, left to right, never overlapping."""
        tokens = list(tokens) if tokens is not None else tokenize(text)
        found: list[GazetteerMatch] = []
        i = 0
        while i < len(tokens):
            match = self._match_at(tokens, i)
            if match is None:
                match = self._fuzzy_at(tokens[i])
                i += 1
                if match is not None:
                    found.append(match)
                continue
            found.append(match[0])
            i += match[1]
        return found

    def _match_at(self, tokens: Sequence[Token], i: int) -> tuple[GazetteerMatch, int] | None:
        # Exact spellings first, so "Зеленская" finds Olena Zelenska before it could be read
        # as a case form of "Зеленский".
        return self._match_at_with(tokens, i, inflected=False) or self._match_at_with(
            tokens, i, inflected=True)

    def _candidates(self, token: Token, inflected: bool) -> Iterable[_Pattern]:
        """Patterns whose first word ``token`` may spell: the same word, or, for a Cyrillic
        word read with case endings, any sharing its first letters or its stem's."""
        if not inflected or not _CYRILLIC.search(token.norm):
            return self._exact.get(token.norm, ())
        keys = {_index_key(token.norm), _index_key(_slavic_stem(token.norm))}
        return [p for key in keys for p in self._index.get(key, ())]

    def _match_at_with(self, tokens: Sequence[Token], i: int, *, inflected: bool
                       ) -> tuple[GazetteerMatch, int] | None:
        for pattern in self._candidates(tokens[i], inflected):
            n = len(pattern.tokens)
            if i + n > len(tokens):
                continue
            window = tokens[i : i + n]
            if any(window[k + 1].start - window[k].end > 2 for k in range(n - 1)):
                continue  # a name does not run across punctuation
            if all(
                token_matches(alias, token, case_sensitive=sensitive, acronym=acronym,
                              inflected=inflected)
                for alias, token, sensitive, acronym in zip(
                    pattern.tokens, window, pattern.case_sensitive, pattern.acronym,
                    strict=True,
                )
            ):
                return GazetteerMatch(window[0].start, window[-1].end, pattern.entity_ids,
                                      pattern.kind), n
        return None

    def _fuzzy_at(self, token: Token) -> GazetteerMatch | None:
        """A one-letter misspelling of a well-known surname ("Lavorov", "Stoltenburg")."""
        if not token.capitalised or token.upper or len(token.norm) < 6:
            return None
        key = name_key(token.text)
        candidates = {eid for k, eid in self._surnames.get(key[:1], ()) if close_keys(k, key)}
        if len(candidates) != 1:
            return None
        return GazetteerMatch(token.start, token.end, (candidates.pop(),), "fuzzy")


def _read_yaml(path: Path) -> list[GazetteerEntry]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise GazetteerError(f"{path}: invalid YAML: {exc}") from exc
    if isinstance(data, dict) and "entities" in data:
        data = data["entities"]
    if not isinstance(data, list):
        raise GazetteerError(f"{path}: expected a list of entities")
    return [_entry(item, path, number) for number, item in enumerate(data, start=1)]


def _entry(item: Any, path: Path, number: int) -> GazetteerEntry:
    where = f"{path}: entity {number}"
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise GazetteerError(f"{where}: needs at least an 'id'")
    where = f"{path}: entity {item['id']!r}"
    entity_type = item.get("type")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise GazetteerError(f"{where}: type {entity_type!r} is not one of "
                             f"{', '.join(ENTITY_TYPES)}")
    lists = {}
    for key in ("aliases", "roles"):
        value = item.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GazetteerError(f"{where}: {key!r} must be a list of strings")
        lists[key] = [v.strip() for v in value if v.strip()]
    return GazetteerEntry(
        id=item["id"],
        name=str(item.get("name") or item["id"].split("/")[-1]),
        type=entity_type or "PERSON",
        gender=item.get("gender"),
        aliases=lists["aliases"],
        roles=lists["roles"],
    )


@lru_cache(maxsize=4)
def cached_gazetteer(extra: tuple[str, ...] = ()) -> Gazetteer:
    return Gazetteer.load(extra)
