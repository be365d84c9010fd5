"""A listing printed straight from the driver's rows: each format's row writer compiled once (issue 14).

A listing of 100,000 requests spent about 10 µs a row building a dict, converting its values and
handing it to the JSON encoder. Here each column declares once what it holds (its KIND), and one small
function per output format is compiled from the columns: it unpacks a driver tuple and joins the
row's text with a C call per value (json.encoder's string escaper, an int's repr), a stored JSON or
date value encoded once per distinct value. The text is, byte for byte, what the dict went out as:
`Listing.dicts` still gives that dict (the Python API, and tests that compare the two).

Kinds: "value" (as stored: text, number or null), "flag" (a boolean column; SQLite stores 0 and 1),
"json" (a JSON column; SQLite returns its text), "day" (a date, written as ISO text), "stamp" (a
timestamp: a datetime in the dict, ISO text in JSON, `str(datetime)` in CSV and tables).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from functools import partial
from itertools import chain
from json import encoder as _std
from typing import Any

from foilbot import csvsafe
from foilbot.queries import Memo, as_date, as_datetime, as_json

KINDS = ("value", "flag", "json", "day", "stamp")
_CACHE = 4096  # distinct values remembered per column: bounded, however long the listing


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_encoder() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False, default=ISO dates) for one value, its C encoder built once
    (the encoder `console.print_items` writes each item with)."""
    make = getattr(_std, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        import json

        return json.JSONEncoder(ensure_ascii=False, default=_default).encode
    c_encode = make({}, _default, _std.encode_basestring, None, ": ", ", ", False, False, True)

    def encode(value: Any) -> str:
        return "".join(c_encode(value, 0))

    return encode


def _iso_day(raw: Any) -> str | None:
    day = as_date(raw)
    return day.isoformat() if day else None


def _flag(raw: Any) -> bool:
    return bool(raw)


_DECODE: dict[str, Callable[[Any], Any]] = {
    "value": lambda raw: raw,
    "flag": _flag,
    "json": as_json,
    "day": _iso_day,
    "stamp": as_datetime,
}


class Listing:
    """Rows of a listing as the driver returns them, with their columns' names and kinds; iterate it
    once, in one of its forms (`dicts`, `json_items`, `csv_rows`, `cells`)."""

    def __init__(self, columns: Sequence[tuple[str, str]], rows: Iterator[Sequence[Any]]) -> None:
        for name, kind in columns:
            if kind not in KINDS:
                raise ValueError(f"column {name!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
        self.columns = tuple(columns)
        self.names = [name for name, _ in columns]
        self.rows: Iterator[Sequence[Any]] = rows
        self._source = rows

    def empty(self) -> bool:
        """Whether there is no row (the first one is read, and kept for whichever form comes next)."""
        first = next(self.rows, None)
        if first is None:
            return True
        self.rows = chain([first], self.rows)
        return False

    def close(self) -> None:
        """Close the driver's cursor (a listing printed in part, or not at all)."""
        close = getattr(self._source, "close", None)
        if close is not None:
            close()

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict by column name, its values decoded (the listing's documented shape)."""
        names = self.names
        if all(k == "value" for _, k in self.columns):  # nothing to decode: the dicts made in C
            yield from map(dict, map(partial(zip, names), self.rows))
            return
        decoders = [Memo(_DECODE[k], _CACHE) if k in ("json", "day") else _DECODE[k] for _, k in self.columns]
        for row in self.rows:
            yield {n: f(v) for n, f, v in zip(names, decoders, row, strict=True)}

    def json_items(self) -> Iterator[str]:
        """Each row as the text of its JSON object, exactly as `json_encoder()` writes `dicts()`'s."""
        encode = json_encoder()
        env: dict[str, Any] = {"E": _std.encode_basestring, "R": int.__repr__, "X": encode}
        forms = {
            "value": (
                "(E({v}) if {v}.__class__ is str else R({v}) if {v}.__class__ is int else X({v}))",
                None,
            ),
            "flag": ("('true' if {v} else 'false')", None),
            "json": ("{m}({v})", lambda raw: encode(as_json(raw))),
            "day": ("{m}({v})", lambda raw: encode(_iso_day(raw))),
            "stamp": ("('null' if {v} is None else E(as_datetime({v}).isoformat()))", None),
        }
        head = ["{" if i == 0 else ", " for i in range(len(self.columns))]
        keys = [repr(h + encode(n) + ": ") for h, n in zip(head, self.names, strict=True)]
        return self._compile(self.names, forms, env, keys=keys, close=repr("}" if keys else "{}"))

    def csv_rows(self, columns: Sequence[str] | None = None) -> Iterator[list[Any]]:
        """Each row's cells as `console.print_csv` writes them, already through `csvsafe.cell` (None is
        empty, a flag true/false, a JSON value as Python prints it); write with `csvsafe.write_safe_rows`."""
        check = "" if csvsafe.raw() else " if {v}[:1] not in MAYBE else CELL({v})"
        env: dict[str, Any] = {"MAYBE": csvsafe.MAYBE, "CELL": csvsafe.cell, "OTHER": _cell}
        forms = {
            "value": ("(({v}" + check + ") if {v}.__class__ is str else OTHER({v}))", None),
            "flag": ("('true' if {v} else 'false')", None),
            "json": ("{m}({v})", lambda raw: _cell(as_json(raw))),
            "day": ("{m}({v})", lambda raw: _cell(_iso_day(raw))),
            "stamp": ("('' if {v} is None else str(as_datetime({v})))", None),
        }
        return self._compile(columns or self.names, forms, env)

    def cells(self, columns: Sequence[str] | None = None) -> Iterator[list[str]]:
        """Each row's text for a table (`str` of each value of `dicts()`, "" for None), not yet made
        safe for a terminal (console.table does that)."""
        forms = {
            "value": ("({v} if {v}.__class__ is str else '' if {v} is None else str({v}))", None),
            "flag": ("('True' if {v} else 'False')", None),
            "json": ("{m}({v})", lambda raw: _text(as_json(raw))),
            "day": ("{m}({v})", lambda raw: _text(_iso_day(raw))),
            "stamp": ("('' if {v} is None else str(as_datetime({v})))", None),
        }
        return self._compile(columns or self.names, forms, {})

    def _compile(
        self,
        columns: Sequence[str],
        forms: dict[str, tuple[str, Callable[[Any], Any] | None]],
        env: dict[str, Any],
        *,
        keys: Sequence[str] | None = None,
        close: str | None = None,
    ) -> Iterator[Any]:
        """The rows through one function compiled for this listing: it unpacks a driver tuple and
        returns the list of the columns' values in this form (with `keys`, the text joining each key
        before its value, and `close` after the last). Every name in its source is foilbot's own (c0,
        c1, … and env's helpers); column names go in only as literals made by repr()."""
        kinds = dict(self.columns)
        index = {n: i for i, n in enumerate(self.names)}
        env = {**env, "as_datetime": as_datetime}
        parts = []
        for n, name in enumerate(columns):
            i = index[name]
            expr, decode = forms[kinds[name]]
            if decode is not None:
                env[f"m{i}"] = Memo(decode, _CACHE)
            if keys is not None:
                parts.append(keys[n])
            parts.append(expr.format(v=f"c{i}", m=f"m{i}"))
        if close is not None:
            parts.append(close)
        unpack = "".join(f"c{i}, " for i in range(len(self.columns)))
        body = f"''.join(({', '.join(parts)},))" if keys is not None else f"[{', '.join(parts)}]"
        source = f"def row(r):\n    ({unpack}) = r\n    return {body}\n"
        exec(compile(source, "<foilbot listing row>", "exec"), env)  # noqa: S102 - see the docstring
        return map(env["row"], self.rows)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _cell(value: Any) -> Any:
    """A CSV cell as console.print_csv and csvsafe.write_rows make it: empty for None, true/false for a
    boolean, text that would start a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csvsafe.cell(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
