"""Benchmark: `foilbot request send --campaign` of N requests to a real SMTP server on loopback.

Builds a fresh workspace (New York school districts from the shipped directory, each given a made-up
address on example.org), creates N campaign requests, then times the real command with the rate limit
off (smtp.rate = 0) against an aiosmtpd server on 127.0.0.1. Target (issue 11): 700 in under 60 s.

    .venv/bin/python bench/bench_send.py [--count 700]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    from aiosmtpd.controller import Controller

    from tests.smtp_server import Handler, free_port

    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=700)
    args = parser.parse_args()
    with (REPO / "agencies.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["jurisdiction"] == "NY" and r["kind"] == "school_district"]
    rows = rows[: args.count]
    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "foilbot.toml").write_text(
            '[requester]\nname = "Pat Requester"\nemail = "pat@example.org"\n'
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nrate = 0\n',
            encoding="utf-8",
        )
        with (work / "emails.csv").open("w", encoding="utf-8") as fh:
            fh.write("id,email\n" + "".join(f"{r['id']},foil-{r['id']}@example.org\n" for r in rows))
        env = {**os.environ, "PYTHONPATH": str(REPO), "FOILBOT_DATABASE_URL": f"sqlite:///{work / 'r.db'}"}

        def foilbot(*a: str) -> None:
            subprocess.run(
                [sys.executable, "-m", "foilbot", *a],
                cwd=work,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )

        foilbot("agency", "import", "emails.csv")
        from foilbot.cli.common import reset
        from foilbot.config import load_settings
        from foilbot.services.requests import create_request
        from foilbot.storage import session_scope

        os.environ.update(env)
        reset(None, False)
        with session_scope(load_settings(cwd=work).database_url) as s:
            for r in rows:
                create_request(
                    s,
                    r["id"],
                    topics=["retention-periods"],
                    template="",
                    subject="records retention",
                    params={},
                    law=None,
                    campaign="bench",
                )
        start = time.perf_counter()
        foilbot("request", "send", "--campaign", "bench")
        elapsed = time.perf_counter() - start
    controller.stop()
    print(
        f"sent {len(handler.messages)} of {len(rows)} requests in {elapsed:.1f} s "
        f"({elapsed / max(len(rows), 1) * 1000:.0f} ms each); target: 700 in under 60 s"
    )
    return 0 if len(handler.messages) == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
