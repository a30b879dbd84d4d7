"""The same story across outlets and languages.

Two articles that appeared within ``window_days`` of each other report the same story when

* they report the same figures (at least ``min_shared_numbers`` numbers, and half of all the
  numbers either reports) about the same entities (at least ``min_shared_entities``, or a
  fifth of all the entities either is about). Figures and entity ids survive translation:
  "40,000", "40 000" and "40.000" are one number, and "Путин", "पुतिन" and "Putin" are
  ``person/vladimir-putin``;
* or, in one language, their leads (title and first sentences) are near-identical in the
  sentence-vector space (cosine ≥ ``same_language_at``) and they share entities, one of them
  not a place.

The static encoder's vectors do not line up across languages (a translation and its original
score about 0.1), so they are compared only within one language. A story is a connected set
of links, plus the copies the near-duplicate index found. Every link keeps its evidence: the
shared entities and figures, and on request the sentences that say the same thing in both.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, insert, select

from narrascope.copies.chains import DEFAULT_MIN_OVERLAP, article_meta, chunked, time_order_key
from narrascope.embeddings import Embedder, get_embedder
from narrascope.store import Store, index_transaction, read_errors, tables

__all__ = ["Story", "StorySettings", "aligned_sentences", "figures", "index_stories",
           "lead_texts", "load_stories", "same_story"]

#: What a story shows of each of its articles.
_ARTICLE_FIELDS = ("title", "outlet", "language", "day", "dated", "first_seen")
_NUMBER = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_GROUPING = re.compile(r"[ ,.\u00a0\u202f](?=\d{3}(?!\d))")
_YEAR = re.compile(r"(?:19|20)\d\d")


#: A day of the month beside its month's name ("20 July", "July 20", "20 юли", "20 de julho",
#: "20 जुलाई"): a date, not a figure the story reports.
_MONTHS = (
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|"
    r"октябр\w*|ноябр\w*|декабр\w*|січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|"
    r"серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*|януари|февруари|април|май|юни|юли|"
    r"септември|октомври|ноември|декември|janeiro|fevereiro|março|abril|maio|junho|julho|"
    r"agosto|setembro|outubro|novembro|dezembro|जनवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|"
    r"सितंबर|अक्टूबर|नवंबर|दिसंबर"
)
_DATE = re.compile(rf"(?i)\b(?:[0-3]?\d\.?\s+(?:de\s+)?(?:{_MONTHS})(?![\w\u0900-\u097f])"
                   rf"|(?:{_MONTHS})\.?\s+[0-3]?\d\b)")


def figures(text: str) -> list[str]:
    """The numbers an article reports, written one way: thousands separators dropped, a
    decimal comma made a point. Years, days of the month beside the month's name and numbers
    below 10 are left out: every article of a season has them.

    >>> figures("40,000 homes; 40 000 people; 1,5 million; in 2024; 3 dead; 28 drones")
    ['1.5', '28', '40000']
    >>> figures("On July 20, 12 drones; 21 юли; 22 de julho de 2023")
    ['12']
    """
    found = set()
    text = _DATE.sub(" ", text)
    for match in _NUMBER.finditer(text):
        number = _GROUPING.sub("", match.group()).replace(",", ".")
        if _YEAR.fullmatch(number) or (number.isdigit() and int(number) < 10):
            continue
        found.add(number)
    return sorted(found)


@dataclass(frozen=True)
class StorySettings:
    """When two articles report one story (see the module docstring); validated here."""

    lead_sentences: int = 5
    window_days: int = 2
    min_shared_numbers: int = 2
    numbers_at: float = 0.5
    min_shared_entities: int = 2
    entities_at: float = 0.2
    same_language_at: float = 0.94
    encoder: str = "static-e5"

    def __post_init__(self) -> None:
        if self.lead_sentences < 1:
            raise ValueError("lead_sentences must be at least 1")
        if not 0 <= self.window_days <= 60:
            raise ValueError(f"window_days must be between 0 and 60, not {self.window_days}")
        for name in ("numbers_at", "entities_at", "same_language_at"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], not {getattr(self, name)}")
        if self.min_shared_numbers < 1 or self.min_shared_entities < 1:
            raise ValueError("min_shared_numbers and min_shared_entities must be at least 1")


@dataclass(frozen=True)
class StoryEvidence:
    """What two articles share, and whether it makes them one story."""

    same: bool
    score: float
    similarity: float | None
    shared_entities: list[str]
    shared_numbers: list[str]


def same_story(first: dict[str, Any], second: dict[str, Any], settings: StorySettings
               ) -> StoryEvidence:
    """Judge two indexed articles (``vector``, ``language``, ``entities``, ``numbers``)."""
    entities = sorted(set(first["entities"]) & set(second["entities"]))
    numbers = sorted(set(first["numbers"]) & set(second["numbers"]))
    entity_share = len(entities) / max(1, len(set(first["entities"]) | set(second["entities"])))
    number_share = len(numbers) / max(1, len(set(first["numbers"]) | set(second["numbers"])))
    about_the_same = len(entities) >= settings.min_shared_entities or \
        entity_share >= settings.entities_at
    similarity = None
    if first["language"] == second["language"] and first["vector"] is not None and \
            second["vector"] is not None:
        similarity = round(float(first["vector"] @ second["vector"]), 4)
    # Places are shared by every report from a front or a summit: near-identical leads must
    # also share a person, a body or a thing.
    actors = [e for e in entities if not e.startswith("place/")]
    same = about_the_same and (
        (len(numbers) >= settings.min_shared_numbers and number_share >= settings.numbers_at)
        or (similarity is not None and similarity >= settings.same_language_at
            and len(entities) >= settings.min_shared_entities and bool(actors)))
    score = max(number_share, similarity or 0.0) if same else 0.0
    return StoryEvidence(same, round(score, 4), similarity, entities, numbers)


def lead_texts(record: dict[str, Any], lead_sentences: int) -> list[str]:
    """The title and the first sentences of a stored article's JSON object."""
    text = record.get("text") or ""
    sentences = [text[s["start"]:s["end"]].strip() for s in record.get("sentences") or []]
    lead = [s for s in sentences if len(s.split()) >= 4][:lead_sentences]
    return ([record["title"]] if record.get("title") else []) + lead


