"""Terminal output: the only module that imports Rich. Data goes to stdout, diagnostics to stderr."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from foilbot import JSON_VERSION

if TYPE_CHECKING:
    from foilbot.listing import Listing


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps_json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_default)


def print_items(
    fmt: str,
    items: Iterable[dict[str, Any]],
    keys: Sequence[str],
    meta: dict[str, Any] | None = None,
) -> bool:
    """Print a listing as json, ndjson or csv; False for "table", which the command draws itself.

    json: one object `{"version", …meta, "items": […]}`; ndjson: one item a line; csv: a header row of
    `keys`, then one row per item. Every format writes each item as it comes (issue 14): a generator
    of items is printed in memory that does not grow with the listing.
    """
    if fmt == "csv":
        print_csv(keys, ([item.get(k) for k in keys] for item in items))
        return True
    if fmt not in ("json", "ndjson"):
        return False
    from foilbot.listing import json_encoder

    _write_items(fmt, map(json_encoder(), items), meta)
    return True


def print_listing(
    fmt: str, listing: Listing, keys: Sequence[str], meta: dict[str, Any] | None = None
) -> bool:
    """`print_items` for a listing read straight from the driver: the same text, each row written by
    the listing's compiled formatter (issue 14); `keys` is the csv header."""
    if fmt == "csv":
        from foilbot.csvsafe import write_safe_rows

        write_safe_rows(sys.stdout, keys, listing.csv_rows())
        return True
    if fmt not in ("json", "ndjson"):
        return False
    _write_items(fmt, listing.json_items(), meta)
    return True


def _write_items(fmt: str, encoded: Iterator[str], meta: dict[str, Any] | None) -> None:
    """Encoded items as ndjson, or inside the json object; written a batch at a time."""
    from itertools import islice

    write = sys.stdout.write
    if fmt == "ndjson":
        while batch := list(islice(encoded, _BATCH)):
            write("\n".join(batch) + "\n")
        return
    head = {"version": JSON_VERSION, **(meta or {})}
    # Items one per line: readable, and encoded by the C encoder (an indented dump runs in pure Python).
    write(dumps_json(head)[:-2] + ',\n  "items": [')
    separator, any_item = "\n    ", False
    while batch := list(islice(encoded, _BATCH)):
        write(separator + ",\n    ".join(batch))
        separator, any_item = ",\n    ", True
    write("\n  ]\n}\n" if any_item else "]\n}\n")


_BATCH = 1000  # items a write: few calls, and memory that does not grow with the listing


def print_object(obj: dict[str, Any]) -> None:
    """One documented object (`request show --json`), with its shape version first."""
    sys.stdout.write(dumps_json({"version": JSON_VERSION, **obj}) + "\n")


# Control characters (ESC starts a terminal command: ESC[2J clears the screen) and the bidirectional
# overrides and isolates that reorder text: data is shown with each as a visible U+FFFD, never obeyed.
# Tab and newline stay. Stored values are never changed; JSON escapes these by itself.
_UNSAFE = dict.fromkeys(
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ],
    "\ufffd",
)


def safe(text: str) -> str:
    """Text for a terminal: control and bidi-override characters made visible instead of obeyed."""
    # Every character of _UNSAFE is a control (Cc) or format (Cf) character, which isprintable() refuses:
    # a printable text has none, and is checked in C without a dict look-up a character (issue 14).
    return text if text.isprintable() else text.translate(_UNSAFE)


def print_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], stream: Any = None) -> None:
    """CSV with a header row; a cell a spreadsheet would run as a formula is neutralised (csvsafe)."""
    from foilbot.csvsafe import write_rows

    # None is an empty cell, a bool true/false; written out in the loop, not a call a cell (issue 14).
    cells = (
        ["" if v is None else ("true" if v else "false") if v is True or v is False else v for v in row]
        for row in rows
    )
    write_rows(stream or sys.stdout, columns, cells)


def _stdout():
    from rich.console import Console

    # Piped to a file or another program, Rich would assume 80 columns and fold every cell.
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120
    return Console(highlight=False, soft_wrap=False, width=width)


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def echo(text: str = "") -> None:
    """Plain text to stdout, never interpreted as Rich markup or as terminal commands."""
    sys.stdout.write(safe(text) + "\n")


