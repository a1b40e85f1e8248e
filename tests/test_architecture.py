"""The shape of the house, checked on the source: layers, no import circle, short files.

Domain (``quiz/*`` outside the packages below) at the bottom; the use cases
(``quiz/usecases``) above it; the store backends beside them, depending on the
domain only: TinyDB (``quiz/store``) and PostgreSQL (``quiz/store_pg``), which
never import each other, and ``quiz/stores.py``, the one factory choosing
between them. Only a backend imports its database library. The pages
(``app.py``, ``server.py``, ``app_pages``, ``quiz/ui``), the command line
(``quiz/cli``) and the benchmarks (``bench``) on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    files = [ROOT / "app.py", ROOT / "server.py", *ROOT.glob("app_pages/*.py"),
             *ROOT.glob("quiz/**/*.py"), *ROOT.glob("bench/**/*.py")]
    return {module_name(p): p for p in files}


def imports_of(path: Path, name: str) -> set[str]:
    """Every module imported anywhere in the file (top level and inside functions)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


SOURCES = sources()
GRAPH = {
    name: {m for m in imports_of(path, name) if m in SOURCES and m != name}
    for name, path in SOURCES.items()
}
EXTERNAL = {name: imports_of(path, name) for name, path in SOURCES.items()}


def layer(name: str) -> str:
    if name in ("app", "server") or name.startswith(("app_pages", "quiz.ui")):
        return "pages"
    if name.startswith("quiz.cli") or name == "quiz.__main__":
        return "cli"
    if name.startswith("bench"):
        return "bench"
    if name.startswith("quiz.usecases"):
        return "usecases"
    if name.startswith("quiz.store"):
        return "store"
    return "domain"


ALLOWED = {
    "domain": {"domain"},
    "usecases": {"domain", "usecases"},
    "store": {"domain", "store"},
    "pages": {"domain", "usecases", "store", "pages"},
    "cli": {"domain", "usecases", "store", "cli", "bench"},  # bench and loadtest commands
    "bench": {"domain", "usecases", "store", "pages", "bench"},
}


def test_every_layer_imports_only_the_layers_below_it() -> None:
    wrong = sorted(
        f"{name} ({layer(name)}) imports {dep} ({layer(dep)})"
        for name, deps in GRAPH.items()
        for dep in deps
        if layer(dep) not in ALLOWED[layer(name)]
    )
    assert not wrong, "\n".join(wrong)


def backend(name: str) -> str | None:
    """Which store backend a module belongs to (None: not a backend)."""
    for package in ("quiz.store_pg", "quiz.store"):
        if name == package or name.startswith(f"{package}."):
            return package
    return None


# Modules outside a package's owners allowed to use it, each for a stated reason.
YARDSTICKS = {
    "bench.baselines",  # a plain-TinyDB baseline for the storage benchmark
    "bench.pg_cluster",  # creates the throwaway test server's databases (no store code)
    "bench.pg_bulk",  # loads a benchmark's history with COPY, as bench/bulk.py writes files
}


@pytest.mark.parametrize(
    ("package", "owners"),
    [("streamlit", {"pages", "bench"}), ("tinydb", {"quiz.store"}),
     ("filelock", {"quiz.store"}), ("psycopg", {"quiz.store_pg"}),
     ("psycopg_pool", {"quiz.store_pg"})],
)  # fmt: skip
def test_third_party_parts_stay_in_their_layer(package: str, owners: set[str]) -> None:
    users = sorted(
        name for name, mods in EXTERNAL.items()
        if any(m == package or m.startswith(f"{package}.") for m in mods)
        and layer(name) not in owners and backend(name) not in owners
        and name not in YARDSTICKS
    )
    assert not users, f"{package} imported outside {owners}: {users}"


def test_the_backends_never_import_each_other() -> None:
    crossing = sorted(
        f"{name} imports {dep}"
        for name, deps in GRAPH.items()
        for dep in deps
        if backend(name) and backend(dep) and backend(name) != backend(dep)
    )
    assert not crossing, crossing


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other in a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph.get(node, ()):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_strongly_connected_finds_a_circle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"]
    ]


def test_no_import_circle() -> None:
    # A package's __init__ that re-exports its own submodules is not a circle of
    # design, so edges from a package to its own submodules are left out.
    graph = {
        name: {d for d in deps if not d.startswith(f"{name}.")} for name, deps in GRAPH.items()
    }
    assert strongly_connected(graph) == []


def test_no_source_file_over_the_limit() -> None:
    long = sorted(
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in SOURCES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert not long, long
