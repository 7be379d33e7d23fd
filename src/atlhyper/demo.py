"""`atlhyper demo`: sim, Master and Agent on loopback with fresh data.

Each part runs as its own process, exactly as in production; the demo only starts them, registers
the simulated cluster through the Master's public API, and stops them all on Ctrl-C.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from atlhyper.config import ProcessSettings

READY_TIMEOUT = 90.0


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
    snapshot_interval: float = Field(
        2.0, gt=0, le=60, description="Seconds between the demo Agent's snapshot pushes."
    )


class DemoFailed(Exception):
    """A demo process died or never became ready."""


class Demo:
    def __init__(self, settings: DemoSettings) -> None:
        self.settings = settings
        self.data_dir = settings.data_dir or Path(tempfile.mkdtemp(prefix="atlhyper-demo-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.logs = self.data_dir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.kubeconfig = self.data_dir / "kubeconfig"
        self.password = (
            settings.admin_password.get_secret_value()
            if settings.admin_password
            else secrets.token_urlsafe(12)
        )
        self.url = f"http://{settings.host}:{settings.port}"
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def _start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        with (self.logs / f"{name}.log").open("ab") as log:
            self.children[name] = subprocess.Popen(
                [sys.executable, "-m", "atlhyper", *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            )

    def check_alive(self) -> None:
        for name, child in self.children.items():
            if child.poll() is not None:
                raise DemoFailed(
                    f"{name} exited with code {child.returncode}; see {self.logs / (name + '.log')}"
                )

    def _wait(self, what: str, ready: object) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            self.check_alive()
            if callable(ready) and ready():
                return
            time.sleep(0.2)
        raise DemoFailed(f"{what} was not ready within {READY_TIMEOUT:.0f}s; logs in {self.logs}")

    def _master_ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def _register_cluster(self) -> str:
        with httpx.Client(base_url=self.url, timeout=10) as client:
            client.post(
                "/api/v3/auth/login", json={"username": "admin", "password": self.password}
            ).raise_for_status()
            created = client.post("/api/v3/clusters", json={"name": "demo"})
            created.raise_for_status()
            token: str = created.json()["token"]
            return token

    def start(self) -> None:
        s = self.settings
        common = ["--log-level", s.log_level, "--log-format", s.log_format]
        self._start(
            "sim",
            [
                "sim",
                *common,
                "--host",
                s.host,
                "--port",
                str(s.sim_port),
                "--kubeconfig",
                str(self.kubeconfig),
            ],
        )
        self._start(
            "master",
            [
                "master",
                *common,
                "--host",
                s.host,
                "--port",
                str(s.port),
                "--database-url",
                f"sqlite+aiosqlite:///{self.data_dir / 'master.db'}",
            ],
            env={"MASTER_ADMIN_PASSWORD": self.password},
        )
        self._wait("the simulated cluster", lambda: self.kubeconfig.is_file())
        self._wait("the master", self._master_ready)
        token = self._register_cluster()
        self._start(
            "agent",
            [
                "agent",
                *common,
                "--master-url",
                self.url,
                "--kubeconfig",
                str(self.kubeconfig),
                "--host",
                s.host,
                "--port",
                str(s.agent_port),
                "--snapshot-interval",
                str(s.snapshot_interval),
            ],
            env={"AGENT_TOKEN": token},
        )

    def stop(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in self.children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    def banner(self) -> str:
        return "\n".join(
            [
                "",
                "AtlHyper demo is running.",
                f"  Web UI:      {self.url}/",
                f"  Login:       admin / {self.password}",
                f"  API docs:    {self.url}/api/docs",
                f"  kubectl:     kubectl --kubeconfig {self.kubeconfig} get pods -A",
                f"  Logs:        {self.logs}",
                "Press Ctrl-C to stop.",
                "",
            ]
        )


def run(settings: DemoSettings) -> None:
    demo = Demo(settings)

    def _stop(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        demo.start()
        print(demo.banner(), flush=True)
        while True:
            demo.check_alive()
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("Stopping the demo…", flush=True)
    except (DemoFailed, httpx.HTTPError) as exc:
        print(f"atlhyper demo: {exc}", file=sys.stderr, flush=True)
        demo.stop()
        raise SystemExit(1) from None
    demo.stop()
