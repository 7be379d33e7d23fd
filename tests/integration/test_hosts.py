"""Host metrics end to end with real processes: a collector in host mode sending to the Master,
and one in cluster mode sending through the Agent. The Master is stopped for a while in both:
the collector keeps its batches, and once the Master is back every sample it took is stored once.

"No sample lost, none twice" is checked exactly: the collector logs how many samples it took,
and the per-second buckets of the Master's timeseries must count that many.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import msgspec
import pytest

from atlhyper.model.hosts import HostBatch, HostInfo, HostSample
from tests.conftest import (
    CollectorProc,
    Master,
    ProcessFactory,
    SimCluster,
    free_port,
    start_agent,
    start_collector,
    start_master,
    wait_for,
)

pytestmark = pytest.mark.integration


def stored(client: httpx.Client, host_id: str, since: datetime) -> list[dict[str, int]]:
    """Per-second buckets (t, count) of the host's samples since `since`, oldest first."""
    answer = client.get(
        f"/api/v3/hosts/{host_id}/timeseries",
        params={
            "start": since.isoformat(),
            "end": (datetime.now(UTC) + timedelta(minutes=1)).isoformat(),
            "interval": 1,
            "metrics": "memoryUsedBytes",
        },
    )
    answer.raise_for_status()
    (memory,) = answer.json()["series"]
    return [{"t": p["t"], "count": p["count"]} for p in memory["points"]]


def spooled(spool: Path) -> int:
    return len(list((spool / "batches").glob("*.json.*")))


def restart_master_while_sampling(
    processes: ProcessFactory, master: Master, directory: Path, collector: CollectorProc
) -> Master:
    """Stop the Master until the collector has spooled a few batches, then start it again."""
    port = int(master.url.rsplit(":", 1)[1])
    master.proc.stop()
    wait_for(lambda: spooled(collector.spool) >= 3, 30, "batches to wait in the spool")
    again = start_master(processes, directory, port=port, password=master.admin_password)
    wait_for(lambda: spooled(collector.spool) == 0, 60, "the spool to drain")
    return again


def assert_every_sample_once(buckets: list[dict[str, int]], collector: CollectorProc) -> None:
    times = [b["t"] for b in buckets]
    assert times == sorted(set(times))
    assert sum(b["count"] for b in buckets) == collector.samples_taken()
    assert max(b["count"] for b in buckets) <= 5  # one sample every 0.25 s, each once


def test_host_mode_collector_to_master_across_a_master_restart(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    master = start_master(processes, tmp_path / "master", port=free_port())
    with master.login() as admin:
        created = admin.post("/api/v3/hosts", json={"name": "it-vps"}).json()
    host_id = created["id"]
    collector = start_collector(processes, master.url, created["token"], tmp_path / "spool")
    with master.login() as client:
        wait_for(lambda: len(stored(client, host_id, since)) >= 3, 30, "samples at the Master")

    master = restart_master_while_sampling(processes, master, tmp_path / "master", collector)
    collector.stop()  # the partial batch is flushed and sent on the way out

    with master.login() as client:
        assert_every_sample_once(stored(client, host_id, since), collector)
        (item,) = [i for i in client.get("/api/v3/hosts").json()["items"] if i["id"] == host_id]
        assert item["mode"] == "host" and item["status"] == "online"
        assert item["hostname"] and item["collectorVersion"] and item["memoryTotalBytes"] > 0
        detail = client.get(f"/api/v3/hosts/{host_id}/breakdown").json()
        assert detail["memory"]["totalBytes"] == item["memoryTotalBytes"]
        assert detail["filesystems"], "the machine's root filesystem at least"
        seed = client.get(f"/api/vps/{host_id}/metrics/latest").json()
        assert seed["memory_total"] == item["memoryTotalBytes"]


def test_cluster_mode_collector_through_the_agent_across_a_master_restart(
    processes: ProcessFactory, tmp_path: Path, sim: SimCluster
) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    master = start_master(processes, tmp_path / "master", port=free_port())
    with master.login() as admin:
        cluster = admin.post("/api/v3/clusters", json={"name": "it-hosts"}).json()
    agent = start_agent(processes, master, sim, cluster["token"])

    ingest = f"{agent.url}/agent/hosts"
    batch = HostBatch(
        host=HostInfo(hostname="x"), seq=1, samples=[HostSample(time=datetime.now(UTC))]
    )
    anonymous = httpx.post(ingest, content=msgspec.json.encode(batch), timeout=10)
    assert anonymous.status_code == 401 and "token" in anonymous.json()["error"]["message"]
    bad = httpx.post(
        ingest,
        content=b'{"host": {"hostname": "x"}, "seq": 0, "samples": []}',
        headers={"Authorization": f"Bearer {cluster['token']}"},
        timeout=10,
    )
    assert bad.status_code == 400 and "HostBatch" in bad.json()["error"]["message"]

    collector = start_collector(
        processes, agent.url, cluster["token"], tmp_path / "spool", mode="cluster"
    )
    with master.login() as client:

        def registered() -> list[dict[str, object]]:
            params = {"cluster": cluster["id"], "node": "node-a"}
            items: list[dict[str, object]] = client.get("/api/v3/hosts", params=params).json()[
                "items"
            ]
            return items

        wait_for(lambda: bool(registered()), 30, "the node's host to register")
        host_id = str(registered()[0]["id"])
        wait_for(lambda: len(stored(client, host_id, since)) >= 3, 30, "samples at the Master")

    master = restart_master_while_sampling(processes, master, tmp_path / "master", collector)
    assert agent.metric("atlhyper_agent_host_batches_total", result="master_unavailable") > 0
    collector.stop()

    with master.login() as client:
        assert_every_sample_once(stored(client, host_id, since), collector)
        (item,) = client.get("/api/v3/hosts", params={"cluster": cluster["id"]}).json()["items"]
        assert (item["mode"], item["clusterName"], item["nodeName"]) == (
            "cluster",
            "it-hosts",
            "node-a",
        )
    assert agent.metric("atlhyper_agent_host_batches_total", result="forwarded") > 0
