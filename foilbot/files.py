"""Writing output files whole or not at all: a temporary name in the same folder, then a rename."""

from __future__ import annotations

import os
from pathlib import Path

from foilbot.errors import FoilbotError


def tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomic(path: Path, data: str | bytes, tmp: Path | None = None) -> Path:
    """Readers see the old file or the new one, never half of one.

    Raises:
        FoilbotError: the folder is missing or not writable (the message names the file).
    """
    tmp = tmp or tmp_name(path)
    try:
        tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FoilbotError(f"{path}: cannot write: {exc.strerror}") from None
    return path
