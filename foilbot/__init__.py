"""foilbot: public-records requests, letters and statutory deadlines.

The small Python API (docs/reference/python-api.md), loaded on first use so that `import foilbot`
stays light:

- `foilbot.schedule("NY", received=date(2026, 11, 20))`: every statutory deadline, explained;
- `foilbot.Tracker("sqlite:///requests.db")`: requests, events, deadlines, overdue lists and letters.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: the entry point loads this module before its Ctrl-C handler is up
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"
# The version of every documented JSON shape (docs/reference/json.md); bumped on an incompatible change.
JSON_VERSION = 1

__all__ = ["JSON_VERSION", "Tracker", "__version__", "schedule"]


def __getattr__(name: str) -> Any:
    if name in ("schedule", "Tracker"):
        from foilbot import api

        return getattr(api, name)
    raise AttributeError(f"module 'foilbot' has no attribute {name!r}")
