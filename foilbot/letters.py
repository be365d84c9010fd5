"""Letter templates: a sandboxed Jinja environment, template discovery and checks, the letter context.

Templates are HTML (``NAME.html.j2``) rendered in :class:`jinja2.sandbox.SandboxedEnvironment` with
``StrictUndefined`` and autoescaping, so every value that comes from data (an agency name, a topic
parameter) is escaped exactly once and never evaluated. Plain text is derived from the same HTML
(:func:`html_to_text`), so a letter has one source. A user's folder overrides the shipped folder by
file name (``request-ny-foil.html.j2``, ``topics/retention-periods.html.j2``, ``letter.css``).

Each template opens with a front-matter comment in YAML that ``template show`` reads::

    {#- letter
    kind: request
    description: New York FOIL request
    params:
      system: text | the system the request is about
    -#}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import TemplateError, UsageError
from foilbot.letters_text import html_to_text
from foilbot.resources import shipped_templates_dir as _shipped_dir

if TYPE_CHECKING:
    import jinja2

SUFFIX = ".html.j2"
TOPICS = "topics"
STYLESHEET = "letter.css"
PARAM_KINDS = ("text", "date", "list")
_FRONT_RE = re.compile(r"\A\s*\{#-?\s*(letter|topic)\s*\n(.*?)-?#\}", re.S)
_SECTION_RE = re.compile(r"(§§?) (?=[0-9])")  # keep "§ 89(3)(a)" together on a line
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


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


# --- the letter context: plain dataclasses the services fill in -----------------------------------


@dataclass(frozen=True)
class AgencyInfo:
    """The addressee. ``address_lines`` are the street lines; city/state/zip make the last line."""

    name: str
    jurisdiction: str
    records_officer: str = ""
    address_lines: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    zip: str = ""
    email: str = ""
    public: bool = True
    kind: str = ""
    id: str = ""

    @property
    def city_line(self) -> str:
        tail = " ".join(p for p in (self.state, self.zip) if p)
        return ", ".join(p for p in (self.city, tail) if p)


@dataclass(frozen=True)
class RequesterInfo:
    """Who signs ([requester] in foilbot.toml). ``signature`` is a path to an image, or empty."""

    name: str
    organization: str = ""
    address_lines: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    signature: str = ""

    @property
    def signature_url(self) -> str:
        return Path(self.signature).expanduser().resolve().as_uri() if self.signature else ""


@dataclass(frozen=True)
class RequestInfo:
    """The request as the letter states it. ``params`` are topic parameters (``--param KEY=VALUE``)."""

    date: date
    reference: str = ""
    subject: str = ""
    topics: tuple[str, ...] = ()
    params: Mapping[str, str] = field(default_factory=dict)
    fee_limit: int = 25
    delivery: str = "email"  # email | mail | portal | fax | hand
    fee_category: str = ""  # federal only: news-media | educational | scientific | other | commercial
    fee_waiver: str = ""  # federal only: why disclosure is in the public interest
    expedite: str = ""  # federal only: the compelling need, certified true


@dataclass(frozen=True)
class CitedExemption:
    """One exemption a denial relied on: its citation, the agency's words, and the requester's answer."""

    citation: str
    quoted: str = ""
    answer: str = ""


@dataclass(frozen=True)
class HistoryInfo:
    """What happened so far, for follow-ups and appeals (dates the tracking layer worked out)."""

    sent_on: date
    received_on: date | None = None
    received_estimated: bool = False
    due: date | None = None  # the missed (or pending) agency deadline
    due_citation: str = ""
    due_verified: str = "yes"
    acknowledged_on: date | None = None
    approximate_date: date | None = None
    denied_on: date | None = None
    denial_reference: str = ""
    denied_by: str = ""
    exemptions: tuple[CitedExemption, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A topic block as the letter sees it: its name, title and the parameters it declared."""

    name: str
    title: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter template may use; ``law`` is a foilbot.domain.laws.Law."""

    agency: AgencyInfo
    requester: RequesterInfo
    request: RequestInfo
    law: Any
    history: HistoryInfo | None = None
    created: datetime | None = None  # PDF metadata; SOURCE_DATE_EPOCH wins when set


# --- template metadata ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: str
    help: str


@dataclass(frozen=True)
class TemplateInfo:
    """A template or topic as found on disk, with its front matter."""

    name: str
    path: Path
    source: str  # "user" | "shipped"
    kind: str  # request | followup | appeal | layout | topic
    description: str
    params: tuple[ParamSpec, ...] = ()
    overrides: Path | None = None  # the shipped file a user file replaces


@dataclass(frozen=True)
class Problem:
    """One thing `template check` found, as FILE:LINE: message."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def read_front_matter(path: Path, text: str | None = None) -> tuple[str, dict[str, Any]]:
    """The ``{#- letter|topic ... -#}`` block as (kind marker, data); ({}, "") when absent.

    Raises:
        TemplateError: the block is not valid YAML or declares a parameter badly.
    """
    import yaml

    source = path.read_text(encoding="utf-8") if text is None else text
    match = _FRONT_RE.match(source)
    if not match:
        return "", {}
    try:
        data = yaml.safe_load(match.group(2)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        raise TemplateError(f"{path}:{line}: front matter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path}:1: front matter must be 'key: value' lines")
    return match.group(1), data


def parse_params(path: Path, raw: Any) -> tuple[ParamSpec, ...]:
    """``name: kind | help`` lines -> ParamSpec; kind is text, date or list."""
    if not raw:
        return ()
    if not isinstance(raw, dict):
        raise TemplateError(f"{path}:1: params must be 'name: kind | help' lines")
    specs = []
    for name, spec in raw.items():
        kind, _, help_text = str(spec).partition("|")
        kind = kind.strip()
        if kind not in PARAM_KINDS:
            raise TemplateError(
                f"{path}:1: parameter {name!r}: kind {kind!r} is not one of {', '.join(PARAM_KINDS)}"
            )
        specs.append(ParamSpec(str(name), kind, help_text.strip()))
    return tuple(specs)


# --- filters ----------------------------------------------------------------------------------------


def number_words(n: int) -> str:
    """5 -> 'five'; the statutory style 'five (5) business days' uses it with the figure."""
    if not 0 <= n < 1000:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")


def words_and_figure(n: int) -> str:
    return f"{number_words(int(n))} ({int(n)})"


def long_date(value: date | datetime | None) -> str:
    """November 3, 2026: the form used in US correspondence."""
    if value is None:
        raise TemplateError("a date the letter needs is missing")
    return f"{value:%B} {value.day}, {value.year}"


def statute(citation: str) -> str:
    """A whole law's citation without the reviewer's parenthetical: 'Cal. Gov. Code §§ 7920.000-7931.000'."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", citation or "").strip()


def money(value: int | float) -> str:
    return f"${value:,.2f}"


# --- the environment --------------------------------------------------------------------------------


class Letters:
    """Template discovery, checks and rendering over ``[user folder, shipped folder]``."""

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
        return TemplateInfo(
            name, path, source, kind, description, parse_params(path, data.get("params")), overrides
        )

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
            css = self.stylesheet().read_text(encoding="utf-8")
            variables["inline_css"] = css
        return _SECTION_RE.sub("\\1\u00a0", self._render(f"{template}{SUFFIX}", variables))

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
            raise TemplateError(f"{name}: refused by the sandbox: {exc}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{name}: includes {exc.name!r}, which is in no templates folder") from None

    # checks
    def check(self, paths: Sequence[Path] | None = None) -> list[Problem]:
        """Syntax errors, undeclared variables, unknown topics and bad front matter, with file and line."""
        from foilbot.letters_check import check_files

        files = (
            list(paths)
            if paths
            else [self.info(n).path for n in self._names()]
            + [self.info(n, topic=True).path for n in self._names(TOPICS)]
        )
        return check_files(self, files)


def _convert(spec: ParamSpec, raw: str) -> Any:
    if spec.kind == "date":
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise UsageError(f"--param {spec.name}={raw}: not a date; use YYYY-MM-DD") from None
    if spec.kind == "list":
        return [item.strip() for item in re.split(r"[;\n]", raw) if item.strip()]
    return raw.strip()


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


def _required(ctx: Any, value: Any, variable: str) -> Any:
    """``{{ requester.name|required("requester.name") }}``: an empty value stops the letter."""
    if value is None or (isinstance(value, (str, tuple, list)) and not value):
        raise TemplateError(
            f"{ctx.name}: {variable} is empty; a signed letter cannot leave it blank",
            hint=_REQUIRED_HINTS.get(variable.split(".")[0], "Supply the value."),
        )
    return value


_REQUIRED_HINTS = {
    "requester": "Set it in [requester] in foilbot.toml (or FOILBOT_REQUESTER_* variables).",
    "agency": "Complete the agency's row (foilbot agency import).",
    "history": "Record the event first (foilbot request log).",
}


def make_environment(dirs: Iterable[Path]) -> jinja2.Environment:
    """The sandboxed environment: StrictUndefined, autoescape for every template, no file access."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every letter is HTML; text is derived from it
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        words=number_words,
        wordsnum=words_and_figure,
        longdate=long_date,
        money=money,
        statute=statute,
        required=jinja2.pass_context(_required),
    )
    return env


__all__ = [
    "AgencyInfo",
    "CitedExemption",
    "HistoryInfo",
    "LetterContext",
    "Letters",
    "Problem",
    "RequestInfo",
    "RequesterInfo",
    "TemplateInfo",
    "Topic",
    "html_to_text",
    "long_date",
    "make_environment",
    "number_words",
    "shipped_templates_dir",
    "user_templates_dir",
]
