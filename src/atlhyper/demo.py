"""`atlhyper demo`: sim, Master, Agent and a host collector on loopback with fresh data.

Each part runs as its own process, exactly as in production; the demo only starts them, registers
the simulated cluster and this machine (as a host-mode host) through the Master's public API, and
stops them all on Ctrl-C.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from atlhyper.config import ProcessSettings

READY_TIMEOUT = 90.0
#: The demo's collectors sample and upload every 2 s, so the host page moves while one watches.
COLLECTOR_SECONDS = "2"
#: The demo Agent refreshes its OTel summary every 30 s (not 5 min), so the APM map, SLOs and
#: node hardware move while one watches.
OTEL_REFRESH_SECONDS = "30"
#: The simulated node whose host metrics the second, cluster-mode collector reports.
DEMO_NODE = "worker-1"

#: SLO targets the demo sets through the API. The generator's error rates (each service's own,
#: plus what fails below it) put every item under the 99.9 % default; with these targets the SLO
#: page shows objectives met with budget to spare next to the two payments workloads, which keep
#: the default and show as breached.
DEMO_SLO_TARGETS: tuple[dict[str, str | float], ...] = tuple(
    {
        "kind": kind,
        "name": name,
        "availability": availability,
        "latencyMs": 500,
        "latencyObjective": 0.99,
    }
    for kind, name, availability in (
        ("ingress", "shop-web-80@kubernetes", 0.975),  # ~98.4 % in the sim
        ("service", "shop/web", 0.975),  # ~98.4 %
        ("service", "shop/catalog", 0.98),  # ~99.0 %
        ("service", "shop/cart", 0.99),  # ~99.8 %
        ("service", "shop/checkout", 0.9),  # ~93.7 %
    )
)


class DemoSettings(ProcessSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_", extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description="Address every demo process listens on.")
    port: int = Field(8080, ge=1, le=65535, description="Port of the Master (web UI and API).")
    sim_port: int = Field(6443, ge=1, le=65535, description="Port of the simulated cluster.")
    agent_port: int = Field(8081, ge=1, le=65535, description="Port of the Agent's /healthz.")
    clickhouse_port: int = Field(
        8123,
        ge=0,
        le=65535,
        description="Port of the sim's ClickHouse with generated OTel data (0: no ClickHouse).",
    )
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
        self.clickhouse_url = f"http://{settings.host}:{settings.clickhouse_port}"
        self.clickhouse_password = secrets.token_urlsafe(12)
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

    @contextmanager
    def _admin(self) -> Iterator[httpx.Client]:
        """An API client logged in as admin."""
        with httpx.Client(base_url=self.url, timeout=10) as client:
            client.post(
                "/api/v3/auth/login", json={"username": "admin", "password": self.password}
            ).raise_for_status()
            yield client

    def _register(self, path: str, name: str) -> tuple[str, str]:
        """Create a cluster or a host through the API as admin; returns its id and token."""
        with self._admin() as client:
            created = client.post(path, json={"name": name})
            created.raise_for_status()
            body: dict[str, str] = created.json()
            return body["id"], body["token"]

    def _set_slo_targets(self, cluster: str) -> None:
        with self._admin() as client:
            for target in DEMO_SLO_TARGETS:
                client.put(
                    f"/api/v3/clusters/{cluster}/slo/targets", json=target
                ).raise_for_status()

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
                *self._clickhouse_args(),
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
        cluster, token = self._register("/api/v3/clusters", "demo")
        if s.clickhouse_port:
            self._set_slo_targets(cluster)
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
            env={"AGENT_TOKEN": token, **self._clickhouse_env()},
        )
        self._start_collector(
            "collector", "host", self.url, self._register("/api/v3/hosts", "demo-host")[1]
        )
        # A second collector stands in for the node exporter of one simulated node: it sends
        # through the Agent, so the Node page and its host page link to each other.
        self._start_collector(
            "collector-node",
            "cluster",
            f"http://{s.host}:{s.agent_port}",
            token,
            node_name=DEMO_NODE,
        )

    def _start_collector(
        self, name: str, mode: str, endpoint: str, token: str, node_name: str | None = None
    ) -> None:
        self._start(
            name,
            [
                "collector",
                "--log-level",
                self.settings.log_level,
                "--log-format",
                self.settings.log_format,
                "--mode",
                mode,
                "--endpoint",
                endpoint,
                "--metrics-collect-interval-seconds",
                COLLECTOR_SECONDS,
                "--metrics-upload-interval-seconds",
                COLLECTOR_SECONDS,
                "--spool-dir",
                str(self.data_dir / name),
                "--port",
                "0",
                *(["--node-name", node_name] if node_name else []),
            ],
            env={"COLLECTOR_TOKEN": token},
        )

    def _clickhouse_args(self) -> list[str]:
        """The sim serves ClickHouse (chdb) with an hour of generated OTel history."""
        if not self.settings.clickhouse_port:
            return []
        return [
            "--clickhouse-port",
            str(self.settings.clickhouse_port),
            "--clickhouse-dir",
            str(self.data_dir / "clickhouse"),
            "--clickhouse-password",
            self.clickhouse_password,
            "--otel-backfill-hours",
            "1",
        ]

    def _clickhouse_env(self) -> dict[str, str]:
        if not self.settings.clickhouse_port:
            return {}
        return {
            "AGENT_CLICKHOUSE_ENDPOINT": self.clickhouse_url,
            "AGENT_CLICKHOUSE_USER": "atlhyper",
            "AGENT_CLICKHOUSE_PASSWORD": self.clickhouse_password,
            "AGENT_OTEL_REFRESH_SECONDS": OTEL_REFRESH_SECONDS,
        }

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
                f"  Hosts:       {self.url}/hosts (this machine, as demo-host and as node"
                f" {DEMO_NODE})",
                f"  kubectl:     kubectl --kubeconfig {self.kubeconfig} get pods -A",
                *(
                    [
                        f"  ClickHouse:  {self.clickhouse_url} (user atlhyper, password "
                        f"{self.clickhouse_password}, database otel)"
                    ]
                    if self.settings.clickhouse_port
                    else []
                ),
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
        raise SystemExit(1) from None
    finally:
        # Whatever stops the demo, none of its processes outlives it.
        demo.stop()
