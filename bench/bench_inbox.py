"""Benchmark: `foilbot inbox import` of an mbox of N messages (default 5,000).

A fresh workspace with 50 sent requests; the mbox holds replies to them (by reference, by thread-less
address, some with a PDF attached) among unrelated mail, as an exported mailbox does. Target (issue 11):
5,000 messages in under 10 s.

    .venv/bin/python bench/bench_inbox.py [--count 5000]
"""

from __future__ import annotations

import argparse
import mailbox
import os
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def message(i: int, references: list[str]) -> EmailMessage:
    msg = EmailMessage()
    msg["Message-ID"] = f"<bench-{i}@example.org>"
    msg["Date"] = "Mon, 05 Jan 2026 10:00:00 -0500"
    if i % 10 == 0:
        ref = references[i % len(references)]
        msg["From"] = "foil@district.example.org"
        msg["Subject"] = f"RE: FOIL request: records [{ref}]"
        msg.set_content(
            f"We acknowledge receipt of {ref}; we expect to respond on or before February 3, 2026.\n"
        )
        if i % 50 == 0:
            msg.add_attachment(
                b"%PDF-1.4\n" + str(i).encode() * 2000,
                maintype="application",
                subtype="pdf",
                filename="records.pdf",
            )
    else:
        msg["From"] = f"newsletter{i % 37}@shop.example.com"
        msg["Subject"] = f"Weekly offers #{i}"
        msg.set_content("Our best offers this week.\n" * 20)
    return msg


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "FOILBOT_DATABASE_URL": f"sqlite:///{work / 'r.db'}",
            "FOILBOT_TODAY": "2026-03-01",
        }

        def foilbot(*a: str) -> str:  # the real command, as a user runs it
            done = subprocess.run(
                [sys.executable, "-m", "foilbot", *a],
                cwd=work,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            return done.stdout

        csv = work / "a.csv"
        csv.write_text("id,email\nnces-3617670,foil@district.example.org\n", encoding="utf-8")
        foilbot("agency", "import", str(csv))
        from datetime import date

        from foilbot.cli.common import reset
        from foilbot.config import load_settings
        from foilbot.services.events import mark_sent
        from foilbot.services.requests import create_request
        from foilbot.storage import session_scope

        os.environ.update(env)
        reset(None, False)
        settings = load_settings(cwd=work)
        references = []
        with session_scope(settings.database_url) as s:
            for _ in range(50):
                view = create_request(s, "nces-3617670", topics=["retention-periods"])
                mark_sent(s, view.id, date(2026, 1, 2), settings, today=date(2026, 3, 1), via="email")
                references.append(view.reference)
        box = mailbox.mbox(str(work / "inbox.mbox"))
        for i in range(args.count):
            box.add(message(i, references))
        box.flush()
        box.close()
        start = time.perf_counter()
        foilbot("inbox", "import", str(work / "inbox.mbox"), "--format", "ndjson")
        elapsed = time.perf_counter() - start
        again = time.perf_counter()
        foilbot("inbox", "import", str(work / "inbox.mbox"), "--format", "ndjson")
        repeat = time.perf_counter() - again
    print(
        f"imported {args.count} messages in {elapsed:.1f} s; again (all duplicates) in {repeat:.1f} s; "
        "target: 5,000 in under 10 s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
