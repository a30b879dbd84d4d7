"""The shape of the code: no import circles, stages that do not know the registry, analysis
that does not import training or benchmark adapters."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "narrascope").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the narrascope modules it imports, at module level or inside functions
    (``from package import name`` counts as importing ``package.name`` when that is a module,
    else the package)."""
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                submodules = [f"{base}.{a.name}" for a in node.names
                              if f"{base}.{a.name}" in modules]
                targets = submodules if len(submodules) == len(node.names) else [
                    base, *submodules]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles_anywhere_in_src() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


STAGE_PACKAGES = ("narrascope.cleaning", "narrascope.language", "narrascope.sentences",
                  "narrascope.entities", "narrascope.quotes", "narrascope.narratives",
                  "narrascope.roles", "narrascope.techniques")


def _imports_of(prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    return {name: targets for name, targets in import_graph().items()
            if name.startswith(prefixes)}


def test_stages_know_neither_the_registry_nor_the_pipeline() -> None:
    for name, targets in _imports_of(STAGE_PACKAGES).items():
        assert not targets & {"narrascope", "narrascope.pipeline", "narrascope.registry",
                              "narrascope.factories"}, name


def test_analysis_never_imports_benchmark_adapters_or_the_command_line() -> None:
    for name, targets in _imports_of(STAGE_PACKAGES).items():
        assert not {t for t in targets if t.startswith(("narrascope.semeval", "narrascope.cli"))
                    }, name


def test_stages_do_not_import_training_code() -> None:
    stage_modules = {name: targets for name, targets in _imports_of(STAGE_PACKAGES).items()
                     if name in STAGE_PACKAGES}
    for name, targets in stage_modules.items():
        assert not {t for t in targets if t.endswith(".training")}, name
