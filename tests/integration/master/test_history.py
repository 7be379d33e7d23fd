"""History against real Master processes: the event archive and node/pod usage over time."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine

from atlhyper.master.db.tables import UsageSample
from tests.conftest import DatabaseFactory, Master, ProcessFactory, start_master, wait_for
from tests.integration.master.test_api import _error, _push

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC).replace(microsecond=0)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _event(
    uid: str,
    *,
    count: int = 1,
    ago: timedelta = timedelta(0),
    kind: str = "Pod",
    namespace: str = "shop",
    name: str = "web-1",
    type: str = "Warning",
    reason: str = "BackOff",
    message: str = "Back-off restarting failed container",
) -> dict[str, Any]:
    return {
        "uid": uid,
        "name": f"{name}.{uid}",
        "namespace": namespace or "default",
        "type": type,
        "reason": reason,
        "message": message,
        "objectKind": kind,
        "objectNamespace": namespace,
        "objectName": name,
        "count": count,
        "firstSeen": _rfc3339(NOW - ago - timedelta(minutes=1)),
        "lastSeen": _rfc3339(NOW - ago),
        "source": "kubelet",
    }


def _full(seq: int, **kinds: list[dict[str, Any]]) -> bytes:
    return msgspec.json.encode(
        {"seq": seq, "takenAt": _rfc3339(datetime.now(UTC)), "agentVersion": "test", **kinds}
    )


def _delta(seq: int, base: int, **upserted: list[dict[str, Any]]) -> bytes:
    return msgspec.json.encode(
        {
            "type": "delta",
            "seq": seq,
            "baseSeq": base,
            "takenAt": _rfc3339(datetime.now(UTC)),
            "upserted": upserted,
        }
    )


@dataclass
class Cluster:
    id: str
    name: str
    token: str


def _register(admin: httpx.Client, prefix: str) -> Cluster:
    name = f"{prefix}-{secrets.token_hex(3)}"
    body = admin.post("/api/v3/clusters", json={"name": name}).json()
    return Cluster(body["id"], name, body["token"])


def _accepted(master: Master, cluster: Cluster, body: bytes) -> None:
    response = _push(master, cluster.token, body)
    assert response.status_code == 200, response.text


def _history(admin: httpx.Client, cluster: str, **params: Any) -> dict[str, Any]:
    response = admin.get(f"/api/v3/clusters/{cluster}/event-history", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _wait_stored(admin: httpx.Client, cluster: Cluster, total: int, **params: Any) -> None:
    wait_for(
        lambda: _history(admin, cluster.id, **params)["total"] == total,
        15,
        f"{total} archived events in {cluster.name}",
        interval=0.2,
    )


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        yield client


def test_a_resent_event_is_stored_once_with_its_new_count(
    master: Master, admin: httpx.Client
) -> None:
    cluster = _register(admin, "ev-dedupe")
    _accepted(master, cluster, _full(1, events=[_event("e1", count=1, ago=timedelta(minutes=2))]))
    _wait_stored(admin, cluster, 1)
    _accepted(master, cluster, _delta(2, 1, events=[_event("e1", count=5, message="again")]))
    wait_for(
        lambda: _history(admin, cluster.id)["items"][0]["count"] == 5,
        15,
        "the archived event's count to become 5",
        interval=0.2,
    )
    page = _history(admin, cluster.id)
    assert page["total"] == 1
    (item,) = page["items"]
    assert item["uid"] == "e1"
    assert item["message"] == "again"
    assert item["clusterId"] == cluster.id
    assert item["clusterName"] == cluster.name
    assert datetime.fromisoformat(item["lastSeen"]) == NOW
    assert datetime.fromisoformat(item["firstSeen"]) == NOW - timedelta(minutes=3)


def test_object_events_merge_live_and_archived(master: Master, admin: httpx.Client) -> None:
    cluster = _register(admin, "ev-object")
    _accepted(
        master,
        cluster,
        _full(
            1,
            events=[
                _event("gone-1", ago=timedelta(hours=3)),
                _event("both", count=2, ago=timedelta(hours=2)),
                _event("other-pod", name="web-2"),
            ],
        ),
    )
    _wait_stored(admin, cluster, 3)
    # Kubernetes forgot gone-1; `both` is still live and was counted again; `new` is not archived
    # yet when the Agent's next snapshot arrives, but it is live.
    _accepted(
        master,
        cluster,
        _full(2, events=[_event("both", count=3, ago=timedelta(hours=1)), _event("new")]),
    )
    response = admin.get(
        f"/api/v3/clusters/{cluster.id}/object-events",
        params={"kind": "Pod", "namespace": "shop", "name": "web-1"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["kind"], body["namespace"], body["name"]) == ("Pod", "shop", "web-1")
    assert [(e["uid"], e["live"], e["count"]) for e in body["items"]] == [
        ("new", True, 1),
        ("both", True, 3),
        ("gone-1", False, 1),
    ]
    assert body["items"][2]["clusterName"] == cluster.name
    nothing = admin.get(
        f"/api/v3/clusters/{cluster.id}/object-events",
        params={"kind": "Node", "name": "web-1"},
    )
    assert nothing.json()["items"] == []


@pytest.fixture(scope="module")
def filtered(master: Master, admin: httpx.Client) -> Cluster:
    """A cluster with six archived events of different kinds, types and times."""
    cluster = _register(admin, "ev-filter")
    events = [
        _event("a", ago=timedelta(minutes=1), reason="BackOff"),
        _event("b", ago=timedelta(minutes=2), type="Normal", reason="Pulled", message="pulled"),
        _event("c", ago=timedelta(minutes=3), namespace="ops", name="cron-1", reason="Failed"),
        _event("d", ago=timedelta(minutes=4), kind="Node", namespace="", name="node-7"),
        _event("e", ago=timedelta(hours=2), type="Normal", reason="Scheduled", message="50%_ok"),
        _event("f", ago=timedelta(days=2), kind="Deployment", name="web", reason="ScalingUp"),
    ]
    _accepted(master, cluster, _full(1, events=events))
    _wait_stored(admin, cluster, len(events))
    return cluster


@pytest.mark.parametrize(
    ("params", "uids"),
    [
        ({}, ["a", "b", "c", "d", "e", "f"]),
        ({"namespace": "ops"}, ["c"]),
        ({"type": "Normal"}, ["b", "e"]),
        ({"reason": "Failed"}, ["c"]),
        ({"objectKind": "Node"}, ["d"]),
        ({"objectName": "web"}, ["f"]),
        ({"q": "CRON"}, ["c"]),
        ({"q": "pulled"}, ["b"]),
        ({"q": "50%_"}, ["e"]),
        ({"since": _rfc3339(NOW - timedelta(minutes=3))}, ["a", "b", "c"]),
        ({"until": _rfc3339(NOW - timedelta(hours=1))}, ["e", "f"]),
        ({"type": "Warning", "objectKind": "Pod"}, ["a", "c"]),
    ],
)
def test_event_history_filters(
    admin: httpx.Client, filtered: Cluster, params: dict[str, str], uids: list[str]
) -> None:
    page = _history(admin, filtered.id, **params)
    assert [item["uid"] for item in page["items"]] == uids
    assert page["total"] == len(uids)


def test_event_history_pages_and_spans_clusters(admin: httpx.Client, filtered: Cluster) -> None:
    page = _history(admin, filtered.id, limit=2, offset=3)
    assert [item["uid"] for item in page["items"]] == ["d", "e"]
    assert (page["total"], page["limit"], page["offset"]) == (6, 2, 3)
    everywhere = _history(admin, "*", objectName="node-7", limit=500)
    assert [(i["clusterId"], i["clusterName"]) for i in everywhere["items"]] == [
        (filtered.id, filtered.name)
    ]


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        ("*/event-history?since=yesterday", 400, "since must be an RFC 3339 time"),
        ("*/event-history?until=2025-13-01T00:00:00Z", 400, "until must be"),
        ("*/event-history?limit=0", 400, "limit"),
        ("*/event-history?limit=10000", 400, "limit"),
        ("*/event-history?offset=-1", 400, "offset"),
        ("*/event-history?q=" + "x" * 201, 400, "q is longer than 200"),
        ("nope/event-history", 404, "no cluster with id 'nope'"),
        ("*/object-events?kind=Pod&name=x", 400, "name one cluster"),
        ("nope/object-events?kind=Pod&name=x", 404, "no cluster with id 'nope'"),
        ("*/usage-history/widgets?name=x", 404, "valid kinds: nodes, pods"),
        ("nope/usage-history/nodes?name=x", 404, "no cluster with id 'nope'"),
        ("*/usage-history/nodes?name=x", 400, "name one cluster"),
    ],
)
def test_bad_history_requests_get_4xx_with_a_message(
    admin: httpx.Client, path: str, status: int, fragment: str
) -> None:
    response = admin.get(f"/api/v3/clusters/{path}")
    assert response.status_code == status, response.text
    assert fragment in _error(response)["message"]


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("object-events?name=web-1", "kind is required"),
        ("object-events?kind=Pod&namespace=shop", "name is required"),
        ("object-events?kind=Pod&name=web-1&limit=501", "limit"),
        ("usage-history/pods?namespace=shop", "name is required"),
        ("usage-history/pods?name=web-1", "namespace is required for pods"),
        ("usage-history/nodes?name=n&range=2h", "range must be one of 1h, 6h, 24h, 7d, 30d"),
        ("usage-history/nodes?name=n&start=2025-01-01T00:00:00Z", "start and end go together"),
        (
            "usage-history/nodes?name=n&range=1h&start=2025-01-01T00:00:00Z"
            "&end=2025-01-02T00:00:00Z",
            "either range or start and end",
        ),
        (
            "usage-history/nodes?name=n&start=2025-01-02T00:00:00Z&end=2025-01-01T00:00:00Z",
            "end must be after start",
        ),
        (
            "usage-history/nodes?name=n&start=2025-01-01T00:00:00Z&end=2025-06-01T00:00:00Z",
            "at most 90 days",
        ),
        ("usage-history/nodes?name=n&start=soon&end=2025-01-01T00:00:00Z", "start must be"),
        ("usage-history/nodes?name=n&step=30", "step"),
    ],
)
def test_bad_object_and_usage_parameters(
    admin: httpx.Client, filtered: Cluster, query: str, fragment: str
) -> None:
    response = admin.get(f"/api/v3/clusters/{filtered.id}/{query}")
    assert response.status_code == 400, response.text
    assert fragment in _error(response)["message"]


def test_events_survive_a_restart_and_old_ones_are_purged(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    # A long flush interval: only the final flush at shutdown writes the events.
    slow_flush = {"MASTER_EVENT_FLUSH_SECONDS": "60"}
    first = start_master(processes, tmp_path, env=slow_flush)
    port = int(first.url.rsplit(":", 1)[1])
    with first.login() as client:
        cluster = _register(client, "ev-restart")
    old, recent = _event("old", ago=timedelta(days=3)), _event("recent", ago=timedelta(hours=1))
    _accepted(first, cluster, _full(1, events=[old, recent]))
    first.proc.stop()
    assert "event archive flushed" in first.proc.log_tail(400)

    second = start_master(processes, tmp_path, port=port, env=slow_flush)
    with second.login(password=first.admin_password) as client:
        assert [e["uid"] for e in _history(client, cluster.id)["items"]] == ["recent", "old"]
    second.proc.stop()

    third = start_master(
        processes,
        tmp_path,
        port=port,
        env={"MASTER_EVENT_RETENTION": "1d", "MASTER_EVENT_FLUSH_SECONDS": "0.2"},
    )
    with third.login(password=first.admin_password) as client:
        assert [e["uid"] for e in _history(client, cluster.id)["items"]] == ["recent"]
        # Re-sent by an Agent, an event older than the retention is live but not archived again.
        _accepted(third, cluster, _full(1, events=[old, recent]))
        wait_for(
            lambda: _metric(third, "atlhyper_master_events_archived_total") >= 1,
            15,
            "the re-sent events to be flushed",
            interval=0.2,
        )
        assert _metric(third, "atlhyper_master_events_archived_total") == 1
        assert [e["uid"] for e in _history(client, cluster.id)["items"]] == ["recent"]
        response = client.get(
            f"/api/v3/clusters/{cluster.id}/object-events",
            params={"kind": "Pod", "namespace": "shop", "name": "web-1"},
        )
        assert [(e["uid"], e["live"]) for e in response.json()["items"]] == [
            ("recent", True),
            ("old", True),
        ]


def _metric(master: Master, name: str) -> float:
    for line in httpx.get(f"{master.url}/metrics", timeout=5).text.splitlines():
        metric, _, value = line.partition(" ")
        if metric == name:
            return float(value)
    return 0.0


@dataclass
class UsageMaster:
    master: Master
    admin: httpx.Client
    cluster: Cluster
    database_url: str


@pytest.fixture(scope="module")
def usage_master(
    processes: ProcessFactory,
    databases: DatabaseFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[UsageMaster]:
    """A Master sampling usage every 5 seconds, with one cluster that sent usage."""
    directory = tmp_path_factory.mktemp("usage-master")
    master = start_master(processes, directory, env={"MASTER_USAGE_SAMPLE_SECONDS": "5"})
    with master.login() as admin:
        cluster = _register(admin, "usage")
        container = {
            "name": "app",
            "cpuRequestMillicores": 100,
            "cpuLimitMillicores": 500,
            "memoryRequestBytes": 64 << 20,
            "memoryLimitBytes": 256 << 20,
        }
        _accepted(
            master,
            cluster,
            _full(
                1,
                nodes=[
                    {
                        "uid": "n1",
                        "name": "node-1",
                        "cpuAllocatableMillicores": 4000,
                        "memoryAllocatableBytes": 8 << 30,
                    }
                ],
                pods=[
                    {
                        "uid": "p1",
                        "name": "web-1",
                        "namespace": "shop",
                        "nodeName": "node-1",
                        "phase": "Running",
                        "containers": [container, {**container, "name": "sidecar"}],
                    }
                ],
                nodemetrics=[{"name": "node-1", "cpuMillicores": 1500, "memoryBytes": 3 << 30}],
                podmetrics=[
                    {
                        "namespace": "shop",
                        "name": "web-1",
                        "cpuMillicores": 250,
                        "memoryBytes": 100 << 20,
                    }
                ],
            ),
        )
        yield UsageMaster(master, admin, cluster, databases.url_for(directory))
    master.proc.stop()


def _usage(usage: UsageMaster, kind: str, **params: Any) -> dict[str, Any]:
    response = usage.admin.get(
        f"/api/v3/clusters/{usage.cluster.id}/usage-history/{kind}", params=params
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_sampler_records_usage_with_requests_and_limits(usage_master: UsageMaster) -> None:
    wait_for(
        lambda: bool(_usage(usage_master, "pods", namespace="shop", name="web-1")["points"]),
        30,
        "a usage sample of pod shop/web-1",
        interval=0.5,
    )
    pod = _usage(usage_master, "pods", namespace="shop", name="web-1")
    assert (pod["kind"], pod["namespace"], pod["name"], pod["step"]) == (
        "pods",
        "shop",
        "web-1",
        60,
    )
    assert pod["end"] - pod["start"] == 3600
    point = pod["points"][-1]
    assert (point["cpuAvg"], point["cpuMax"]) == (250, 250)
    assert (point["memAvg"], point["memMax"]) == (100 << 20, 100 << 20)
    assert point["t"] % 60 == 0
    assert (pod["cpuRequestMillicores"], pod["cpuLimitMillicores"]) == (200, 1000)
    assert (pod["memoryRequestBytes"], pod["memoryLimitBytes"]) == (128 << 20, 512 << 20)

    node = _usage(usage_master, "nodes", name="node-1", range="24h")
    assert node["step"] == 300
    assert node["namespace"] == ""
    assert node["points"][-1]["cpuMax"] == 1500
    assert (node["cpuRequestMillicores"], node["cpuLimitMillicores"]) == (200, 4000)
    assert (node["memoryRequestBytes"], node["memoryLimitBytes"]) == (128 << 20, 8 << 30)

    unknown = _usage(usage_master, "pods", namespace="shop", name="ghost")
    assert unknown["points"] == []
    assert unknown["cpuRequestMillicores"] is None


def _insert(url: str, rows: list[dict[str, Any]]) -> None:
    async def write() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(insert(UsageSample), rows)
        await engine.dispose()

    asyncio.run(write())


def test_usage_history_aggregates_raw_and_hourly_rows(usage_master: UsageMaster) -> None:
    day = int(NOW.timestamp()) - int(NOW.timestamp()) % 86400 - 3 * 86400
    base = {"cluster_id": usage_master.cluster.id, "kind": "node", "namespace": ""}

    def row(at: int, cpu: float, memory: float, resolution: int = 60) -> dict[str, Any]:
        return {
            **base,
            "name": "known",
            "at": at,
            "resolution": resolution,
            "cpu_avg": cpu,
            "cpu_max": cpu + 50,
            "mem_avg": memory,
            "mem_max": memory * 2,
        }

    _insert(
        usage_master.database_url,
        [
            row(day, 100, 1000, resolution=3600),  # hour 0, rolled up
            row(day + 3600, 300, 3000, resolution=3600),  # hour 1, rolled up
            row(day + 7200, 200, 2000),  # hour 2: two raw minutes
            row(day + 7260, 400, 4000),
            row(day + 86400, 999, 999),  # the next day: outside the window
        ],
    )
    midnight = datetime.fromtimestamp(day, UTC)
    window = {
        "name": "known",
        "start": _rfc3339(midnight),
        "end": _rfc3339(midnight + timedelta(days=1)),
    }

    hourly = _usage(usage_master, "nodes", **window, step=3600)
    assert hourly["step"] == 3600
    assert [
        (p["t"] - day, p["cpuAvg"], p["cpuMax"], p["memAvg"], p["memMax"]) for p in hourly["points"]
    ] == [
        (0, 100, 150, 1000, 2000),
        (3600, 300, 350, 3000, 6000),
        (7200, 300, 450, 3000, 8000),
    ]

    daily = _usage(usage_master, "nodes", **window, step=86400)
    (point,) = daily["points"]
    # Weighted by the time each row stands for: two hours and two minutes.
    assert point["cpuAvg"] == pytest.approx((100 * 3600 + 300 * 3600 + 200 * 60 + 400 * 60) / 7320)
    assert point["cpuMax"] == 450
    assert point["memMax"] == 8000

    by_default = _usage(usage_master, "nodes", **window)
    assert by_default["step"] == 300
    assert [p["t"] - day for p in by_default["points"]] == [0, 3600, 7200]
