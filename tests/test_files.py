"""The one output writer: atomic for files, written through for devices and FIFOs, refusing the rest.

Tests never point the writer at a real device file: the devices here are nodes made in tmp_path
(mknod of /dev/null's and /dev/full's numbers, as root) or symbolic links in tmp_path that lead to
/dev/null and /dev/full, so even a broken writer could only replace something inside tmp_path.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from foilbot.errors import FoilbotError
from foilbot.files import stage, stale_tmp_files, write_atomic


def _node(path: Path, minor: int) -> Path:
    """A character device node with the numbers of /dev/null (1, 3) or /dev/full (1, 7)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:  # not root, or a nodev file system
        path.unlink(missing_ok=True)
        pytest.skip(f"cannot make a device node in tmp_path: {exc}")
    return path


def _is_chr(path: str | Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(autouse=True)
def real_devices_stay_devices():
    yield
    assert _is_chr("/dev/null") and _is_chr("/dev/full")


def test_new_file_is_written_whole_with_the_umask_mode(tmp_path: Path) -> None:
    out = write_atomic(tmp_path / "a.txt", "§ 89(3)")
    assert out.read_text(encoding="utf-8") == "§ 89(3)"
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
    assert _leftovers(tmp_path) == []


def test_existing_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    out.write_bytes(b"old")
    out.chmod(0o640)
    write_atomic(out, b"new")
    assert out.read_bytes() == b"new" and stat.S_IMODE(out.stat().st_mode) == 0o640


def test_null_device_is_written_through_and_stays_a_device(tmp_path: Path) -> None:
    null = _node(tmp_path / "null", 3)
    assert write_atomic(null, b"%PDF-1.7 ...") == null
    assert _is_chr(null) and _leftovers(tmp_path) == []


def test_full_device_reports_no_space(tmp_path: Path) -> None:
    full = _node(tmp_path / "full", 7)
    with pytest.raises(FoilbotError, match="full: cannot write: No space left on device") as err:
        write_atomic(full, b"x" * 10_000)
    assert "Free some space" in (err.value.hint or "")
    assert _is_chr(full)


def test_links_to_dev_null_and_dev_full_are_written_through(tmp_path: Path) -> None:
    (tmp_path / "null").symlink_to("/dev/null")
    (tmp_path / "full").symlink_to("/dev/full")
    write_atomic(tmp_path / "null", b"data")
    with pytest.raises(FoilbotError, match="No space left on device"):
        write_atomic(tmp_path / "full", b"data")
    assert (tmp_path / "null").is_symlink() and (tmp_path / "full").is_symlink()
    assert _leftovers(tmp_path) == []


def test_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"letter")
    reader.join(10)
    assert got == [b"letter"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out.pdf"
    folder.mkdir()
    (folder / "keep").write_text("x")
    with pytest.raises(FoilbotError, match="out.pdf: is a folder; not writing there"):
        write_atomic(folder, b"x")
    assert (folder / "keep").read_text() == "x"


def test_link_to_a_file_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.pdf"
    link.symlink_to(victim)
    with pytest.raises(FoilbotError, match="is a symbolic link") as err:
        write_atomic(link, b"x")
    assert str(victim) in (err.value.hint or "")
    assert link.is_symlink() and victim.read_text() == "precious"
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FoilbotError, match="is a symbolic link"):
        write_atomic(dangling, b"x")
    assert not (tmp_path / "nowhere").exists()


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    out.write_bytes(b"signed copy")
    out.chmod(0o444)
    with pytest.raises(FoilbotError, match="is read-only"):
        write_atomic(out, b"x")
    assert out.read_bytes() == b"signed copy"


def test_planted_link_at_the_old_temporary_name_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in (f".out.pdf.{os.getpid()}.tmp", ".out.pdf.tmp"):
        (tmp_path / name).symlink_to(victim)
    write_atomic(tmp_path / "out.pdf", b"letter")
    assert victim.read_text() == "precious" and (tmp_path / "out.pdf").read_bytes() == b"letter"


