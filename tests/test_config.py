"""Configuration precedence: defaults < foilbot.toml (working folder, else user folder) < FOILBOT_* < --db."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from foilbot.config import load_settings, mask_url
from foilbot.errors import ConfigError
from tests.conftest import invoke

TOML = """
[requester]
name = "Ana Ruiz"
organization = "New York Civil Liberties Union"
address = '''
125 Broad Street
New York, NY 10004'''
signature = "sig.png"

[database]
url = "sqlite:///from-file.db"
"""


def test_defaults_when_no_file(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOILBOT_DATABASE_URL")
    s = load_settings()
    assert s.database_url == "sqlite:///requests.db"
    assert s.values["database.url"].source == "default"
    assert s.requester.name == ""
    assert s.config_file is None


def test_working_folder_file_beats_user_folder(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOILBOT_DATABASE_URL")
    user_dir = isolated / "xdg-config" / "foilbot"
    user_dir.mkdir(parents=True)
    (user_dir / "foilbot.toml").write_text('[requester]\nname = "User Folder"\n')
    assert load_settings().requester.name == "User Folder"
    (isolated / "foilbot.toml").write_text(TOML)
    s = load_settings()
    assert s.requester.name == "Ana Ruiz"
    assert s.requester.address_lines == ["125 Broad Street", "New York, NY 10004"]
    # Paths in a config file are relative to the file.
    assert s.requester.signature == str(isolated / "sig.png")
    assert s.database_url == "sqlite:///from-file.db"
    assert s.values["requester.name"].source == str(isolated / "foilbot.toml")


def test_environment_beats_file_and_db_option_beats_all(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    monkeypatch.setenv("FOILBOT_REQUESTER_NAME", "From Env")
    monkeypatch.setenv("FOILBOT_DATABASE_URL", "sqlite:///env.db")
    s = load_settings()
    assert (s.requester.name, s.values["requester.name"].source) == ("From Env", "FOILBOT_REQUESTER_NAME")
    assert s.requester.organization == "New York Civil Liberties Union"
    assert s.database_url == "sqlite:///env.db"
    s = load_settings(database_url="sqlite:///cli.db")
    assert (s.database_url, s.values["database.url"].source) == ("sqlite:///cli.db", "--db")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[requester\nname='x'", "foilbot.toml"),
        ("[printer]\nname='x'\n", "unknown table [printer]"),
        ("[requester]\nnickname='x'\n", "unknown key 'nickname'"),
        ("[deadlines]\nmail_days='three'\n", "deadlines.mail_days: expected a whole number"),
        # TOML's true is not 1: it was taken as one day of mail.
        ("[deadlines]\nmail_days=true\n", "deadlines.mail_days: expected a whole number, got True"),
    ],
)
def test_bad_file_is_one_clear_error(isolated: Path, text: str, message: str) -> None:
    (isolated / "foilbot.toml").write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x9f\x00\xff binary", "foilbot.toml:1: not UTF-8 text (byte 0x9f)"),
        ("[requester]\nname = 'x'\n".encode("utf-16"), "foilbot.toml:1: not UTF-8 text (byte 0xff)"),
    ],
)
def test_a_binary_settings_file_is_a_config_error(isolated: Path, data: bytes, message: str) -> None:
    (isolated / "foilbot.toml").write_bytes(data)  # issue 9: was "unexpected UnicodeDecodeError"
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings()


def test_bad_config_through_cli_has_no_traceback(isolated: Path, runner) -> None:
    (isolated / "foilbot.toml").write_text("[requester]\nnickname='x'\n")
    result = invoke(runner, "config", "show")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "unknown key 'nickname'" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_show_names_sources_and_masks_passwords(isolated: Path, runner, monkeypatch) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    monkeypatch.setenv("FOILBOT_DATABASE_URL", "postgresql+psycopg://foil:s3cret@db.example/foil")
    result = invoke(runner, "config", "show", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["key"]: r for r in data["settings"]}
    assert rows["database.url"] == {
        "key": "database.url",
        "value": "postgresql+psycopg://foil:***@db.example/foil",
        "source": "FOILBOT_DATABASE_URL",
    }
    assert rows["requester.name"]["source"].endswith("foilbot.toml")
    assert rows["letters.fee_limit"] == {"key": "letters.fee_limit", "value": 25, "source": "default"}
    assert "s3cret" not in result.stdout + result.stderr


def test_mask_url() -> None:
    assert mask_url("postgresql://u:p@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert mask_url("postgresql://u@h/d") == "postgresql://u@h/d"
    assert mask_url("sqlite:///requests.db") == "sqlite:///requests.db"
    # The password as a query parameter, alone or with the other form, and in a malformed URL (issue 9).
    assert mask_url("postgresql+psycopg://u@h/d?password=s3") == "postgresql+psycopg://u@h/d?password=***"
    assert mask_url("postgresql://u:s3@h/d?sslmode=require&PASSWORD=s3") == (
        "postgresql://u:***@h/d?sslmode=require&PASSWORD=***"
    )
    assert mask_url("postgresql+psycopg://u:s3@@@h:xx/d") == "postgresql+psycopg://u:***@h:xx/d"


@pytest.mark.parametrize("value", ["inf", "nan", "2.5", "1e400"])
def test_a_toml_number_that_is_not_whole_is_refused(isolated: Path, value: str) -> None:
    # Issue 9: `fee_limit = inf` was "unexpected OverflowError" on every command.
    (isolated / "foilbot.toml").write_text(f"[letters]\nfee_limit = {value}\n")
    with pytest.raises(ConfigError, match="letters.fee_limit: expected a whole number"):
        load_settings()


@pytest.mark.parametrize(("var", "value"), [("FOILBOT_FEE_LIMIT", "-5"), ("FOILBOT_MAIL_DAYS", "400")])
def test_absurd_numbers_are_refused_with_the_range(monkeypatch, var: str, value: str) -> None:
    from foilbot.config import load_settings
    from foilbot.errors import ConfigError

    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=f"{var}: .* is out of range; use 0 to"):
        load_settings()


def test_smtp_settings_are_checked(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from foilbot.config import load_settings, smtp_settings

    monkeypatch.setenv("FOILBOT_SMTP_VERIFY", "no")
    monkeypatch.setenv("FOILBOT_SMTP_PORT", "465")
    cfg = smtp_settings(load_settings())
    assert cfg.verify is False and cfg.port == 465 and cfg.security == "starttls"
    monkeypatch.setenv("FOILBOT_SMTP_SECURITY", "ssl")
    with pytest.raises(ConfigError, match="smtp.security: 'ssl'; use one of starttls, tls, none"):
        load_settings()
    monkeypatch.setenv("FOILBOT_SMTP_SECURITY", "tls")
    monkeypatch.setenv("FOILBOT_SMTP_VERIFY", "maybe")
    with pytest.raises(ConfigError, match="expected true or false"):
        load_settings()
