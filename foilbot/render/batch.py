"""Rendering many letters to files at once, on every core: all-or-nothing, or resumable."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from foilbot.errors import FoilbotError, RenderError, UsageError
from foilbot.files import Staged, stage
from foilbot.render.jobs import LetterJob, RenderOptions, Worker

CHUNK = 8  # letters per task sent to a worker: amortises pickling without starving the progress bar


@dataclass(frozen=True)
class BatchResult:
    written: tuple[Path, ...]
    skipped: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


_WORKER: Worker | None = None


def _init_worker(options: RenderOptions) -> None:
    global _WORKER
    _WORKER = Worker(options)


def _render_chunk(items: list[LetterJob]) -> list[tuple[tuple[str, ...], Staged]]:
    assert _WORKER is not None
    done: list[tuple[tuple[str, ...], Staged]] = []
    try:
        for job in items:
            assert job.out is not None
            data, warnings = _WORKER.content(job)
            done.append((warnings, stage(job.out, data)))
    except BaseException:
        for _, file in done:
            file.discard()
        raise
    return done


def render_batch(
    jobs: Sequence[LetterJob],
    options: RenderOptions | None = None,
    *,
    workers: int | None = None,
    resume: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Render many letters to files, on every core.

    All-or-nothing by default: each letter goes to a temporary name and, only when every one has
    succeeded, all are renamed into place; on any failure the temporary files are removed and nothing
    is written. With ``resume=True`` each letter is renamed into place as soon as it is done and
    letters whose file already exists are skipped, so an interrupted run can be started again.

    Raises:
        UsageError: a job without an output path, or two jobs with the same one.
        FoilbotError: the first failure (named by its output file).
    """
    options = options or RenderOptions()
    outs = [job.out for job in jobs]
    if any(o is None for o in outs):
        raise UsageError("every letter of a batch needs an output file")
    if len(set(outs)) != len(outs):
        raise UsageError("two letters of the batch would be written to the same file")
    sigs = {Path(j.context.requester.signature).expanduser() for j in jobs if j.context.requester.signature}
    options = replace(options, signatures=tuple(sorted(set(options.signatures) | sigs)))
    todo = [j for j in jobs if not (resume and j.out is not None and j.out.exists())]
    skipped = tuple(j.out for j in jobs if j not in todo and j.out is not None)
    if progress and skipped:
        progress(len(skipped))
    pending = todo
    chunks = [pending[i : i + CHUNK] for i in range(0, len(pending), CHUNK)]
    warnings: list[str] = []
    renamed: list[Path] = []
    staged: list[Staged] = []

    def finish(chunk: list[LetterJob], done: list[tuple[tuple[str, ...], Staged]]) -> None:
        for job, (w, file) in zip(chunk, done, strict=True):
            warnings.extend(f"{job.out}: {msg}" for msg in w)
            staged.append(file)
            if resume:
                renamed.append(file.commit())
        if progress:
            progress(len(chunk))

    try:
        n = max(1, min(workers or os.cpu_count() or 1, len(chunks)))
        if n == 1:
            _init_worker(options)
            for chunk in chunks:
                finish(chunk, _render_chunk(chunk))
        else:
            if any(j.fmt == "pdf" for j in pending):
                from foilbot.render.pdf import load_weasyprint

                load_weasyprint()  # imported once here, shared by the forked workers
            with ProcessPoolExecutor(max_workers=n, initializer=_init_worker, initargs=(options,)) as pool:
                futures = {pool.submit(_render_chunk, chunk): chunk for chunk in chunks}
                remaining = set(futures)
                while remaining:
                    done, remaining = wait(remaining, return_when=FIRST_EXCEPTION)
                    for fut in done:
                        exc = fut.exception()
                        if exc is not None:
                            for other in remaining:
                                other.cancel()
                            raise _named(exc, futures[fut])
                        finish(futures[fut], fut.result())
        if not resume:
            renamed.extend(file.commit() for file in staged)
    except BaseException:
        for file in staged:
            file.discard()
        raise
    return BatchResult(tuple(renamed), skipped, tuple(warnings))


def _named(exc: BaseException, chunk: list[LetterJob]) -> BaseException:
    first = chunk[0].out
    if isinstance(exc, FoilbotError):
        exc.message = f"{exc.message} (batch stopped at a letter near {first}; nothing else was written)"
        return exc
    return RenderError(f"rendering failed near {first}: {type(exc).__name__}: {exc}")
