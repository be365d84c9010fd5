"""Rendering letters: the sandboxed template environment and context, checks, plain text, PDF, batches.

    context      the plain dataclasses a letter is made from (no Jinja, no WeasyPrint)
    frontmatter  template files' front matter: kinds, declared parameters
    filters      the sandboxed Jinja environment and its filters
    templates    template discovery over the user's and the shipped folder; HTML and text
    check        `foilbot template check`: problems with file and line, without rendering
    text         a letter's HTML as wrapped plain text
    rules        what the law allows a letter to say (public body, appeal route, unverified rules)
    pdf          WeasyPrint, the restricted URL fetcher, appeal packets
    jobs         one letter or an appeal packet, written atomically
    batch        many letters on every core, all-or-nothing or resumable

Jinja and WeasyPrint are imported inside functions only: importing this package loads neither.
"""

from foilbot.render.batch import BatchResult, render_batch
from foilbot.render.jobs import LetterJob, Rendered, RenderOptions, appeal_packet, render_letter

__all__ = [
    "BatchResult",
    "LetterJob",
    "RenderOptions",
    "Rendered",
    "appeal_packet",
    "render_batch",
    "render_letter",
]
