"""Hosts on a real Master: registry and roles, batch ingest in host mode and through an Agent's
cluster token, bad batches, and the latest, breakdown, timeseries and seed `/api/vps` reads
against batches whose aggregates are known."""

from __future__ import annotations

import gzip
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
import zstandard

from atlhyper.model.hosts import Filesystem, HostBatch, HostInfo, HostSample
from tests.conftest import Master, ProcessFactory, start_master, wait_for

pytestmark = pytest.mark.integration


def encode(batch: HostBatch, encoding: str = "zstd") -> tuple[bytes, dict[str, str]]:
    raw = msgspec.json.encode(batch)
    body = zstandard.ZstdCompressor().compress(raw) if encoding == "zstd" else gzip.compress(raw)
    return body, {"Content-Encoding": encoding, "Content-Type": "application/json"}


def post_batch(
    master: Master, token: str, batch: HostBatch, path: str = "/api/v3/hosts/ingest"
) -> httpx.Response:
    body, headers = encode(batch)
    return httpx.post(
        master.url + path,
        content=body,
        headers={**headers, "Authorization": f"Bearer {token}"},
        timeout=10,
    )


def minute_ago(minutes: int) -> datetime:
    now = int(time.time())
    return datetime.fromtimestamp(now - now % 60 - 60 * minutes, UTC)


def samples(start: datetime, cpus: list[float], every: float = 10.0) -> list[HostSample]:
    return [
        HostSample(
            time=start + timedelta(seconds=every * i),
            cpu_percent=cpu,
            memory_used_bytes=1_000_000 * (i + 1),
            memory_total_bytes=16_000_000,
            net_rx_bps=100.0 * i,
            filesystems=[
                Filesystem(
                    mountpoint="/",
                    device="/dev/vda1",
                    fstype="ext4",
                    total_bytes=1000,
                    used_bytes=250,
                    free_bytes=750,
                )
            ],
        )
        for i, cpu in enumerate(cpus)
    ]


def batch(
    *taken: HostSample, seq: int = 1, hostname: str = "vps-1", node_name: str = ""
) -> HostBatch:
    return HostBatch(
        host=HostInfo(
            hostname=hostname, node_name=node_name, os="Debian 12", kernel="6.1.0", cpu_count=2
        ),
        seq=seq,
        samples=list(taken),
    )


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        yield client


@pytest.fixture(scope="module")
def viewer(master: Master, admin: httpx.Client) -> Iterator[httpx.Client]:
    created = admin.post(
        "/api/v3/users",
        json={"username": "hosts-viewer", "password": "viewer-password-1", "role": "viewer"},
    )
    assert created.status_code in (201, 409), created.text
    with master.login("hosts-viewer", "viewer-password-1") as client:
        yield client


