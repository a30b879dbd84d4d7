"""The analysis pipeline: named stages run in order over one :class:`Document`.

Each stage adds one kind of annotation (cleaned text, language, sentences, entities, quotes,
narratives…). A pipeline is described by a list of stage names and their settings, and is
checked when it is built, before any article is read: every stage must be registered, find what
it ``requires`` assigned by a stage before it (or by ingest), not read (``uses``) what a later
stage assigns, and get only settings it declares, of the declared types::

    Pipeline(["clean", "language", "sentences", "entities", "quotes"],
             {"entities": {"gazetteer": ["my-aliases.yaml"]}})

New stages plug in through :func:`narrascope.register_stage` (see :mod:`narrascope.registry`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from narrascope.document import Document, RawArticle
from narrascope.errors import (
    ArticleTooLongError,
    EmptyArticleError,
    PipelineError,
    StageError,
)
from narrascope.factories import DEFAULT_STAGES, register_builtin_stages
from narrascope.registry import (
    INPUT_FIELDS,
    Stage,
    StageSpec,
    get_stage,
    register_stage,
    registered,
)

__all__ = [
    "DEFAULT_MAX_CHARS", "DEFAULT_STAGES", "ArticleTooLongError", "EmptyArticleError",
    "Pipeline", "PipelineError", "StageError", "analyze", "available_stages", "register_stage",
]

#: Longest text analysed by default, in characters: about 30,000 words, several times the
#: longest news feature; longer inputs are dumps or concatenations, not articles.
DEFAULT_MAX_CHARS = 200_000

_plugins_loaded = False


def _load_stages() -> None:
    """Register the built-in stages and those of installed plugins (entry-point group
    ``narrascope.stages``; loading an entry point registers its stages)."""
    global _plugins_loaded
    register_builtin_stages()
    if not _plugins_loaded:
        _plugins_loaded = True
        for entry_point in entry_points(group="narrascope.stages"):
            try:
                entry_point.load()
            except Exception as exc:
                raise PipelineError(f"stage plugin {entry_point.name!r} "
                                    f"({entry_point.value}) cannot be loaded: {exc}") from exc


def available_stages() -> dict[str, StageSpec]:
    """Every stage a pipeline can use, by name."""
    _load_stages()
    return registered()


def check_order(specs: Sequence[StageSpec]) -> None:
    """Refuse a stage list in which a stage lacks what it needs, naming the stage and what to
    do about it."""
    available = set(INPUT_FIELDS)
    for position, spec in enumerate(specs):
        for field in spec.requires:
            if field in available:
                continue
            later = next((s.name for s in specs[position + 1:] if field in s.assigns), None)
            if later:
                raise PipelineError(f"stage {spec.name!r} needs {field!r}, which stage "
                                    f"{later!r} assigns after it; put {later!r} first")
            providers = sorted(s.name for s in available_stages().values()
                               if field in s.assigns)
            hint = f"add stage {providers[0]!r} before it" if providers else \
                "no registered stage assigns it"
            raise PipelineError(f"stage {spec.name!r} needs {field!r}: {hint}")
        for field in spec.uses:
            later = next((s.name for s in specs[position + 1:] if field in s.assigns), None)
            if field not in available and later:
                raise PipelineError(f"stage {spec.name!r} reads {field!r}, which stage "
                                    f"{later!r} assigns after it; put {later!r} first")
        available.update(spec.assigns)


class Pipeline:
    """An ordered list of stages, built from registered names and checked (see the module
    docstring)."""

    def __init__(
        self,
        stages: Sequence[str] = DEFAULT_STAGES,
        config: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        max_chars: int | None = DEFAULT_MAX_CHARS,
    ) -> None:
        """``config`` maps a stage name to its settings, e.g.
        ``{"entities": {"gazetteer": ["my-aliases.yaml"]}}``. Articles longer than
        ``max_chars`` characters are refused with :class:`ArticleTooLongError` (None: no
        limit)."""
        if max_chars is not None and max_chars < 1:
            raise PipelineError(f"max_chars must be at least 1 (or None), got {max_chars}")
        started = time.monotonic()
        self.max_chars = max_chars
        #: The stage at work on the current article (None between articles): a time budget
        #: that interrupts the pipeline reports it.
        self.running: str | None = None
        specs = _specs(stages)
        config = dict(config or {})
        stray = sorted(set(config) - {spec.name for spec in specs})
        if stray:
            raise PipelineError(f"settings for stage {stray[0]!r}, which is not in the "
                                f"pipeline ({', '.join(s.name for s in specs)})")
        check_order(specs)
        self.names: tuple[str, ...] = tuple(spec.name for spec in specs)
        self.settings: dict[str, Any] = {spec.name: spec.settings(config.get(spec.name))
                                         for spec in specs}
        self._stages: list[tuple[str, Stage]] = [
            (spec.name, _build(spec, self.settings[spec.name])) for spec in specs
        ]
        #: Seconds this constructor took: what each worker process pays again to build its own.
        self.build_seconds = time.monotonic() - started

    def __call__(self, item: RawArticle | Document) -> Document:
        self.running = None
        doc = item if isinstance(item, Document) else Document.from_raw(item)
        if self.max_chars is not None and len(doc.raw_text) > self.max_chars:
            raise ArticleTooLongError(
                f"too long to analyse: {len(doc.raw_text):,} characters, over the "
                f"{self.max_chars:,}-character limit (--max-chars)"
            )
        with contextlib.ExitStack() as scopes:
            # A stage may hold per-article working memory (spaCy's strings) until the
            # article is done: its ``article_scope(doc)`` frees it on the way out.
            for _name, stage in self._stages:
                if hasattr(stage, "article_scope"):
                    scopes.enter_context(stage.article_scope(doc))
            for name, stage in self._stages:
                self.running = name
                try:
                    doc = stage(doc)
                except Exception as exc:
                    raise StageError(name, exc) from exc
        self.running = None
        return doc

    def pipe(self, items: Iterable[RawArticle | Document]) -> Iterable[Document]:
        for item in items:
            yield self(item)

    @property
    def config(self) -> dict[str, dict[str, Any]]:
        """The resolved settings of every stage that takes any (defaults filled in), in the
        form the constructor takes."""
        return {name: dataclasses.asdict(settings) for name, settings in self.settings.items()
                if settings is not None}

    def describe(self) -> dict[str, Any]:
        """What a run records about the pipeline: the stages, their resolved settings, the
        narrascope version and the checksum of every model and gazetteer file used."""
        from narrascope.about import __version__
        from narrascope.version import default_model_folder, file_sha256, model_checksum

        models: dict[str, str] = {}
        for name, settings in self.config.items():
            if "model" in settings:
                folder = settings["model"] or default_model_folder(
                    name, settings.get("encoder", "static-e5"))
                models[name] = model_checksum(Path(folder)) if folder else "unknown"
            for path in settings.get("gazetteer", ()):
                models[f"{name}:{path}"] = file_sha256(Path(path))
        return {"narrascope": __version__, "stages": list(self.names), "config": self.config,
                "max_chars": self.max_chars, "models": models}

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r})"


def _specs(names: Sequence[str]) -> list[StageSpec]:
    if isinstance(names, str):
        raise PipelineError("stages must be a list of names, not one string")
    _load_stages()
    unknown = [name for name in names if get_stage(name) is None]
    if unknown:
        raise PipelineError(
            f"unknown stage(s) {', '.join(map(repr, unknown))}; "
            f"registered: {', '.join(sorted(registered()))}"
        )
    duplicated = sorted({name for name in names if list(names).count(name) > 1})
    if duplicated:
        raise PipelineError(f"stage {duplicated[0]!r} is listed twice")
    return [spec for name in names if (spec := get_stage(name)) is not None]


def _build(spec: StageSpec, settings: Any) -> Stage:
    kwargs = {} if settings is None else {
        f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    return spec.factory(**kwargs)


_default_pipeline: Pipeline | None = None


def analyze(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    source: str = "<string>",
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one article and return the annotated :class:`Document`.

    This is the single analysis path: the CLI, the store runner and every other front end call
    it (or :class:`Pipeline`, which it wraps). A text longer than :data:`DEFAULT_MAX_CHARS`
    raises :class:`ArticleTooLongError`; pass ``pipeline=Pipeline(max_chars=None)`` to analyse
    it anyway.

    >>> doc = analyze("Kyiv said the strike hit a school. See also: Ten facts", title="Strike")
    >>> doc.language, [doc.text[s.start:s.end] for s in doc.sentences]
    ('en', ['Kyiv said the strike hit a school.', 'See also: Ten facts'])
    """
    global _default_pipeline
    if pipeline is None:
        if _default_pipeline is None:
            _default_pipeline = Pipeline()
        pipeline = _default_pipeline
    raw = RawArticle(
        source=source, text=text, title=title, url=url, outlet=outlet, published=published
    )
    return pipeline(raw)
