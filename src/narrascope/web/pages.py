"""Server-rendered pages: dashboard, article, entity, speaker, search, analyse, copies.

Every page is a template over :mod:`narrascope.store.queries` results; the templates escape
everything (autoescaping is on for all of them), chart data travels as JSON in a
``<script type="application/json">`` block that the browser never runs, and the page scripts
come from ``/static`` only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from narrascope.store import Store, StoreError, search
from narrascope.store import queries as Q
from narrascope.web.analysis import AnalysisService, BusyError, SubmissionError
from narrascope.web.api import article_filter, get_analysis, get_store
from narrascope.web.article_view import build_view, safe_link, voice_text
from narrascope.web.security import CSRF_FIELD, csrf_matches, csrf_token

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]


def json_for_script(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>`` or ``<!--``
    can end the block early.

    >>> str(json_for_script({"t": "</script><script>alert(1)</script>"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


def highlight_snippet(snippet: str | None) -> Markup:
    """A search snippet, escaped, with its match marks turned into ``<mark>``."""
    escaped = str(escape(snippet or ""))
    return Markup(escaped.replace(search.MATCH_START, "<mark>")
                  .replace(search.MATCH_END, "</mark>"))


def url_path(value: object) -> str:
    """An id as a URL path: percent-encoded, slashes kept, and ``.``/``..`` segments encoded
    so that a browser does not resolve them away.

    >>> url_path("person/jens-stoltenberg"), url_path("../x y"), url_path("a?b#c")
    ('person/jens-stoltenberg', '%2E%2E/x%20y', 'a%3Fb%23c')
    """
    segments = quote(str(value), safe="/").split("/")
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segments)


def source_name(source: object) -> str:
    """Where an article came from, without the server's folders: the file name (with its
    record number) or the URL.

    >>> source_name("/home/ana/corpus/feeds/x.xml#3"), source_name("https://a.example/b")
    ('x.xml#3', 'https://a.example/b')
    """
    text = str(source or "")
    return text if "://" in text else text.rsplit("/", 1)[-1]


def make_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["tojson_safe"] = json_for_script
    env.filters["snippet"] = highlight_snippet
    env.filters["voice"] = voice_text
    env.filters["safe_link"] = safe_link
    env.filters["path"] = url_path
    env.filters["source_name"] = source_name
    env.globals["urlencode"] = urlencode
    return env


ENVIRONMENT = make_environment()


def render(request: Request, template: str, status_code: int = 200, **context: Any
           ) -> HTMLResponse:
    context.setdefault("store_label", request.app.state.store.label)
    html = ENVIRONMENT.get_template(template).render(
        request_path=request.url.path, csrf_field=CSRF_FIELD, csrf_value=csrf_token(request),
        **context)
    return HTMLResponse(html, status_code=status_code)


def render_article_report(record: dict[str, Any]) -> str:
    """The article view as one standalone HTML file (styles inline, no scripts, no links
    back to a server): what ``narrascope report ID --html`` writes."""
    return ENVIRONMENT.get_template("article.html").render(
        view=build_view(record, entity_href=""), standalone=True,
        inline_css=Markup((STATIC / "app.css").read_text(encoding="utf-8")),
        request_path="", csrf_field=CSRF_FIELD, csrf_value="", store_label="")


def _failure(request: Request, exc: Exception) -> HTMLResponse:
    status = 422 if isinstance(exc, Q.QueryError) else 503
    return render(request, "error.html", status_code=status, message=str(exc))


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: StoreDep,
              period: Annotated[str, Query()] = "month",
              by: Annotated[str, Query()] = "outlet",
              entity: str | None = None) -> HTMLResponse:
    try:
        facets = Q.facets(store)
        framed = Q.framed_entities(store)
        chosen = entity or (framed[0]["entity_id"] if framed else None)
        charts = {
            "narratives": Q.label_series(store, "narratives", period=period, by=by),
            "techniques": Q.techniques_by_group(store, by=by if by != "none" else "outlet"),
            "framing": Q.entity_framing(store, chosen, period=period, by=by) if chosen
            else None,
        }
        speakers = Q.top_speakers(store, limit=10)
        latest = Q.find_articles(store, Q.ArticleFilter(), per_page=10)
    except (Q.QueryError, StoreError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    return render(request, "dashboard.html", facets=facets, charts=charts, speakers=speakers,
                  latest=latest, framed=framed, chosen=chosen, period=period, by=by,
                  periods=Q.PERIODS, groupings=("outlet", "language"))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    try:
        record = store.get(article_id)
        if record is None:
            return render(request, "error.html", status_code=404,
                          message=f"no article with id {article_id!r}")
        from narrascope.copies import copy_groups

        groups = copy_groups(store, article_id=record["id"], diffs=False)
    except (StoreError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    return render(request, "article.html", view=build_view(record), groups=groups,
                  standalone=False)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(entity_id: str, request: Request, store: StoreDep,
                period: str = "month", by: str = "outlet") -> HTMLResponse:
    try:
        profile = Q.entity_profile(store, entity_id)
        if profile is None:
            return render(request, "error.html", status_code=404,
                          message=f"no article mentions entity {entity_id!r}")
        framing = Q.entity_framing(store, entity_id, period=period, by=by)
        quoted = Q.speaker_quotes(store, entity_id, per_page=50)
        articles = Q.mentioning_articles(store, entity_id)
    except (Q.QueryError, StoreError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    return render(request, "entity.html", profile=profile, framing=framing, quoted=quoted,
                  articles=articles, period=period, by=by)


@router.get("/speakers/{speaker:path}", response_class=HTMLResponse)
def speaker_page(speaker: str, request: Request, store: StoreDep,
                 page: Annotated[int, Query(ge=1, le=Q.MAX_PAGE)] = 1) -> HTMLResponse:
    try:
        quoted = Q.speaker_quotes(store, speaker, page=page, per_page=50)
        profile = Q.entity_profile(store, speaker) if "/" in speaker else None
    except (Q.QueryError, StoreError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    if not quoted.total and profile is None:
        return render(request, "error.html", status_code=404,
                      message=f"no quotes from {speaker!r}")
    name = (profile or {}).get("name") or next(
        (row["speaker_name"] for row in quoted.items if row.get("speaker_name")), speaker)
    return render(request, "speaker.html", speaker=speaker, name=name, quoted=quoted,
                  profile=profile)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep,
                page: Annotated[int, Query(ge=1, le=Q.MAX_PAGE)] = 1) -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items()
              if k in Q.ArticleFilter.__dataclass_fields__}
    try:
        where = article_filter(**params)
        found = Q.find_articles(store, where, page=page, per_page=20)
        facets = Q.facets(store)
    except HTTPException as exc:
        return render(request, "error.html", status_code=exc.status_code, message=exc.detail)
    except (Q.QueryError, StoreError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    return render(request, "search.html", where=where, found=found, facets=facets,
                  params=where.as_params())


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request) -> HTMLResponse:
    return render(request, "analyse.html", problems=[], form={})


@router.post("/analyse", response_class=HTMLResponse, response_model=None)
async def analyse_submit(
    request: Request, store: StoreDep,
    service: Annotated[AnalysisService, Depends(get_analysis)],
    csrf_token_field: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    text: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "", outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    form = {"text": text, "title": title, "url": url, "outlet": outlet, "published": published}
    if not csrf_matches(request, csrf_token_field):
        return render(request, "analyse.html", status_code=403, form=form,
                      problems=["the form expired or came from another site; submit it again"])
    try:
        data = await file.read() if file is not None and file.filename else b""
        if data or (file is not None and file.filename):
            result = await service.submit(service.analyse_upload, store, file.filename or "",
                                          data)
        elif text.strip():
            result = await service.submit(
                service.analyse_text, store, text, title=title, url=url, outlet=outlet,
                published=published)
        elif url.strip():
            result = await service.submit(service.analyse_url, store, url.strip())
        else:
            raise SubmissionError("paste a text, give a URL or choose a file")
    except (SubmissionError, StoreError) as exc:
        status = 429 if isinstance(exc, BusyError) else 422
        return render(request, "analyse.html", status_code=status, form=form,
                      problems=[str(exc)])
    if not result.article_ids:
        return render(request, "analyse.html", status_code=422, form=form,
                      problems=result.problems)
    return RedirectResponse(f"/articles/{url_path(result.article_ids[0])}",
                            status_code=303)


@router.get("/copies", response_class=HTMLResponse)
def copies_page(request: Request, store: StoreDep) -> HTMLResponse:
    try:
        from narrascope.copies import copy_groups, load_stories

        groups = copy_groups(store, diffs=False)
        stories = load_stories(store)
    except (StoreError, SQLAlchemyError) as exc:
        return _failure(request, exc)
    return render(request, "copies.html", groups=groups, stories=stories)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The REST API's reference, rendered here from the OpenAPI document."""
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "description": op.get("description", ""),
         "parameters": op.get("parameters", []),
         "body": next(iter(op.get("requestBody", {}).get("content", {})), None)}
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "api_docs.html", operations=operations,
                  version=schema.get("info", {}).get("version", ""))


@router.get("/static/vendor/plotly.min.js")
def plotly_js() -> Response:
    """Plotly's browser bundle, from the plotly package: charts work offline, with no CDN."""
    import plotly
    from fastapi.responses import FileResponse

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not bundle.is_file():  # pragma: no cover - a broken plotly install
        raise HTTPException(404, "plotly.min.js is missing from the plotly package")
    return FileResponse(bundle, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})
