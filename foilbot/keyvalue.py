"""The one parser of KEY=VALUE options (`--param`, `--map`, …): one error wording everywhere."""

from __future__ import annotations

from collections.abc import Sequence

from foilbot.errors import UsageError


def parse_pairs(pairs: Sequence[str], option: str, *, example: str) -> dict[str, str]:
    """`KEY=VALUE` strings as a dict; keys and values are stripped.

    Raises:
        UsageError: a pair without `=`, with an empty key, or a key given twice (the first value was
            dropped without a word: `--filter state=NY --filter state=VT` asked for VT alone).
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} {pair!r}: expected KEY=VALUE, e.g. {example}")
        if key.strip() in out:
            raise UsageError(
                f"{option} {key.strip()} is given twice ({out[key.strip()]!r} and {value.strip()!r})",
                hint=f"Give each key once, e.g. {example}.",
            )
        out[key.strip()] = value.strip()
    return out
