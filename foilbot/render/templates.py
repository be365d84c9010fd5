"""Letter templates: discovery over the user's and the shipped folder, and rendering to HTML and text.

Templates are HTML (``NAME.html.j2``) rendered in the sandboxed environment of
:mod:`foilbot.render.filters`. Plain text is derived from the same HTML (:func:`html_to_text`), so a
letter has one source. A user's folder overrides the shipped folder by file name
(``request-ny-foil.html.j2``, ``topics/retention-periods.html.j2``, ``letter.css``).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import FoilbotError, TemplateError, UsageError
from foilbot.render.context import LetterContext, RequestInfo, Topic
from foilbot.render.filters import citations, inside, make_environment
from foilbot.render.frontmatter import (
    STYLESHEET,
    SUFFIX,
    TOPICS,
    ParamSpec,
    TemplateInfo,
    needs_topics,
    parse_params,
    read_front_matter,
)
from foilbot.render.text import html_to_text
from foilbot.resources import shipped_templates_dir as _shipped_dir

if TYPE_CHECKING:
    import jinja2

_SECTION_RE = re.compile(r"(§§?) (?=[0-9])")  # keep "§ 89(3)(a)" together on a line


def shipped_templates_dir() -> Path:
    """templates/letters inside an installed wheel (foilbot/_shipped/...), else the checkout's top level."""
    return _shipped_dir()


def user_templates_dir(configured: Path | None = None, cwd: Path | None = None) -> Path | None:
    """The user's folder: the one named in foilbot.toml, else ./templates/letters when it exists."""
    if configured is not None:
        return configured
    local = (cwd or Path.cwd()) / "templates" / "letters"
    shipped = shipped_templates_dir().resolve()
    if local.is_dir() and local.resolve() != shipped:
        return local
    return None


# --- the environment --------------------------------------------------------------------------------


