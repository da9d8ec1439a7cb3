"""The layout's rules, checked on the code itself (docs/architecture.md says why each holds):

- bot/core never imports discord, so the command line's catalog commands run without it;
- no module imports, directly or through others, a module that imports it back (an import circle),
  except for type hints behind TYPE_CHECKING, which never run;
- no module is longer than a reader takes in one sitting (400 lines).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

MAX_LINES = 400


def test_the_core_and_the_catalog_commands_never_load_discord() -> None:
    code = (
        "import importlib, pkgutil, sys, bot.core, bot.cli.main\n"
        "for module in pkgutil.walk_packages(bot.core.__path__, 'bot.core.'):\n"
        "    importlib.import_module(module.name)\n"
        "sys.exit('discord' in sys.modules)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(REPO).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The project's modules that `path` imports when it runs (imports under TYPE_CHECKING left out).

    `from package import module` depends on the module, not on the package's __init__ beyond what
    Python runs first anyway; `from package import name` depends on the package."""
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for statement in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.unparse(statement.test):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                submodules = {f"{base}.{alias.name}" for alias in node.names} & modules
                found |= submodules
                if base in modules and len(submodules) < len(node.names):
                    found.add(base)
    return found - {own}


def _circles(root: Path) -> list[list[str]]:
    """Every group of modules under `root` that import one another in a circle (Tarjan's algorithm)."""
    paths = {_module_name(path): path for path in root.rglob("*.py")}
    graph = {name: _runtime_imports(path, set(paths)) for name, path in paths.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


@pytest.mark.parametrize("folder", ["bot", "tests", "benchmarks"])
def test_no_import_circles(folder: str) -> None:
    assert _circles(REPO / folder) == []


def test_the_circle_check_finds_a_circle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    package = tmp_path / "demo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from demo.b import B\nA = 1\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nfrom demo import a\nB = 2\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from demo.a import A\n")
    assert _circles(package) == [["demo.a", "demo.b"]]


def test_every_module_reads_in_one_sitting() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for folder in ("bot", "tests", "benchmarks")
        for path in (REPO / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them by what they hold): {long}"