def new_host(admin: httpx.Client) -> tuple[str, str]:
    created = admin.post("/api/v3/hosts", json={"name": f"vps-{secrets.token_hex(4)}"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["token"].startswith("ahh_")
    return body["id"], body["token"]


def test_only_admins_register_hosts_and_it_is_audited(
    master: Master, admin: httpx.Client, viewer: httpx.Client
) -> None:
    refused = viewer.post("/api/v3/hosts", json={"name": "nope"})
    assert refused.status_code == 403
    host_id, _ = new_host(admin)
    assert admin.post("/api/v3/hosts", json={"name": "Not A Name"}).status_code == 422
    audit = admin.get("/api/v3/audit", params={"action": "host.create"}).json()
    assert any(entry["target"] == f"host/{host_id}" for entry in audit["items"])
    listed = viewer.get("/api/v3/hosts").json()
    (item,) = [i for i in listed["items"] if i["id"] == host_id]
    assert (item["status"], item["mode"], item["cpuPercent"]) == ("pending", "host", None)


def test_a_batch_is_stored_once_and_reads_give_known_aggregates(
    master: Master, admin: httpx.Client, viewer: httpx.Client
) -> None:
    host_id, token = new_host(admin)
    start = minute_ago(10)
    cpus = [10, 20, 30, 40, 50, 60, 5, 15, 25, 35, 45, 95]  # two minutes, one sample every 10 s
    taken = samples(start, cpus)
    answer = post_batch(master, token, batch(*taken))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"accepted": 12, "duplicates": 0}
    again = post_batch(master, token, batch(*taken[6:], *samples(start + timedelta(hours=1), [])))
    assert again.json() == {"accepted": 0, "duplicates": 6}

    series = viewer.get(
        f"/api/v3/hosts/{host_id}/timeseries",
        params={
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=2)).isoformat(),
            "interval": 60,
            "metrics": "cpuPercent,memoryUsedBytes",
        },
    )
    assert series.status_code == 200, series.text
    body = series.json()
    assert body["interval"] == 60
    cpu, memory = body["series"]
    assert (cpu["metric"], cpu["unit"], memory["metric"]) == (
        "cpuPercent",
        "percent",
        "memoryUsedBytes",
    )
    t0 = int(start.timestamp())
    assert cpu["points"] == [
        {"t": t0, "avg": 35.0, "max": 60.0, "count": 6},
        {"t": t0 + 60, "avg": 36.666666666666664, "max": 95.0, "count": 6},
    ]
    assert memory["points"][0]["avg"] == 3_500_000 and memory["points"][1]["max"] == 12_000_000

    latest = viewer.get(f"/api/v3/hosts/{host_id}/latest").json()
    assert latest["sample"]["cpuPercent"] == 95
    assert latest["sample"]["time"].startswith(
        (start + timedelta(seconds=110)).strftime("%Y-%m-%dT%H:%M:%S")
    )
    detail = viewer.get(f"/api/v3/hosts/{host_id}/breakdown").json()
    assert detail["filesystems"][0]["usedPercent"] == 25.0
    assert detail["memory"]["percent"] == 75.0
    earlier = viewer.get(
        f"/api/v3/hosts/{host_id}/breakdown",
        params={"at": (start + timedelta(seconds=15)).isoformat()},
    ).json()
    assert earlier["cpu"]["percent"] == 20

    (item,) = [i for i in viewer.get("/api/v3/hosts").json()["items"] if i["id"] == host_id]
    assert (item["hostname"], item["os"], item["cpuCount"]) == ("vps-1", "Debian 12", 2)
    assert item["cpuPercent"] == 95 and item["memoryPercent"] == 75.0
    assert item["status"] == "offline"  # the newest sample is 8 minutes old

    seed = viewer.get(f"/api/vps/{host_id}/metrics/latest").json()
    assert seed["vps_id"] == host_id
    assert (seed["cpu_usage"], seed["memory_used"], seed["memory_total"]) == (
        95,
        12_000_000,
        16_000_000,
    )
    points = viewer.get(
        f"/api/vps/{host_id}/metrics/timeseries",
        params={
            "start_time": start.isoformat(),
            "end_time": str(int(start.timestamp()) + 120),
            "interval": "1m",
        },
    ).json()
    assert points["interval"] == 60
    assert [p["cpu_usage"] for p in points["points"]] == [35.0, 36.666666666666664]
    assert points["points"][1]["network_rx_bps"] == 850.0


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"start": "2025-01-02T00:00:00Z", "end": "2025-01-01T00:00:00Z"}, "end must be after"),
        ({"start": "2024-01-01T00:00:00Z", "end": "2025-01-01T00:00:00Z"}, "90 days"),
        ({"metrics": "cpuPercent,bogus"}, "unknown metric 'bogus'"),
        ({"interval": 0}, "interval must be at least 1"),
        ({"interval": 1, "range": "90d"}, "interval of 1 s"),
        ({"start": "yesterday"}, "start must be an RFC 3339 time"),
        ({"range": "2h"}, "range must be one of"),
    ],
)
def test_bad_timeseries_parameters_are_400_naming_them(
    admin: httpx.Client, params: dict[str, Any], named: str
) -> None:
    host_id, _ = new_host(admin)
    answer = admin.get(f"/api/v3/hosts/{host_id}/timeseries", params=params)
    assert answer.status_code == 400, answer.text
    assert named in answer.json()["error"]["message"]


def test_bad_batches_are_refused_with_a_4xx_naming_the_problem(
    master: Master, admin: httpx.Client
) -> None:
    host_id, token = new_host(admin)
    url = f"{master.url}/api/v3/hosts/ingest"
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    good = msgspec.json.encode(batch(*samples(minute_ago(5), [1.5])))

    def post(body: bytes, **headers: str) -> httpx.Response:
        return httpx.post(url, content=body, headers={**auth, **headers}, timeout=30)

    wrong = post(good.replace(b'"cpuPercent":1.5', b'"cpuPercent":"busy"'))
    assert wrong.status_code == 400
    assert "$.samples[0].cpuPercent" in wrong.json()["error"]["message"]
    future = post(msgspec.json.encode(batch(*samples(datetime.now(UTC) + timedelta(hours=1), [1]))))
    assert future.status_code == 400
    assert "samples[0].time" in future.json()["error"]["message"]
    assert post(b"{not json").status_code == 400
    assert (
        post(msgspec.json.encode({"host": {"hostname": "x"}, "seq": 1, "samples": []})).status_code
        == 400
    )
    assert post(good, **{"Content-Encoding": "br"}).status_code == 415
    bomb = gzip.compress(b"[" + b" " * (80 * 1024 * 1024) + b"]")
    assert post(bomb, **{"Content-Encoding": "gzip"}).status_code == 413
    stored = admin.get(f"/api/v3/hosts/{host_id}")
    assert stored.json()["status"] == "pending"  # nothing of the above was stored

    nobody = httpx.post(url, content=good, headers={"Authorization": "Bearer ahh_wrong"})
    assert nobody.status_code == 401 and "host token" in nobody.json()["error"]["message"]
    assert post(good).status_code == 200


