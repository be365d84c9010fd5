"""What a computed schedule depends on besides its history: the engine's revision, the law data, and
the `deadlines.*` settings. Stored schedules carry this key; a different one means recompute them.

Kept apart from the engine so that readers can check the key without importing it (start-up time).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

# Bump when a change to the engine can move a stored date: every stored schedule is then recomputed.
ENGINE_VERSION = "9"


@lru_cache(maxsize=1)
def laws_digest() -> str:
    """A short hash of laws.yaml: schedules computed from other law data are recomputed."""
    raw = resources.files("foilbot.data").joinpath("laws.yaml").read_bytes()
    return hashlib.sha256(raw).hexdigest()[:16]


def schedule_key(mail_days: int) -> str:
    return f"engine {ENGINE_VERSION}; laws {laws_digest()}; mail_days {mail_days}"
