"""The stage registry: every stage by name, with what it needs, what it assigns and its settings.

A stage is a callable that takes a :class:`~narrascope.document.Document` and returns it
annotated. It is registered with a contract::

    @register_stage("shout", requires=("text",), assigns=("shout",))
    class Shout:
        def __call__(self, doc):
            doc.extensions["shout"] = doc.text.upper()
            return doc

``requires`` names the document fields that must be filled before the stage runs, ``uses`` the
ones it reads when an earlier stage filled them, ``assigns`` the ones it fills, and ``config`` a
dataclass whose fields are the stage's settings (passed to the factory as keyword arguments).
:class:`~narrascope.pipeline.Pipeline` checks all of it before any article is read.

A stage that holds working memory per article may also define ``article_scope(doc)``, a
context manager the pipeline enters before the first stage runs on ``doc`` and leaves after the
last (the entities stage frees the strings spaCy added for the article there).

This module imports no stage: the built-in stages are registered in one place,
:mod:`narrascope.factories`, and plugins register theirs through the ``narrascope.stages``
entry-point group (each entry point is a module or callable that registers on import).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from narrascope.document import Document
from narrascope.errors import PipelineError

__all__ = ["Stage", "StageSpec", "get_stage", "register_stage", "registered"]

#: Document fields filled before any stage runs (by ingest; ``text`` is the raw text until a
#: stage cleans it).
INPUT_FIELDS: frozenset[str] = frozenset(
    {"raw_text", "text", "title", "url", "outlet", "published", "author"}
)


class Stage(Protocol):
    """A pipeline component: takes a document, annotates it, returns it."""

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class StageSpec:
    """A registered stage: how to build it and its contract."""

    name: str
    factory: Callable[..., Stage]
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    config: type | None = None

    def settings(self, given: Mapping[str, Any] | None) -> Any:
        """The stage's settings object from ``given`` (unknown keys and ill-typed values are
        refused, naming the stage and the key); None when the stage takes no settings."""
        given = dict(given or {})
        if self.config is None:
            if given:
                raise PipelineError(f"stage {self.name!r} takes no settings, got "
                                    f"{', '.join(map(repr, sorted(given)))}")
            return None
        fields = {f.name: f for f in dataclasses.fields(self.config)}
        unknown = sorted(set(given) - set(fields))
        if unknown:
            raise PipelineError(
                f"stage {self.name!r} has no setting {unknown[0]!r}; its settings are "
                f"{', '.join(map(repr, fields)) or 'none'}"
            )
        for name, value in given.items():
            _check_type(self.name, name, value, fields[name].type)
            if isinstance(value, list) and str(fields[name].type).startswith("tuple["):
                given[name] = tuple(value)  # settings are frozen: a list given is kept as tuple
        try:
            return self.config(**given)
        except (TypeError, ValueError) as exc:
            raise PipelineError(f"stage {self.name!r}: {exc}") from exc


_REGISTRY: dict[str, StageSpec] = {}
_F = TypeVar("_F", bound=Callable[..., Stage])


def add(spec: StageSpec) -> None:
    """Register ``spec``; a name can be registered once (again with the same factory: no-op)."""
    known = _REGISTRY.get(spec.name)
    if known is not None and known.factory is not spec.factory:
        raise PipelineError(f"stage {spec.name!r} is already registered")
    if spec.config is not None and not dataclasses.is_dataclass(spec.config):
        raise PipelineError(f"stage {spec.name!r}: config must be a dataclass")
    _REGISTRY[spec.name] = spec


def register_stage(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    uses: tuple[str, ...] = (),
    assigns: tuple[str, ...] = (),
    config: type | None = None,
) -> Callable[[_F], _F]:
    """Class or factory decorator adding a stage to the registry under ``name``."""

    def decorator(factory: _F) -> _F:
        add(StageSpec(name, factory, tuple(requires), tuple(uses), tuple(assigns), config))
        return factory

    return decorator


def get_stage(name: str) -> StageSpec | None:
    return _REGISTRY.get(name)


def registered() -> dict[str, StageSpec]:
    """Every stage registered so far, by name."""
    return dict(_REGISTRY)


def _check_type(stage: str, key: str, value: Any, annotation: Any) -> None:
    """Refuse a setting whose value does not fit its declared type. Settings are simple: str,
    int, float, bool, None, and sequences of str; anything richer is not checked."""
    allowed = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
               "None": (type(None),)}
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    parts = [p.strip() for p in text.split("|")]
    kinds: list[type] = []
    for part in parts:
        if part.startswith(("tuple[str", "list[str", "Sequence[str")):
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return
        elif part in allowed:
            kinds.extend(allowed[part])
        else:
            return  # a type this check does not know: the stage validates it
    # True is an int to Python, never to a setting.
    if isinstance(value, tuple(kinds)) and (bool in kinds or not isinstance(value, bool)):
        return
    raise PipelineError(f"stage {stage!r}: setting {key!r} must be {text}, got "
                        f"{type(value).__name__} {value!r}")
