"""`foilbot template check`: every problem in letter templates and topics, as FILE:LINE: message.

Checks, without rendering: front matter (valid YAML, parameter kinds), Jinja syntax, variables the
letter context does not provide (``meta.find_undeclared_variables``), ``params.NAME`` that the file does
not declare, and includes/extends of templates or topics that exist in no templates folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import TemplateError
from foilbot.render.frontmatter import (
    SUFFIX,
    TOPICS,
    Problem,
    needs_topics,
    parse_params,
    read_front_matter,
)

if TYPE_CHECKING:
    from foilbot.render.templates import Letters

# The names every template sees (templates.Letters.variables); topics also see the loop's `topic`.
CONTEXT_NAMES = frozenset(
    {"agency", "requester", "request", "law", "history", "topics", "params", "created", "inline_css"}
)
TOPIC_NAMES = CONTEXT_NAMES | {"topic", "loop"}


def _line_of(source: str, pattern: str) -> int:
    match = re.search(pattern, source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def _assigned(ast: Any) -> set[str]:
    """Names a template defines itself (imports, macros, set): Jinja's meta lists block-scoped uses."""
    from jinja2 import nodes

    names: set[str] = set()
    for node in ast.find_all(
        (
            nodes.FromImport,
            nodes.Import,
            nodes.Macro,
            nodes.Assign,
            nodes.AssignBlock,
        )
    ):
        if isinstance(node, nodes.FromImport):
            names.update(n[1] if isinstance(n, tuple) else n for n in node.names)
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        else:
            names.update(n.name for n in node.target.find_all(nodes.Name))
            if isinstance(node.target, nodes.Name):
                names.add(node.target.name)
    return names


def _params_used(ast: object) -> set[str]:
    from jinja2 import nodes

    used: set[str] = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):  # type: ignore[attr-defined]
        target = node.node
        if isinstance(target, nodes.Name) and target.name == "params":
            if isinstance(node, nodes.Getattr):
                used.add(node.attr)
            elif isinstance(node.arg, nodes.Const):
                used.add(str(node.arg.value))
    return used


def check_file(letters: Letters, path: Path) -> list[Problem]:
    import jinja2
    from jinja2 import meta

    problems: list[Problem] = []
    outside = _outside(letters, path, path.name)
    if outside:
        return [Problem(path, 1, outside)]
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(path, 1, f"cannot read: {exc}")]
    is_topic = path.parent.name == TOPICS
    declared: set[str] = set()
    try:
        marker, data = read_front_matter(path, source)
        declared = {p.name for p in parse_params(path, data.get("params"))}
        needs_topics(path, data, str(data.get("kind", "")))
        if marker == "" and not path.name.startswith("_"):
            problems.append(Problem(path, 1, "no front matter ({#- letter ... -#} or {#- topic ... -#})"))
        if is_topic and marker == "topic" and not data.get("title"):
            problems.append(Problem(path, 1, "topic front matter has no title"))
    except TemplateError as exc:
        problems.append(Problem(path, 1, exc.message.split(": ", 2)[-1]))
    try:
        ast = letters.env.parse(source, path.name, str(path))
    except jinja2.TemplateSyntaxError as exc:
        problems.append(Problem(path, exc.lineno or 1, f"syntax error: {exc.message}"))
        return problems
    known = TOPIC_NAMES if is_topic else CONTEXT_NAMES
    try:
        undeclared = meta.find_undeclared_variables(ast)
    except jinja2.TemplateSyntaxError as exc:  # unknown filter or test: found when compiling
        problems.append(Problem(path, exc.lineno or 1, f"syntax error: {exc.message}"))
        return problems
    for name in sorted(undeclared - known - _assigned(ast)):
        line = _line_of(source, rf"\b{re.escape(name)}\b")
        problems.append(
            Problem(
                path,
                line,
                f"undeclared variable {name!r} (the letter context has: {', '.join(sorted(known))})",
            )
        )
    if is_topic or declared:
        for name in sorted(_params_used(ast) - declared):
            line = _line_of(source, rf"params(\.|\[['\"]){re.escape(name)}\b")
            problems.append(Problem(path, line, f"params.{name} is not declared in this file's front matter"))
    for ref in meta.find_referenced_templates(ast):
        if ref is None:
            continue
        found = next((d / ref for d in letters.dirs if (d / ref).is_file()), None)
        line = _line_of(source, re.escape(ref))
        if found is None:
            kind = "topic" if ref.startswith(f"{TOPICS}/") else "template"
            name = ref.removeprefix(f"{TOPICS}/").removesuffix(SUFFIX)
            problems.append(Problem(path, line, f"unknown {kind} {name!r}"))
        elif outside := _outside(letters, found, ref):
            problems.append(Problem(path, line, f"includes {outside}"))
    return problems


def _outside(letters: Letters, path: Path, name: str) -> str:
    """Why ``path`` may not be read (a link out of its templates folder), or "" when it may."""
    from foilbot.render.filters import inside

    absolute = path.absolute()
    for folder in letters.dirs:
        if absolute.is_relative_to(folder):
            try:
                inside(folder, absolute, name)
            except TemplateError as exc:
                return exc.message
            return ""
    return ""


def check_files(letters: Letters, paths: Sequence[Path]) -> list[Problem]:
    """Problems of every file (folders are searched for *.html.j2)."""
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = sorted(path.rglob(f"*{SUFFIX}"))
            if not files:
                problems.append(Problem(path, 1, f"no *{SUFFIX} templates in this folder"))
            for f in files:
                problems.extend(check_file(letters, f))
        elif path.is_file():
            problems.extend(check_file(letters, path))
        else:
            problems.append(Problem(path, 1, "no such file or folder"))
    return problems


def check_templates(letters: Letters, paths: Sequence[Path] | None = None) -> list[Problem]:
    """Syntax errors, undeclared variables, unknown topics and bad front matter, with file and line.

    Args:
        letters: the template folders in use (includes are looked up in them).
        paths: files or folders to check; by default every template and topic in use.
    """
    return check_files(letters, list(paths) if paths else letters.files())
