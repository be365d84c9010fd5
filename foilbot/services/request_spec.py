"""What a request asks for (template, topics, parameters), checked before anything is saved.

`request new`, `campaign new` and `letter` share this check, so a misspelt topic
(`retension-periods`), a topic named twice, no topic at all (a letter that asks for nothing), an
undeclared parameter or a period that ends before it starts is refused at creation, not found when the
letters are printed (issues 9 and 12).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from foilbot.errors import UsageError

if TYPE_CHECKING:
    from foilbot.config import Settings


def validate(
    settings: Settings,
    *,
    jurisdictions: Iterable[str],
    template: str,
    topics: Sequence[str],
    params: Mapping[str, str],
) -> None:
    """Check the template, every topic and every parameter (name and value) for each law involved.

    Args:
        jurisdictions: the laws the requests will be under (each picks its default template).

    Raises:
        UsageError: an unknown template or topic (listing the known ones), a template that is no
            request letter (an appeal, a follow-up, a layout), a topic named twice, no
            topic for a template that asks for records through its topics (front matter `topics:`),
            an undeclared parameter, a malformed value (a date that is not YYYY-MM-DD) or a period
            whose end is before its start.
    """
    from datetime import date

    from foilbot.domain.laws import get_law
    from foilbot.domain.letter_policy import default_template
    from foilbot.render.context import RequestInfo
    from foilbot.render.templates import Letters, user_templates_dir

    twice = sorted({t for t in topics if list(topics).count(t) > 1})
    if twice:
        raise UsageError(f"--topic {twice[0]} is given twice", hint="Name each topic once, in order.")
    letters = Letters(user_dir=user_templates_dir(settings.templates_dir))
    for name in topics:
        letters.info(name, topic=True)
    info = RequestInfo(date=date(2000, 1, 1), topics=tuple(topics), params=dict(params))
    names = {template} if template else {default_template(get_law(j)) for j in set(jurisdictions)}
    kind = letters.info(template).kind if template else "request"
    if kind not in ("request", ""):  # a template of one's own without `kind:` is taken at its word
        # `--template appeal-denial` (or a layout, `_base`) made a request whose letter was no request.
        known = ", ".join(t.name for t in letters.templates() if t.kind == "request")
        raise UsageError(
            f"--template {template} is a{'n' if kind[:1] in 'aeiou' else ''} {kind} template, "
            "not a request letter",
            hint=f"Request templates: {known} (foilbot template list; a template of your own says "
            "`kind: request`).",
        )
    for name in sorted(names):
        if not topics and letters.info(name).needs_topics:
            raise UsageError(
                f"no --topic: the {name} letter would ask for no records",
                hint="Name what to ask for with --topic, repeatable (foilbot template list shows the "
                "topics); a template of your own that writes its request itself says `topics: optional`.",
            )
        letters.topic_params(name, info)