class Letters:
    """Template discovery and rendering over ``[user folder, shipped folder]``."""

    def __init__(self, user_dir: Path | None = None, shipped_dir: Path | None = None):
        self.shipped_dir = (shipped_dir or shipped_templates_dir()).resolve()
        self.user_dir = user_dir.resolve() if user_dir is not None else None
        if self.user_dir is not None and not self.user_dir.is_dir():
            raise UsageError(
                f"templates folder not found: {self.user_dir}",
                hint="Create it, or fix letters.templates_dir in foilbot.toml.",
            )
        self.dirs: tuple[Path, ...] = tuple(d for d in (self.user_dir, self.shipped_dir) if d is not None)
        self._env: jinja2.Environment | None = None
        self._info: dict[tuple[str, bool], TemplateInfo] = {}  # one Letters per command or worker

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            self._env = make_environment(self.dirs)
        return self._env

    # discovery
    def _find(self, relative: str) -> tuple[Path, str, Path | None] | None:
        found = [d / relative for d in self.dirs if (d / relative).is_file()]
        if not found:
            return None
        for d in self.dirs:
            if found[0].is_relative_to(d):
                inside(d, found[0], relative)  # a link out of the folder is refused, not read
        source = "user" if self.user_dir is not None and found[0].is_relative_to(self.user_dir) else "shipped"
        overrides = found[1] if source == "user" and len(found) > 1 else None
        return found[0], source, overrides

    def _names(self, sub: str = "") -> list[str]:
        names: set[str] = set()
        for d in self.dirs:
            folder = d / sub if sub else d
            if folder.is_dir():
                names.update(p.name[: -len(SUFFIX)] for p in folder.glob(f"*{SUFFIX}"))
        return sorted(names)

    def info(self, name: str, *, topic: bool = False) -> TemplateInfo:
        """A template's or topic's file and front matter (read once per Letters object).

        Raises:
            UsageError: no templates folder has it (the message lists the known names).
        """
        key = (name, topic)
        if key not in self._info:
            self._info[key] = self._read_info(name, topic)
        return self._info[key]

    def _read_info(self, name: str, topic: bool) -> TemplateInfo:
        relative = f"{TOPICS}/{name}{SUFFIX}" if topic else f"{name}{SUFFIX}"
        found = self._find(relative)
        if found is None:
            what = "topic" if topic else "template"
            known = ", ".join(self._names(TOPICS if topic else ""))
            raise UsageError(f"unknown {what} {name!r}", hint=f"Known: {known}")
        path, source, overrides = found
        marker, data = read_front_matter(path)
        kind = "topic" if topic else str(data.get("kind", "layout" if name.startswith("_") else ""))
        description = str(data.get("title" if topic else "description", "") or data.get("description", ""))
        params = parse_params(path, data.get("params"))
        topics = needs_topics(path, data, kind)
        return TemplateInfo(name, path, source, kind, description, params, overrides, topics)

    def templates(self) -> list[TemplateInfo]:
        return [self.info(n) for n in self._names()]

    def topics(self) -> list[TemplateInfo]:
        return [self.info(n, topic=True) for n in self._names(TOPICS)]

    def stylesheet(self) -> Path:
        found = self._find(STYLESHEET)
        if found is None:
            raise TemplateError(f"{STYLESHEET} not found in {', '.join(map(str, self.dirs))}")
        return found[0]

    # rendering
    def render_html(self, template: str, ctx: LetterContext, *, inline_css: bool = False) -> str:
        """The full HTML document of a letter.

        Raises:
            TemplateError: unknown topic or parameter, a missing value (names template and variable).
        """
        variables = self.variables(template, ctx)
        if inline_css:
            from markupsafe import Markup

            # The template folder's own stylesheet, not data: kept as written (escaped, `"` and `>` broke
            # every rule that used them), with only an end tag inside it made harmless.
            css = self.stylesheet().read_text(encoding="utf-8")
            variables["inline_css"] = Markup(css.replace("</", "<\\/"))
        return citations(_SECTION_RE.sub("\\1\u00a0", self._render(f"{template}{SUFFIX}", variables)))

    def render_text(self, template: str, ctx: LetterContext) -> str:
        """The letter as plain text (an email body or a portal form), wrapped at 76 columns."""
        return html_to_text(self.render_html(template, ctx))

    def variables(self, template: str, ctx: LetterContext) -> dict[str, Any]:
        """The names a template sees: agency, requester, request, law, history, topics, params."""
        self.info(template)  # unknown template -> UsageError with the known names
        params = self.topic_params(template, ctx.request)
        topics = []
        for name in ctx.request.topics:
            spec = self.info(name, topic=True)
            topics.append(Topic(name, spec.description, {p.name: params.get(p.name) for p in spec.params}))
        return {
            "agency": ctx.agency,
            "requester": ctx.requester,
            "request": ctx.request,
            "law": ctx.law,
            "history": ctx.history,
            "topics": topics,
            "params": params,
            "created": (
                ctx.created or datetime(ctx.request.date.year, ctx.request.date.month, ctx.request.date.day)
            ).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "inline_css": "",
        }

    def topic_params(self, template: str, request: RequestInfo) -> dict[str, Any]:
        """Every declared parameter (None when not given); an undeclared one is a usage error."""
        specs: dict[str, ParamSpec] = {p.name: p for p in self.info(template).params}
        for name in request.topics:
            specs.update({p.name: p for p in self.info(name, topic=True).params})
        unknown = sorted(set(request.params) - set(specs))
        if unknown and self.info(template).kind != "request":
            specs.update({name: ParamSpec(name, "text", "") for name in unknown})  # a saved request's own
        elif unknown:
            raise UsageError(
                f"unknown parameter(s) {', '.join(unknown)} for {template} with these topics",
                hint=f"Declared: {', '.join(sorted(specs)) or 'none'} (foilbot template show NAME).",
            )
        values: dict[str, Any] = {}
        for name, spec in specs.items():
            raw = request.params.get(name)
            values[name] = None if raw in (None, "") else _convert(spec, str(raw))
        _check_periods(specs, values)
        return values

    def _render(self, name: str, variables: dict[str, Any]) -> str:
        import jinja2
        from jinja2.sandbox import SecurityError

        try:
            return self.env.get_template(name).render(variables)
        except jinja2.UndefinedError as exc:
            where = _template_frame(exc) or (name, 0)
            raise TemplateError(
                f"{where[0]}:{where[1]}: missing value: {exc.message}",
                hint="Supply the value (config, agency or --param) or fix the template.",
            ) from None
        except SecurityError as exc:
            frame = _template_frame(exc)
            at = f"{frame[0]}:{frame[1]}" if frame else name
            raise TemplateError(f"{at}: refused by the sandbox: {exc}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{name}: includes {exc.name!r}, which is in no templates folder") from None
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, MemoryError) as exc:
            # Whatever a template's own expressions raise while it runs ({{ 1/0 }}, a range past the
            # sandbox's limit, an include of itself) is that template's error, named with its line.
            if isinstance(exc, FoilbotError):
                raise
            where = _template_frame(exc) or (name, 0)
            reason = (str(exc).splitlines() or [""])[0][:200] or type(exc).__name__
            raise TemplateError(
                f"{where[0]}:{where[1]}: the template failed while running: {reason}",
                hint="Fix that line of the template (foilbot template check finds mistakes it can see).",
            ) from None

    def files(self) -> list[Path]:
        """Every template and topic file in use (a user's file hides the shipped one), not yet read."""
        paths = []
        for sub in ("", TOPICS):
            for name in self._names(sub):
                relative = f"{sub}/{name}{SUFFIX}" if sub else f"{name}{SUFFIX}"
                found = next((d / relative for d in self.dirs if (d / relative).is_file()), None)
                if found is not None:
                    paths.append(found)
        return paths


