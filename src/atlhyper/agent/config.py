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
    heartbeat_interval: float = Field(
        15.0, gt=0, le=3600, description="Seconds between heartbeats."
    )
    list_page_size: int = Field(
        500, ge=1, le=10000, description="Objects per LIST page during a (re)list."
    )
    compression: Literal["zstd", "gzip"] = Field(
        "zstd", description="Content-Encoding of snapshot pushes."
    )
    host: str = Field("127.0.0.1", description="Address for /healthz and /metrics.")
    port: int = Field(8081, ge=0, le=65535, description="Port for /healthz and /metrics.")
