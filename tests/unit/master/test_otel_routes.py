"""The OTel routes in process, with an Agent played by hand over the real agent routes: which
commands a view sends, what is cached and shared, and how Agent failures reach the user."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from atlhyper.master.app import create_app
from atlhyper.master.config import MasterSettings
from atlhyper.model import Node, Snapshot, SnapshotDelta
from atlhyper.model.otel import (
    ApmService,
    IngressSlo,
    MeshEdge,
    MeshWorkload,
    NodeHardware,
    OtelSummary,
    ServiceEdge,
    SloItem,
    SloResult,
    SloSeriesBucket,
    SloWindow,
    SpanAttributes,
    TraceDetail,
    TraceRow,
    TracesPage,
)

PASSWORD = "admin-password-1"
Answer = Callable[[dict[str, Any]], tuple[str, Any, str]]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def summary(status: str = "ok", refreshed: datetime | None = None) -> OtelSummary:
    now = refreshed or datetime.now(UTC)
    return OtelSummary(
        status=status,  # type: ignore[arg-type]
        window_seconds=300,
        refreshed_at=_iso(now),
        checked_at=_iso(now),
        services=[
            ApmService(
                name="web",
                namespace="shop",
                requests=600,
                rate=2.0,
                errors=36,
                error_rate=0.06,
                p50_ms=10,
                p99_ms=90,
            ),
            ApmService(
                name="catalog",
                namespace="shop",
                requests=300,
                rate=1.0,
                errors=0,
                error_rate=0.0,
                p50_ms=5,
                p99_ms=40,
            ),
        ],
        edges=[
            ServiceEdge(
                source="web",
                target="catalog",
                requests=300,
                rate=1.0,
                errors=3,
                error_rate=0.01,
                p50_ms=5,
                p99_ms=40,
            ),
            ServiceEdge(
                source="catalog",
                target="redis",
                kind="db",
                requests=300,
                rate=1.0,
                errors=0,
                error_rate=0.0,
                p50_ms=1,
                p99_ms=3,
            ),
        ],
        ingresses=[
            IngressSlo(
                service="shop-web-80@kubernetes",
                hosts=["shop.example.com"],
                namespace="shop",
                backend="web",
                requests=600,
                rate=2.0,
                errors=6,
                availability=0.99,
                p50_ms=20,
                p99_ms=300,
            )
        ],
        mesh_workloads=[
            MeshWorkload(
                namespace="shop",
                workload="web",
                requests=600,
                rate=2.0,
                failures=0,
                success_rate=1.0,
                p50_ms=8,
                p99_ms=70,
            )
        ],
        mesh_edges=[
            MeshEdge(
                source_namespace="shop",
                source="web",
                target_namespace="shop",
                target="catalog",
                requests=300,
                rate=1.0,
                failures=30,
                success_rate=0.9,
                p50_ms=5,
                p99_ms=40,
            )
        ],
        nodes=[
            NodeHardware(
                node="node-1",
                instance="10.0.0.1:9100",
                cpu_percent=12.5,
                load1=0.4,
                memory_used_bytes=1e9,
                memory_total_bytes=8e9,
                disk_read_bps=0,
                disk_write_bps=0,
                net_rx_bps=0,
                net_tx_bps=0,
                filesystem_used_percent=40,
            )
        ],
    )


def _trace_row(trace_id: str, error: bool = False) -> TraceRow:
    return TraceRow(
        trace_id=trace_id,
        span_id="00000000000000aa",
        service="web",
        operation="GET /",
        start=_iso(datetime.now(UTC)),
        duration_ms=12.0,
        error=error,
    )


def _slo_result(params: dict[str, Any]) -> SloResult:
    windows = [
        SloWindow(
            window=name,  # type: ignore[arg-type]
            requests=100_000,
            errors=errors,
            p50_ms=20,
            p99_ms=250,
            latency_bounds_ms=[100, 300, 1200, 5000],
            latency_below=[90_000, 99_500, 99_990, 100_000],
        )
        for name, errors in (("1d", 50), ("7d", 40), ("30d", 40))
    ]
    name = "shop-web-80@kubernetes" if params["kind"] == "ingress" else "shop/web"
    series = [SloSeriesBucket(time=1000.0, requests=10, errors=1, p50_ms=5, p99_ms=9)]
    return SloResult(
        kind=params["kind"],
        step_seconds=60 if params.get("name") else 0,
        items=[SloItem(name=name, windows=windows, series=series if params.get("name") else [])],
    )


def default_answer(command: dict[str, Any]) -> tuple[str, Any, str]:
    """(status, output, error) like a real Agent's, for every query action."""
    action, params = command["action"], command["params"]
    if action == "query_traces":
        error = params.get("status") == "error"
        page = TracesPage(items=[_trace_row("ab" * 16, error)], total=1)
        if "series" in params.get("include", []):
            page.step_seconds = 60
        return "success", msgspec.to_builtins(page), ""
    if action == "query_trace_detail":
        if params["traceId"] != "ab" * 16:
            return "failed", None, f"no trace {params['traceId']}"
        now = _iso(datetime.now(UTC))
        detail = TraceDetail(
            trace_id=params["traceId"], start=now, duration_ms=1, services=["web"], spans=[]
        )
        return "success", msgspec.to_builtins(detail), ""
    if action == "query_span":
        if params["spanId"] != "ef" * 8:
            return "failed", None, f"no span {params['spanId']} in trace {params['traceId']}"
        opened = SpanAttributes(
            trace_id=params["traceId"],
            span_id=params["spanId"],
            attributes={"http.route": "/"},
            resource={"k8s.pod.name": "web-1"},
        )
        return "success", msgspec.to_builtins(opened), ""
    if action == "query_slo":
        return "success", msgspec.to_builtins(_slo_result(params)), ""
    if action == "query_logs":
        return "failed", None, "ClickHouse: Code: 159. TIMEOUT_EXCEEDED"
    if action == "query_metrics":
        return "success", {"nope": 1}, ""  # not a NodeMetrics
    return "rejected", None, f"unknown action {action}"


