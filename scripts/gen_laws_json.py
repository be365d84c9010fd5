"""Regenerate foilbot/data/laws.json, the parse of laws.yaml that `foilbot` loads fast (issue 14).

laws.yaml stays the source: the JSON carries the SHA-256 of the YAML it was made from, and foilbot reads
it only while that matches (tests/domain/test_laws_json.py fails when it does not).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from foilbot.domain.laws import parse_yaml
from foilbot.files import write_atomic

DATA = Path(__file__).resolve().parent.parent / "foilbot" / "data"


def main() -> None:
    raw = (DATA / "laws.yaml").read_bytes()
    shipped = {"source_sha256": hashlib.sha256(raw).hexdigest(), "data": parse_yaml(raw.decode("utf-8"))}
    text = json.dumps(shipped, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_atomic(DATA / "laws.json", text)
    print(f"wrote {DATA / 'laws.json'}")


if __name__ == "__main__":
    main()
