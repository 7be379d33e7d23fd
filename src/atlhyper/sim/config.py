"""Simulated cluster settings (environment prefix `SIM_`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from atlhyper.config import ProcessSettings

SCENARIOS = (
    "healthy",
    "crashloop",
    "oom",
    "imagepull",
    "unschedulable",
    "node-notready",
    "pvc-pending",
    "probe-failures",
    "eviction-storm",
)
#: What each profile runs when `--scenario` is not given.
DEFAULT_SCENARIOS = {"demo": ("crashloop", "oom", "imagepull"), "scale": ("healthy",)}


class SimSettings(ProcessSettings):
    model_config = SettingsConfigDict(env_prefix="SIM_", extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description="Address the Kubernetes API listens on.")
    port: int = Field(6443, ge=0, le=65535, description="Port of the Kubernetes API (0: any).")
    kubeconfig: Path = Field(
        Path("data/sim/kubeconfig"), description="Where to write the kubeconfig for this cluster."
    )
    scenario: Annotated[list[str], NoDecode] = Field(
        [],
        description=(
            f"Comma-separated scenarios: {', '.join(SCENARIOS)} (empty: the profile's default, "
            "demo: crashloop,oom,imagepull; healthy alone: no problems)."
        ),
    )
    profile: Literal["demo", "scale"] = Field("demo", description="Size and shape of the cluster.")
    nodes: int | None = Field(None, ge=0, le=5000, description="Node count; default by profile.")
    pods: int | None = Field(None, ge=0, le=150000, description="Pod count; default by profile.")
    seed: int = Field(1, description="Random seed, so a run can be repeated.")
    tls: bool = Field(
        True,
        description=(
            "Serve HTTPS with a generated CA in the kubeconfig (off: plain HTTP without auth, "
            "because kubectl sends no token over plain HTTP)."
        ),
    )
    watch_bookmark_seconds: float = Field(
        5.0, gt=0, le=600, description="Seconds between BOOKMARK events on idle watches."
    )
    watch_history: int = Field(
        20000,
        ge=1,
        le=10_000_000,
        description="Events kept per kind for watch resumes; older resourceVersions get 410.",
    )
    pod_start_seconds: float = Field(
        1.0, ge=0, le=3600, description="Seconds a scheduled pod stays Pending before Running."
    )
    pod_stop_seconds: float = Field(
        1.0, ge=0, le=3600, description="Seconds a deleted running pod stays Terminating."
    )
    time_scale: float = Field(
        1.0,
        gt=0,
        le=100,
        description=(
            "Multiplier on simulated durations: kubelet backoffs, container run times, probe "
            "periods, rollout deadlines (tests use 0.05)."
        ),
    )
    job_seconds: float = Field(
        5.0, ge=0, le=86400, description="Seconds a Job's container runs when its command says not."
    )
    hpa_seconds: float = Field(
        15.0, gt=0, le=3600, description="Seconds between HorizontalPodAutoscaler evaluations."
    )
    churn_per_second: float = Field(
        0.0,
        ge=0,
        le=10000,
        description="Background pod changes per second (restarts, replaced pods) for benchmarks.",
    )
    clickhouse_port: int = Field(
        0,
        ge=0,
        le=65535,
        description=(
            "Serve ClickHouse's HTTP interface (chdb, with generated OTel data) on this port of "
            "--host (0: off; needs the `sim` extra, about 320 MiB)."
        ),
    )
    clickhouse_dir: Path = Field(
        Path("data/sim/clickhouse"), description="The chdb data directory (kept across runs)."
    )
    clickhouse_database: str = Field(
        "otel", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="Database of the OTel tables."
    )
    clickhouse_user: str = Field("atlhyper", min_length=1, description="ClickHouse user name.")
    clickhouse_password: SecretStr | None = Field(
        None, description="ClickHouse password; generated and printed when unset."
    )
    clickhouse_threads: int = Field(
        2, ge=1, le=64, description="Statements ClickHouse runs at the same time."
    )
    otel_traces_per_second: float = Field(
        4.0, ge=0, le=10000, description="Generated traces per second (0: generate nothing)."
    )
    otel_interval: float = Field(
        5.0, gt=0, le=600, description="Seconds between generated batches (and metric scrapes)."
    )
    otel_backfill_hours: float = Field(
        0.0, ge=0, le=720, description="Hours of history generated at start, at a coarser rate."
    )

    def scenarios(self) -> tuple[str, ...]:
        """The scenarios in effect: the given ones, or the profile's default mix."""
        chosen = tuple(self.scenario) or DEFAULT_SCENARIOS[self.profile]
        return tuple(name for name in chosen if name != "healthy")

    @field_validator("scenario", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("scenario")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in SCENARIOS]
        if unknown:
            raise ValueError(
                f"unknown scenario {', '.join(unknown)}; known: {', '.join(SCENARIOS)}"
            )
        return value
