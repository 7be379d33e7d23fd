"""Collector settings (environment prefix `COLLECTOR_`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import msgspec
from pydantic import AnyHttpUrl, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from atlhyper.collector.config import CollectorConfig
from atlhyper.config import ProcessSettings


class CollectorSettings(ProcessSettings):
    model_config = SettingsConfigDict(
        env_prefix="COLLECTOR_", extra="forbid", validate_default=True
    )

    mode: Literal["cluster", "host"] = Field(
        "host",
        description="host: send to the Master's POST /api/v3/hosts/ingest with this host's token;"
        " cluster: send to the Agent's POST /agent/hosts with the cluster's token.",
    )
    endpoint: AnyHttpUrl = Field(
        AnyHttpUrl("http://127.0.0.1:8080"),
        description="Base URL of the receiver: the Master (host mode) or the Agent (cluster mode).",
    )
    token: SecretStr = Field(
        min_length=1,
        description="Bearer token (required): the host's token from `POST /api/v3/hosts` in host"
        " mode, the cluster's Agent token in cluster mode.",
    )
    node_name: str | None = Field(
        None,
        description="Kubernetes node this collector runs on (cluster mode); default: $NODE_NAME.",
    )
    metrics_collect_interval_seconds: float = Field(
        5.0, gt=0, le=3600, description="Seconds between two samples."
    )
    metrics_upload_batch_max_size: int = Field(
        60, ge=1, le=10_000, description="Samples per batch at most; a full batch is sent at once."
    )
    metrics_upload_interval_seconds: float = Field(
        30.0, gt=0, le=86_400, description="Seconds after which a batch is sent even if not full."
    )
    upload_retry_max_seconds: float = Field(
        60.0, gt=0, le=3600, description="Longest wait between retries while the receiver fails."
    )
    compression: Literal["zstd", "gzip"] = Field(
        "zstd", description="Content-Encoding of uploaded batches."
    )
    http_timeout_seconds: float = Field(
        10.0, gt=0, le=300, description="Timeout of one upload request."
    )
    spool_dir: Path = Field(
        Path("data/collector"),
        description="Directory that keeps batches until the receiver accepts them, the batch"
        " sequence number, and batches the receiver rejected (rejected/).",
    )
    spool_max_bytes: int = Field(
        64 * 1024 * 1024,
        ge=64 * 1024,
        description="Most bytes of unsent batches kept; when full the OLDEST batches are"
        " dropped (logged and counted in atlhyper_collector_batches_dropped_total).",
    )
    proc_root: Path = Field(
        Path("/proc"), description="The host's /proc (the DaemonSet mounts it at /host/proc)."
    )
    sys_root: Path = Field(
        Path("/sys"), description="The host's /sys (the DaemonSet mounts it at /host/sys)."
    )
    host_root: Path = Field(
        Path("/"),
        description="The host's root filesystem, for filesystem usage, /etc/machine-id and"
        " /etc/os-release (the DaemonSet mounts it at /host/root).",
    )
    host: str = Field("127.0.0.1", description="Address for /healthz and /metrics.")
    port: int = Field(
        9109, ge=0, le=65535, description="Port for /healthz and /metrics; 0 turns them off."
    )

    @field_validator("proc_root")
    @classmethod
    def _proc_is_readable(cls, value: Path) -> Path:
        if not os.access(value / "stat", os.R_OK):
            raise ValueError(f"{value}/stat cannot be read: is this a /proc?")
        return value

    def runtime_config(self) -> CollectorConfig:
        """The validated values for the collector process (`NODE_NAME` fills an empty node name)."""
        values = self.model_dump(mode="json")
        values["token"] = self.token.get_secret_value()
        values["endpoint"] = str(self.endpoint).rstrip("/")
        values["node_name"] = self.node_name or os.environ.get("NODE_NAME", "")
        return msgspec.convert(values, CollectorConfig)
