"""The one parser of KEY=VALUE options (`--param`, `--map`, …): one error wording everywhere."""

from __future__ import annotations

from collections.abc import Sequence

from foilbot.errors import UsageError


def parse_pairs(pairs: Sequence[str], option: str, *, example: str) -> dict[str, str]:
    """`KEY=VALUE` strings as a dict (later keys win); keys and values are stripped.

    Raises:
        UsageError: a pair without `=`, or with an empty key or value, naming the option and an example.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} {pair!r}: expected KEY=VALUE, e.g. {example}")
        out[key.strip()] = value.strip()
    return out
