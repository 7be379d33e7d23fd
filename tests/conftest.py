"""Fixtures that start real AtlHyper processes on loopback, shared by every test package.

Each process runs as `python -m atlhyper …` in its own OS process, logs to a file under the test's
temporary directory, and is stopped (SIGTERM, then SIGKILL) when the fixture ends. A process that
dies or never gets ready fails the test with the tail of its log.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import yaml

from tests.postgres import PostgresServer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="Database every Master under test uses (postgres starts a private server).",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    """Poll `check` until it is true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class Proc:
    """One running `atlhyper` sub-command."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def assert_alive(self) -> None:
        if self.popen.poll() is not None:
            pytest.fail(
                f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}",
                pytrace=False,
            )

    def stop(self, timeout: float = 10) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        return self.popen.returncode


@dataclass
class ProcessFactory:
    """Starts `atlhyper` sub-commands and stops them all at the end."""

    log_dir: Path
    procs: list[Proc] = field(default_factory=list)

    def start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> Proc:
        log_path = self.log_dir / f"{name}-{len(self.procs)}.log"
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                [sys.executable, "-m", "atlhyper", *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=full_env,
                start_new_session=True,
            )
        proc = Proc(name, popen, log_path)
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()


@dataclass
class DatabaseFactory:
    """Hands each Master a database of the session's kind; a directory always maps to one."""

    postgres: PostgresServer | None
    _urls: dict[Path, str] = field(default_factory=dict)

    def url_for(self, directory: Path) -> str:
        if directory not in self._urls:
            self._urls[directory] = (
                self.postgres.create_database()
                if self.postgres
                else f"sqlite+aiosqlite:///{directory / 'master.db'}"
            )
        return self._urls[directory]


_databases: DatabaseFactory | None = None


@pytest.fixture(scope="session", autouse=True)
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DatabaseFactory]:
    global _databases
    server = None
    if request.config.getoption("--database") == "postgres":
        server = PostgresServer(free_port())
        server.start()
    _databases = DatabaseFactory(server)
    yield _databases
    if server:
        server.stop()


@pytest.fixture(scope="session")
def processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProcessFactory]:
    factory = ProcessFactory(tmp_path_factory.mktemp("logs"))
    yield factory
    factory.stop_all()


def wait_http_ok(proc: Proc, url: str, timeout: float = 30, **kwargs: object) -> None:
    def ready() -> bool:
        proc.assert_alive()
        try:
            return httpx.get(url, timeout=2, **kwargs).status_code == 200  # type: ignore[arg-type]
        except httpx.HTTPError:
            return False

    wait_for(ready, timeout, f"{proc.name} at {url}\n{proc.log_tail()}")


@dataclass
class SimCluster:
    proc: Proc
    kubeconfig: Path

    @property
    def config(self) -> dict[str, object]:
        loaded: dict[str, object] = yaml.safe_load(self.kubeconfig.read_text())
        return loaded


def start_sim(processes: ProcessFactory, directory: Path, *extra: str) -> SimCluster:
    kubeconfig = directory / "kubeconfig"
    proc = processes.start("sim", ["sim", "--port", "0", "--kubeconfig", str(kubeconfig), *extra])

    def written() -> bool:
        proc.assert_alive()
        return kubeconfig.exists() and kubeconfig.stat().st_size > 0

    wait_for(written, 60, f"the sim's kubeconfig\n{proc.log_tail()}")
    return SimCluster(proc, kubeconfig)


