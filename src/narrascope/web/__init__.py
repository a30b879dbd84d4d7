"""The analyst's workbench: a FastAPI app with a REST API (``/api/v1``, documented at
``/docs``) and server-rendered pages over one store.

* :mod:`~narrascope.web.api`: the REST API;
* :mod:`~narrascope.web.pages`: the pages and their templates (``templates/``, ``static/``);
* :mod:`~narrascope.web.article_view`: an article's text cut into highlighted pieces;
* :mod:`~narrascope.web.analysis`: analysing submitted texts, URLs and files;
* :mod:`~narrascope.web.security`: token, host check, CSRF, limits and headers.

``narrascope serve`` runs :func:`create_app` under uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from narrascope.about import __version__
from narrascope.store import Store
from narrascope.web.analysis import AnalysisService
from narrascope.web.security import BodyLimit, WebSettings, guard

__all__ = ["WebSettings", "create_app"]


def create_app(settings: WebSettings, *, store: Store | None = None,
               analysis: AnalysisService | None = None) -> FastAPI:
    """The web app over the store ``settings.db`` (or ``store``, already open)."""
    from narrascope.web import api, pages

    opened = store or Store.open(settings.db)
    service = analysis or AnalysisService(article_timeout=settings.article_timeout,
                                          allow_private_urls=settings.allow_private_urls)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()
        if store is None:
            opened.close()

    # Swagger UI and ReDoc load their scripts from a CDN; /docs is our own page instead.
    app = FastAPI(title="narrascope", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="What online news is doing to its reader: narratives, framing, "
                  "quotes and persuasion techniques of the articles in one store.")
    app.state.store = opened
    app.state.analysis = service
    app.state.settings = settings
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.middleware("http")(guard(settings))
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    return app
