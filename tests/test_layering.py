"""Import layering of the package: every arrow as pipeline/layers.py declares, no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline.layers import GROUPS, MAY_IMPORT, group_of

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The package module an imported dotted name refers to (a module, or the module that
    defines the imported attribute)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(path: Path, module: str, modules: dict[str, Path]) -> set[str]:
    """The package modules that ``module`` imports anywhere (top level, functions,
    TYPE_CHECKING blocks)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names]
        for name in names:
            if name == "pipeline" or name.startswith("pipeline."):
                target = _resolve(name, modules)
                if target and target != module:
                    found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: imports_of(p, m, modules) for m, p in modules.items()}


def test_every_module_has_a_group() -> None:
    """Each module is named in GROUPS by a prefix of its own; ``pipeline`` alone (the package's
    ``__init__``) does not cover the modules under it."""
    for module in _modules():
        assert group_of(module) in MAY_IMPORT, module
        named = [p for p in GROUPS if module == p or module.startswith(p + ".")]
        assert module == "pipeline" or max(named, key=len) != "pipeline", module


def test_groups_are_declared_consistently() -> None:
    assert set(GROUPS.values()) == set(MAY_IMPORT)
    for group, allowed in MAY_IMPORT.items():
        assert group not in allowed
        assert allowed <= set(MAY_IMPORT)


def test_no_arrow_against_the_layering() -> None:
    wrong = []
    for module, targets in _graph().items():
        mine = group_of(module)
        for target in sorted(targets):
            theirs = group_of(target)
            if theirs != mine and theirs not in MAY_IMPORT[mine]:
                wrong.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_the_cli() -> None:
    graph = _graph()
    users = [m for m, t in graph.items() if "pipeline.cli" in t and group_of(m) != "cli"]
    assert not users


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(_graph())
    assert cycle is None, " → ".join(cycle or [])


@pytest.mark.parametrize(
    ("graph", "cyclic"),
    [({"a": {"b"}, "b": {"c"}, "c": set()}, False), ({"a": {"b"}, "b": {"a"}}, True),
     ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True)],
)
def test_cycle_finder(graph: dict[str, set[str]], cyclic: bool) -> None:
    assert (find_cycle(graph) is not None) == cyclic


def test_imports_are_read_from_every_form(tmp_path: Path) -> None:
    """The checker sees relative, absolute, function-level and TYPE_CHECKING imports."""
    modules = {"pipeline.out.x": tmp_path / "x.py", "pipeline.parse.blocks": Path(),
               "pipeline.parse": Path(), "pipeline.model": Path(), "pipeline.cli": Path()}
    src = tmp_path / "x.py"
    src.write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..model import Box\n"
        "if TYPE_CHECKING:\n    from pipeline.parse import blocks\n"
        "def f():\n    import pipeline.cli\n"
    )
    assert imports_of(src, "pipeline.out.x", modules) == {
        "pipeline.model", "pipeline.parse.blocks", "pipeline.cli"}
