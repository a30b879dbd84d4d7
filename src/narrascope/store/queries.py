"""Read-only questions an analyst asks of the store: find articles, count labels over time,
see how an entity is framed and who said what. The web UI and REST API are thin shells over
these functions; every one takes a :class:`Store` and returns plain dicts and lists.

Counts are of *articles*: a narrative carried by an article counts once per period, however
many sentences show it or voices carry it. Articles without a publication date are left out of
the time series and counted apart (``undated``), never given a made-up date.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import and_, column, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from narrascope.store import Store, StoreError, search, tables

Period = Literal["day", "week", "month"]
Grouping = Literal["outlet", "language", "none"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
GROUPINGS: tuple[str, ...] = ("outlet", "language", "none")
MAX_PER_PAGE = 100
#: Deepest page served: far beyond any real listing, and well inside SQLite's integers.
MAX_PAGE = 1_000_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UNKNOWN = "?"  # the group of rows whose outlet or language is not known
VOICES: tuple[str, ...] = ("outlet", "quoted", "paraphrase")


class QueryError(ValueError):
    """A question the store cannot answer as asked (a bad date, page or grouping)."""


def _check_date(name: str, value: str | None) -> str | None:
    if value in (None, ""):
        return None
    assert value is not None
    if not _DATE.fullmatch(value):
        raise QueryError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{name}: {value!r} is not a date ({exc})") from exc
    return value


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles to list: every field narrows the set; empty fields do not.

    >>> ArticleFilter(since="2024-13-01")
    Traceback (most recent call last):
    ...
    narrascope.store.queries.QueryError: since: '2024-13-01' is not a date (month must be in 1..12)
    """

    q: str | None = None
    outlet: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    narrative: str | None = None
    technique: str | None = None
    entity: str | None = None
    speaker: str | None = None
    #: Whose voice carries the narrative (``outlet``, ``quoted``, ``paraphrase``): with
    #: ``narrative``, that narrative in that voice; alone, any narrative in that voice.
    voice: str | None = None

    def __post_init__(self) -> None:
        for name in ("q", "outlet", "language", "narrative", "technique", "entity", "speaker",
                     "voice"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                object.__setattr__(self, name, None)
        _check_date("since", self.since)
        _check_date("until", self.until)
        if self.voice is not None and self.voice not in VOICES:
            raise QueryError(f"voice: choose from {', '.join(VOICES)}, got {self.voice!r}")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"since ({self.since}) is after until ({self.until})")

    def as_params(self) -> dict[str, str]:
        """The filter as URL query parameters (empty ones left out)."""
        return {name: value for name in self.__dataclass_fields__
                if (value := getattr(self, name))}


@dataclass
class ArticlePage:
    """One page of a listing, and how many articles match in all."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "page": self.page,
                "per_page": self.per_page, "pages": self.pages, "warnings": self.warnings}


def find_articles(store: Store, where: ArticleFilter, *, page: int = 1,
                  per_page: int = 20) -> ArticlePage:
    """The articles that match ``where``, best match first for a text search, else newest
    first (undated last); with a highlighted ``snippet`` for a text search.

    Snippets mark matches with :data:`narrascope.store.search.MATCH_START` and ``MATCH_END``;
    whoever shows them escapes the text first, then turns the marks into highlighting.
    """
    _check_page(page, per_page)
    try:
        return _find_articles(store, where, page, per_page)
    except DBAPIError as exc:
        if where.q and ("fts5" in str(exc) or "tsquery" in str(exc)):
            raise QueryError(f"q: cannot search for {where.q!r}") from exc
        raise StoreError(f"cannot read {store.label}: {str(exc.orig).strip()}") from exc


def _find_articles(store: Store, where: ArticleFilter, page: int, per_page: int
                   ) -> ArticlePage:
    a = tables.articles
    with store.engine.connect() as conn:
        statement = select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.language,
                           a.c.url, a.c.source)
        order: list[Any] = []
        match = None
        if where.q:
            match, rank, joined = _text_match(conn, where.q)
            if match is None:
                return ArticlePage([], 0, page, per_page,
                                   [f"nothing to search for in {where.q!r}"])
            statement = statement.join(joined, _join_condition(conn, joined))
            order.append(rank)
        statement = statement.where(*_conditions(where))
        total = int(conn.execute(select(func.count()).select_from(statement.subquery()))
                    .scalar() or 0)
        order += [a.c.published.is_(None), a.c.published.desc(), a.c.id]
        rows = conn.execute(statement.order_by(*order)
                            .limit(per_page).offset((page - 1) * per_page)).all()
        items = [dict(row._mapping) for row in rows]
        _add_counts(conn, items)
        if match is not None:
            for item in items:
                item["snippet"] = _snippet(conn, match, item["id"])
    return ArticlePage(items, total, page, per_page)


def _check_page(page: int, per_page: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"page: must be between 1 and {MAX_PAGE:,}, got {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page: must be between 1 and {MAX_PER_PAGE}, got {per_page}")


def _text_match(conn: Connection, query: str) -> tuple[str | None, Any, Any]:
    """The database's form of ``query``, the ordering by relevance and the matching ids."""
    if conn.dialect.name == "postgresql":
        tsq = search.tsquery_text(query)
        matched = (text("SELECT article_id AS rid, ts_rank(vector, websearch_to_tsquery("
                        "'simple', :tsq)) AS rank FROM article_search WHERE vector @@ "
                        "websearch_to_tsquery('simple', :tsq)")
                   .bindparams(tsq=tsq or "").columns(column("rid"), column("rank"))
                   .subquery("matched"))
        return tsq, matched.c.rank.desc(), matched
    fts = search.fts5_query(query)
    # bm25 weighs a match in the title five times one in the body; lower is better.
    matched = (text("SELECT rowid AS rid, bm25(article_search, 5.0, 1.0) AS rank "
                    "FROM article_search WHERE article_search MATCH :fts")
               .bindparams(fts=fts or "").columns(column("rid"), column("rank"))
               .subquery("matched"))
    return fts, matched.c.rank.asc(), matched


