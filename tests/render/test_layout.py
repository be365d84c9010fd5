"""The rendering package's shape (issue 8): one package, no import cycles, modules under ~400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "foilbot"
RENDER = PACKAGE / "render"


def _imports(path: Path) -> set[str]:
    """Every foilbot module a file imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("foilbot"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("foilbot"))
    return found


def test_old_letter_modules_are_gone() -> None:
    for old in ("letters.py", "letters_check.py", "letters_text.py", "pdf.py"):
        assert not (PACKAGE / old).exists(), old


def test_render_modules_have_no_import_cycle_and_stay_small() -> None:
    modules = {f"foilbot.render.{p.stem}": p for p in RENDER.glob("*.py") if p.stem != "__init__"}
    graph = {
        name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert [name for name in graph if reaches(name, name, set())] == []
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in RENDER.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_render_never_imports_services_or_cli() -> None:
    upward = {
        f"{p.name}: {m}"
        for p in RENDER.glob("*.py")
        for m in _imports(p)
        if m.startswith(("foilbot.services", "foilbot.cli"))
    }
    assert upward == set()
