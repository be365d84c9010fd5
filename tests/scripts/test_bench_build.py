"""bench/bench_overdue.build, the workspace every read benchmark measures: it must store what foilbot
itself stores (a build that wrote another form would measure something no user has, and one that broke
with a schema change went unnoticed until a benchmark ran)."""

from __future__ import annotations

import sys

from tests.conftest import REPO, invoke, ok, sql_rows
from tests.services.test_recompute import recompute_everything, stored, unnamed


def test_the_benchmark_workspace_is_what_a_recompute_would_store(runner) -> None:
    from foilbot.cli.common import database_url

    sys.path.insert(0, str(REPO / "bench"))
    try:
        from bench_overdue import build
    finally:
        sys.path.remove(str(REPO / "bench"))

    requests, events = build(database_url(), 60, silent=0.6)
    assert (requests, events) == (60, sql_rows("SELECT count(*) FROM event")[0][0])
    before = stored()
    assert len(before[0]) >= 60 and unnamed() == 0  # every request has deadlines; every trace is named
    recompute_everything()
    assert stored() == before  # the engine stores nothing else
    ok(invoke(runner, "db", "check"))
