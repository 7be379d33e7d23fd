"""The OTel views end to end: a sim serving ClickHouse with generated OTel data, an Agent reading
it, and a Master answering every OTel route from the Agent's summary and query commands.

Also: hostile parameters are refused or harmless; an Agent whose ClickHouse is down keeps sending
snapshots while the views say "unavailable"; one whose ClickHouse goes away says "stale"; one
without ClickHouse says "disabled".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import (
    Agent,
    Master,
    OtelSim,
    ProcessFactory,
    SimCluster,
    free_port,
    start_agent,
    start_otel_sim,
    wait_for,
)

pytestmark = pytest.mark.integration

DEMO_SERVICES = {"web", "catalog", "cart", "checkout", "payments-api", "fraud-detector"}
INGRESS = "shop-web-80@kubernetes"
REFRESH = ("--otel-refresh-seconds", "5", "--snapshot-interval", "0.5")


@dataclass
class Cluster:
    id: str
    name: str
    agent: Agent
    client: httpx.Client

    def url(self, path: str) -> str:
        return f"/api/v3/clusters/{self.id}{path}"

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.client.get(self.url(path), params=params, timeout=60)

    def ok(self, path: str, **params: Any) -> dict[str, Any]:
        answer = self.get(path, **params)
        assert answer.status_code == 200, (path, params, answer.text)
        body: dict[str, Any] = answer.json()
        return body

    def otel_status(self) -> str:
        status: str = self.ok("/apm")["otel"]["status"]
        return status


@contextmanager
def _connect(
    processes: ProcessFactory, master: Master, sim: SimCluster, name: str, *flags: str
) -> Iterator[Cluster]:
    with master.login() as admin:
        created = admin.post("/api/v3/clusters", json={"name": name})
        created.raise_for_status()
        body = created.json()
    agent = start_agent(processes, master, sim, body["token"], *flags)
    with master.login() as client:
        yield Cluster(body["id"], name, agent, client)
    agent.proc.stop()


@pytest.fixture(scope="module")
def otel(processes: ProcessFactory, master: Master, otel_sim: OtelSim) -> Iterator[Cluster]:
    """A cluster whose Agent reads the sim's ClickHouse, once its summary lists every service."""
    flags = (*otel_sim.agent_flags(), *REFRESH)
    with _connect(processes, master, otel_sim.sim, "otel-api", *flags) as cluster:

        def ready() -> bool:
            apm = cluster.ok("/apm")
            names = {s["name"] for s in apm["services"]}
            return apm["otel"]["status"] == "ok" and names >= DEMO_SERVICES

        wait_for(ready, 120, f"a summary with every demo service\n{cluster.agent.proc.log_tail()}")
        yield cluster


def test_apm_lists_the_demo_services_and_their_map(otel: Cluster) -> None:
    apm = otel.ok("/apm")
    assert apm["otel"]["status"] == "ok" and apm["otel"]["error"] == ""
    assert 0 <= apm["otel"]["ageSeconds"] < 60
    assert apm["otel"]["windowSeconds"] > 0
    services = {s["name"]: s for s in apm["services"]}
    assert set(services) == DEMO_SERVICES
    for service in services.values():
        assert service["requests"] > 0 and service["rate"] > 0
        assert 0 <= service["errorRate"] < 0.5
        assert 0 < service["p50Ms"] <= service["p99Ms"]
        assert service["health"] in ("ok", "warning", "critical")
    edges = {(e["source"], e["target"]) for e in apm["edges"]}
    assert {("web", "catalog"), ("checkout", "payments-api"), ("catalog", "redis")} <= edges
    nodes = {n["id"]: n for n in apm["map"]["nodes"]}
    assert {"db:redis", "db:postgres"} <= set(nodes)
    assert nodes["db:redis"]["kind"] == "db" and nodes["web"]["kind"] == "service"
    links = {(link["source"], link["target"]) for link in apm["map"]["links"]}
    assert ("catalog", "db:redis") in links and ("web", "catalog") in links
    assert ("ingress", "web") in links and nodes["ingress"]["kind"] == "ingress"


