"""Configuration: every bad value stops start-up with one line naming the variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from atlhyper.agent.config import AgentSettings
from atlhyper.config import ConfigError, load_settings
from atlhyper.master.config import MasterSettings
from atlhyper.sim.config import SimSettings


def test_defaults_need_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(MasterSettings, {})
    assert settings.port == 8080
    assert settings.database_url.startswith("sqlite+aiosqlite:///")


def test_environment_variable_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASTER_PORT", "9191")
    assert load_settings(MasterSettings, {}).port == 9191


def test_flag_overrides_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASTER_PORT", "9191")
    assert load_settings(MasterSettings, {"port": "9292"}).port == 9292


@pytest.mark.parametrize(
    ("cls", "env", "value", "expected"),
    [
        (
            MasterSettings,
            "MASTER_PORT",
            "not-a-port",
            "MASTER_PORT: Input should be a valid integer",
        ),
        (MasterSettings, "MASTER_PORT", "70000", "MASTER_PORT: Input should be less than or equal"),
        (MasterSettings, "MASTER_LOG_LEVEL", "loud", "MASTER_LOG_LEVEL: Input should be 'debug'"),
        (
            MasterSettings,
            "MASTER_ADMIN_PASSWORD",
            "short",
            "MASTER_ADMIN_PASSWORD: Value should have at least 8",
        ),
        (
            AgentSettings,
            "AGENT_MASTER_URL",
            "not a url",
            "AGENT_MASTER_URL: Input should be a valid URL",
        ),
        (
            AgentSettings,
            "AGENT_SNAPSHOT_INTERVAL",
            "0",
            "AGENT_SNAPSHOT_INTERVAL: Input should be greater than 0",
        ),
        (
            AgentSettings,
            "AGENT_COMPRESSION",
            "brotli",
            "AGENT_COMPRESSION: Input should be 'zstd' or 'gzip'",
        ),
        (
            SimSettings,
            "SIM_SCENARIO",
            "healthy,volcano",
            "SIM_SCENARIO: Value error, unknown scenario volcano",
        ),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, cls: type, env: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("AGENT_TOKEN", "token")
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(cls, {})
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_required_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AGENT_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="AGENT_TOKEN: Field required"):
        load_settings(AgentSettings, {})


def test_cli_stops_with_one_line_and_exit_code_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlhyper", "master", "--port", "eighty"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "atlhyper master: invalid configuration: MASTER_PORT: Input should be a valid integer,"
        " unable to parse string as an integer (got 'eighty')"
    ]


def test_help_lists_only_built_commands_and_shows_env_names() -> None:
    top = subprocess.run(
        [sys.executable, "-m", "atlhyper", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("master", "agent", "collector", "sim", "demo"):
        assert command in top
    master_help = subprocess.run(
        [sys.executable, "-m", "atlhyper", "master", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "MASTER_DATABASE_URL" in master_help
    assert "default: 8080" in master_help
