"""Typer apps, groups and commands whose `--help` reads like a person wrote it (issue 9).

Typer prints what the parser knows: `{ID}` for a required argument in the usage line, `<str>` beside
it, `<bool>` on every flag, `<list[Path]>` on a repeatable file option. foilbot's help says what to
type instead: `foilbot request log [OPTIONS] ID EVENT`, `--date YYYY-MM-DD`, `--attach FILE`, and a
flag with nothing after it. Each value takes the metavar its command gives it (every argument and
option of foilbot names one; a test checks), else its name in capitals. Prose paragraphs of a
docstring are joined into one line each, so the terminal wraps them where it is, not where the
source was.

An option or argument given an empty value on the command line (`--law ""`, an unset shell variable
in `--campaign "$NAME"`) is refused, naming it, instead of being taken as its default or as no
filter: every value that names something (an agency, a law, a file, a date) must say what it names.
Free text that may be blank (`--subject`, `--note`, `agency set --email ""` to clear a field) is
declared with `@may_be_empty(...)` on the command.

Every command module makes its app with `App(...)`; nothing here reaches into Typer's private state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

F = TypeVar("F", bound=Callable[..., Any])


def may_be_empty(*names: str) -> Callable[[F], F]:
    """Let these parameters (Python names) of a command take an empty value: free text, or a field
    that an empty value clears. Every other option and argument refuses one (`_refuse_empty`)."""

    def mark(command: F) -> F:
        command.may_be_empty = frozenset(names)  # type: ignore[attr-defined]  # read by _refuse_empty
        return command

    return mark


def _is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, str) and not v.strip() for v in value)
    return False


def _refuse_empty(param: Any, ctx: Any, value: Any, source: Any) -> None:
    """A blank value typed on the command line, for a parameter that names something: a usage error."""
    if getattr(source, "name", "") != "COMMANDLINE" or not _is_empty(value):
        return
    allowed: frozenset[str] = getattr(getattr(ctx.command, "callback", None), "may_be_empty", frozenset())
    if param.name in allowed:
        return
    from foilbot.errors import UsageError

    what = param.metavar or param.name.upper()
    if param.param_type_name == "option":
        option = param.opts[0]
        raise UsageError(f"{option} is empty", hint=f"Give {option} a value ({what}), or leave it out.")
    raise UsageError(f"argument {what} is empty", hint=f"Give a value for {what} (see --help).")


_SCALARS = (str, int, float, bool)


class _Coercion:
    """Typer's coercion of one value, built only when a value needs it.

    Typer builds a pydantic TypeAdapter for every parameter of the command that runs, given or not
    (importing pydantic: 60 ms of a 0.25 s `foilbot deadline`, issue 14). An option not given is None
    and text, a number or a flag Click has already read is itself, whatever the adapter would make of
    it; anything else goes to Typer's own.
    """

    def __init__(self, param: Any, build: Any) -> None:
        self.param, self.build = param, build

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        single = not (param.multiple or param.nargs == -1)
        if value is None and single:
            return None  # as Typer's RuntimeParam.coerce returns it
        described = param.type_descriptor
        if described.parameter_info.parser is None:
            if single and type(value) is described.annotation and type(value) in _SCALARS:
                return value  # Typer's adapter gives text, a number or a flag Click has read back as is
            if single and described.annotation is int and _plain_count(value, described.parameter_info):
                return int(value)  # digits within the option's range; anything else gets Typer's message
            texts = isinstance(value, (list, tuple)) and all(type(v) is str for v in value)
            if not single and texts and described.annotation == list[str]:
                return list(value)  # its list[str] adapter: a list of each item's str()
        return self.build().coerce(value, param=param, ctx=ctx)


def _plain_count(value: Any, info: Any) -> bool:
    """Whether `value` is ASCII digits whose number lies within the option's min and max."""
    if type(value) is not str or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return False
    n = int(value)
    return (info.min is None or n >= info.min) and (info.max is None or n <= info.max)


class _Argument(TyperArgument):
    """An argument shown by its metavar alone: `ID`, optional ones in brackets, never `{ID}`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the metavar in the name column says what it is

    def get_runtime_param(self) -> Any:
        return _Coercion(self, super().get_runtime_param)

    def consume_value(self, ctx: Any, opts: Any) -> Any:
        value, source = super().consume_value(ctx, opts)
        _refuse_empty(self, ctx, value, source)
        return value, source

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.metavar or self.name.upper()
        name = name if self.required else f"[{name}]"
        return [name + ("..." if self.nargs != 1 else "")]


class _Option(TyperOption):
    """An option shown with its metavar (`--date YYYY-MM-DD`); a flag with nothing after it."""

    def get_runtime_param(self) -> Any:
        return _Coercion(self, super().get_runtime_param)

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar or self.name.upper()

    def consume_value(self, ctx: Any, opts: Any) -> Any:
        value, source = super().consume_value(ctx, opts)
        _refuse_empty(self, ctx, value, source)
        return value, source


def _plain(params: list[Any]) -> None:
    # The classes differ only in how help shows a parameter; parsing is TyperArgument's/TyperOption's.
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
        elif type(param) is TyperOption:
            param.__class__ = _Option


def prose(text: str | None) -> str | None:
    """A docstring with each prose paragraph on one line; indented, listed or `\\b` paragraphs kept."""
    if not text:
        return text
    paragraphs = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        kept = any(line[:1] in (" ", "\t", "-", "*", "\b") for line in lines[1:]) or para.startswith("\b")
        paragraphs.append(para if kept else " ".join(line.strip() for line in lines))
    return "\n\n".join(paragraphs)


class _Plain:
    """What commands and groups share: plain parameters and prose help."""

    params: list[Any]
    help: str | None

    def _make_plain(self) -> None:
        _plain(self.params)
        self.help = prose(self.help)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            _plain([option])
        return option


class Command(_Plain, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._make_plain()


class Group(_Plain, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._make_plain()


class App(typer.Typer):
    """typer.Typer whose groups and commands print plain help (Group, Command)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(**kwargs)

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Any:
        return super().command(name, cls=cls or Command, **kwargs)
