"""Collector settings: errors name the variable; the process gets exactly the validated values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from atlhyper.collector.config import CollectorConfig
from atlhyper.collector.settings import CollectorSettings
from atlhyper.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COLLECTOR_TOKEN", "COLLECTOR_MODE", "COLLECTOR_NODE_NAME", "NODE_NAME"):
        monkeypatch.delenv(name, raising=False)


def test_token_is_required_in_every_mode() -> None:
    for mode in ("host", "cluster"):
        with pytest.raises(ConfigError, match="COLLECTOR_TOKEN: Field required"):
            load_settings(CollectorSettings, {"mode": mode})


@pytest.mark.parametrize(
    ("env", "value", "expected"),
    [
        ("COLLECTOR_MODE", "edge", "COLLECTOR_MODE: Input should be 'cluster' or 'host'"),
        ("COLLECTOR_ENDPOINT", "not a url", "COLLECTOR_ENDPOINT: Input should be a valid URL"),
        (
            "COLLECTOR_METRICS_COLLECT_INTERVAL_SECONDS",
            "0",
            "COLLECTOR_METRICS_COLLECT_INTERVAL_SECONDS: Input should be greater than 0",
        ),
        (
            "COLLECTOR_METRICS_UPLOAD_BATCH_MAX_SIZE",
            "0",
            "COLLECTOR_METRICS_UPLOAD_BATCH_MAX_SIZE: Input should be greater than or equal to 1",
        ),
        ("COLLECTOR_SPOOL_MAX_BYTES", "1000", "COLLECTOR_SPOOL_MAX_BYTES: Input should be greater"),
        ("COLLECTOR_PORT", "99999", "COLLECTOR_PORT: Input should be less than or equal"),
        ("COLLECTOR_COMPRESSION", "brotli", "COLLECTOR_COMPRESSION: Input should be 'zstd'"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("COLLECTOR_TOKEN", "tok")
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(CollectorSettings, {})
    assert expected in str(caught.value)


def test_a_proc_root_that_is_not_proc_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"COLLECTOR_PROC_ROOT: Value error, .*/stat cannot be"):
        load_settings(CollectorSettings, {"token": "t", "proc_root": str(tmp_path)})


def test_runtime_config_carries_every_setting() -> None:
    assert CollectorConfig.__struct_fields__ == tuple(CollectorSettings.model_fields), (
        "CollectorConfig must list CollectorSettings' fields in the same order"
    )


def test_runtime_config_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NODE_NAME", "node-7")
    settings = load_settings(
        CollectorSettings,
        {"token": "s3cret", "mode": "cluster", "endpoint": "http://agent:8081/", "port": "0"},
    )
    config = settings.runtime_config()
    assert config.token == "s3cret"
    assert config.node_name == "node-7"
    assert config.ingest_url == "http://agent:8081/agent/hosts"
    assert config.port == 0
    assert config.spool_dir == "data/collector"
    assert msgspec.json.decode(msgspec.json.encode(config), type=CollectorConfig) == config


def test_host_mode_sends_to_the_master_ingest() -> None:
    config = load_settings(
        CollectorSettings, {"token": "t", "endpoint": "https://master.example.com/atl"}
    ).runtime_config()
    assert config.ingest_url == "https://master.example.com/atl/api/v3/hosts/ingest"


def test_explicit_node_name_wins_over_node_name_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NODE_NAME", "from-env")
    config = load_settings(CollectorSettings, {"token": "t", "node_name": "n1"}).runtime_config()
    assert config.node_name == "n1"


def test_cli_refuses_a_missing_token_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlhyper", "collector", "--mode", "host"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")},
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "atlhyper collector: invalid configuration: COLLECTOR_TOKEN: Field required"
    ]


def test_the_collector_process_refuses_to_start_without_its_settings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlhyper.collector"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "atlhyper collector" in result.stderr