def test_temporary_names_are_unpredictable_and_exclusive(tmp_path: Path) -> None:
    one, two = stage(tmp_path / "a.pdf", b"1"), stage(tmp_path / "a.pdf", b"2")
    assert one.tmp and two.tmp and one.tmp != two.tmp
    assert str(os.getpid()) not in one.tmp.name
    assert sorted(stale_tmp_files(tmp_path / "a.pdf")) == sorted([one.tmp, two.tmp])
    one.discard()
    two.commit()
    assert (tmp_path / "a.pdf").read_bytes() == b"2" and _leftovers(tmp_path) == []


def test_write_error_is_an_error_and_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "a.pdf"
    out.write_bytes(b"old")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(FoilbotError, match="a.pdf: cannot write: No space left on device"):
        write_atomic(out, b"new")
    monkeypatch.undo()
    assert out.read_bytes() == b"old" and _leftovers(tmp_path) == []


def test_missing_folder_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FoilbotError, match="nope/a.pdf: cannot write: No such file or directory"):
        write_atomic(tmp_path / "nope" / "a.pdf", b"x")


def test_the_package_writes_output_files_only_through_write_atomic() -> None:
    """Letters, batches, packets, calendars, reports and exports: one writer (issue 8, issue 9)."""
    import re

    package = Path(__file__).resolve().parents[1] / "foilbot"
    writes = re.compile(r"\.write_(bytes|text)\(|os\.replace\(|open\([^)]*['\"][wax]b?['\"]")
    found = [
        f"{path.relative_to(package)}:{n}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "files.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    # The attachment store copies a user's file in under its hash (storage, not output).
    assert [f for f in found if not f.startswith("services/attachments.py")] == []


def test_link_swapped_to_a_file_after_the_check_is_not_written(tmp_path: Path, monkeypatch) -> None:
    """A link that leads to /dev/null when checked and to a file when opened: the file is untouched."""
    from foilbot import files

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.pdf"
    link.symlink_to("/dev/null")
    checked = files._through

    def swap_after_check(path: Path) -> bool:
        through = checked(path)
        link.unlink()
        link.symlink_to(victim)
        return through

    monkeypatch.setattr(files, "_through", swap_after_check)
    with pytest.raises(FoilbotError, match="changed while it was being written"):
        write_atomic(link, b"overwrite")
    assert victim.read_text() == "precious"


def test_streamed_output_is_whole_or_nothing(tmp_path: Path) -> None:
    """Written a piece at a time (a 100,000-request calendar, issue 14): the old file stays until the
    last piece is in, a failure half-way leaves it and no temporary file, and the file keeps its mode."""
    from foilbot.files import streamed

    out = tmp_path / "deadlines.ics"
    out.write_bytes(b"old")
    out.chmod(0o600)
    with pytest.raises(RuntimeError), streamed(out) as file:
        file.write(b"BEGIN:VCALENDAR\r\n")
        assert out.read_bytes() == b"old" and len(_leftovers(tmp_path)) == 1
        raise RuntimeError("the database went away")
    assert out.read_bytes() == b"old" and _leftovers(tmp_path) == []
    with streamed(out) as file:
        for piece in (b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n"):
            file.write(piece)
        assert out.read_bytes() == b"old"
    assert out.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and _leftovers(tmp_path) == []


def test_streamed_output_goes_through_a_device_and_reports_a_full_one(tmp_path: Path) -> None:
    from foilbot.files import streamed

    null, full = _node(tmp_path / "null", 3), _node(tmp_path / "full", 7)
    with streamed(null) as file:
        file.write(b"x" * 100)
    assert _is_chr(null) and _leftovers(tmp_path) == []
    with (
        pytest.raises(FoilbotError, match="full: cannot write: No space left on device"),
        streamed(full) as file,
    ):
        file.write(b"x")
    assert _is_chr(full)
    with pytest.raises(FoilbotError, match="is a folder"), streamed(tmp_path):
        pass
