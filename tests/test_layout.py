"""The layout holds: modules that each own one thing, thin commands, and no import cycles (issue 8)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "foilbot"
MAX_MODULE_LINES = 400
MAX_COMMAND_LINES = 30  # the aim is about 25; a formatter's one-argument-per-line can add a few


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, known: set[str]) -> set[str]:
    """Every foilbot module `path` imports, at the top or inside a function, except for type checking."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(a.name for a in node.names)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    me = module_name(path)
    # A package's __init__ is not a dependency of its own modules (foilbot.api imports foilbot.clock).
    return {m for m in found & known if m != me and not me.startswith(m + ".")}


def cycles() -> list[list[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: imports(path, set(paths)) for name, path in paths.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return found


def test_no_import_cycles() -> None:
    assert cycles() == []


def test_no_module_is_a_grab_bag() -> None:
    long = {
        module_name(p): n
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def is_command(node: ast.FunctionDef) -> bool:
    """A Typer command: a parameter defaults to typer.Option/Argument (or a shared XxxOption)."""

    def typer_default(default: ast.expr) -> bool:
        target = default.func if isinstance(default, ast.Call) else default
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        return name.endswith(("Option", "Argument"))

    return any(typer_default(d) for d in [*node.args.defaults, *node.args.kw_defaults] if d is not None)


def test_commands_are_thin() -> None:
    """A command parses its options, calls one service and prints the result; more belongs in a service."""
    fat = {}
    for path in (PACKAGE / "cli").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef) or not is_command(node):
                continue
            body = node.body[1:] if isinstance(node.body[0], ast.Expr) and len(node.body) > 1 else node.body
            lines = (node.end_lineno or 0) - body[0].lineno + 1
            if lines > MAX_COMMAND_LINES:
                fat[f"{path.name}:{node.name}"] = lines
    assert fat == {}