def _join_condition(conn: Connection, matched: Any) -> Any:
    if conn.dialect.name == "postgresql":
        return tables.articles.c.id == matched.c.rid
    return literal_column("articles.rowid") == matched.c.rid


def _snippet(conn: Connection, match: str, article_id: str) -> str:
    if conn.dialect.name == "postgresql":
        found = conn.execute(text(
            "SELECT ts_headline('simple', a.document->>'text', "
            "websearch_to_tsquery('simple', :tsq), :options) FROM articles a WHERE a.id = :id"
        ), {"tsq": match, "id": article_id, "options": (
            f"StartSel={search.MATCH_START}, StopSel={search.MATCH_END}, MaxFragments=2, "
            "MinWords=8, MaxWords=24, FragmentDelimiter=\" … \"")}).scalar()
    else:
        found = conn.execute(text(
            "SELECT snippet(article_search, -1, :start, :end, '…', 24) FROM article_search "
            "WHERE article_search MATCH :fts AND rowid = (SELECT rowid FROM articles "
            "WHERE id = :id)"
        ), {"fts": match, "id": article_id, "start": search.MATCH_START,
            "end": search.MATCH_END}).scalar()
    return str(found or "")


def _conditions(where: ArticleFilter) -> list[Any]:
    a = tables.articles
    found: list[Any] = []
    if where.outlet:
        found.append(_same_name(a.c.outlet, where.outlet) if where.outlet != UNKNOWN
                     else a.c.outlet.is_(None))
    if where.language:
        found.append(a.c.language == where.language)
    if where.since:
        found.append(func.substr(a.c.published, 1, 10) >= where.since)
    if where.until:
        found.append(func.substr(a.c.published, 1, 10) <= where.until)
    # Uncorrelated IN subqueries, not EXISTS: SQLite runs each once into a temporary index,
    # where a correlated EXISTS may rescan a label's whole index for every article.
    n, t, e, q = tables.narratives, tables.techniques, tables.entity_mentions, tables.quotes
    if where.narrative or where.voice:
        carried = [n.c.label == where.narrative] if where.narrative else []
        carried += [n.c.voice == where.voice] if where.voice else []
        found.append(a.c.id.in_(select(n.c.article_id).where(*carried)))
    if where.technique:
        found.append(a.c.id.in_(select(t.c.article_id)
                                .where(t.c.technique == where.technique)))
    if where.entity:
        found.append(a.c.id.in_(select(e.c.article_id).where(e.c.entity_id == where.entity)))
    if where.speaker:
        found.append(a.c.id.in_(select(q.c.article_id).where(_speaker_is(where.speaker))))
    return found