def test_service_detail(otel: Cluster) -> None:
    detail = otel.ok("/apm/services/checkout", range="15m")
    assert detail["service"]["name"] == "checkout"
    start, end = (datetime.fromisoformat(detail["range"][k]) for k in ("start", "end"))
    assert end - start == timedelta(minutes=15) and end <= datetime.now(UTC)
    assert detail["stepSeconds"] > 0 and sum(b["requests"] for b in detail["series"]) > 0
    assert "POST /orders" in {o["name"] for o in detail["operations"]}
    slow = [t["durationMs"] for t in detail["slowTraces"]]
    assert 0 < len(slow) <= 10 and slow == sorted(slow, reverse=True)
    assert all(t["service"] == "checkout" for t in detail["slowTraces"])
    assert all(t["error"] for t in detail["errorTraces"])
    assert [e["source"] for e in detail["upstream"]] == ["web"]
    assert {e["target"] for e in detail["downstream"]} == {"cart", "payments-api"}
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    fixed = {"start": (end - timedelta(minutes=10)).isoformat(), "end": end.isoformat()}
    charted = otel.ok("/apm/services/checkout", **fixed)
    listed = otel.ok("/traces", service="checkout", limit=1, **fixed)
    assert sum(b["requests"] for b in charted["series"]) == listed["total"] > 0
    assert (
        sum(b["errors"] for b in charted["series"])
        == (otel.ok("/traces", service="checkout", status="error", limit=1, **fixed)["total"])
    )
    missing = otel.ok("/apm/services/no-such-service", range="15m")
    assert missing["service"] is None and missing["slowTraces"] == []


def test_traces_list_and_a_trace_opens(otel: Cluster) -> None:
    page = otel.ok("/traces", range="15m", service="web", limit=5)
    assert 0 < len(page["items"]) <= 5 <= page["total"]
    assert all(t["service"] == "web" for t in page["items"])
    starts = [t["start"] for t in page["items"]]
    assert starts == sorted(starts, reverse=True)
    by_duration = otel.ok("/traces", range="15m", sort="duration", order="asc", limit=20)
    durations = [t["durationMs"] for t in by_duration["items"]]
    assert durations == sorted(durations)
    slow = otel.ok("/traces", range="15m", minDurationMs=50, limit=50)
    assert all(t["durationMs"] >= 50 for t in slow["items"])
    errors = otel.ok("/traces", range="15m", status="error", limit=50)
    assert errors["items"] and all(t["error"] for t in errors["items"])

    trace_id = page["items"][0]["traceId"]
    trace = otel.ok(f"/traces/{trace_id}")
    assert trace["traceId"] == trace_id and trace["otel"]["status"] == "ok"
    assert "web" in trace["services"] and trace["durationMs"] > 0
    spans = trace["spans"]
    assert spans[0]["depth"] == 0 and spans[0]["parentSpanId"] == ""
    assert {s["kind"] for s in spans} >= {"Server", "Client"}
    assert all(0 <= s["offsetMs"] <= trace["durationMs"] + 1 for s in spans)
    absent = otel.get(f"/traces/{'0' * 32}")
    assert absent.status_code == 404, absent.text
    assert "no trace" in absent.json()["error"]["message"]

    # The spans come without their maps; the Agent reads one span's when it is opened.
    server = next(s for s in spans if s["kind"] == "Server")
    assert "attributes" not in server and "resource" not in server
    opened = otel.ok(f"/traces/{trace_id}/spans/{server['spanId']}")
    assert (opened["traceId"], opened["spanId"]) == (trace_id, server["spanId"])
    assert opened["attributes"] and opened["resource"]["service.name"] == server["service"]
    absent = otel.get(f"/traces/{trace_id}/spans/{'0' * 16}")
    assert absent.status_code == 404, absent.text
    assert "no span" in absent.json()["error"]["message"]


def test_logs_search_finds_a_word_of_a_listed_log(otel: Cluster) -> None:
    page = otel.ok("/logs", range="15m", limit=50)
    assert page["items"] and page["total"] >= len(page["items"])
    assert page["stepSeconds"] > 0 and sum(b["count"] for b in page["histogram"]) == page["total"]
    assert set(page["facets"]) >= {"service", "severity"}
    words = [
        w
        for item in page["items"]
        for w in re.findall(r"[A-Za-z]{5,}", item["body"])
        if w.lower() not in {"error", "warn"}
    ]
    assert words, page["items"][:3]
    word = words[0]
    found = otel.ok("/logs", range="15m", q=word.upper(), limit=100)
    assert found["total"] > 0
    assert all(word.lower() in item["body"].lower() for item in found["items"])
    web = otel.ok("/logs", range="15m", service=["web", "cart"], severity="error", limit=100)
    assert all(i["service"] in ("web", "cart") and i["severity"] == "ERROR" for i in web["items"])
    linked = [i for i in page["items"] if i.get("traceId")]
    assert linked, "some logs carry their trace"
    by_trace = otel.ok("/logs", range="15m", traceId=linked[0]["traceId"])
    assert by_trace["items"] and all(
        i["traceId"] == linked[0]["traceId"] for i in by_trace["items"]
    )