def salient_entities(record: dict[str, Any], lead_end: int) -> list[str]:
    """The entities an article is about: named in its title or lead, or named twice."""
    found = []
    for entity in record.get("entities") or []:
        named = [m for m in entity.get("mentions") or [] if m.get("kind") != "role"]
        if len(named) >= 2 or any(m["start"] < lead_end for m in named):
            found.append(entity["id"])
    return sorted(found)


#: Most articles one story term holds, and most candidates one article is judged against.
TERM_CAP = 200
CANDIDATE_CAP = 64


def index_stories(store: Store, settings: StorySettings | None = None,
                  embedder: Embedder | None = None, *, batch_size: int = 500) -> int:
    """Give every stored article without one its lead vector, terms and links; returns how
    many articles were indexed. Database errors are raised as ``StoreError``."""
    settings = settings or StorySettings()
    embedder = embedder or get_embedder(settings.encoder)
    done, last = 0, ""
    a, v = tables.articles, tables.story_vectors
    while True:
        with read_errors(store, "read articles to index"), store.engine.connect() as conn:
            batch = conn.execute(
                select(a.c.id, a.c.analyzed_at).outerjoin(v, v.c.article_id == a.c.id)
                .where(v.c.article_id.is_(None), a.c.id > last)
                .order_by(a.c.id).limit(batch_size)).all()
            if not batch:
                return done
            meta = article_meta(conn, [row[0] for row in batch])
        last = batch[-1][0]
        rows = [_story_row(store.get(article_id) or {}, meta.get(article_id, {}), settings,
                           embedder) | {"article_id": article_id, "analyzed_at": when}
                for article_id, when in batch]
        with index_transaction(store, "index articles for stories") as conn:
            rows = _still_unindexed(conn, rows)
            if rows:
                conn.execute(insert(v), [{k: r[k] for k in r if k not in _NOT_STORED}
                                         for r in rows])
                _add_terms(conn, rows)
                _link(conn, rows, settings)
        done += len(rows)


#: Row fields used while indexing but not stored in ``story_vectors``.
_NOT_STORED = ("language", "analyzed_at")


