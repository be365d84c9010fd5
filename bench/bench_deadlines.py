"""Benchmark: compute the full deadline schedule (with traces) of 100,000 requests.

Target: < 2 s on the 2-core reference machine. Holiday sets are cached per (calendar, year) and business-day
counts per (calendar, start, n), so the figure includes warming those caches (first pass) and shows a second
pass as the tracking layer sees it when it recomputes everything.
A third line computes them as a full recompute does (services.recompute: status and stored rows too, a
forked process computing half), CPU time counting both processes.
Run: .venv/bin/python bench/bench_deadlines.py
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import all_laws

N = 100_000


def requests(seed: int = 7) -> list[tuple[str, list[Occurrence]]]:
    """Realistic mix: half NY, a fifth federal, the rest spread over the states; received over two years."""
    rnd = random.Random(seed)
    others = [law.jurisdiction for law in all_laws() if law.jurisdiction not in ("NY", "US")]
    out = []
    for _ in range(N):
        r = rnd.random()
        code = "NY" if r < 0.5 else "US" if r < 0.7 else rnd.choice(others)
        received = date(2026, 1, 1) + timedelta(days=rnd.randrange(730))
        hist = [
            Occurrence("sent", received, received=received)
            if rnd.random() < 0.7
            else Occurrence("sent", received, via=rnd.choice(["mail", "email", "portal"]))
        ]
        step = rnd.random()
        if step > 0.3:
            ack = received + timedelta(days=rnd.randrange(1, 8))
            hist.append(
                Occurrence(
                    "acknowledged", ack, until=ack + timedelta(days=30) if rnd.random() < 0.5 else None
                )
            )
        if step > 0.6:
            denied = received + timedelta(days=rnd.randrange(10, 60))
            hist.append(Occurrence("denied", denied))
            if step > 0.8:
                hist.append(
                    Occurrence("appealed", denied + timedelta(days=5), received=denied + timedelta(days=7))
                )
        out.append((code, hist))
    return out


def main() -> None:
    batch = requests()
    for label in ("first pass (cold caches)", "second pass (warm caches)"):
        start = time.perf_counter()
        count = 0
        for code, hist in batch:
            count += len(compute_schedule(code, hist, mail_days=3).deadlines)
        elapsed = time.perf_counter() - start
        print(
            f"{label}: {N:,} requests, {count:,} deadlines in {elapsed:.2f} s "
            f"({elapsed / N * 1e6:.1f} us/request){'  OK' if elapsed < 2 else '  over the 2 s target'}"
        )
    two_cores(batch)


def two_cores(batch: list[tuple[str, list[Occurrence]]]) -> None:
    """The same schedules as a full recompute computes them (services.recompute): the status and the
    stored rows too, each distinct history once, on two processes from recompute.PARALLEL_FROM requests."""
    import os

    from foilbot.config import load_settings
    from foilbot.services.agency_days import AgencyDays
    from foilbot.services.recompute import PARALLEL_FROM
    from foilbot.services.recompute_cores import compute_many
    from foilbot.services.recompute_rows import _days_key, _Event

    def data(o: Occurrence) -> dict:
        found = {"received": o.received, "via": o.via}
        if o.until is not None:
            found["estimate" if o.kind == "acknowledged" else "until"] = o.until
        return {k: v for k, v in found.items() if v}

    # Each distinct event is a token, as the recompute reads them; a history is its tokens.
    tokens: dict[Occurrence, int] = {}
    days = AgencyDays()
    work = []  # (id, history key, days, last event day, stored columns, stored rows): nothing stored
    for n, (code, hist) in enumerate(batch):
        key = tuple(tokens.setdefault(o, len(tokens)) for o in hist)
        work.append((n, ((code, *_days_key(days)), key), days, max(o.on for o in hist).isoformat(), (), []))
    events = [_Event(0, o.kind, o.on, data(o)) for o in tokens]
    settings = load_settings()
    start, cpu = time.perf_counter(), os.times()
    rows = compute_many(work, (events, list(tokens)), settings, False, PARALLEL_FROM).rows
    elapsed, used = time.perf_counter() - start, os.times()
    spent = sum(
        getattr(used, k) - getattr(cpu, k) for k in ("user", "system", "children_user", "children_system")
    )
    print(
        f"services.recompute (two processes): {N:,} requests ({len(set(w[1] for w in work)):,} distinct "
        f"histories), {len(rows):,} stored rows in {elapsed:.2f} s "
        f"(CPU {spent:.2f} s, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
        f"{'  OK' if elapsed < 2 else '  over the 2 s target'}"
    )


if __name__ == "__main__":
    main()
