"""Master settings (environment prefix `MASTER_`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import SettingsConfigDict

from atlhyper.config import ProcessSettings
from atlhyper.master.history.duration import Duration, Span


class MasterSettings(ProcessSettings):
    model_config = SettingsConfigDict(env_prefix="MASTER_", extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description="Address to listen on.")
    port: int = Field(8080, ge=1, le=65535, description="Port to listen on.")
    database_url: str = Field(
        "sqlite+aiosqlite:///./data/atlhyper.db",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///PATH or postgresql+asyncpg://…",
    )
    admin_password: SecretStr | None = Field(
        None,
        min_length=8,
        description="Password for the first admin; generated and printed once when unset.",
    )
    web_dir: Path | None = Field(
        None, description="Directory of the built web UI; defaults to the repository's web/dist."
    )
    max_body_bytes: int = Field(
        1024 * 1024 * 1024,
        ge=1024,
        description="Largest agent request body accepted, measured after decompression"
        " (a full snapshot of 150,000 pods is about 300 MB).",
    )
    session_hours: int = Field(12, ge=1, le=24 * 30, description="How long a login lasts.")
    cluster_offline_seconds: int = Field(
        60, ge=5, description="A cluster with no heartbeat or snapshot for this long is offline."
    )
    command_result_grace_seconds: float = Field(
        15.0,
        ge=0,
        le=3600,
        description="Seconds an Agent gets beyond a command's timeout to report its result.",
    )
    secure_cookies: bool = Field(
        False, description="Mark the session cookie Secure (set when served over HTTPS)."
    )
    event_retention: Duration = Field(
        Span(days=30),
        description="How long Kubernetes events are kept (30d, 12h, 90m or seconds).",
    )
    event_flush_seconds: float = Field(
        2.0, gt=0, le=60, description="How often received events are written to the database."
    )
    usage_sample_seconds: int = Field(
        60, ge=5, le=3600, description="How often node and pod usage is sampled into history."
    )
    usage_raw_hours: int = Field(
        24,
        ge=1,
        le=24 * 30,
        description="Hours usage samples are kept as taken before they are rolled up hourly.",
    )
    usage_retention: Duration = Field(
        Span(days=30),
        description="How long hourly usage history is kept (30d, 12h, 90m or seconds).",
    )
    command_retention: Duration = Field(
        Span(days=30),
        description="How long finished commands and their results are kept (30d, 12h, 90m or "
        "seconds).",
    )
    query_output_retention: Duration = Field(
        Span(days=1),
        description="How long the outputs of read-only commands (logs, traces, query results) "
        "are kept; the command itself stays for the command retention.",
    )
    history_maintenance_seconds: int = Field(
        3600,
        ge=1,
        description="How often old events and usage are purged and usage is rolled up.",
    )
    host_offline_seconds: int = Field(
        120, ge=5, description="A host whose newest sample is older than this is offline."
    )
    host_raw_retention: Duration = Field(
        Span(days=1),
        description="How long host samples are kept as taken before they are rolled up into"
        " minutes (24h, 90m or seconds).",
    )
    host_minute_retention: Duration = Field(
        Span(days=7),
        description="How long per-minute host samples are kept before they are rolled up into"
        " hours.",
    )
    host_retention: Duration = Field(
        Span(days=90), description="How long hourly host samples are kept."
    )
    host_rollup_seconds: float = Field(
        300.0, gt=0, description="How often host samples are rolled up and old ones deleted."
    )
    otel_query_timeout_seconds: float = Field(
        30.0,
        ge=1,
        le=300,
        description="How long an OTel view waits for the Agent's ClickHouse query before 504.",
    )
    otel_stale_seconds: int = Field(
        600,
        ge=10,
        description="An Agent's OTel summary older than this is shown as stale.",
    )

    @field_validator("host_minute_retention", "host_retention")
    @classmethod
    def _not_shorter_than_the_finer(cls, value: timedelta, info: ValidationInfo) -> timedelta:
        finer = (
            "host_raw_retention"
            if info.field_name == "host_minute_retention"
            else "host_minute_retention"
        )
        shorter = info.data.get(finer)
        if isinstance(shorter, timedelta) and value < shorter:
            raise ValueError(f"must not be shorter than MASTER_{finer.upper()} ({shorter})")
        return value
