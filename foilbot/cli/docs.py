"""The CLI reference (docs/reference/cli.md), rendered from the commands themselves.

A test renders it again and compares, so the reference cannot drift from `--help`.
"""

from __future__ import annotations

from typing import Any

import typer


def _param_row(param: Any) -> str:
    value = f" {param.metavar}" if param.metavar and not getattr(param, "is_flag", False) else ""
    names = ", ".join(f"`{o}{value}`" for o in (*param.opts, *param.secondary_opts))
    if param.param_type_name == "argument":
        names = f"`{(param.metavar or param.name).upper()}`"
    help_text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
    flags = []
    if param.required:
        flags.append("required")
    if getattr(param, "multiple", False):
        flags.append("repeatable")
    default = param.default
    if (
        default not in (None, False, (), [], "")
        and not getattr(param, "is_flag", False)
        and not param.required
    ):
        flags.append(f"default: `{default}`")
    extra = f" ({'; '.join(flags)})" if flags else ""
    return f"| {names} | {help_text}{extra} |"


def _render(cmd: Any, path: list[str], out: list[str]) -> None:
    import inspect

    full = " ".join(path)
    if path[1:]:
        level = "#" * min(len(path) + 1, 4)
        out.append(f"{level} `{full}`\n")
    doc = inspect.cleandoc(cmd.help or "")
    if doc:
        out.append(doc + "\n")
    params = [p for p in cmd.params if p.name not in ("help",)]
    if params:
        out.append("| argument / option | meaning |")
        out.append("|---|---|")
        out.extend(_param_row(p) for p in params)
        out.append("")
    commands = getattr(cmd, "commands", None)
    if commands:
        for name in sorted(commands):
            _render(commands[name], [*path, name], out)


def render_cli_reference() -> str:
    from foilbot.cli.app import app

    root = typer.main.get_command(app)
    out = [
        "# CLI reference",
        "",
        "Generated from the commands by `python scripts/gen_cli_docs.py`; a test fails when it is stale.",
        "Every command also answers `--help`. Exit codes: see [exit-codes.md](exit-codes.md).",
        "",
        "## `foilbot`",
        "",
    ]
    _render(root, ["foilbot"], out)
    return "\n".join(out).rstrip() + "\n"
