"""Rendering many letters to files at once, on every core: all-or-nothing, or resumable.

One task per letter, so the progress bar moves letter by letter and, with resume, each letter is
renamed into place by the worker that finished it: an interrupted run (Ctrl-C, kill -9) keeps every
letter it finished. Workers die with the process that started them (Linux: PR_SET_PDEATHSIG;
elsewhere a watchdog thread), ignore Ctrl-C (the parent stops them after their current letter), and
one batch at a time writes to a folder (a lock on the folder), so the next run can safely remove the
temporary files an interrupted one left behind (issue 9, batches and interruption).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from foilbot.errors import FoilbotError, RenderError, UsageError
from foilbot.files import Staged, remove_stale_tmp_files, stage, sync_folder
from foilbot.render.jobs import LetterJob, RenderOptions, Worker


@dataclass(frozen=True)
class BatchResult:
    written: tuple[Path, ...]
    skipped: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Done:
    """What a worker sends back for one letter: its warnings and its file (staged, or already in place)."""

    warnings: tuple[str, ...]
    staged: Staged | None
    written: Path | None


_WORKER: Worker | None = None


def _die_with_parent() -> None:
    """Make this worker process end when its parent does, even on kill -9 (no orphans left rendering)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="foilbot-parent-watch", daemon=True).start()


def _init_worker(options: RenderOptions, child: bool = True) -> None:
    global _WORKER
    if child:
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _WORKER = Worker(options)


def _render_one(job: LetterJob, keep: bool) -> _Done:
    """Render one letter to its temporary file; with ``keep`` (resume) rename it into place at once."""
    assert _WORKER is not None and job.out is not None
    data, warnings = _WORKER.content(job)
    staged = stage(job.out, data)
    if keep:
        return _Done(warnings, None, staged.commit(durable=False))
    return _Done(warnings, staged, None)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One batch at a time per folder (an advisory lock on the folder itself; released on any exit)."""
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise FoilbotError(f"{folder}: cannot open the output folder: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FoilbotError(
                f"{folder}: another foilbot batch is writing letters here",
                hint="Wait for it to finish, or write to another folder.",
            ) from None
        yield
    finally:
        os.close(fd)


def render_batch(
    jobs: Sequence[LetterJob],
    options: RenderOptions | None = None,
    *,
    workers: int | None = None,
    resume: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Render many letters to files, on every core.

    All-or-nothing by default: each letter goes to a temporary file and, only when every one has
    succeeded, all are renamed into place; on any failure or interrupt the temporary files are removed
    and nothing is written. With ``resume=True`` each letter is renamed into place as soon as it is
    done and letters whose file already exists are skipped, so an interrupted run can be started
    again. Either way, temporary files an earlier interrupted run left for these letters are removed
    first, and ``progress(1)`` is called as each letter finishes.

    Raises:
        UsageError: a job without an output path, or two jobs with the same one.
        FoilbotError: the first failure (named by its output file); another batch is writing to the
            same folder.
    """
    options = options or RenderOptions()
    outs = [job.out for job in jobs]
    if any(o is None for o in outs):
        raise UsageError("every letter of a batch needs an output file")
    if len(set(outs)) != len(outs):
        raise UsageError("two letters of the batch would be written to the same file")
    paths = [o for o in outs if o is not None]
    sigs = {Path(j.context.requester.signature).expanduser() for j in jobs if j.context.requester.signature}
    options = replace(options, signatures=tuple(sorted(set(options.signatures) | sigs)))
    with ExitStack() as locks:
        for folder in sorted({p.parent for p in paths}):
            locks.enter_context(_folder_lock(folder))
        remove_stale_tmp_files(paths)
        # One existence check per letter (comparing jobs, `j not in todo`, was quadratic: issue 12).
        there = [resume and p.exists() for p in paths]
        todo = [j for j, kept in zip(jobs, there, strict=True) if not kept]
        skipped = tuple(p for p, kept in zip(paths, there, strict=True) if kept)
        if progress and skipped:
            progress(len(skipped))
        done: list[tuple[LetterJob, _Done]] = []
        try:
            _run(todo, options, workers, resume, done, progress)
            order = {job.out: i for i, job in enumerate(todo)}
            done.sort(key=lambda item: order[item[0].out])
            written = [d.written or _commit(d.staged) for _, d in done]
            for folder in sorted({p.parent for p in written}):
                sync_folder(folder)  # once per folder, not once per letter (each file is fsynced)
        except BaseException:
            for _, d in done:
                if d.staged is not None:
                    d.staged.discard()
            remove_stale_tmp_files(paths)  # letters in flight when the batch stopped
            raise
    warnings = [f"{job.out}: {w}" for job, d in done for w in d.warnings]
    return BatchResult(tuple(written), skipped, tuple(warnings))


def _commit(staged: Staged | None) -> Path:
    assert staged is not None
    return staged.commit(durable=False)


def _run(
    todo: Sequence[LetterJob],
    options: RenderOptions,
    workers: int | None,
    resume: bool,
    done: list[tuple[LetterJob, _Done]],
    progress: Callable[[int], None] | None,
) -> None:
    """Render every job, appending to ``done`` as each finishes; stop at the first failure."""
    n = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if n == 1:
        _init_worker(options, child=False)
        for job in todo:
            try:
                result = _render_one(job, resume)
            except FoilbotError as err:
                raise _named(err, job, resume, len(done)) from None
            done.append((job, result))
            if progress:
                progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = _pool_context()
    if context.get_start_method() == "fork" and any(j.fmt == "pdf" for j in todo):
        from foilbot.render.pdf import load_weasyprint

        load_weasyprint()  # imported once here, shared by the forked workers
    pool = ProcessPoolExecutor(
        max_workers=n, mp_context=context, initializer=_init_worker, initargs=(options,)
    )
    try:
        futures: dict[Any, LetterJob] = {pool.submit(_render_one, job, resume): job for job in todo}
        # as_completed waits on every future once; wait(FIRST_COMPLETED) in a loop walked all the
        # remaining ones for each letter: quadratic, 9 s of the parent's CPU at 7,000 letters (issue 12).
        for fut in as_completed(futures):
            failure = fut.exception()
            if failure is not None:
                raise _named(failure, futures[fut], resume, len(done))
            done.append((futures[fut], fut.result()))
            if progress:
                progress(1)
    finally:
        # On a failure or Ctrl-C: drop the letters not started, let each worker finish its current one.
        pool.shutdown(wait=True, cancel_futures=True)


def _pool_context() -> Any:
    """How the workers start: forked from this process while it runs one thread (they inherit WeasyPrint,
    loaded once); else spawned afresh. A fork copies only the calling thread, so a lock another thread
    holds at that moment (the send loop, its lease's heartbeat: `request send` renders from a thread of
    its own) stays held forever in the child; Python 3.12 warns about such a fork. Not a fork server:
    its workers are its children, not ours, and outlive a killed foilbot (holding its output open)."""
    import multiprocessing as mp

    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _named(exc: BaseException, job: LetterJob, resume: bool, finished: int) -> BaseException:
    kept = f"{finished} finished letter(s) kept" if resume else "nothing was written"
    if isinstance(exc, FoilbotError):
        exc.message = f"{exc.message} (batch stopped at {job.out}; {kept})"
        return exc
    return RenderError(f"rendering {job.out} failed: {type(exc).__name__}: {exc} ({kept})")
