"""The collector process's settings as plain values, decoded without pydantic.

`CollectorSettings` (pydantic-settings) reads flags and environment variables, applies defaults and
validates, once, in the `atlhyper collector` command; it hands this struct, as JSON, to the
long-running process. Keeping pydantic out of that process saves about 10 MB of its 30 to 40 MB.
Defaults live only in `CollectorSettings`; a unit test keeps the two field lists identical.
"""

from __future__ import annotations

from typing import Literal

import msgspec

#: Environment variable that carries the validated settings into `python -m atlhyper.collector`.
CONFIG_ENV = "ATLHYPER_COLLECTOR_CONFIG"

Mode = Literal["cluster", "host"]
Compression = Literal["zstd", "gzip"]

#: Where each mode sends its batches.
INGEST_PATHS: dict[str, str] = {"cluster": "/agent/hosts", "host": "/api/v3/hosts/ingest"}


class CollectorConfig(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    log_level: Literal["debug", "info", "warning", "error"]
    log_format: Literal["console", "json"]
    mode: Mode
    endpoint: str
    token: str
    node_name: str
    metrics_collect_interval_seconds: float
    metrics_upload_batch_max_size: int
    metrics_upload_interval_seconds: float
    upload_retry_max_seconds: float
    compression: Compression
    http_timeout_seconds: float
    spool_dir: str
    spool_max_bytes: int
    proc_root: str
    sys_root: str
    host_root: str
    host: str
    port: int

    @property
    def ingest_url(self) -> str:
        return self.endpoint.rstrip("/") + INGEST_PATHS[self.mode]
