"""Rendering many letters to files at once, on every core: all-or-nothing, or resumable."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from foilbot.errors import FoilbotError, RenderError, UsageError
from foilbot.files import tmp_name
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


def _render_chunk(items: list[tuple[LetterJob, Path]]) -> list[tuple[str, ...]]:
    assert _WORKER is not None
    done = []
    for job, tmp in items:
        data, warnings = _WORKER.content(job)
        tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        done.append(warnings)
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
    pending = [(j, tmp_name(j.out)) for j in todo if j.out is not None]
    chunks = [pending[i : i + CHUNK] for i in range(0, len(pending), CHUNK)]
    warnings: list[str] = []
    renamed: list[Path] = []

    def finish(chunk: list[tuple[LetterJob, Path]], chunk_warnings: list[tuple[str, ...]]) -> None:
        for (job, tmp), w in zip(chunk, chunk_warnings, strict=True):
            warnings.extend(f"{job.out}: {msg}" for msg in w)
            if resume and job.out is not None:
                os.replace(tmp, job.out)
                renamed.append(job.out)
        if progress:
            progress(len(chunk))

    try:
        n = max(1, min(workers or os.cpu_count() or 1, len(chunks)))
        if n == 1:
            _init_worker(options)
            for chunk in chunks:
                finish(chunk, _render_chunk(chunk))
        else:
            if any(j.fmt == "pdf" for j, _ in pending):
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
            for job, tmp in pending:
                assert job.out is not None
                os.replace(tmp, job.out)
                renamed.append(job.out)
    except BaseException:
        for _, tmp in pending:
            tmp.unlink(missing_ok=True)
        raise
    return BatchResult(tuple(renamed), skipped, tuple(warnings))


def _named(exc: BaseException, chunk: list[tuple[LetterJob, Path]]) -> BaseException:
    first = chunk[0][0].out
    if isinstance(exc, FoilbotError):
        exc.message = f"{exc.message} (batch stopped at a letter near {first}; nothing else was written)"
        return exc
    return RenderError(f"rendering failed near {first}: {type(exc).__name__}: {exc}")