@dataclass
class FakeAgent:
    client: httpx.AsyncClient
    token: str
    answer: Answer = default_answer
    seen: list[dict[str, Any]] = field(default_factory=list)
    silent: bool = False

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def push(self, body: Snapshot | SnapshotDelta) -> None:
        answer = await self.client.post(
            "/agent/snapshot", content=msgspec.json.encode(body), headers=self.headers
        )
        assert answer.status_code == 200, answer.text

    async def serve(self) -> None:
        while True:
            polled = await self.client.get(
                "/agent/commands", params={"wait": 0.2}, headers=self.headers
            )
            if polled.status_code == 204:
                continue
            for command in polled.json()["commands"]:
                self.seen.append(command)
                if self.silent:
                    continue
                await asyncio.sleep(0.05)  # long enough for identical requests to meet
                status, output, error = self.answer(command)
                now = _iso(datetime.now(UTC))
                result = {"commandId": command["id"], "status": status, "startedAt": now}
                result |= {"finishedAt": now, "output": output, "error": error}
                posted = await self.client.post("/agent/result", json=result, headers=self.headers)
                assert posted.status_code == 204, posted.text


@dataclass
class Setup:
    client: httpx.AsyncClient
    agent: FakeAgent
    cluster: str

    def url(self, path: str) -> str:
        return f"/api/v3/clusters/{self.cluster}{path}"


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    settings = MasterSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'master.db'}",
        admin_password=PASSWORD,
        otel_query_timeout_seconds=1,
        command_result_grace_seconds=0,
    )
    app = create_app(settings)
    ready, done = asyncio.Event(), asyncio.Event()

    async def run_app() -> None:  # the lifespan must end in the task that began it
        async with app.lifespan():
            ready.set()
            await done.wait()

    lifespan = asyncio.create_task(run_app())
    await ready.wait()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://master.test") as client:
        logged_in = await client.post(
            "/api/v3/auth/login", json={"username": "admin", "password": PASSWORD}
        )
        assert logged_in.status_code == 200
        created = (await client.post("/api/v3/clusters", json={"name": "otel"})).json()
        agent = FakeAgent(client, created["token"])
        snapshot = Snapshot(
            seq=1, taken_at="t", nodes=[Node(uid="n1", name="node-1")], otel=summary()
        )
        await agent.push(snapshot)
        serving = asyncio.create_task(agent.serve())
        try:
            yield Setup(client, agent, created["id"])
        finally:
            serving.cancel()
            await asyncio.gather(serving, return_exceptions=True)
            done.set()
            await lifespan


