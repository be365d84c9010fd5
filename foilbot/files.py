"""The one writer of output files: whole or not at all, and never over something that is not a file.

Every file foilbot writes for a user (letters, batches, appeal packets, calendars, reports, agency
exports) goes through :func:`write_atomic`. What is at the target decides what happens
(docs/explanation/rendering-security.md, "Output files"):

- nothing, or a regular file: the data goes to a temporary file created exclusively, with an
  unpredictable name, in the same folder (``tempfile.mkstemp``: ``O_CREAT|O_EXCL|O_NOFOLLOW``); it is
  flushed to disk (fsync) and renamed over the target, so readers see the old file or the new one;
- a character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe): written through, never
  replaced; a full device (``/dev/full``) is reported as an error;
- a directory, a block device or a socket: refused;
- a symbolic link: refused, unless it leads to a character device or a FIFO (``/dev/stdout`` is a
  link), which is then written through; foilbot never replaces a link nor writes to the file a link
  names, so a planted link cannot redirect a letter over another file;
- a read-only file: refused (make it writable or choose another name).

Write errors (a full disk, a vanished folder) are errors that name the file, and leave no temporary
file behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from foilbot.errors import FoilbotError

TMP_SUFFIX = ".tmp"


def tmp_prefix(path: Path) -> str:
    """Temporary files for ``path`` are ``.NAME.<random>.tmp`` in its folder (see :func:`stale_tmp_files`)."""
    return f".{path.name}."


def stale_tmp_files(path: Path) -> list[Path]:
    """Temporary files an interrupted write of ``path`` may have left (regular files only)."""
    prefix = tmp_prefix(path)
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    return [
        Path(e.path)
        for e in entries
        if e.name.startswith(prefix) and e.name.endswith(TMP_SUFFIX) and e.is_file(follow_symlinks=False)
    ]


def remove_stale_tmp_files(paths: Iterable[Path]) -> int:
    """Remove the temporary files interrupted writes of ``paths`` left behind; returns how many.

    Only call this while no other writer can be writing these paths (a batch holds its folder's lock).
    """
    wanted: dict[Path, set[str]] = {}
    for path in paths:
        wanted.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for folder, names in wanted.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
                continue
            stem = name[1 : -len(TMP_SUFFIX)].rpartition(".")[0]  # .NAME.RANDOM.tmp -> NAME
            if stem in names and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """Read a file a user named, at most ``limit`` bytes: ``/dev/zero`` is refused, not read forever.

    Raises:
        FoilbotError: the file cannot be read, is a folder, or is larger than ``limit`` (the message
            names ``what`` and the file).
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise FoilbotError(f"{what} {path}: is a folder, not a file") from None
    except OSError as exc:
        raise FoilbotError(f"{what} {path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise FoilbotError(
            f"{what} {path}: larger than {limit // 1_000_000} MB; not reading it",
            hint="Pass the file itself (not a device or a pipe), or a smaller copy of it.",
        )
    return data


def output_folder(path: Path, option: str = "--out-dir") -> Path:
    """Make (or reuse) the folder letters are written into; a file in the way or a place no file can
    be made (`/proc`) is an error naming the option, never an unexpected one."""
    if path.exists() and not path.is_dir():
        raise FoilbotError(f"{option} {path}: is a file, not a folder", hint="Name a folder (it is created).")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FoilbotError(f"{option} {path}: cannot create the folder: {exc.strerror}") from None
    if not os.access(path, os.W_OK):
        raise FoilbotError(f"{option} {path}: cannot write into this folder", hint="Check its permissions.")
    return path


def _error(path: Path, exc: OSError) -> FoilbotError:
    reason = exc.strerror or str(exc)
    hint = None
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "Free some space, or write somewhere else."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "Choose a folder you can write to."
    elif exc.errno == errno.ENOENT:
        hint = "Create the folder first, or check the path."
    return FoilbotError(f"{path}: cannot write: {reason}", hint=hint)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _write_through(path: Path, data: bytes) -> Path:
    """Write to a character device or FIFO in place (it stays what it is)."""
    fd = _open_through(path)
    try:
        _write_all(fd, data)
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        os.close(fd)
    return path


def _open_through(path: Path) -> int:
    """Open a character device or FIFO for writing; refused if it is something else by now."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _error(path, exc) from None
    opened = os.fstat(fd).st_mode
    if not (stat.S_ISCHR(opened) or stat.S_ISFIFO(opened)):  # swapped since it was checked
        os.close(fd)
        raise _refuse(path, "changed while it was being written", "Run the command again.")
    return fd


def _refuse(path: Path, what: str, hint: str) -> FoilbotError:
    return FoilbotError(f"{path}: {what}; not writing there", hint=hint)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _through(path: Path) -> bool:
    """What is at ``path``: True to write through it (a device, a FIFO), False to replace it or create it.

    Raises:
        FoilbotError: something foilbot must not replace or follow is there.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _error(path, exc) from None
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(path)
        except OSError:
            target = None
        if target is not None and (stat.S_ISCHR(target.st_mode) or stat.S_ISFIFO(target.st_mode)):
            return True
        raise _refuse(
            path,
            "is a symbolic link",
            f"foilbot does not write through links to files; give the real path ({os.path.realpath(path)}).",
        )
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return True
    if stat.S_ISDIR(st.st_mode):
        raise _refuse(path, "is a folder", "Give a file name inside it, e.g. --out FOLDER/letter.pdf.")
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, "is not a regular file (a block device or a socket)", "Choose a file name.")
    if not st.st_mode & 0o222:
        raise _refuse(path, "is read-only", "Make it writable (chmod u+w) or choose another name.")
    return False


