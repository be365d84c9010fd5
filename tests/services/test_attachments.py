"""The attachment store after a kill: a half-copied file is removed by the next copy into its folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from foilbot.services.attachments import keep_bytes, keep_file, stored_path


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_killed_copy_leaves_nothing_behind_once_the_next_copy_runs(tmp_path: Path) -> None:
    # Issue 9: kill -9 during `request log --attach` left `.incoming-*` (2 GB) in the store for good.
    root = tmp_path / "files"
    data = b"the agency's reply"
    folder = stored_path(root, hashlib.sha256(data).hexdigest()).parent
    folder.mkdir(parents=True)
    dead = folder / f".incoming-{_dead_pid()}-abc123"
    alive = folder / f".incoming-{os.getpid()}-def456"  # a copy still running in a live process
    old = folder / ".incoming-xyz789"  # an older foilbot's name, without a process number
    for p in (dead, alive, old):
        p.write_bytes(b"half a file")
    keep_bytes(data, root)
    assert not dead.exists()
    assert alive.exists() and old.exists()
    source = tmp_path / "reply.pdf"
    source.write_bytes(b"another reply")
    sha, _ = keep_file(source, root)
    names = [p.name for p in stored_path(root, sha).parent.iterdir()]
    assert names == [sha] or all(not n.startswith(".incoming-") or str(os.getpid()) in n for n in names)
