"""One concurrent writer (a real process): logs notes on shared requests and files new ones through the
real CLI, in process, so start-up does not dominate. Used by tests/test_concurrency.py and
bench/bench_writers.py.

    python tests/writer.py WORKER EVENTS NEW_EVERY REQUEST_ID [REQUEST_ID ...]

Prints one line per failed command (`FAIL <exit> <stderr>`) and, last, `DONE <seconds>`.
"""

from __future__ import annotations

import io
import sys
import time
from contextlib import redirect_stderr, redirect_stdout


def run(*args: str) -> tuple[int, str]:
    from foilbot.cli.app import app

    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            # Not standalone: an error's exit code comes back instead of ending the process.
            code = int(app(list(args), standalone_mode=False) or 0)
        except Exception as exc:  # anything the error boundary did not turn into an exit code
            code = 1
            err.write(f"{type(exc).__name__}: {exc}")
    return code, err.getvalue()


def main(argv: list[str]) -> int:
    worker, events, new_every = int(argv[0]), int(argv[1]), int(argv[2])
    requests = argv[3:]
    started = time.perf_counter()
    failures = 0
    for i in range(events):
        rid = requests[(worker + i) % len(requests)]
        code, err = run("request", "log", rid, "note", "--date", "2026-06-15", "--note", f"w{worker}-{i}")
        if code:
            failures += 1
            print(f"FAIL {code} {err.strip()}", flush=True)
        if new_every and i % new_every == 0:
            code, err = run("request", "new", "--agency", "nces-3617670", "--topic", "retention-periods")
            if code:
                failures += 1
                print(f"FAIL {code} {err.strip()}", flush=True)
    print(f"DONE {time.perf_counter() - started:.3f}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
