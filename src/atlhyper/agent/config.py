"""Agent settings (environment prefix `AGENT_`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from atlhyper.config import ProcessSettings


class AgentSettings(ProcessSettings):
    model_config = SettingsConfigDict(env_prefix="AGENT_", extra="forbid", validate_default=True)

    master_url: AnyHttpUrl = Field(
        AnyHttpUrl("http://127.0.0.1:8080"), description="Base URL of the Master."
    )
    token: SecretStr = Field(
        description="This cluster's token, from `POST /api/v3/clusters` (required).",
        min_length=1,
    )
    kubeconfig: Path | None = Field(
        None,
        description="Kubeconfig to use; when unset: in-cluster service account, then $KUBECONFIG,"
        " then ~/.kube/config.",
    )
    kube_context: str | None = Field(None, description="Kubeconfig context; default: current.")
    snapshot_interval: float = Field(
        10.0, gt=0, le=3600, description="Seconds between snapshot pushes."
    )
    full_snapshot_interval: float = Field(
        600.0,
        gt=0,
        le=86400,
        description="Seconds after which a full snapshot is sent even when deltas are accepted.",
    )
    event_limit: int = Field(
        1000, ge=0, le=1_000_000, description="Newest Kubernetes events kept in each snapshot."
    )
    heartbeat_interval: float = Field(
        15.0, gt=0, le=3600, description="Seconds between heartbeats."
    )
    watch_timeout: int = Field(
        300,
        ge=1,
        le=3600,
        description="Seconds a watch request lasts at least (each one picks up to twice this);"
        " it then resumes from the last resourceVersion.",
    )
    list_page_size: int = Field(
        500, ge=1, le=10000, description="Objects per LIST page during a (re)list."
    )
    compression: Literal["zstd", "gzip"] = Field(
        "zstd", description="Content-Encoding of snapshot pushes."
    )
    command_concurrency: int = Field(
        8, ge=1, le=256, description="Commands run at the same time; more wait their turn."
    )
    command_poll_wait: float = Field(
        30.0, gt=0, le=120, description="Seconds each command long-poll waits at the Master."
    )
    max_output_bytes: int = Field(
        1_000_000, ge=1024, le=64_000_000, description="Largest log or dynamic read returned."
    )
    allow_secret_reveal: bool = Field(
        False,
        description="Let admins reveal Secret values through get_secret (audited by the Master).",
    )
    clickhouse_endpoint: AnyHttpUrl | None = Field(
        None,
        description="ClickHouse HTTP URL holding the OTel tables (unset: Kubernetes only).",
    )
    clickhouse_database: str = Field(
        "otel", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="Database of the OTel tables."
    )
    clickhouse_user: str = Field("default", min_length=1, description="ClickHouse user name.")
    clickhouse_password: SecretStr | None = Field(None, description="ClickHouse password.")
    clickhouse_query_timeout: float = Field(
        30.0, gt=0, le=3600, description="Seconds a ClickHouse query may run (max_execution_time)."
    )
    clickhouse_max_memory: int = Field(
        1_000_000_000,
        ge=10_000_000,
        description="Bytes of memory a ClickHouse query may use (max_memory_usage).",
    )
    otel_refresh_seconds: float = Field(
        300.0,
        ge=5,
        le=3600,
        description="Seconds between refreshes of the OTel summary sent in snapshots (APM,"
        " topology, SLOs, node hardware).",
    )
    otel_window_seconds: int = Field(
        3600,
        ge=60,
        le=86400,
        description="Seconds of OTel data the summary covers (the last N seconds).",
    )
    otel_timeout_seconds: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="Seconds one summary refresh may take; past it the summary is marked stale.",
    )
    host: str = Field(
        "127.0.0.1",
        description="Address for /healthz, /metrics and the collectors' POST /agent/hosts.",
    )
    port: int = Field(
        8081,
        ge=0,
        le=65535,
        description="Port for /healthz, /metrics and the collectors' POST /agent/hosts.",
    )