def test_node_metrics(otel: Cluster) -> None:
    hardware = otel.ok("/node-metrics")
    names = sorted(n["name"] for n in otel.ok("/nodes")["items"])
    assert sorted(n["node"] for n in hardware["items"]) == names
    node = hardware["items"][0]
    assert 0 < node["cpuPercent"] < 100 and node["memoryTotalBytes"] > node["memoryUsedBytes"] > 0
    metrics = otel.ok(f"/node-metrics/{node['node']}", range="1h", metrics="cpu,memory")
    assert metrics["hardware"]["node"] == node["node"]
    assert metrics["node"] == node["node"] and metrics["stepSeconds"] > 0
    assert {s["group"] for s in metrics["series"]} == {"cpu", "memory"}
    assert all(s["points"] for s in metrics["series"])
    everything = otel.ok(f"/node-metrics/{node['instance']}", range="1h")
    assert {"cpu", "memory", "network", "disk"} <= {s["group"] for s in everything["series"]}
    assert otel.get("/node-metrics/no-such-node").status_code == 404


def test_slo_items_windows_and_targets(otel: Cluster) -> None:
    slo = otel.ok("/slo")
    items = {(i["kind"], i["name"]): i for i in slo["items"]}
    ingress = items[("ingress", INGRESS)]
    assert ingress["hosts"] == ["shop.example.com"] and ingress["namespace"] == "shop"
    assert {("service", f"shop/{name}") for name in ("web", "catalog", "cart")} <= set(items)
    for item in (ingress, items[("service", "shop/web")]):
        windows = {w["window"]: w for w in item["windows"]}
        assert set(windows) == {"1d", "7d", "30d"}
        assert windows["30d"]["requests"] >= windows["1d"]["requests"] > 0
        assert 0.5 < windows["30d"]["availability"] <= 1
        assert windows["30d"]["latencyShare"] is not None
        assert item["current"] is not None and item["current"]["rate"] > 0
        assert item["status"] in ("ok", "warning", "breached")
        assert item["target"]["custom"] is False
    assert slo["meshEdges"] and all(e["health"] for e in slo["meshEdges"])
    mesh_links = {(link["source"], link["target"]) for link in slo["mesh"]["links"]}
    assert ("shop/web", "shop/catalog") in mesh_links

    detail = otel.ok("/slo/detail", kind="ingress", name=INGRESS, range="15m")
    assert detail["item"]["name"] == INGRESS and detail["stepSeconds"] > 0
    assert sum(p["requests"] for p in detail["series"]) > 0

    target = {"kind": "ingress", "name": INGRESS, "availability": 0.99999}
    target |= {"latencyMs": 1200, "latencyObjective": 0.5}
    put = otel.client.put(otel.url("/slo/targets"), json=target)
    assert put.status_code == 200, put.text
    custom = {(i["kind"], i["name"]): i for i in otel.ok("/slo")["items"]}[("ingress", INGRESS)]
    assert custom["target"] == {
        "availability": 0.99999,
        "latencyMs": 1200.0,
        "latencyObjective": 0.5,
        "custom": True,
    }
    reset = otel.client.delete(
        otel.url("/slo/targets"), params={"kind": "ingress", "name": INGRESS}
    )
    assert reset.status_code == 200 and reset.json()["custom"] is False


