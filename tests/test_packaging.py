"""The installed product: a non-editable wheel carries the shipped directory and templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_wheel_installs_and_runs_from_an_unrelated_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("foilbot-*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "foilbot/_shipped/agencies.csv" in names
    assert any(n.startswith("foilbot/_shipped/templates/letters/") for n in names)
    assert "foilbot/migrations/versions/0001_initial.py" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    installed = run([str(py), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_") or k == "FOILBOT_TODAY"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "cfg")
    result = run(
        [str(env_dir / "bin" / "foilbot"), "agency", "list", "--search", "lockport csd", "--json"],
        elsewhere,
        env,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["items"]
    assert rows[0]["id"] == "nces-3617670"
    assert rows[0]["name"] == "LOCKPORT CITY SCHOOL DISTRICT"
    assert (elsewhere / "requests.db").is_file()
    assert "Loaded the shipped agency directory" in result.stderr


def test_installed_entry_point_end_to_end(tmp_path: Path, agencies_csv: Path) -> None:
    """The `foilbot` script of this environment, in a subprocess, with its exit codes."""
    foilbot = BIN / "foilbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_") or k == "FOILBOT_TODAY"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "cfg")
    env["FOILBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'e2e.db'}"
    imported = run([str(foilbot), "agency", "import", str(agencies_csv)], tmp_path, env)
    assert imported.returncode == 0, imported.stderr
    shown = run([str(foilbot), "agency", "show", "nces-3617670", "--json"], tmp_path, env)
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["county"] == "Niagara County"
    usage = run([str(foilbot), "agency", "list", "--limit", "minus-one"], tmp_path, env)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
    missing = run([str(foilbot), "agency", "import", str(tmp_path / "nope.csv")], tmp_path, env)
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: ")
    assert "nope.csv" in missing.stderr
    version = run([str(foilbot), "--version"], tmp_path, env)
    assert version.returncode == 0 and version.stdout.startswith("foilbot ")
    module = run([sys.executable, "-m", "foilbot", "--version"], tmp_path, env)
    assert module.stdout == version.stdout


def test_help_does_not_import_heavy_modules(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from foilbot.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'jinja2', 'sqlalchemy', 'sqlmodel', 'alembic', 'pypdf', 'icalendar')"
        " if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    result = run([sys.executable, "-c", code], tmp_path)
    assert result.stderr.strip().splitlines()[-1] == "[]"
