"""laws.json is the shipped parse of laws.yaml, read only while it matches it (issue 14)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from foilbot.domain import laws


def test_the_shipped_json_is_the_current_yaml_parsed() -> None:
    data = resources.files("foilbot.data")
    raw = data.joinpath("laws.yaml").read_bytes()
    shipped = json.loads(data.joinpath("laws.json").read_bytes())
    assert shipped["source_sha256"] == hashlib.sha256(raw).hexdigest(), (
        "laws.json is stale: run python scripts/gen_laws_json.py (make docs)"
    )
    parsed = laws.parse_yaml(raw.decode("utf-8"))
    assert shipped["data"] == parsed
    assert list(shipped["data"]["jurisdictions"]) == list(parsed["jurisdictions"])  # order kept (US first)


def test_a_json_made_from_other_yaml_is_never_read(tmp_path) -> None:
    stale = tmp_path / "laws.json"
    stale.write_text(json.dumps({"source_sha256": "0" * 64, "data": {"jurisdictions": {}}}))
    assert laws._compiled(stale, hashlib.sha256(b"anything").hexdigest()) is None
    assert laws._compiled(tmp_path / "missing.json", "0" * 64) is None
    (tmp_path / "bad.json").write_text("{not json")
    assert laws._compiled(tmp_path / "bad.json", "0" * 64) is None
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"source_sha256": "ab" * 32, "data": {"jurisdictions": {"X": 1}}}))
    assert laws._compiled(good, "ab" * 32) == {"jurisdictions": {"X": 1}}