def _speaker_is(speaker: str) -> Any:
    """Quotes by ``speaker``: an entity id (``person/…``, looked up by index), else a name as
    articles give it, in any case."""
    q = tables.quotes
    if "/" in speaker:
        return q.c.speaker_entity_id == speaker
    return _same_name(q.c.speaker_name, speaker)


def _same_name(column_: Any, value: str) -> Any:
    """``column_`` equals ``value`` as written, or in another case. The database's lower()
    folds only ASCII on SQLite, so the exact comparison keeps "София Дневник" findable."""
    return or_(column_ == value, func.lower(column_) == value.lower())


def _add_counts(conn: Connection, items: list[dict[str, Any]]) -> None:
    """Each listed article's narratives, technique and quote counts (three queries a page)."""
    ids = [item["id"] for item in items]
    if not ids:
        return
    n, t, q = tables.narratives, tables.techniques, tables.quotes
    labels: dict[str, list[str]] = defaultdict(list)
    for article_id, label in conn.execute(
            select(n.c.article_id, n.c.label).distinct()
            .where(n.c.article_id.in_(ids), n.c.level == "narrative").order_by(n.c.label)):
        labels[article_id].append(label)
    spans = dict(conn.execute(select(t.c.article_id, func.count()).where(t.c.article_id.in_(ids))
                              .group_by(t.c.article_id)).all())
    quotes = dict(conn.execute(select(q.c.article_id, func.count()).where(q.c.article_id.in_(ids))
                               .group_by(q.c.article_id)).all())
    for item in items:
        item["narratives"] = labels.get(item["id"], [])
        item["techniques"] = int(spans.get(item["id"], 0))
        item["quotes"] = int(quotes.get(item["id"], 0))


# -- facets ---------------------------------------------------------------------------------


def facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The values each filter can take, with how many articles have them, most first."""
    a, n, t = tables.articles, tables.narratives, tables.techniques
    found: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for name, col, table, extra in (
                ("outlets", a.c.outlet, a, []), ("languages", a.c.language, a, []),
                ("narratives", n.c.label, n, [n.c.level == "narrative"]),
                ("subnarratives", n.c.label, n, [n.c.level == "subnarrative"]),
                ("techniques", t.c.technique, t, [])):
            counted = func.count(func.distinct(table.c.id if table is a else table.c.article_id))
            rows = conn.execute(select(col, counted).where(*extra).group_by(col)
                                .order_by(counted.desc(), col)).all()
            found[name] = [{"value": value if value is not None else UNKNOWN,
                            "articles": int(count)} for value, count in rows]
    return found


# -- time series ----------------------------------------------------------------------------


def period_of(day: str, period: str) -> str:
    """The period a ``YYYY-MM-DD`` day falls in: the day, ``YYYY-Www`` or ``YYYY-MM``.

    >>> period_of("2024-01-01", "week"), period_of("2024-12-30", "week")
    ('2024-W01', '2025-W01')
    """
    if period == "day":
        return day
    if period == "month":
        return day[:7]
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _check_series(period: str, by: str) -> None:
    if period not in PERIODS:
        raise QueryError(f"period: choose from {', '.join(PERIODS)}, got {period!r}")
    if by not in GROUPINGS:
        raise QueryError(f"by: choose from {', '.join(GROUPINGS)}, got {by!r}")


def _fold(rows: Iterable[tuple[Any, ...]], period: str) -> tuple[list[dict[str, Any]], int]:
    """(day, label, group, articles) rows into per-period rows, and the undated count."""
    counts: Counter[tuple[str, str, str]] = Counter()
    undated = 0
    for day, label, group, articles in rows:
        try:
            if not day or not _DATE.fullmatch(day):
                raise ValueError(day)
            date.fromisoformat(day)
            when = period_of(day, period)
        except ValueError:
            undated += int(articles)
            continue
        counts[(when, label, group if group is not None else UNKNOWN)] += int(articles)
    series = [{"period": p, "label": label, "group": group, "articles": count}
              for (p, label, group), count in sorted(counts.items())]
    return series, undated


def label_series(store: Store, kind: Literal["narratives", "techniques"], *,
                 period: str = "month", by: str = "outlet", label: str | None = None,
                 voice: str | None = None) -> dict[str, Any]:
    """How many articles carry each narrative (or technique) per period, per outlet or
    language: ``{"series": [{period, label, group, articles}], "undated": N}``."""
    _check_series(period, by)
    table = tables.narratives if kind == "narratives" else tables.techniques
    label_col = table.c.label if kind == "narratives" else table.c.technique
    group_col = literal_column("''") if by == "none" else table.c[by]
    day = func.substr(table.c.published, 1, 10)
    conditions = [table.c.level == "narrative"] if kind == "narratives" and not label else []
    if label:
        conditions.append(label_col == label)
    if voice:
        conditions.append(table.c.voice == voice)
    statement = (select(day, label_col, group_col, func.count(func.distinct(table.c.article_id)))
                 .where(*conditions).group_by(day, label_col, group_col))
    with store.engine.connect() as conn:
        series, undated = _fold(conn.execute(statement).all(), period)
    if by == "none":
        for row in series:
            row["group"] = "all"
    return {"kind": kind, "period": period, "by": by, "series": series, "undated": undated}


def techniques_by_group(store: Store, *, by: str = "outlet") -> list[dict[str, Any]]:
    """Technique spans and the articles that hold them, per outlet (or language)."""
    _check_series("month", by)
    t = tables.techniques
    group_col = literal_column("''") if by == "none" else t.c[by]
    statement = (select(group_col, t.c.technique, func.count(),
                        func.count(func.distinct(t.c.article_id)))
                 .group_by(group_col, t.c.technique))
    with store.engine.connect() as conn:
        rows = conn.execute(statement).all()
    return sorted(({"group": group if group not in (None, "") else
                    (UNKNOWN if by != "none" else "all"),
                    "technique": technique, "spans": int(spans), "articles": int(articles)}
                   for group, technique, spans, articles in rows),
                  key=lambda r: (r["group"], -r["spans"], r["technique"]))


# -- entities and speakers ------------------------------------------------------------------


def entity_profile(store: Store, entity_id: str) -> dict[str, Any] | None:
    """What the store knows of one canonical entity: name, type, surface forms, how many
    articles mention it, its roles and its quotes; None when no article mentions it."""
    e, r, q = tables.entity_mentions, tables.entity_roles, tables.quotes
    with store.engine.connect() as conn:
        rows = conn.execute(select(e.c.name, e.c.type, e.c.count, e.c.variants)
                            .where(e.c.entity_id == entity_id)).all()
        quoted = int(conn.execute(select(func.count()).where(q.c.speaker_entity_id == entity_id))
                     .scalar() or 0)
        roles = Counter(dict(conn.execute(select(r.c.main_role, func.count())
                                          .where(r.c.entity_id == entity_id)
                                          .group_by(r.c.main_role)).all()))
    if not rows and not quoted:
        return None
    variants: Counter[str] = Counter()
    for row in rows:
        variants.update(json.loads(row.variants))
    name, kind = (rows[0].name, rows[0].type) if rows else (entity_id, "?")
    return {"id": entity_id, "name": name, "type": kind, "articles": len(rows),
            "mentions": sum(row.count for row in rows),
            "variants": [v for v, _ in variants.most_common(12)],
            "roles": {role: int(count) for role, count in roles.most_common()},
            "quotes": quoted}


def entity_framing(store: Store, entity_id: str, *, period: str = "month",
                   by: str = "outlet") -> dict[str, Any]:
    """How articles framed one entity per period and outlet (or language): the count of each
    main role and the Antagonist, Protagonist and Innocent shares of the framed articles."""
    _check_series(period, by)
    r = tables.entity_roles
    if by == "language":
        a = tables.articles
        group_col: Any = a.c.language
        source: Any = r.join(a, a.c.id == r.c.article_id)
    else:
        group_col = literal_column("''") if by == "none" else r.c.outlet
        source = r
    day = func.substr(r.c.published, 1, 10)
    statement = (select(day, r.c.main_role, group_col, func.count())
                 .select_from(source).where(r.c.entity_id == entity_id)
                 .group_by(day, r.c.main_role, group_col))
    with store.engine.connect() as conn:
        rows, undated = _fold(conn.execute(statement).all(), period)
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        group = "all" if by == "none" else row["group"]
        cells[(row["period"], group)][row["label"]] += row["articles"]
    series = []
    for (when, group), roles in sorted(cells.items()):
        framed = sum(roles.values())
        series.append({"period": when, "group": group, "framed": framed,
                       "roles": dict(roles),
                       "shares": {role: round(roles[role] / framed, 3)
                                  for role in ("Antagonist", "Protagonist", "Innocent")}})
    return {"entity_id": entity_id, "period": period, "by": by, "series": series,
            "undated": undated}


def framed_entities(store: Store, *, limit: int = 20) -> list[dict[str, Any]]:
    """The entities framed in the most articles (for choosing one to chart)."""
    r = tables.entity_roles
    counted = func.count(func.distinct(r.c.article_id))
    statement = (select(r.c.entity_id, func.max(r.c.name), counted)
                 .group_by(r.c.entity_id).order_by(counted.desc(), r.c.entity_id).limit(limit))
    with store.engine.connect() as conn:
        return [{"entity_id": i, "name": name, "articles": int(n)}
                for i, name, n in conn.execute(statement)]


def speaker_key(row: dict[str, Any]) -> str:
    """How a speaker is addressed in URLs: its entity id, else the name the article gives."""
    return str(row.get("speaker_entity_id") or row.get("speaker_name") or "")


def top_speakers(store: Store, *, limit: int = 15, quotes_each: int = 2
                 ) -> list[dict[str, Any]]:
    """The most quoted speakers, with their quote and article counts and latest quotes."""
    q, a = tables.quotes, tables.articles
    key = func.coalesce(q.c.speaker_entity_id, q.c.speaker_name)
    counted = func.count()
    statement = (select(key, func.max(q.c.speaker_name), counted,
                        func.count(func.distinct(q.c.article_id)))
                 .where(key.is_not(None)).group_by(key)
                 .order_by(counted.desc(), key).limit(limit))
    with store.engine.connect() as conn:
        found = [{"speaker": k, "name": name, "quotes": int(n), "articles": int(arts),
                  "latest": []} for k, name, n, arts in conn.execute(statement)]
        # The latest quotes of all of them in one query (a window per speaker).
        newest = func.row_number().over(
            partition_by=key,
            order_by=(q.c.published.is_(None), q.c.published.desc(), q.c.article_id, q.c.number))
        ranked = (select(key.label("speaker"), q.c.article_id, q.c.number, q.c.kind, q.c.text,
                         q.c.published, q.c.outlet, a.c.title, newest.label("rank"))
                  .join(a, a.c.id == q.c.article_id)
                  .where(key.in_([item["speaker"] for item in found])).subquery())
        by_speaker = {item["speaker"]: item for item in found}
        for row in conn.execute(select(ranked).where(ranked.c.rank <= quotes_each)
                                .order_by(ranked.c.speaker, ranked.c.rank)):
            latest = dict(row._mapping)
            speaker = latest.pop("speaker")
            latest.pop("rank")
            by_speaker[speaker]["latest"].append(latest)
    return found


def speaker_quotes(store: Store, speaker: str, *, page: int = 1, per_page: int = 50
                   ) -> ArticlePage:
    """Everything one speaker (entity id, or the name an article gives) was quoted saying:
    what, when, where (outlet and article), newest first."""
    _check_page(page, per_page)
    q, a = tables.quotes, tables.articles
    condition = _speaker_is(speaker)
    with store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).where(condition)).scalar() or 0)
        rows = conn.execute(
            select(q.c.article_id, q.c.number, q.c.kind, q.c.text, q.c.start, q.c.end,
                   q.c.cue, q.c.speaker_name, q.c.speaker_entity_id, q.c.confidence,
                   q.c.published, q.c.outlet, a.c.title, a.c.language, a.c.url)
            .join(a, a.c.id == q.c.article_id).where(condition)
            .order_by(q.c.published.is_(None), q.c.published.desc(), q.c.article_id,
                      q.c.number)
            .limit(per_page).offset((page - 1) * per_page)).all()
    return ArticlePage([dict(row._mapping) for row in rows], total, page, per_page)


def mentioning_articles(store: Store, entity_id: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Articles that mention ``entity_id``, newest first, with the role they give it."""
    e, r, a = tables.entity_mentions, tables.entity_roles, tables.articles
    statement = (select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.language,
                        e.c.count, r.c.main_role, r.c.fine_roles, r.c.voice, r.c.voice_speaker)
                 .join(a, a.c.id == e.c.article_id)
                 .outerjoin(r, and_(r.c.article_id == e.c.article_id,
                                    r.c.entity_id == e.c.entity_id))
                 .where(e.c.entity_id == entity_id)
                 .order_by(a.c.published.is_(None), a.c.published.desc(), a.c.id).limit(limit))
    with store.engine.connect() as conn:
        found = []
        for row in conn.execute(statement):
            item = dict(row._mapping)
            item["fine_roles"] = json.loads(item["fine_roles"]) if item["fine_roles"] else []
            found.append(item)
        return found