async def test_summary_views_send_no_command(setup: Setup) -> None:
    apm = (await setup.client.get(setup.url("/apm"))).json()
    assert apm["otel"]["status"] == "ok"
    assert apm["otel"]["windowSeconds"] == 300
    assert 0 <= apm["otel"]["ageSeconds"] < 60
    assert {s["name"]: s["health"] for s in apm["services"]} == {
        "web": "critical",
        "catalog": "ok",
    }
    assert [(e["source"], e["target"], e.get("kind")) for e in apm["edges"]] == [
        ("web", "catalog", None),  # http, the default, is left out
        ("catalog", "redis", "db"),
    ]
    nodes = {n["id"]: n for n in apm["map"]["nodes"]}
    assert set(nodes) == {"web", "catalog", "db:redis", "ingress"}
    assert (nodes["db:redis"]["kind"], nodes["db:redis"]["rate"]) == ("db", 1.0)
    assert nodes["ingress"]["errorRate"] == pytest.approx(0.01)  # 6 of its 600 requests
    links = {(link["source"], link["target"]): link for link in apm["map"]["links"]}
    assert set(links) == {("web", "catalog"), ("catalog", "db:redis"), ("ingress", "web")}
    assert links[("ingress", "web")]["health"] == "warning"  # availability 0.99
    hardware = (await setup.client.get(setup.url("/node-metrics"))).json()
    assert hardware["otel"]["status"] == "ok"
    assert [(n["node"], n["cpuPercent"]) for n in hardware["items"]] == [("node-1", 12.5)]
    assert setup.agent.seen == []


async def test_identical_views_share_one_command_and_the_cache(setup: Setup) -> None:
    get = setup.client.get
    # The Master floors "the last hour" to 10 s: start early in a window, so the repeated view
    # below names the same one (it crossed into the next and was asked again at 03:07:30).
    if time.time() % 10 > 5:
        await asyncio.sleep(10.05 - time.time() % 10)
    first, second = await asyncio.gather(
        get(setup.url("/traces"), params={"range": "1h"}),
        get(setup.url("/traces"), params={"range": "1h"}),
    )
    assert first.status_code == second.status_code == 200, first.text
    assert first.json() == second.json()
    assert len(setup.agent.seen) == 1
    command = setup.agent.seen[0]
    assert command["action"] == "query_traces"
    assert command["source"] == "ui" and command["createdBy"] == "admin"
    assert command["target"]["kind"] == ""
    start = datetime.fromisoformat(command["params"]["start"])
    end = datetime.fromisoformat(command["params"]["end"])
    assert end - start == timedelta(hours=1)
    assert end.second % 10 == 0 and end.microsecond == 0
    assert first.json()["range"] == {
        "start": command["params"]["start"],
        "end": command["params"]["end"],
    }

    again = await get(setup.url("/traces"), params={"range": "1h"})
    assert again.json()["items"] == first.json()["items"]
    other = await get(setup.url("/traces"), params={"range": "1h", "status": "error"})
    assert other.status_code == 200
    assert len(setup.agent.seen) == 2  # the cached view sent nothing, the other one did

    audit = (await get("/api/v3/audit", params={"action": "command.query_traces"})).json()
    assert audit["total"] == 2  # one entry per command sent, none per cached answer