def echo_lines(lines: Iterable[str]) -> None:
    sys.stdout.writelines(safe(line) + "\n" for line in lines)


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
    text: bool = False,
) -> None:
    """A readable table on stdout; cells are shown literally (no markup from data).

    Past RICH_ROWS rows it is drawn as plain aligned columns: Rich lays out every cell of a table
    before printing it (about half a millisecond a row: 50 s for 100,000 requests, issue 14).

    Args:
        text: every cell is already text ("" for none: `Listing.cells`), so none is converted.
    """
    rows = list(rows) if text else [["" if v is None else str(v) for v in row] for row in rows]
    if len(rows) > RICH_ROWS:
        _plain_table(title, columns, rows, caption)
        return
    from rich.table import Table
    from rich.text import Text

    t = Table(title=title, caption=caption, show_lines=False, header_style="bold", title_justify="left")
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*(Text(safe(v)) for v in row))
    _stdout().print(t)


RICH_ROWS = 1000


def _plain_table(
    title: str | None, columns: Sequence[str], rows: list[Sequence[Any]], caption: str | None
) -> None:
    """Columns aligned with spaces under a header and a rule: linear in the rows, never folded."""
    cells = [["" if v is None else safe(str(v)) for v in row] for row in rows]
    widths = _widths(columns, cells)
    line = _aligned(widths, "")
    out = [safe(title), ""] if title else []
    out += [line(columns), "  ".join("-" * w for w in widths), *(line(r) for r in cells)]
    if caption:
        out += ["", safe(caption)]
    sys.stdout.write("\n".join(out) + "\n")


def _widths(columns: Sequence[str], cells: list[list[str]]) -> list[int]:
    """The width of each column: its longest cell or its header (every row as long as the header)."""
    found = [max(map(len, column)) for column in zip(*cells, strict=True)] if cells else [0] * len(columns)
    return [max(len(c), w) for c, w in zip(columns, found, strict=True)]


def _aligned(widths: list[int], indent: str) -> Callable[[Sequence[str]], str]:
    """A line of cells, each padded to its column's width, two spaces apart, no trailing spaces: one
    format string for the table (str.format pads in C as str.ljust does), not a join a cell."""
    template = indent + "  ".join(f"{{:<{w}}}" for w in widths)

    def line(values: Sequence[str]) -> str:
        return template.format(*values).rstrip()

    return line


def grouped_table(
    title: str, columns: Sequence[str], groups: Iterable[tuple[str, Iterable[Sequence[Any]]]]
) -> None:
    """Rows in groups, each under its heading line, in columns aligned across all groups.

    Plain text, not a Rich table per group: as fast for 60,000 rows as for 6, and a heading is never
    folded into a narrow column.
    """
    cells = [
        (safe(h), [["" if v is None else safe(str(v)) for v in row] for row in rows]) for h, rows in groups
    ]
    line = _aligned(_widths(columns, [row for _, rows in cells for row in rows]), "  ")
    write = sys.stdout.write
    write(safe(title) + "\n")
    for heading, rows in cells:  # a group at a time: the whole text is never held
        write(f"\n{heading}\n{line(columns)}\n")
        sys.stdout.writelines([line(r) + "\n" for r in rows])


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """Key: value lines for one object (agency show, request show)."""
    items = list(pairs)
    width = max((len(k) for k, _ in items), default=0)
    for key, value in items:
        text = (
            ""
            if value is None
            else ("yes" if value is True else "no" if value is False else safe(str(value)))
        )
        lines = text.splitlines() or [""]
        sys.stdout.write(f"{key + ':':<{width + 1}} {lines[0]}\n")
        for extra in lines[1:]:
            sys.stdout.write(f"{'':<{width + 1}} {extra}\n")


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {safe(message)}\n")


def info(message: str) -> None:
    sys.stderr.write(safe(message) + "\n")


def error(message: str, hint: str | None = None) -> None:
    sys.stderr.write(f"Error: {message}\n")
    if hint:
        sys.stderr.write(f"Hint: {hint}\n")


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr; yields a function that advances it by n."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr(),
        transient=False,
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)

        yield advance
