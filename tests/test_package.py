"""The package's shape: no module imports one that imports it back, at any depth, even lazily."""

from __future__ import annotations

import ast
from pathlib import Path

import briefexport

PACKAGE = Path(briefexport.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str) -> set[str]:
    """The briefexport modules a file imports anywhere in it (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(max(node.level - 1, 0)):
                base = base.rpartition(".")[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_import_cycles():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in _imports(path, name) if m in modules and m != name} for name, path in modules.items()}
    # A package's __init__ is imported by its submodules' import anyway; only module-to-module edges count.
    parents = {name: {m for m in deps if not name.startswith(f"{m}.")} for name, deps in graph.items()}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        for dep in sorted(parents[name]):
            if dep in path:
                cycles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in done:
                visit(dep, [*path, dep])
        done.add(name)

    done: set[str] = set()
    for name in sorted(parents):
        if name not in done:
            visit(name, [name])
    assert cycles == []
