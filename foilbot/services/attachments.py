"""Files kept with events: copied in under their SHA-256, listed, and checked against it."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import FoilbotError, ValidationError
from foilbot.services.requests import get_request

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.models import Request


def attachments_dir(settings: Settings) -> Path:
    """Where attachments live (the `files.dir` setting; see Settings.files_dir)."""
    return settings.files_dir


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read in pieces (attachments, db check, db import)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


@dataclass(frozen=True)
class Kept:
    """A file copied into the store, ready to be recorded with an event."""

    filename: str
    sha256: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        return {"filename": self.filename, "sha256": self.sha256, "size": self.size}


INCOMING = ".incoming-"


def _incoming(folder: Path) -> tuple[int, str]:
    """A new temporary file in ``folder`` named ``.incoming-PID-RANDOM``, after removing those a killed
    process left (issue 9: a kill during a 2 GB copy left its half forever).

    A temporary file belongs to a copy still running when its process is alive; one whose process is
    gone is removed. One without a process number (an older foilbot's) is left alone.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        entries = []
    for entry in entries:
        if not entry.name.startswith(INCOMING) or not entry.is_file(follow_symlinks=False):
            continue
        pid_text = entry.name[len(INCOMING) :].partition("-")[0]
        if pid_text.isascii() and pid_text.isdigit():
            try:
                os.kill(int(pid_text), 0)
                continue  # its copy is still running
            except ProcessLookupError:
                pass
            except (PermissionError, OverflowError, ValueError):
                continue
        else:
            continue  # an older foilbot's name: whose copy it is cannot be told
        Path(entry.path).unlink(missing_ok=True)
    return tempfile.mkstemp(dir=folder, prefix=f"{INCOMING}{os.getpid()}-")


def keep_bytes(data: bytes, root: Path) -> Kept:
    """Store bytes under their SHA-256 (an existing copy is reused, never overwritten)."""
    sha = hashlib.sha256(data).hexdigest()
    target = stored_path(root, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _incoming(target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return Kept("", sha, len(data))


# Kernel pseudo-file systems: their "files" are made as they are read (issue 9).
_PSEUDO = (Path("/proc"), Path("/sys"), Path("/dev"))


def keep_files(paths: Sequence[Path], root: Path) -> list[Kept]:
    """Copy and hash files into the store before any database transaction opens.

    Copying a large file can take minutes; doing it outside the transaction keeps other writers from
    waiting on it. A file kept for an event that is then refused stays in the store, unreferenced
    (content-addressed, so a retry reuses it).

    Raises:
        ValidationError: a file is missing, changed while copied, or a stored copy is damaged.
    """
    missing = next((p for p in paths if not Path(p).is_file()), None)
    if missing is not None:
        raise ValidationError(f"--attach {missing}: no such file")
    for path in paths:
        made_up = next((d for d in _PSEUDO if Path(path).resolve().is_relative_to(d)), None)
        if made_up is not None:
            # /proc/self/environ was kept as a record: this process's environment, passwords and all.
            raise ValidationError(
                f"--attach {path}: a file the system makes up when it is read ({made_up}), not a document",
                hint="Attach a saved copy of what the agency sent.",
            )
    out = []
    for path in paths:
        sha, size = keep_file(Path(path), root)
        out.append(Kept(Path(path).name, sha, size))
    return out


def keep_file(source: Path, root: Path) -> tuple[str, int]:
    """Copy a file in under its SHA-256 (never overwriting a different file); returns (sha256, size)."""
    if not source.is_file():
        raise ValidationError(f"--attach {source}: no such file")
    sha = file_sha256(source)
    target = stored_path(root, sha)
    if target.exists():
        if file_sha256(target) != sha:
            raise ValidationError(
                f"stored file {target} does not match its name (damaged?); not overwriting it",
                hint="Check it with: foilbot request files ID",
            )
        return sha, target.stat().st_size
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _incoming(target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        if file_sha256(Path(tmp)) != sha:
            raise ValidationError(f"--attach {source}: the file changed while it was copied; try again")
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return sha, target.stat().st_size


def attachments(session: Session, ident: str | int, root: Path) -> tuple[Request, list[dict[str, Any]]]:
    """Every attachment of a request, each checked against its SHA-256: ok, missing or damaged."""
    from sqlmodel import col, select

    from foilbot.models import Attachment
    from foilbot.services.requests import event_numbers

    req = get_request(session, ident)
    number = event_numbers(session, int(req.id or 0))
    rows = []
    for a in session.scalars(
        select(Attachment).where(col(Attachment.request_id) == req.id).order_by(col(Attachment.id))
    ):
        path = stored_path(root, a.sha256)
        state = "missing" if not path.is_file() else ("ok" if file_sha256(path) == a.sha256 else "damaged")
        rows.append(
            {
                "event_id": number.get(a.event_id) if a.event_id else None,
                "filename": a.filename,
                "sha256": a.sha256,
                "size": a.size,
                "path": str(path),
                "state": state,
            }
        )
    return req, rows


def check_attachments(reference: str, rows: Sequence[dict[str, Any]]) -> None:
    """Raise when any attachment is missing or damaged (after the listing was printed).

    Raises:
        FoilbotError: names each bad file and its state.
    """
    bad = [r for r in rows if r["state"] != "ok"]
    if bad:
        raise FoilbotError(
            f"{len(bad)} attachment(s) of {reference} missing or damaged: "
            + ", ".join(f"{r['filename']} ({r['state']})" for r in bad)
        )
