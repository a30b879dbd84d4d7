"""The REST API, ``/api/v1``: a thin shell over :mod:`narrascope.store.queries`, the copies
package and the analysis service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from sqlalchemy.exc import SQLAlchemyError

from narrascope.store import Store, StoreError
from narrascope.store import queries as Q
from narrascope.web import models
from narrascope.web.analysis import AnalysisService, BusyError, SubmissionError, Submitted

router = APIRouter(prefix="/api/v1", tags=["api"])


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_analysis(request: Request) -> AnalysisService:
    return request.app.state.analysis


StoreDep = Annotated[Store, Depends(get_store)]


def article_filter(
    q: Annotated[str | None, Query(description="words, \"a phrase\", OR, -word")] = None,
    outlet: str | None = None,
    language: str | None = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    narrative: Annotated[str | None, Query(description="a narrative or sub-narrative")] = None,
    technique: str | None = None,
    entity: Annotated[str | None, Query(description="an entity id")] = None,
    speaker: Annotated[str | None, Query(description="an entity id or a name")] = None,
    voice: Annotated[str | None, Query(description="whose voice carries the narrative: "
                                       "outlet, quoted or paraphrase")] = None,
) -> Q.ArticleFilter:
    try:
        return Q.ArticleFilter(q=q, outlet=outlet, language=language, since=since, until=until,
                               narrative=narrative, technique=technique, entity=entity,
                               speaker=speaker, voice=voice)
    except Q.QueryError as exc:
        raise HTTPException(422, str(exc)) from exc


def _answer(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except Q.QueryError as exc:
        raise HTTPException(422, str(exc)) from exc
    except (StoreError, SQLAlchemyError) as exc:
        raise HTTPException(503, f"the store cannot answer: {exc}") from exc


@router.get("/articles", response_model=models.ArticleList)
def list_articles(store: StoreDep, where: Annotated[Q.ArticleFilter, Depends(article_filter)],
                  page: Annotated[int, Query(ge=1, le=Q.MAX_PAGE)] = 1,
                  per_page: Annotated[int, Query(ge=1, le=Q.MAX_PER_PAGE)] = 20
                  ) -> dict[str, Any]:
    """Articles matching the filters: best text match first, else newest first."""
    return _answer(Q.find_articles, store, where, page=page, per_page=per_page).to_dict()


@router.get("/articles/{article_id:path}", response_model=models.Article)
def article_detail(article_id: str, store: StoreDep) -> dict[str, Any]:
    """One article's analysis (an id or a unique prefix of 6 characters or more)."""
    record = _answer(store.get, article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return record


@router.get("/facets")
def facets(store: StoreDep) -> dict[str, list[dict[str, Any]]]:
    """The values each filter takes, with article counts."""
    return _answer(Q.facets, store)


@router.get("/quotes", response_model=models.QuoteList)
def quotes(store: StoreDep,
           speaker: Annotated[str, Query(description="an entity id or a name")],
           page: Annotated[int, Query(ge=1, le=Q.MAX_PAGE)] = 1,
           per_page: Annotated[int, Query(ge=1, le=Q.MAX_PER_PAGE)] = 50) -> dict[str, Any]:
    """What one speaker was quoted saying, newest first, with where and when."""
    return _answer(Q.speaker_quotes, store, speaker, page=page, per_page=per_page).to_dict()


@router.get("/speakers")
def speakers(store: StoreDep, limit: Annotated[int, Query(ge=1, le=100)] = 15
             ) -> list[dict[str, Any]]:
    """The most quoted speakers, with their latest quotes."""
    return _answer(Q.top_speakers, store, limit=limit)


@router.get("/entities/{entity_id:path}")
def entity(entity_id: str, store: StoreDep) -> dict[str, Any]:
    """An entity: its names, roles and quote counts, and the articles that mention it."""
    profile = _answer(Q.entity_profile, store, entity_id)
    if profile is None:
        raise HTTPException(404, f"no article mentions entity {entity_id!r}")
    return {**profile, "articles_list": _answer(Q.mentioning_articles, store, entity_id)}


@router.get("/framing", response_model=models.Framing)
def framing(store: StoreDep, entity: Annotated[str, Query(description="an entity id")],
            period: str = "month", by: str = "outlet") -> dict[str, Any]:
    """How articles framed an entity over time: role counts and shares per period and
    outlet (or language)."""
    return _answer(Q.entity_framing, store, entity, period=period, by=by)


@router.get("/aggregates/{kind}", response_model=models.Series)
def aggregates(kind: str, store: StoreDep, period: str = "month", by: str = "outlet",
               label: str | None = None, voice: str | None = None) -> dict[str, Any]:
    """Articles carrying each narrative (``kind=narratives``) or technique
    (``kind=techniques``) per day, week or month, per outlet or language."""
    if kind not in ("narratives", "techniques"):
        raise HTTPException(404, "aggregates are of narratives or techniques")
    return _answer(Q.label_series, store, kind, period=period, by=by, label=label, voice=voice)


@router.get("/techniques-by-outlet")
def techniques_by_outlet(store: StoreDep, by: str = "outlet") -> list[dict[str, Any]]:
    """Technique spans and articles per outlet (or language)."""
    return _answer(Q.techniques_by_group, store, by=by)


@router.get("/copies")
def copies(store: StoreDep, min_overlap: Annotated[float, Query(gt=0, le=1)] = 0.5,
           article: Annotated[str | None, Query(description="only this article's group, "
                                                "each copy with its diff")] = None
           ) -> list[dict[str, Any]]:
    """Groups of articles that share text, earliest first; with ``article``, only the group
    holding it, each copy with its source and what it changed."""
    from narrascope.copies import copy_groups

    article_id = None
    if article is not None:
        record = _answer(store.get, article)
        if record is None:
            raise HTTPException(404, f"no article with id {article!r}")
        article_id = record["id"]
    return [g.to_dict() for g in _answer(copy_groups, store, min_overlap=min_overlap,
                                         article_id=article_id, diffs=article_id is not None)]


@router.get("/stories")
def stories(store: StoreDep) -> list[dict[str, Any]]:
    """Articles reporting the same story across outlets and languages."""
    from narrascope.copies import load_stories

    return [s.to_dict() for s in _answer(load_stories, store)]


def _analysed(submitted: Submitted) -> dict[str, Any]:
    if not submitted.article_ids:
        raise HTTPException(422, "; ".join(submitted.problems))
    return {"article_ids": submitted.article_ids, "problems": submitted.problems,
            "links": [f"/articles/{i}" for i in submitted.article_ids]}


@router.post("/analyse", response_model=models.Analysed, status_code=201)
async def analyse(body: models.AnalyseText, store: StoreDep,
                  service: Annotated[AnalysisService, Depends(get_analysis)]) -> dict[str, Any]:
    """Analyse a text (with optional title, URL, outlet and date), or fetch and analyse a
    URL; the article is stored and its page is at the returned link."""
    try:
        if body.text:
            result = await service.submit(
                service.analyse_text, store, body.text, title=body.title, url=body.url,
                outlet=body.outlet, published=body.published)
        elif body.url:
            result = await service.submit(service.analyse_url, store, body.url)
        else:
            raise HTTPException(422, "give a text or a URL")
    except BusyError as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "60"}) from exc
    except (SubmissionError, StoreError) as exc:
        raise HTTPException(422, str(exc)) from exc
    return _analysed(result)


@router.post("/analyse/upload", response_model=models.Analysed, status_code=201)
async def analyse_upload(file: Annotated[UploadFile, File(description="an article file")],
                         store: StoreDep,
                         service: Annotated[AnalysisService, Depends(get_analysis)]
                         ) -> dict[str, Any]:
    """Analyse an uploaded file (.txt, .html, .jsonl, .csv, a feed or a WARC)."""
    data = await file.read()
    try:
        result = await service.submit(service.analyse_upload, store, file.filename or "", data)
    except BusyError as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "60"}) from exc
    except (SubmissionError, StoreError) as exc:
        raise HTTPException(422, str(exc)) from exc
    return _analysed(result)