def test_hostile_and_bad_parameters(otel: Cluster) -> None:
    for text in ("x' OR '1'='1", "'); DROP TABLE otel_logs; --", "\\' UNION SELECT 1 --"):
        logs = otel.ok("/logs", range="15m", q=f'"{text}"')
        assert logs["items"] == [] and logs["total"] == 0
        traces = otel.ok("/traces", range="15m", service=text)
        assert traces["items"] == [] and traces["total"] == 0
    assert otel.ok("/logs", range="15m", limit=1)["total"] > 0  # the tables are still there
    now = datetime.now(UTC).replace(microsecond=0)
    bad = [
        ("/traces", {"range": "365d"}, "range"),
        ("/traces", {"start": "2020-01-01T00:00:00Z", "end": now.isoformat()}, "start"),
        ("/traces", {"start": now.isoformat(), "end": now.isoformat()}, "end"),
        ("/traces", {"limit": 5000}, "limit"),
        ("/traces/' OR 1=1 --", {}, "traceId"),
        (f"/traces/{'a' * 32}/spans/' OR 1=1 --", {}, "spanId"),
        ("/logs", {"q": "a" * 600}, "q"),
        ("/logs", {"traceId": "nothex"}, "traceId"),
        ("/node-metrics/x", {"metrics": "cpu;DROP"}, "metrics"),
        ("/slo/detail", {"kind": "ingress"}, "name"),
    ]
    for path, params, name in bad:
        answer = otel.get(path, **params)
        assert answer.status_code == 400, (path, answer.text)
        assert name in answer.json()["error"]["message"], (path, answer.text)
    assert otel.client.get("/api/v3/clusters/*/traces").status_code == 400
    assert otel.client.get("/api/v3/clusters/nope/traces").status_code == 404


def test_without_clickhouse_the_views_say_disabled(
    processes: ProcessFactory, master: Master, otel_sim: OtelSim
) -> None:
    with _connect(processes, master, otel_sim.sim, "otel-none", *REFRESH) as cluster:
        wait_for(lambda: cluster.get("/apm").json()["otel"]["status"] == "disabled", 60, "disabled")
        refused = cluster.get("/traces")
        assert refused.status_code == 409
        assert "AGENT_CLICKHOUSE_ENDPOINT" in refused.json()["error"]["message"]
        assert cluster.ok("/slo")["items"] == []


def _pushes(agent: Agent) -> float:
    return sum(
        agent.metric("atlhyper_agent_pushes_total", type=t, result="ok") for t in ("full", "delta")
    )


def test_clickhouse_down_snapshots_keep_flowing_and_views_say_unavailable(
    processes: ProcessFactory, master: Master, otel_sim: OtelSim
) -> None:
    flags = ("--clickhouse-endpoint", f"http://127.0.0.1:{free_port()}", *REFRESH)
    with _connect(processes, master, otel_sim.sim, "otel-down", *flags) as cluster:
        wait_for(lambda: cluster.get("/pods").json().get("total", 0) > 0, 60, "the pods")
        apm = cluster.ok("/apm")
        assert apm["otel"]["status"] == "unavailable" and apm["otel"]["error"]
        assert apm["services"] == []
        pushed = _pushes(cluster.agent)
        wait_for(lambda: _pushes(cluster.agent) > pushed, 30, "more snapshots")
        failed = cluster.get("/traces", range="15m")
        assert failed.status_code == 502, failed.text
        assert failed.json()["error"]["code"] == "agent_failed"


def test_clickhouse_going_away_makes_the_data_stale(
    processes: ProcessFactory,
    master: Master,
    otel_sim: OtelSim,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The Agent watches the first sim's Kubernetes API and a second sim's ClickHouse, which is
    then stopped: Kubernetes data keeps arriving, the OTel data turns stale."""
    store = start_otel_sim(
        processes, tmp_path_factory.mktemp("otel-store"), "--otel-traces-per-second", "1"
    )
    flags = (*OtelSim(otel_sim.sim, store.port).agent_flags(), *REFRESH)
    with _connect(processes, master, otel_sim.sim, "otel-stale", *flags) as cluster:
        wait_for(lambda: cluster.otel_status() == "ok", 90, "fresh OTel data")
        refreshed = cluster.ok("/apm")["otel"]["refreshedAt"]
        store.sim.proc.stop()
        wait_for(lambda: cluster.otel_status() == "stale", 60, "stale OTel data")
        apm = cluster.ok("/apm")
        assert apm["otel"]["refreshedAt"] == refreshed and apm["otel"]["error"]
        assert apm["services"], "the last good data is still shown"
        pods = cluster.get("/pods").json()
        assert pods["total"] > 0
        pushed = _pushes(cluster.agent)
        wait_for(lambda: _pushes(cluster.agent) > pushed, 30, "more snapshots")
