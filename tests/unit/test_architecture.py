"""The layering rules, read from the source with `ast` (nothing is imported).

Every module under bot/, handlers/ and storage/ is parsed; imports inside `if TYPE_CHECKING:`
do not count. The layer rules count every other import (a lazy one inside a function is still
a dependency); the cycle rule counts module-level imports only (those run at import time).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGES = ("bot", "handlers", "storage")
THIRD_PARTY_IO = ("maxapi", "sqlalchemy", "aiohttp")


@dataclass(frozen=True)
class Import:
    target: str  # the dotted module (or module.name) imported
    line: int
    module_level: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


MODULES = project_modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(nodes: Sequence[ast.AST], module_level: bool) -> Iterator[tuple[ast.AST, bool]]:
    for node in nodes:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _walk(node.orelse, module_level)
            continue
        yield node, module_level
        inner = module_level and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _walk([c for c in children if isinstance(c, ast.AST)], inner)
        for case in getattr(node, "cases", []):
            yield from _walk(case.body, inner)


def imports_of(name: str) -> list[Import]:
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node, module_level in _walk(tree.body, True):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, module_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found += [
                Import(f"{origin}.{alias.name}", node.lineno, module_level) for alias in node.names
            ]
    return found


IMPORTS = {name: imports_of(name) for name in MODULES}


def resolve(target: str) -> str | None:
    """The project module an import names: `a.b.c` is the module a.b.c if there is one, else
    (an attribute of) a.b, and so on; None for a module outside the project."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def within(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + ".")


def offenders(sources: list[str], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{MODULES[name].relative_to(ROOT)}:{imp.line} imports {imp.target}"
        for name in sources
        for imp in IMPORTS[name]
        if any(within(imp.target, bad) for bad in forbidden)
    ]


def under(*prefixes: str) -> list[str]:
    return [name for name in MODULES if any(within(name, p) for p in prefixes)]


def test_the_source_tree_is_found() -> None:
    assert "bot.app" in MODULES and "storage.models" in MODULES and "handlers" in MODULES
    assert under("bot.rules") and under("bot.plan") and "bot.vocab" in MODULES


def test_rules_plan_and_vocab_are_pure() -> None:
    problems = offenders(under("bot.rules", "bot.plan", "bot.vocab"), THIRD_PARTY_IO)
    assert not problems, "pure modules use I/O libraries:\n" + "\n".join(problems)


def test_storage_depends_on_no_upper_layer() -> None:
    forbidden = ("bot.services", "bot.ui", "bot.max", "handlers")
    problems = offenders(under("storage"), forbidden)
    assert not problems, "storage imports an upper layer:\n" + "\n".join(problems)


def test_only_the_composition_root_imports_handlers() -> None:
    sources = [name for name in under("bot") if name != "bot.app"]
    problems = offenders(sources, ("handlers",))
    assert not problems, "bot/ imports handlers outside bot/app.py:\n" + "\n".join(problems)


def test_services_do_not_import_handlers() -> None:
    problems = offenders(under("bot.services"), ("handlers",))
    assert not problems, "services import handlers:\n" + "\n".join(problems)


def module_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, found in IMPORTS.items():
        for imp in found:
            target = resolve(imp.target) if imp.module_level else None
            if target is not None and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a → … → a) per strongly connected component (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_within(graph, component) for component in components]


def _path_within(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """The shortest cycle through the component's first module (breadth-first)."""
    start = min(component)
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def test_the_cycle_finder_reports_the_path() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles(package: str) -> None:
    found = [c for c in cycles(module_graph()) if any(within(m, package) for m in c)]
    assert not found, "import cycles (module-level imports):\n" + "\n".join(
        " → ".join(cycle) for cycle in found
    )


def shortest_path(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The shortest chain of module-level imports from start to goal (breadth-first)."""
    previous: dict[str, str] = {start: start}
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node == goal:
            path = [goal]
            while path[-1] != start:
                path.append(previous[path[-1]])
            return path[::-1]
        for nxt in sorted(graph[node]):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


def test_no_late_import_hides_a_cycle() -> None:
    """An import inside a function that the module-level graph would turn into a cycle (the
    usual `# late: X imports this module` work-around) is a cycle all the same."""
    graph = module_graph()
    hidden = set()
    for name, found in IMPORTS.items():
        for imp in found:
            target = None if imp.module_level else resolve(imp.target)
            back = shortest_path(graph, target, name) if target and target != name else None
            if back is not None:
                where = MODULES[name].relative_to(ROOT)
                hidden.add(f"{where}:{imp.line}: " + " → ".join([name, *back]))
    assert not hidden, "late imports hiding a cycle:\n" + "\n".join(sorted(hidden))
