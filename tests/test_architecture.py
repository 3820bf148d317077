"""The package's shape (issue 19): stage packages, data flowing one way, small modules.

Imports are read from the source (every ``import`` and ``from … import``, at module level, inside
functions and under ``TYPE_CHECKING`` alike): a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "referat"

# Top to bottom: a module may import its own layer's modules and any layer below it, never above.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"__main__"}),
    frozenset({"cli"}),
    frozenset({"fetch"}),
    frozenset({"ingest"}),
    frozenset({"archive"}),
    frozenset({"pipeline"}),
    frozenset({"decide"}),
    frozenset({"structure"}),
    frozenset({"read"}),
    frozenset({"models", "errors", "danish"}),
    frozenset({"__init__"}),  # the public API: lazy re-exports only (see test_public_api_is_lazy)
)
LOOSE_MAX = 8
LINES_MAX = 400


def _modules() -> dict[str, Path]:
    """``"archive.save"`` -> its path; loose modules by their name alone."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _unit(module: str) -> str:
    """The package a module belongs to, or the loose module itself."""
    return module.split(".")[0]  # "cli.__init__" -> "cli"; "__init__" -> "__init__"


def _resolve(name: str) -> str | None:
    """``referat.x.y`` -> the module ``x.y`` (a package: ``x.__init__``), None if not ours."""
    if not name.startswith("referat."):
        return "__init__" if name == "referat" else None
    target = name.removeprefix("referat.")
    if target in MODULES:
        return target
    return f"{target}.__init__" if f"{target}.__init__" in MODULES else None


def _imports(module: str, path: Path) -> set[str]:
    """The referat modules ``module`` imports: ``from referat.archive import save`` imports
    ``archive.save``; ``from referat.archive.save import x`` imports ``archive.save``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(t for a in node.names if (t := _resolve(a.name)))
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}: relative import (write referat.… in full)"
            base = node.module or ""
            for alias in node.names:
                target = _resolve(f"{base}.{alias.name}") or _resolve(base)
                if target:
                    found.add(target)
    found.discard(module)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _layer(unit: str) -> int:
    for i, layer in enumerate(LAYERS):
        if unit in layer:
            return i
    raise AssertionError(f"{unit} is in no layer of LAYERS: add it where it belongs")


def test_few_loose_modules_and_stage_packages() -> None:
    loose = sorted(m for m in MODULES if "." not in m)
    packages = sorted({m.split(".")[0] for m in MODULES if "." in m})
    assert len(loose) <= LOOSE_MAX, loose
    assert len(packages) >= 4, packages
    for package in packages:
        init = SRC / package / "__init__.py"
        assert init.exists(), f"{package}/ has no __init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc, (
            f"{package}/__init__.py must say its job and what it may import"
        )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= LINES_MAX, f"{module}: {lines} lines; split it along a boundary you can name"


def test_data_flows_one_way() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _unit(module) != "__init__" and _layer(_unit(target)) < _layer(_unit(module))
    ]
    assert not wrong, "imports against the flow (see LAYERS):\n" + "\n".join(sorted(wrong))


def test_public_api_is_lazy() -> None:
    """``referat/__init__.py`` imports no referat module at run time (``referat --help`` stays
    fast): its names are fetched on first use."""
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    eager = [
        node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("referat")
    ]
    assert eager == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_circle_between_packages() -> None:
    units: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        if _unit(module) == "__init__":
            continue
        units.setdefault(_unit(module), set()).update(
            _unit(t) for t in targets if _unit(t) != _unit(module)
        )
    assert _cycle(units) is None, " -> ".join(_cycle(units) or [])


def test_no_circle_between_modules() -> None:
    assert _cycle(GRAPH) is None, " -> ".join(_cycle(GRAPH) or [])


def test_the_rules_catch_a_wrong_import() -> None:
    """The checks above can fail: a made-up read module that imports the archive is caught."""
    graph = dict(GRAPH)
    graph["read.bad"] = {"archive.store"}
    wrong = [t for t in graph["read.bad"] if _layer(_unit(t)) < _layer(_unit("read.bad"))]
    assert wrong == ["archive.store"]
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