def _story_row(record: dict[str, Any], info: dict[str, Any], settings: StorySettings,
               embedder: Embedder) -> dict[str, Any]:
    texts = lead_texts(record, settings.lead_sentences)
    vector = None
    if texts:
        mean = embedder.encode(texts).mean(axis=0)
        norm = float(np.linalg.norm(mean))
        vector = (mean / norm).astype("<f2").tobytes() if norm > 0 else None
    sentences = record.get("sentences") or []
    lead_end = sentences[min(len(sentences), settings.lead_sentences) - 1]["end"] \
        if sentences else 0
    return {"day": info.get("day"), "dated": int(bool(info.get("dated"))), "vector": vector,
            "entities": json.dumps(salient_entities(record, lead_end)),
            "numbers": json.dumps(figures(record.get("text") or "")),
            "language": record.get("language"), "indexed_at": datetime.now(UTC)}


def _still_unindexed(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose article no other process indexed meanwhile and that was not written
    again since it was read (the next pass indexes its new text)."""
    a, v = tables.articles, tables.story_vectors
    current, done = {}, set()
    for chunk in chunked([r["article_id"] for r in rows]):
        current.update(conn.execute(select(a.c.id, a.c.analyzed_at)
                                    .where(a.c.id.in_(chunk))).all())
        done.update(conn.execute(select(v.c.article_id).where(v.c.article_id.in_(chunk)))
                    .scalars())
    return [r for r in rows if r["article_id"] not in done
            and current.get(r["article_id"], object()) == r["analyzed_at"]]


def _terms(row: dict[str, Any]) -> set[str]:
    return {f"e:{e}" for e in json.loads(row["entities"])} | \
        {f"n:{n}" for n in json.loads(row["numbers"])}


def _add_terms(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Each row's terms, but not those already held by :data:`TERM_CAP` articles."""
    t = tables.story_terms
    wanted = sorted({term for row in rows for term in _terms(row)})
    held: Counter[str] = Counter()
    for chunk in chunked(wanted):
        held.update(dict(conn.execute(select(t.c.term, func.count()).where(t.c.term.in_(chunk))
                                      .group_by(t.c.term)).all()))
    new = []
    for row in rows:
        for term in sorted(_terms(row)):
            if held[term] < TERM_CAP:
                held[term] += 1
                new.append({"term": term, "article_id": row["article_id"]})
    if new:
        conn.execute(insert(t), new)


def _link(conn: Connection, rows: Sequence[dict[str, Any]], settings: StorySettings) -> None:
    """Links between the new rows and the indexed articles that share terms with them
    within the time window: the :data:`CANDIDATE_CAP` sharing most, for each."""
    t, v, a = tables.story_terms, tables.story_vectors, tables.articles
    wanted = sorted({term for row in rows for term in _terms(row)})
    holders: dict[str, list[str]] = defaultdict(list)
    for chunk in chunked(wanted):
        for term, article_id in conn.execute(select(t.c.term, t.c.article_id)
                                             .where(t.c.term.in_(chunk))):
            holders[term].append(article_id)
    chosen: dict[str, list[str]] = {}
    for row in rows:
        shared: Counter[str] = Counter(x for term in _terms(row) for x in holders.get(term, ()))
        shared.pop(row["article_id"], None)
        chosen[row["article_id"]] = [x for x, _n in sorted(shared.items(),
                                                           key=lambda i: (-i[1], i[0]))
                                     [:CANDIDATE_CAP]]
    judged: dict[str, dict[str, Any]] = {}
    for chunk in chunked(sorted({x for xs in chosen.values() for x in xs})):
        for other_id, raw, language, entities, numbers, day in conn.execute(
                select(v.c.article_id, v.c.vector, a.c.language, v.c.entities, v.c.numbers,
                       v.c.day).join(a, a.c.id == v.c.article_id)
                .where(v.c.article_id.in_(chunk))):
            judged[other_id] = _judged(raw, language, entities, numbers) | {"day": day}
    links = {}
    for row in rows:
        if not row["day"]:
            continue
        day = date.fromisoformat(row["day"])
        mine = _judged(row["vector"], row["language"], row["entities"], row["numbers"])
        for other_id in chosen[row["article_id"]]:
            other = judged.get(other_id)
            if other is None or not other["day"] or \
                    abs((date.fromisoformat(other["day"]) - day).days) > settings.window_days:
                continue
            evidence = same_story(mine, other, settings)
            if evidence.same:
                first, second = sorted((row["article_id"], other_id))
                links[(first, second)] = {
                    "article_a": first, "article_b": second, "score": evidence.score,
                    "similarity": evidence.similarity,
                    "shared_entities": json.dumps(evidence.shared_entities),
                    "shared_numbers": json.dumps(evidence.shared_numbers)}
    if links:
        conn.execute(insert(tables.story_links), list(links.values()))


def _judged(raw: bytes | None, language: str | None, entities: str, numbers: str
            ) -> dict[str, Any]:
    return {"vector": None if raw is None else np.frombuffer(raw, dtype="<f2").astype(np.float32),
            "language": language, "entities": json.loads(entities),
            "numbers": json.loads(numbers)}


@dataclass
class Story:
    """Articles reporting one story, earliest first, with the evidence that binds them."""

    id: str
    articles: list[dict[str, Any]]
    score: float
    shared_entities: list[str]
    links: list[dict[str, Any]] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return sorted({a["language"] for a in self.articles if a.get("language")})

    @property
    def outlets(self) -> list[str]:
        return sorted({a["outlet"] for a in self.articles if a.get("outlet")})

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.id, "score": self.score, "size": len(self.articles),
                "first_day": self.articles[0].get("day"), "languages": self.languages,
                "outlets": self.outlets, "shared_entities": self.shared_entities,
                "articles": self.articles, "links": self.links}


