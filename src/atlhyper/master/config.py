"""Master settings (environment prefix `MASTER_`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from atlhyper.config import ProcessSettings


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
