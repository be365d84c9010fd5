"""Template files and their front matter: names, kinds, declared parameters, problems found.

Each template opens with a front-matter comment in YAML that ``template show`` reads::

    {#- letter
    kind: request
    description: New York FOIL request
    params:
      system: text | the system the request is about
    -#}

A request template asks for records through its topic blocks, so a request with no `--topic` would
ask for nothing and is refused; a template that writes its own request says `topics: optional`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foilbot.errors import TemplateError

SUFFIX = ".html.j2"
TOPICS = "topics"
STYLESHEET = "letter.css"
PARAM_KINDS = ("text", "date", "list")
TOPIC_RULES = ("required", "optional")  # front matter `topics:` of a request template
_FRONT_RE = re.compile(r"\A\s*\{#-?\s*(letter|topic)\s*\n(.*?)-?#\}", re.S)


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
    needs_topics: bool = False  # a request template whose letter is its topic blocks (`topics:`)


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


def needs_topics(path: Path, data: dict[str, Any], kind: str) -> bool:
    """Whether a request made with this template must name at least one topic: a request template
    does unless its front matter says `topics: optional` (it writes its own request).

    Raises:
        TemplateError: `topics:` is neither required nor optional.
    """
    rule = str(data.get("topics", "required")).strip().lower()
    if rule not in TOPIC_RULES:
        raise TemplateError(
            f"{path}:1: front matter `topics` is {rule!r}, not one of {', '.join(TOPIC_RULES)}",
            hint="Write `topics: optional` in a template that writes its own request; else leave it out.",
        )
    return kind == "request" and rule == "required"