def _convert(spec: ParamSpec, raw: str) -> Any:
    if spec.kind == "date":
        from foilbot.clock import parse_day  # the one date rule: `20261010` and `2026-W40-1` are not dates

        day = parse_day(raw)
        if day is None:
            raise UsageError(f"--param {spec.name}={raw}: not a date; use YYYY-MM-DD, from 1966 to 2199")
        return day
    if spec.kind == "list":
        return [item.strip() for item in re.split(r"[;\n]", raw) if item.strip()]
    return raw.strip()


def _check_periods(specs: dict[str, ParamSpec], values: dict[str, Any]) -> None:
    """A period given by two date parameters, `start` and `end` (or `X_start` and `X_end`), must not
    end before it starts: such a letter would ask for records from no days at all.

    Raises:
        UsageError: naming both parameters and their dates.
    """
    for name, spec in specs.items():
        if spec.kind != "date" or not (name == "start" or name.endswith("_start")):
            continue
        end = name[: -len("start")] + "end"
        first, last = values[name], values.get(end) if end in specs and specs[end].kind == "date" else None
        if first and last and last < first:
            raise UsageError(
                f"--param {end}={last} is before {name}={first}: the period would end before it starts",
                hint=f"Give {name} the first day and {end} the last day of the period (YYYY-MM-DD).",
            )


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in a Jinja traceback."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(SUFFIX):
            found = (
                Path(filename).name
                if TOPICS not in Path(filename).parts[-2:]
                else f"{TOPICS}/{Path(filename).name}",
                tb.tb_lineno,
            )
        tb = tb.tb_next
    return found


def describe(letters: Letters, name: str) -> dict[str, Any]:
    """What `foilbot template show` prints: a template or topic's file, variables, includes, parameters.

    Raises:
        UsageError: no template or topic by that name.
    """
    from jinja2 import meta

    try:
        info = letters.info(name)
    except UsageError:
        info = letters.info(name, topic=True)
    parsed = letters.env.parse(info.path.read_text(encoding="utf-8"))
    return {
        "name": info.name,
        "kind": info.kind,
        "source": info.source,
        "path": str(info.path),
        "overrides": str(info.overrides) if info.overrides else None,
        "description": info.description,
        "variables": sorted(meta.find_undeclared_variables(parsed)),
        "includes": sorted(r for r in meta.find_referenced_templates(parsed) if r),
        "params": [{"name": p.name, "kind": p.kind, "help": p.help} for p in info.params],
        "topics": [t.name for t in letters.topics()] if info.kind == "request" else [],
    }
