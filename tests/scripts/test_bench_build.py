"""The benchmarks' own set-up: bench/bench_overdue.build, the workspace every read benchmark measures, and
bench/bench_deadlines' recompute. They must store what foilbot itself stores (a build that wrote another
form would measure something no user has), and one that broke with a schema or API change went unnoticed
until a benchmark ran."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from tests.conftest import REPO, invoke, ok, sql_rows
from tests.services.test_recompute import recompute_everything, stored, unnamed


def _bench(name: str) -> ModuleType:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO / "bench"))


def test_the_benchmark_workspace_is_what_a_recompute_would_store(runner) -> None:
    from foilbot.cli.common import database_url

    requests, events = _bench("bench_overdue").build(database_url(), 60, silent=0.6)
    assert (requests, events) == (60, sql_rows("SELECT count(*) FROM event")[0][0])
    before = stored()
    assert len(before[0]) >= 60 and unnamed() == 0  # every request has deadlines; every trace is named
    recompute_everything()
    assert stored() == before  # the engine stores nothing else
    ok(invoke(runner, "db", "check"))


def test_the_deadline_benchmark_stores_a_row_for_every_deadline_the_engine_computes(
    monkeypatch, capsys
) -> None:
    from foilbot.domain.deadlines import compute_schedule

    bench_deadlines = _bench("bench_deadlines")
    monkeypatch.setattr(bench_deadlines, "N", 300)
    batch = bench_deadlines.requests()
    bench_deadlines.two_cores(batch)
    expected = sum(len(compute_schedule(code, hist, mail_days=3).deadlines) for code, hist in batch)
    printed = capsys.readouterr().out
    assert "300 requests (" in printed and f", {expected:,} stored rows in " in printed
