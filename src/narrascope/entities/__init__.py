"""Entities: who and what an article names, grouped into canonical entities.

The ``entities`` stage finds mentions with the gazetteer and a language's recogniser, then
groups them: every spelling of a gazetteer entity gets its canonical id (``person/
sergei-lavrov``); other names are grouped by a spelling-insensitive key, a surname alone joins
the one full name it belongs to, and a role description ("the Russian foreign minister")
joins the entity it describes when the article names that entity. Two people who share a
surname are never merged: a bare surname that fits both stays on its own, scoped to the
article.

>>> from narrascope import Pipeline
>>> doc = Pipeline(["clean", "language", "sentences", "entities"])(  # doctest: +SKIP
...     analyze_raw("Sergei Lavrov spoke. Lavorov said the head of Russian diplomacy agreed."))
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from narrascope.annotations import Entity, Mention
from narrascope.document import Document, spans_overlap
from narrascope.entities.demonyms import adjectival
from narrascope.entities.gazetteer import (
    Gazetteer,
    GazetteerMatch,
    Token,
    cached_gazetteer,
    normalise_token,
    token_matches,
    tokenize,
)
from narrascope.entities.names import close_keys, id_slug, name_key
from narrascope.entities.ner import backend_for, loaded_spacy_pipeline
from narrascope.entities.titles import title_keys

__all__ = ["Entity", "EntityStage", "Mention", "find_entities"]

_TYPE_PREFIX = {"PERSON": "person", "ORG": "org", "PLACE": "place", "GROUP": "group",
                "EQUIPMENT": "equipment", "OPERATION": "operation"}
_LEADING = re.compile(r"^(?:the|The|a|an)\s+")
_TRAILING = re.compile(r"(?:'s|’s|[\s,.;:!?\"“”«»()])+$")
@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    label: str
    normal: str | None
    source: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    leading = _LEADING.match(chunk)
    if leading:
        start += leading.end()
    trailing = _TRAILING.search(text[start:end])
    if trailing:
        end = start + trailing.start()
    return start, end


def find_entities(text: str, language: str, gazetteer: Gazetteer, *, scope: str = "",
                  sentences: Sequence[tuple[int, int]] = ()) -> tuple[list[Entity], Any]:
    """Entities in ``text`` and the backend's parse (English: sentence parses made on demand,
    see :class:`~narrascope.entities.ner.SentenceParses`; else None).

    ``scope`` (the article id) makes ids of ambiguous bare surnames article-local.
    """
    tokens = tokenize(text)
    matches = gazetteer.find(text, tokens)
    entities: dict[str, Entity] = {}
    taken: list[tuple[int, int]] = []
    roles: list[GazetteerMatch] = []
    for match in matches:
        if match.kind == "role":
            roles.append(match)
            taken.append((match.start, match.end))
            continue
        if len(match.entity_ids) != 1:
            continue  # an alias two entities share says nothing certain
        entry = gazetteer.entries[match.entity_ids[0]]
        if entry.type == "GROUP" and adjectival(text, match.start, match.end, language):
            continue  # "Russian forces": the word qualifies forces, it names no Russians
        entity = entities.get(entry.id)
        if entity is None:
            entity = entities[entry.id] = Entity(
                entry.id, entry.name, entry.type, "gazetteer", gender=entry.gender,
                titles=[key for role in entry.roles for key in title_keys(role)],
            )
        entity.mentions.append(Mention(match.start, match.end, text[match.start : match.end],
                                       "fuzzy" if match.kind == "fuzzy" else "alias"))
        taken.append((match.start, match.end))

    spans, parsed = backend_for(language)(text, sentences)
    candidates = []
    for span in spans:
        start, end = _trim(text, span.start, span.end)
        if end - start < 2 or spans_overlap((start, end), taken):
            continue
        if span.label == "GROUP" and adjectival(text, start, end, language):
            continue
        candidates.append(_Candidate(start, end, text[start:end], span.label,
                                     span.normal, "ner" if language in ("en", "ru") else "rules"))
    _group_candidates(candidates, entities, scope)
    _propagate_surnames(tokens, entities)
    _attach_roles(roles, entities, gazetteer, text)
    _attach_titles(text, entities)
    ordered = sorted(entities.values(), key=lambda e: e.first)
    return ordered, parsed


def _group_candidates(candidates: list[_Candidate], entities: dict[str, Entity],
                      scope: str) -> None:
    people_full: list[Entity] = [e for e in entities.values()
                                 if e.type == "PERSON" and len(e.name.split()) > 1]
    singles: list[_Candidate] = []
    for cand in candidates:
        name = cand.normal or cand.text
        if cand.label == "PERSON" and len(name.split()) == 1:
            singles.append(cand)
            continue
        key = name_key(name)
        if not key:
            continue
        entity = _find_by_key(entities, cand.label, key)
        if entity is None:
            # The id spells the name as written ("group/canadians"); grouping uses the key,
            # whose folds ("canadan") are for matching spellings, not for reading.
            entity_id = f"{_TYPE_PREFIX[cand.label]}/{id_slug(name)}"
            entity = entities.setdefault(entity_id, Entity(entity_id, name, cand.label,
                                                           cand.source))
            if cand.label == "PERSON":
                people_full.append(entity)
        if len(name) > len(entity.name) and entity.source != "gazetteer":
            entity.name = name
        entity.mentions.append(Mention(cand.start, cand.end, cand.text, "name"))
    for cand in singles:
        key = name_key(cand.normal or cand.text)
        owners = [p for p in people_full if close_keys(name_key(p.name.split()[-1]), key)]
        owners += [p for p in entities.values() if p.type == "PERSON" and p not in owners
                   and p.source == "gazetteer" and any(
                       close_keys(name_key(m.text.split()[-1]), key) for m in p.mentions)]
        if len(owners) == 1:
            owners[0].mentions.append(Mention(cand.start, cand.end, cand.text, "surname"))
            continue
        # No owner, or two people share the surname: keep it apart, scoped to this article.
        entity_id = f"person/{id_slug(cand.normal or cand.text)}" + (f"@{scope}" if scope else "")
        entity = entities.setdefault(entity_id, Entity(entity_id, cand.normal or cand.text,
                                                       "PERSON", cand.source))
        entity.mentions.append(Mention(cand.start, cand.end, cand.text, "surname"))


def _propagate_surnames(tokens: Sequence[Token], entities: dict[str, Entity]) -> None:
    """A recogniser misses some bare-surname mentions ("Smith later left."): add every
    capitalised token that spells the surname of exactly one full-named person."""
    owners: dict[str, list[Entity]] = {}
    for entity in entities.values():
        if entity.type == "PERSON" and len(entity.name.split()) > 1:
            owners.setdefault(normalise_token(entity.name.split()[-1]), []).append(entity)
    if not owners:
        return
    covered = [(m.start, m.end) for e in entities.values() for m in e.mentions]
    for token in tokens:
        if not token.capitalised or spans_overlap((token.start, token.end), covered):
            continue
        for surname, people in owners.items():
            if len(people) == 1 and token_matches(surname, token, case_sensitive=True,
                                                  acronym=False):
                people[0].mentions.append(Mention(token.start, token.end, token.text,
                                                  "surname"))
                break


def _find_by_key(entities: dict[str, Entity], label: str, key: str) -> Entity | None:
    for entity in entities.values():
        if entity.type != label:
            continue
        if any(close_keys(name_key(m.text), key) for m in entity.mentions) or close_keys(
            name_key(entity.name), key
        ):
            return entity
    return None


def _attach_roles(roles: list[GazetteerMatch], entities: dict[str, Entity],
                  gazetteer: Gazetteer, text: str) -> None:
    for role in roles:
        named = [entities[i] for i in role.entity_ids if i in entities]
        if not named:
            continue
        before = [e for e in named if e.first < role.start]
        chosen = max(before, key=lambda e: max(m.start for m in e.mentions if m.start < role.start)
                     ) if before else min(named, key=lambda e: e.first)
        chosen.mentions.append(Mention(role.start, role.end, text[role.start : role.end], "role"))


def _attach_titles(text: str, entities: dict[str, Entity]) -> None:
    """Record titles written next to a person's name: "Kremlin spokesman Dmitry Peskov",
    "Dmitry Peskov, the Kremlin's spokesman,"."""
    for entity in entities.values():
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            if mention.kind == "role":
                entity.titles.extend(title_keys(mention.text))
                continue
            before = text[max(0, mention.start - 45) : mention.start]
            before = re.split(r"[.!?;\n]", before)[-1]
            after = text[mention.end : mention.end + 70]
            appositive = re.match(r",\s+(?:the|a|an)?\s*([^,.;\n]{2,60}),", after)
            for chunk in (before.split(",")[-1], appositive.group(1) if appositive else ""):
                entity.titles.extend(title_keys(chunk))


#: Articles a process analyses before spaCy's strings are freed per article (see
#: :meth:`EntityStage.article_scope`).
_TOKENIZER_WARM_UP = 100


class EntityStage:
    """Pipeline stage: fills ``doc.entities`` (and keeps the parse for quotes and roles).

    ``gazetteer`` names extra YAML files that extend the built-in gazetteer.
    """

    def __init__(self, gazetteer: Sequence[str] = ()) -> None:
        self.gazetteer = cached_gazetteer(tuple(str(p) for p in gazetteer))
        self._articles = 0

    @contextmanager
    def article_scope(self, doc: Document) -> Iterator[None]:
        """spaCy keeps every new string it meets (names, numbers) for good: over a long run
        of articles that is memory that only grows. Inside this scope the strings an article
        adds are dropped when it is done, and so is its parse, which points at them.

        The first articles of a process run without it: spaCy's tokenizer fills its word
        cache only outside such a zone, and a cache of the common words keeps it fast."""
        nlp = loaded_spacy_pipeline()
        self._articles += 1
        zone = nlp is not None and self._articles > _TOKENIZER_WARM_UP
        try:
            with nlp.memory_zone() if zone else nullcontext():
                yield
        finally:
            doc.internal.pop("parse", None)

    def __call__(self, doc: Document) -> Document:
        entities, parsed = find_entities(doc.text, doc.language, self.gazetteer, scope=doc.id,
                                         sentences=[(s.start, s.end) for s in doc.sentences])
        doc.entities = entities
        doc.internal["parse"] = parsed
        doc.internal["gazetteer"] = self.gazetteer
        return doc
