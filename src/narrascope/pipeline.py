"""The analysis pipeline: named stages run in order over one :class:`Document`.

Each stage adds one kind of annotation (cleaned text, language, sentences, and later entities,
quotes, narratives…). Stages register themselves by name, so a pipeline is described by a list
of names and new capabilities plug in without touching this module::

    @register_stage("shout")
    class Shout:
        def __call__(self, doc: Document) -> Document:
            doc.extensions["shout"] = doc.text.upper()
            return doc

    Pipeline(["clean", "language", "shout"])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from narrascope.document import Document, RawArticle


class Stage(Protocol):
    """A pipeline component: takes a document, annotates it, returns it."""

    def __call__(self, doc: Document) -> Document: ...


class PipelineError(ValueError):
    """The pipeline cannot be built (unknown stage, stage out of order) or a document is bad."""


class EmptyArticleError(PipelineError):
    """An article has no body text (left), so there is nothing to analyse."""


class ArticleTooLongError(PipelineError):
    """An article over the pipeline's length limit: refused before any stage runs, so that one
    enormous input cannot hold a worker for minutes and gigabytes."""


class StageError(RuntimeError):
    """A stage failed on one document; ``stage`` names it, the message says why."""

    def __init__(self, stage: str, error: Exception) -> None:
        reason = str(error) or type(error).__name__
        if not isinstance(error, PipelineError):
            reason = f"{type(error).__name__}: {reason}"
        super().__init__(f"stage {stage!r} failed: {reason}")
        self.stage = stage
        self.error = error


#: Longest text analysed by default, in characters: about 30,000 words, several times the
#: longest news feature; longer inputs are dumps or concatenations, not articles.
DEFAULT_MAX_CHARS = 200_000

StageFactory = Callable[..., Stage]
_REGISTRY: dict[str, StageFactory] = {}
_F = TypeVar("_F", bound=StageFactory)

#: Stages run by default, in order.
DEFAULT_STAGES: tuple[str, ...] = (
    "clean", "language", "sentences", "entities", "quotes", "narratives", "roles",
    "techniques",
)


def register_stage(name: str) -> Callable[[_F], _F]:
    """Class or factory decorator adding a stage to the registry under ``name``."""

    def decorator(factory: _F) -> _F:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise PipelineError(f"stage {name!r} is already registered")
        _REGISTRY[name] = factory
        return factory

    return decorator


def registered_stages() -> list[str]:
    _load_builtin_stages()
    return sorted(_REGISTRY)


def _load_builtin_stages() -> None:
    # Importing the modules runs their @register_stage decorators.
    import narrascope.cleaning
    import narrascope.entities
    import narrascope.language
    import narrascope.narratives
    import narrascope.quotes
    import narrascope.roles
    import narrascope.sentences
    import narrascope.techniques  # noqa: F401


class Pipeline:
    """An ordered list of stages, built from registered names."""

    def __init__(
        self,
        stages: Sequence[str] = DEFAULT_STAGES,
        config: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        max_chars: int | None = DEFAULT_MAX_CHARS,
    ) -> None:
        """``config`` maps a stage name to keyword arguments for its factory, e.g.
        ``{"entities": {"gazetteer": ["my-aliases.yaml"]}}``. Articles longer than
        ``max_chars`` characters are refused with :class:`ArticleTooLongError` (None: no
        limit)."""
        if max_chars is not None and max_chars < 1:
            raise PipelineError(f"max_chars must be at least 1 (or None), got {max_chars}")
        self.max_chars = max_chars
        _load_builtin_stages()
        unknown = [name for name in stages if name not in _REGISTRY]
        if unknown:
            raise PipelineError(
                f"unknown stage(s) {', '.join(map(repr, unknown))}; "
                f"registered: {', '.join(sorted(_REGISTRY))}"
            )
        self.names: tuple[str, ...] = tuple(stages)
        config = config or {}
        self._stages: list[tuple[str, Stage]] = [
            (name, _REGISTRY[name](**config.get(name, {}))) for name in stages
        ]

    def __call__(self, item: RawArticle | Document) -> Document:
        doc = item if isinstance(item, Document) else Document.from_raw(item)
        if self.max_chars is not None and len(doc.raw_text) > self.max_chars:
            raise ArticleTooLongError(
                f"too long to analyse: {len(doc.raw_text):,} characters, over the "
                f"{self.max_chars:,}-character limit (--max-chars)"
            )
        for name, stage in self._stages:
            try:
                doc = stage(doc)
            except Exception as exc:
                raise StageError(name, exc) from exc
        return doc

    def pipe(self, items: Iterable[RawArticle | Document]) -> Iterable[Document]:
        for item in items:
            yield self(item)

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r})"


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