@dataclass
class Staged:
    """A file written under its temporary name, waiting for :meth:`commit` (or :meth:`discard`)."""

    path: Path
    tmp: Path | None  # None: the target is written through (a device, a FIFO) at commit
    data: bytes | None = None

    def commit(self, *, durable: bool = True) -> Path:
        """Rename into place (or write through); the target is checked again first.

        Args:
            durable: fsync the folder so the rename survives a power cut; a batch passes False and
                calls :func:`sync_folder` once per folder at the end.

        Raises:
            FoilbotError: the target became something foilbot does not replace, or the rename failed.
        """
        if self.tmp is None:
            assert self.data is not None
            return _write_through(self.path, self.data)
        try:
            if _through(self.path):
                data = self.tmp.read_bytes()
                self.discard()
                return _write_through(self.path, data)
            os.replace(self.tmp, self.path)
        except BaseException as exc:
            self.discard()
            if isinstance(exc, OSError):
                raise _error(self.path, exc) from None
            raise
        if durable:
            sync_folder(self.path.parent)
        return self.path

    def discard(self) -> None:
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


def stage(path: Path, data: str | bytes) -> Staged:
    """Check the target and write ``data`` to a new temporary file next to it, flushed to disk.

    Raises:
        FoilbotError: as :func:`write_atomic`.
    """
    path = Path(path)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if _through(path):
        return Staged(path, None, raw)
    with _staging(path) as (out, staged):
        out.write(raw)
    return staged


class Pieces:
    """Where :func:`streamed` output goes: `write` takes the data a piece at a time."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path, self.fd = path, fd

    def write(self, data: bytes) -> int:
        """Raises FoilbotError naming the file when the piece cannot be written (a full disk)."""
        try:
            _write_all(self.fd, data)
        except OSError as exc:
            raise _error(self.path, exc) from None
        return len(data)


@contextmanager
def _staging(path: Path) -> Iterator[tuple[Pieces, Staged]]:
    """A new temporary file next to ``path`` (created exclusively, unpredictable name, the mode of the
    file it replaces), flushed to disk when the block ends; removed if the block fails."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=tmp_prefix(path), suffix=TMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise _error(path, exc) from None
    staged = Staged(path, Path(tmp))
    try:
        try:
            yield Pieces(path, fd), staged
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException as exc:
        staged.discard()
        if isinstance(exc, OSError):
            raise _error(path, exc) from None
        raise


@contextmanager
def streamed(path: Path) -> Iterator[Pieces]:
    """As :func:`write_atomic`, for output too big to hold whole (a 100,000-request calendar is 87 MB):
    written a piece at a time to a temporary file next to ``path``, renamed into place when the block
    ends without error, removed when it fails; a character device or FIFO is written through.

    Raises:
        FoilbotError: as :func:`write_atomic`.
    """
    path = Path(path)
    if _through(path):
        fd = _open_through(path)
        try:
            yield Pieces(path, fd)
        finally:
            os.close(fd)
        return
    with _staging(path) as (out, staged):
        yield out
    staged.commit()


def regular_or_absent(path: Path) -> None:
    """For writers that need a real file (an SQLite backup, a zip): nothing or a regular file at
    ``path``, else one line naming it (a device, a folder, a link, a name the file system refuses).

    Raises:
        FoilbotError: something else is there, or the path cannot be looked at (too long, no access).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _error(path, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise FoilbotError(f"{path} exists and is not a regular file; not replacing it")


@contextmanager
def written_by_name(path: Path) -> Iterator[Path]:
    """For writers that need a file name (a zip, an SQLite backup): a new temporary file, exclusive and
    unpredictable, next to ``path``; committed as :func:`write_atomic` commits when the block ends
    without error, removed when it fails.

    Raises:
        FoilbotError: as :func:`write_atomic`.
    """
    path = Path(path)
    folder = Path(tempfile.gettempdir()) if _through(path) else path.parent  # never a temp file in /dev
    try:
        fd, name = tempfile.mkstemp(prefix=tmp_prefix(path), suffix=TMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _error(path, exc) from None
    os.close(fd)
    staged = Staged(path, Path(name))
    try:
        yield Path(name)
    except BaseException:
        staged.discard()
        raise
    staged.commit()


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all, without replacing anything that is not a file.

    Args:
        path: the output file (its folder must exist).
        data: bytes, or text written as UTF-8.

    Returns:
        ``path``.

    Raises:
        FoilbotError: the target is a folder, a link to a file, a block device or a socket, or is
            read-only; the folder is missing or not writable; the disk is full. The message names the
            file; no temporary file is left behind.
    """
    return stage(path, data).commit()


def sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: some file systems cannot fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