async def test_service_detail_asks_for_slow_and_failed_traces(setup: Setup) -> None:
    answer = await setup.client.get(setup.url("/apm/services/web"), params={"range": "15m"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["service"]["name"] == "web" and body["service"]["health"] == "critical"
    assert body["stepSeconds"] == 60
    assert [t["error"] for t in body["errorTraces"]] == [True]
    assert [t["error"] for t in body["slowTraces"]] == [False]
    assert [e["source"] for e in body["upstream"]] == []
    assert [e["target"] for e in body["downstream"]] == ["catalog"]
    sent = sorted(setup.agent.seen, key=lambda c: c["params"]["sort"])
    assert [c["params"]["sort"] for c in sent] == ["duration", "start"]
    assert sent[0]["params"]["include"] == ["series", "operations"]
    assert sent[1]["params"]["status"] == "error"


async def test_agent_failures_reach_the_user(setup: Setup) -> None:
    get = setup.client.get
    found = await get(setup.url("/traces/" + "AB" * 16))
    assert found.status_code == 200, found.text
    assert found.json()["traceId"] == "ab" * 16 and found.json()["otel"]["status"] == "ok"
    missing = await get(setup.url("/traces/" + "cd" * 16))
    assert missing.status_code == 404
    assert "no trace" in missing.json()["error"]["message"]

    span = setup.url(f"/traces/{'AB' * 16}/spans/{'EF' * 8}")
    opened = await get(span)
    assert opened.status_code == 200, opened.text
    assert opened.json() == {
        "traceId": "ab" * 16,
        "spanId": "ef" * 8,
        "attributes": {"http.route": "/"},
        "resource": {"k8s.pod.name": "web-1"},
        "otel": opened.json()["otel"],
    }
    sent = len(setup.agent.seen)
    again = (await get(span)).json()
    assert {**again, "otel": None} == {**opened.json(), "otel": None}  # otel: the status now
    assert len(setup.agent.seen) == sent  # a written span never changes: kept
    no_span = await get(setup.url(f"/traces/{'ab' * 16}/spans/{'12' * 8}"))
    assert no_span.status_code == 404
    assert f"no span {'12' * 8}" in no_span.json()["error"]["message"]

    failed = await get(setup.url("/logs"), params={"q": "boom"})
    assert failed.status_code == 502
    assert failed.json()["error"] == {
        "code": "agent_failed",
        "message": "ClickHouse: Code: 159. TIMEOUT_EXCEEDED",
        "details": None,
    }
    invalid = await get(setup.url("/node-metrics/node-1"), params={"metrics": "cpu"})
    assert invalid.status_code == 502
    assert "invalid NodeMetrics" in invalid.json()["error"]["message"]
    unknown_node = await get(setup.url("/node-metrics/node-9"))
    assert unknown_node.status_code == 404

    setup.agent.silent = True
    silent = await get(setup.url("/traces"), params={"range": "6h"})
    assert silent.status_code == 504
    assert "'otel'" in silent.json()["error"]["message"]


async def test_slo_overview_detail_and_targets(setup: Setup) -> None:
    client = setup.client
    overview = (await client.get(setup.url("/slo"))).json()
    items = {(i["kind"], i["name"]): i for i in overview["items"]}
    assert set(items) == {("ingress", "shop-web-80@kubernetes"), ("service", "shop/web")}
    ingress = items[("ingress", "shop-web-80@kubernetes")]
    assert ingress["hosts"] == ["shop.example.com"] and ingress["namespace"] == "shop"
    assert ingress["target"] == {
        "availability": 0.999,
        "latencyMs": 500.0,
        "latencyObjective": 0.99,
        "custom": False,
    }
    assert ingress["current"]["availability"] == 0.99
    windows = {w["window"]: w for w in ingress["windows"]}
    assert windows["30d"]["availability"] == pytest.approx(0.9996)
    assert windows["30d"]["latencyShare"] == pytest.approx(0.995)  # at the 300 ms bound
    assert windows["1d"]["burnRate"] == pytest.approx(0.5)
    assert windows["30d"]["errorBudgetRemaining"] == pytest.approx(0.6)
    assert ingress["forecast"]["daysLeft"] == pytest.approx(30 * 0.6 / 0.5)
    assert ingress["status"] == "ok"
    assert overview["meshEdges"][0]["health"] == "critical"  # 10 % failures
    assert [n["id"] for n in overview["mesh"]["nodes"]] == ["shop/web", "shop/catalog"]

    body = {
        "kind": "ingress",
        "name": "shop-web-80@kubernetes",
        "availability": 0.9999,
        "latencyMs": 300,
        "latencyObjective": 0.999,
    }
    put = await client.put(setup.url("/slo/targets"), json=body)
    assert put.status_code == 200, put.text
    assert put.json() == {**body, "latencyMs": 300.0, "custom": True}
    detail = await client.get(
        setup.url("/slo/detail"),
        params={"kind": "ingress", "name": "shop-web-80@kubernetes", "range": "6h"},
    )
    assert detail.status_code == 200, detail.text
    item = detail.json()["item"]
    assert item["target"]["custom"] is True
    assert item["status"] == "breached"  # 0.9996 < 0.9999
    point = {"time": 1000.0, "requests": 10, "errors": 1, "availability": 0.9}
    assert detail.json()["series"] == [{**point, "p50Ms": 5.0, "p99Ms": 9.0}]
    assert detail.json()["stepSeconds"] == 60

    for bad in ({**body, "availability": 1.0}, {**body, "latencyMs": 0}, {**body, "kind": "x"}):
        refused = await client.put(setup.url("/slo/targets"), json=bad)
        assert refused.status_code == 400, refused.text
    reset = await client.delete(
        setup.url("/slo/targets"), params={"kind": "ingress", "name": "shop-web-80@kubernetes"}
    )
    assert reset.status_code == 200
    assert reset.json() == {
        "kind": "ingress",
        "name": "shop-web-80@kubernetes",
        "availability": 0.999,
        "latencyMs": 500.0,
        "latencyObjective": 0.99,
        "custom": False,
    }
    audit = (await client.get("/api/v3/audit", params={"action": "slo.target."})).json()
    assert [e["action"] for e in audit["items"]] == ["slo.target.reset", "slo.target.set"]

    nothing = await client.get(
        setup.url("/slo/detail"), params={"kind": "service", "name": "shop/nope"}
    )
    assert nothing.status_code == 404


async def test_bad_parameters_name_themselves(setup: Setup) -> None:
    get = setup.client.get
    cases = [
        ("/traces", {"range": "2h"}, "range"),
        ("/traces", {"start": "yesterday", "end": "2026-01-01T00:00:00Z"}, "start"),
        ("/traces", {"start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"}, "end"),
        ("/traces", {"start": "2026-01-01T00:00:00Z", "end": "2026-03-01T00:00:00Z"}, "start"),
        ("/traces", {"start": "2026-01-01T00:00:00Z"}, "end"),
        ("/traces", {"range": "1h", "start": "2026-01-01T00:00:00Z"}, "range"),
        ("/traces", {"limit": "5000"}, "limit"),
        ("/traces", {"status": "broken"}, "status"),
        ("/traces", {"minDurationMs": "-1"}, "minDurationMs"),
        ("/traces/not-hex", {}, "traceId"),
        (f"/traces/not-hex/spans/{'ab' * 8}", {}, "traceId"),
        (f"/traces/{'ab' * 16}/spans/{'ab' * 9}", {}, "spanId"),
        (f"/traces/{'ab' * 16}/spans/x' OR 1=1 --", {}, "spanId"),
        ("/logs", {"q": "x" * 513}, "q"),
        ("/logs", {"severity": "LOUD"}, "severity"),
        ("/logs", {"traceId": "zz"}, "traceId"),
        ("/node-metrics/node-1", {"metrics": "cpu,rm -rf"}, "metrics"),
        ("/slo/detail", {"kind": "pods", "name": "x"}, "kind"),
        ("/apm/services/" + "s" * 300, {}, "service"),
    ]
    for path, params, name in cases:
        answer = await get(setup.url(path), params=params)
        assert answer.status_code == 400, (path, params, answer.text)
        assert name in answer.text, (path, params, answer.text)
    star = await get("/api/v3/clusters/*/apm")
    assert star.status_code == 400
    unknown = await get("/api/v3/clusters/nope/apm")
    assert unknown.status_code == 404
    assert setup.agent.seen == []


async def test_status_follows_the_agent(setup: Setup) -> None:
    get = setup.client.get
    old = datetime.now(UTC) - timedelta(hours=1)
    await setup.agent.push(SnapshotDelta(seq=2, base_seq=1, taken_at="t", otel=summary("ok", old)))
    apm = (await get(setup.url("/apm"))).json()
    assert apm["otel"]["status"] == "stale"
    assert apm["otel"]["ageSeconds"] >= 3600
    await setup.agent.push(SnapshotDelta(seq=3, base_seq=2, taken_at="t"))  # no otel: unchanged
    assert (await get(setup.url("/apm"))).json()["otel"]["status"] == "stale"

    await setup.agent.push(Snapshot(seq=4, taken_at="t"))  # a full one without otel
    apm = (await get(setup.url("/apm"))).json()
    assert apm["otel"]["status"] == "disabled"
    assert apm["services"] == [] and apm["map"] == {"nodes": [], "links": []}
    slo = await get(setup.url("/slo"))
    assert slo.status_code == 200 and slo.json()["items"] == []
    refused = await get(setup.url("/traces"))
    assert refused.status_code == 409
    assert "AGENT_CLICKHOUSE_ENDPOINT" in refused.json()["error"]["message"]
    assert setup.agent.seen == []