def test_rotated_revoked_and_deleted_hosts(master: Master, admin: httpx.Client) -> None:
    host_id, token = new_host(admin)
    assert post_batch(master, token, batch(*samples(minute_ago(3), [1]))).status_code == 200
    rotated = admin.post(f"/api/v3/hosts/{host_id}/token", json={})
    assert rotated.status_code == 200
    new_token = rotated.json()["token"]
    assert post_batch(master, token, batch(*samples(minute_ago(2), [1]))).status_code == 401
    assert post_batch(master, new_token, batch(*samples(minute_ago(2), [1]))).status_code == 200
    assert admin.delete(f"/api/v3/hosts/{host_id}/token").status_code == 204
    assert post_batch(master, new_token, batch(*samples(minute_ago(1), [1]))).status_code == 401
    assert admin.delete(f"/api/v3/hosts/{host_id}").status_code == 204
    assert admin.get(f"/api/v3/hosts/{host_id}").status_code == 404
    assert admin.get(f"/api/v3/hosts/{host_id}/timeseries").status_code == 404


def test_an_agents_forward_registers_the_node_as_a_host(
    master: Master, admin: httpx.Client, viewer: httpx.Client
) -> None:
    name = f"hosts-{secrets.token_hex(3)}"
    created = admin.post("/api/v3/clusters", json={"name": name}).json()
    forwarded = batch(*samples(minute_ago(4), [7, 8]), hostname="ip-10-0-0-7", node_name="worker-7")
    answer = post_batch(master, created["token"], forwarded, path="/agent/hosts")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"accepted": 2, "duplicates": 0}
    assert post_batch(master, "ahh_nope", forwarded, path="/agent/hosts").status_code == 401

    found = viewer.get("/api/v3/hosts", params={"cluster": created["id"], "node": "worker-7"})
    (item,) = found.json()["items"]
    assert (item["mode"], item["name"], item["clusterName"], item["nodeName"]) == (
        "cluster",
        f"{name}/worker-7",
        name,
        "worker-7",
    )
    again = post_batch(master, created["token"], forwarded, path="/agent/hosts")
    assert again.json() == {"accepted": 0, "duplicates": 2}
    assert len(viewer.get("/api/v3/hosts", params={"cluster": created["id"]}).json()["items"]) == 1
    refused = admin.post(f"/api/v3/hosts/{item['id']}/token", json={})
    assert refused.status_code == 409 and "cluster" in refused.json()["error"]["message"]


def test_old_samples_are_rolled_up_without_changing_the_aggregates(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    rolling = start_master(
        processes,
        tmp_path,
        env={
            "MASTER_HOST_RAW_RETENTION": "5m",
            "MASTER_HOST_MINUTE_RETENTION": "2h",
            "MASTER_HOST_ROLLUP_SECONDS": "0.5",
        },
    )
    with rolling.login() as admin:
        host_id, token = new_host(admin)
        hour = int(time.time()) // 3600 * 3600
        start = datetime.fromtimestamp(hour - 3 * 3600, UTC)  # on the hour: whole hour rows
        taken = [*samples(start, [10, 20, 30, 40, 50, 60]), *samples(minute_ago(10), [1, 2, 3])]
        assert post_batch(rolling, token, batch(*taken)).status_code == 200
        window = {
            "start": start.isoformat(),
            "end": minute_ago(0).isoformat(),
            "interval": 3600,
            "metrics": "cpuPercent",
        }

        def folded() -> bool:
            at = {"at": (start + timedelta(seconds=30)).isoformat()}
            return admin.get(f"/api/v3/hosts/{host_id}/breakdown", params=at).status_code == 404

        wait_for(folded, 30, "samples older than 5 minutes to be rolled up")
        (cpu,) = admin.get(f"/api/v3/hosts/{host_id}/timeseries", params=window).json()["series"]
        count = sum(p["count"] for p in cpu["points"])
        average = sum(p["avg"] * p["count"] for p in cpu["points"]) / count
        assert (average, max(p["max"] for p in cpu["points"]), count) == (24.0, 60.0, 9)
        # The newest sample is still there as taken.
        assert admin.get(f"/api/v3/hosts/{host_id}/latest").json()["sample"]["cpuPercent"] == 3
