"""`atlhyper demo` as `make demo` runs it: every part comes up and talks to the others, the demo's
SLO targets are set, and stopping the demo (or a part failing to start) leaves no process behind.
"""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from tests.conftest import Proc, ProcessFactory, free_port, wait_for

pytestmark = pytest.mark.integration

PASSWORD = "demo-test-password"


def demo_env(data_dir: Path, **ports: int) -> dict[str, str]:
    return {
        "DEMO_DATA_DIR": str(data_dir),
        "DEMO_ADMIN_PASSWORD": PASSWORD,
        **{f"DEMO_{name.upper()}": str(port) for name, port in ports.items()},
    }


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_banner(demo: Proc) -> None:
    def ready() -> bool:
        demo.assert_alive()
        return "Press Ctrl-C to stop." in demo.log_path.read_text(errors="replace")

    wait_for(ready, 180, f"the demo's banner\n{demo.log_tail()}", interval=0.5)


def test_demo_runs_every_part_and_stops_them_all(processes: ProcessFactory, tmp_path: Path) -> None:
    ports = {
        "port": free_port(),
        "sim_port": free_port(),
        "agent_port": free_port(),
        "clickhouse_port": free_port(),
    }
    demo = processes.start("demo", ["demo"], env=demo_env(tmp_path, **ports))
    wait_banner(demo)
    banner = demo.log_path.read_text()
    assert f"admin / {PASSWORD}" in banner
    assert f"http://127.0.0.1:{ports['clickhouse_port']}" in banner

    with httpx.Client(base_url=f"http://127.0.0.1:{ports['port']}", timeout=30) as client:
        client.post(
            "/api/v3/auth/login", json={"username": "admin", "password": PASSWORD}
        ).raise_for_status()

        def online() -> bool:
            demo.assert_alive()
            clusters = client.get("/api/v3/clusters").json()["items"]
            hosts = client.get("/api/v3/hosts").json()["items"]
            return [c["status"] for c in clusters] == ["online"] and sorted(
                (h["name"], h["status"]) for h in hosts
            ) == [("demo-host", "online"), ("demo/worker-1", "online")]

        # The cluster pushes snapshots; both collectors (host mode, and cluster mode through
        # the Agent as the node worker-1) deliver samples.
        wait_for(online, 60, "the demo cluster and both hosts online", interval=1)
        (cluster,) = client.get("/api/v3/clusters").json()["items"]
        assert cluster["name"] == "demo" and cluster["podCount"] > 0

        # The SLO page reads the sim's ClickHouse through the Agent; the demo set its targets.
        items = client.get(f"/api/v3/clusters/{cluster['id']}/slo").json()["items"]
        targets = {(i["kind"], i["name"]): i["target"] for i in items}
        assert targets[("ingress", "shop-web-80@kubernetes")]["availability"] == 0.975
        assert targets[("service", "shop/checkout")]["availability"] == 0.9
        assert targets[("service", "shop/checkout")]["custom"]
        assert not targets[("service", "payments/payments-api")]["custom"]

    assert demo.stop(timeout=30) == 0
    assert "Stopping the demo" in demo.log_path.read_text()
    assert not [name for name, port in ports.items() if listening(port)]


def test_a_part_that_fails_to_start_stops_the_demo_and_the_rest(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    ports = {"port": free_port(), "sim_port": free_port(), "clickhouse_port": 0}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", ports["port"]))
        taken.listen()
        demo = processes.start("demo", ["demo"], env=demo_env(tmp_path, **ports))
        wait_for(lambda: demo.popen.poll() is not None, 120, "the demo to give up", interval=0.5)
    assert demo.popen.returncode == 1
    log = demo.log_path.read_text()
    assert "atlhyper demo: master exited with code" in log and "Traceback" not in log
    assert not listening(ports["sim_port"])