def load_stories(store: Store, *, min_overlap: float = DEFAULT_MIN_OVERLAP) -> list[Story]:
    """The stories of the store: linked articles and copies, in the order of their first day.
    Entity names come from the stored entity rows."""
    link_rows, pairs = [], []
    with read_errors(store, "read the story index"), store.engine.connect() as conn:
        for row in conn.execute(select(tables.story_links)):
            link_rows.append({"article_a": row.article_a, "article_b": row.article_b,
                              "score": row.score, "similarity": row.similarity,
                              "shared_entities": json.loads(row.shared_entities),
                              "shared_numbers": json.loads(row.shared_numbers), "copy": False})
        p = tables.copy_pairs
        for row in conn.execute(select(p).where((p.c.contained_a >= min_overlap)
                                                | (p.c.contained_b >= min_overlap))):
            pairs.append({"article_a": row.article_a, "article_b": row.article_b,
                          "score": 1.0, "similarity": row.jaccard, "shared_entities": [],
                          "shared_numbers": [], "copy": True})
        # a pair linked both ways is one link: the story evidence, marked as a copy
        merged = {(link["article_a"], link["article_b"]): link for link in link_rows}
        for pair in pairs:
            key = (pair["article_a"], pair["article_b"])
            if key in merged:
                merged[key]["copy"] = True
            else:
                merged[key] = pair
        every = list(merged.values())
        ids = {x for link in every for x in (link["article_a"], link["article_b"])}
        meta = article_meta(conn, ids)
        entities = _entities_of(conn, ids)
    members = _cohesive_groups(every)
    by_root: dict[str, list[dict[str, Any]]] = defaultdict(list)
    root_of = {x: root for root, ids_ in members.items() for x in ids_}
    for link in every:
        if root_of[link["article_a"]] == root_of[link["article_b"]]:
            by_root[root_of[link["article_a"]]].append(link)
    stories = []
    for root, ids_ in members.items():
        ordered = sorted(ids_, key=lambda x: time_order_key(meta.get(x, {}), x))
        articles = [{"article_id": x, **{k: meta.get(x, {}).get(k) for k in _ARTICLE_FIELDS}}
                    for x in ordered]
        links = by_root[root]
        counts = Counter(e for x in ordered for e in entities.get(x, ()))
        shared = [e for e, n in counts.most_common() if n >= max(2, (len(ordered) + 1) // 2)]
        stories.append(Story(ordered[0], articles,
                             round(float(np.mean([link["score"] for link in links])), 4),
                             shared[:12], links))
    return sorted(stories, key=lambda s: (s.articles[0].get("day") or "9999", s.id))


def _cohesive_groups(links: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """Merge linked articles into stories, strongest links first, but two stories only when
    at least half of the pairs between them are linked: one article that shares a few names
    and figures with one report of a story does not pull in the whole story (as chaining
    every link would)."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in links:
        neighbours[link["article_a"]].add(link["article_b"])
        neighbours[link["article_b"]].add(link["article_a"])
    group_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for link in sorted(links, key=lambda x: (-x["score"], x["article_a"], x["article_b"])):
        for x in (link["article_a"], link["article_b"]):
            if x not in group_of:
                group_of[x], members[x] = x, [x]
        first, second = group_of[link["article_a"]], group_of[link["article_b"]]
        if first == second:
            continue
        smaller = min(first, second, key=lambda g: len(members[g]))
        other = second if smaller == first else first
        between = sum(group_of.get(y) == other for x in members[smaller] for y in neighbours[x])
        if between * 2 < len(members[first]) * len(members[second]):
            continue
        for x in members[second]:
            group_of[x] = first
        members[first].extend(members.pop(second))
    return members


def _entities_of(conn: Connection, ids: set[str]) -> dict[str, list[str]]:
    v = tables.story_vectors
    found: dict[str, list[str]] = {}
    for chunk in chunked(sorted(ids)):
        for article_id, entities in conn.execute(
                select(v.c.article_id, v.c.entities).where(v.c.article_id.in_(chunk))):
            found[article_id] = json.loads(entities)
    return found


def aligned_sentences(first: dict[str, Any], second: dict[str, Any], embedder: Embedder, *,
                      at_least: float = 0.8, most: int = 3, scan: int = 40
                      ) -> list[dict[str, Any]]:
    """Sentence pairs that say the same thing in two stored articles, best first: mutual best
    matches among their first ``scan`` sentences. In one language they are matched on their
    sentence vectors (cosine ≥ ``at_least``); across languages, where the static vectors do
    not line up, on the figures and entities they share (at least one figure and one entity,
    or three entities); ``score`` is the cosine, or the share of figures and entities that
    the pair has in common."""
    left, right = _sentence_facts(first, scan), _sentence_facts(second, scan)
    if not left or not right:
        return []
    if first.get("language") == second.get("language"):
        scores = embedder.encode([s["text"] for s in left]) @ \
            embedder.encode([s["text"] for s in right]).T
    else:
        scores = np.array([[_shared_facts(a, b) for b in right] for a in left])
        at_least = 1e-9
    pairs = []
    for i in range(len(left)):
        j = int(np.argmax(scores[i]))
        if int(np.argmax(scores[:, j])) == i and scores[i, j] >= at_least:
            pairs.append({"score": round(float(scores[i, j]), 3),
                          "first": {k: left[i][k] for k in ("start", "end", "text")},
                          "second": {k: right[j][k] for k in ("start", "end", "text")}})
    return sorted(pairs, key=lambda p: -p["score"])[:most]


def _sentence_facts(record: dict[str, Any], scan: int) -> list[dict[str, Any]]:
    """The first ``scan`` sentences of five words or more, each with its figures and the
    entities named in it."""
    text = record.get("text") or ""
    mentions = [(m["start"], entity["id"]) for entity in record.get("entities") or []
                for m in entity.get("mentions") or [] if m.get("kind") != "role"]
    found = []
    for s in (record.get("sentences") or [])[:scan]:
        sentence = text[s["start"]:s["end"]].strip()
        if len(sentence.split()) < 5:
            continue
        found.append({"start": s["start"], "end": s["end"], "text": sentence,
                      "figures": set(figures(sentence)),
                      "entities": {e for at, e in mentions if s["start"] <= at < s["end"]}})
    return found


def _shared_facts(first: dict[str, Any], second: dict[str, Any]) -> float:
    shared_figures = first["figures"] & second["figures"]
    shared_entities = first["entities"] & second["entities"]
    if not ((shared_figures and shared_entities) or len(shared_entities) >= 3):
        return 0.0
    every = (first["figures"] | second["figures"]) | (first["entities"] | second["entities"])
    return (len(shared_figures) + len(shared_entities)) / max(1, len(every))