@pytest.fixture(scope="session")
def sim(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> SimCluster:
    return start_sim(processes, tmp_path_factory.mktemp("sim"))


#: The password of the sims' ClickHouse; its quote checks that it reaches the server as given.
CLICKHOUSE_PASSWORD = "it-pass'word"


@dataclass
class OtelSim:
    """A sim that also serves ClickHouse (chdb) on `port`, with generated OTel data arriving."""

    sim: SimCluster
    port: int

    def agent_flags(self) -> tuple[str, ...]:
        """The flags that make an Agent read this ClickHouse."""
        return (
            "--clickhouse-endpoint",
            f"http://127.0.0.1:{self.port}",
            "--clickhouse-user",
            "atlhyper",
            "--clickhouse-password",
            CLICKHOUSE_PASSWORD,
        )


def start_otel_sim(processes: ProcessFactory, directory: Path, *extra: str) -> OtelSim:
    port = free_port()
    sim = start_sim(
        processes,
        directory,
        "--clickhouse-port",
        str(port),
        "--clickhouse-dir",
        str(directory / "clickhouse"),
        "--clickhouse-password",
        CLICKHOUSE_PASSWORD,
        "--otel-interval",
        "1",
        *extra,
    )
    return OtelSim(sim, port)


@pytest.fixture(scope="session")
def otel_sim(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> OtelSim:
    """A sim with a quarter of an hour of OTel data behind it and 5 new traces a second."""
    return start_otel_sim(
        processes,
        tmp_path_factory.mktemp("otel-sim"),
        "--otel-traces-per-second",
        "5",
        "--otel-backfill-hours",
        "0.25",
    )


@dataclass
class Master:
    proc: Proc
    url: str
    admin_password: str

    def login(self, username: str = "admin", password: str | None = None) -> httpx.Client:
        """A fresh client holding a session cookie (usable in a `with` block)."""
        response = httpx.post(
            f"{self.url}/api/v3/auth/login",
            json={"username": username, "password": password or self.admin_password},
            timeout=10,
        )
        response.raise_for_status()
        return httpx.Client(base_url=self.url, timeout=10, cookies=response.cookies)


def start_master(
    processes: ProcessFactory,
    directory: Path,
    port: int | None = None,
    password: str | None = None,
    env: dict[str, str] | None = None,
) -> Master:
    """Start a Master on `directory`'s SQLite database (reusing it restarts the same Master)."""
    port = port or free_port()
    password = password or secrets.token_urlsafe(12)
    proc = processes.start(
        "master",
        [
            "master",
            "--port",
            str(port),
            "--database-url",
            (_databases or DatabaseFactory(None)).url_for(directory),
        ],
        env={"MASTER_ADMIN_PASSWORD": password, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    wait_http_ok(proc, f"{url}/healthz")
    return Master(proc, url, password)


@pytest.fixture(scope="session")
def master(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> Master:
    """The shared Master; its 32 MiB body limit lets the tests send bombs larger than that."""
    return start_master(
        processes,
        tmp_path_factory.mktemp("master"),
        env={"MASTER_MAX_BODY_BYTES": str(32 * 1024 * 1024)},
    )


@dataclass
class ConnectedCluster:
    """A sim cluster whose Agent pushes to the Master."""

    id: str
    name: str
    token: str
    sim: SimCluster
    agent: Proc


def connect_cluster(
    processes: ProcessFactory, master: Master, sim: SimCluster, name: str
) -> ConnectedCluster:
    with master.login() as admin:
        created = admin.post("/api/v3/clusters", json={"name": name})
        created.raise_for_status()
        body = created.json()
    agent_port = free_port()
    agent = processes.start(
        "agent",
        [
            "agent",
            "--master-url",
            master.url,
            "--kubeconfig",
            str(sim.kubeconfig),
            "--port",
            str(agent_port),
            "--snapshot-interval",
            "0.5",
        ],
        env={"AGENT_TOKEN": body["token"]},
    )
    wait_http_ok(agent, f"http://127.0.0.1:{agent_port}/healthz")
    return ConnectedCluster(body["id"], name, body["token"], sim, agent)


@pytest.fixture(scope="session")
def cluster(processes: ProcessFactory, master: Master, sim: SimCluster) -> ConnectedCluster:
    return connect_cluster(processes, master, sim, "it-cluster")


@dataclass
class Agent:
    """An Agent process and the URL of its /healthz and /metrics."""

    proc: Proc
    url: str

    def metric(self, name: str, **labels: str) -> float:
        """One sample of the Agent's Prometheus metrics (0 when it has not been recorded yet)."""
        for line in httpx.get(f"{self.url}/metrics", timeout=5).text.splitlines():
            series, _, value = line.rpartition(" ")
            metric, _, label_text = series.partition("{")
            found = dict(re.findall(r'(\w+)="([^"]*)"', label_text))
            if metric == name and found == labels:
                return float(value)
        return 0.0


def start_agent(
    processes: ProcessFactory, master: Master, sim: SimCluster, token: str, *extra: str
) -> Agent:
    """Start an Agent for `sim` pushing to `master` with `token`; `extra` are more CLI flags."""
    port = free_port()
    proc = processes.start(
        "agent",
        [
            "agent",
            "--master-url",
            master.url,
            "--kubeconfig",
            str(sim.kubeconfig),
            "--port",
            str(port),
            *extra,
        ],
        env={"AGENT_TOKEN": token},
    )
    url = f"http://127.0.0.1:{port}"
    wait_http_ok(proc, f"{url}/healthz")
    return Agent(proc, url)


#: Flags for a sim whose simulated time runs 20x faster (backoffs, probes, run times) and whose
#: pods start and stop in a fraction of a second, with every scenario that leaves nodes alone.
FAST_SIM_FLAGS = (
    "--time-scale",
    "0.05",
    "--pod-start-seconds",
    "0.3",
    "--pod-stop-seconds",
    "0.3",
    "--hpa-seconds",
    "2",
    "--scenario",
    "crashloop,oom,imagepull,unschedulable,pvc-pending,probe-failures",
)


@pytest.fixture(scope="session")
def fast_sim(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> SimCluster:
    """A demo sim with fast simulated time and most failure scenarios, for fidelity tests."""
    return start_sim(processes, tmp_path_factory.mktemp("fast-sim"), *FAST_SIM_FLAGS)


@dataclass
class CollectorProc:
    """A host metrics collector process logging JSON lines, and its spool directory."""

    proc: Proc
    spool: Path

    def events(self) -> list[dict[str, object]]:
        lines = self.proc.log_path.read_text(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def stop(self) -> None:
        assert self.proc.stop(timeout=20) == 0, self.proc.log_tail()

    def samples_taken(self) -> int:
        """How many samples it took in all (known once it has stopped)."""
        (stopped,) = [e for e in self.events() if e["event"] == "collector stopped"]
        return int(str(stopped["samples_taken"]))


def start_collector(
    processes: ProcessFactory,
    endpoint: str,
    token: str,
    spool: Path,
    *extra: str,
    mode: str = "host",
    node_name: str = "node-a",
    interval: float = 0.25,
) -> CollectorProc:
    """A collector sampling every `interval` s in batches of at most 4 (or every 0.75 s)."""
    proc = processes.start(
        "collector",
        [
            "collector",
            "--mode",
            mode,
            "--endpoint",
            endpoint,
            "--metrics-collect-interval-seconds",
            str(interval),
            "--metrics-upload-batch-max-size",
            "4",
            "--metrics-upload-interval-seconds",
            str(3 * interval),
            "--upload-retry-max-seconds",
            "0.5",
            "--spool-dir",
            str(spool),
            "--port",
            "0",
            "--log-format",
            "json",
            *extra,
        ],
        env={"COLLECTOR_TOKEN": token, "NODE_NAME": node_name},
    )
    collector = CollectorProc(proc, spool)

    def started() -> bool:
        proc.assert_alive()
        return "collector started" in proc.log_path.read_text(errors="replace")

    wait_for(started, 60, f"the collector to start\n{proc.log_tail()}")
    return collector
