"""`atlhyper demo`: sim, Master and Agent on loopback with fresh data."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from atlhyper.config import ProcessSettings


class DemoSettings(ProcessSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description="Address every demo process listens on.")
    port: int = Field(8080, ge=1, le=65535, description="Port of the Master (web UI and API).")
    sim_port: int = Field(6443, ge=1, le=65535, description="Port of the simulated cluster.")
    agent_port: int = Field(8081, ge=1, le=65535, description="Port of the Agent's /healthz.")
    data_dir: Path | None = Field(
        None, description="Where the demo keeps its data; default: a fresh temporary directory."
    )
    admin_password: SecretStr | None = Field(
        None, min_length=8, description="Admin password; generated when unset."
    )


def run(settings: DemoSettings) -> None:
    from atlhyper.demo_runner import run_demo

    run_demo(settings)
