"""The cached OTel summary: unavailable before the first success, stale (last data kept) on
failure or when too old, a new object only on change; the ClickHouse service that feeds it
through an outage; the Kubernetes lookups it uses; the snapshot path that carries it."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, ClickHouseError
from atlhyper.agent.clickhouse import service as clickhouse_service
from atlhyper.agent.otel.context import OtelContext, node_names_by_ip, traefik_hosts
from atlhyper.agent.otel.summary import SummaryCache, compute
from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.model import Snapshot, SnapshotDelta
from atlhyper.model.cluster import Node
from atlhyper.model.network import Ingress, IngressPath
from atlhyper.model.otel import ApmService, OtelSummary
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel import topology
from atlhyper.sim.otel.generator import OtelGenerator, write
from atlhyper.sim.otel.traces import Truth
from tests.conftest import free_port
from tests.unit.agent.conftest import clickhouse_config, connect, idle_context
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
NOW = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


class Scripted:
    """A compute function that answers from a script: a summary, an exception, or a hang."""

    def __init__(self) -> None:
        self.next: OtelSummary | BaseException | None = None
        self.calls = 0

    async def __call__(self, ctx: OtelContext, start: datetime, end: datetime) -> OtelSummary:
        self.calls += 1
        assert end - start == timedelta(hours=1)
        if self.next is None:
            await asyncio.Event().wait()
        if isinstance(self.next, BaseException):
            raise self.next
        assert self.next is not None
        return self.next


def _summary(*names: str) -> OtelSummary:
    return OtelSummary(
        status="ok",
        window_seconds=0,
        services=[
            ApmService(
                name=name, requests=10, rate=1.0, errors=1, error_rate=0.1, p50_ms=1, p99_ms=9
            )
            for name in names
        ],
    )


def _cache(script: Scripted, clock: Clock, **kw: float) -> SummaryCache:
    return SummaryCache(script, window_seconds=3600, clock=clock, **kw)


async def test_unavailable_until_the_first_success() -> None:
    script, clock = Scripted(), Clock()
    cache = _cache(script, clock)
    first = cache.current()
    assert (first.status, first.services, first.checked_at) == ("unavailable", [], "")
    assert cache.current() is first  # nothing changed: the same object

    script.next = ClickHouseError("Code: 60. Table otel.otel_traces does not exist\nStack…")
    assert not await cache.refresh(idle_context())
    failed = cache.current()
    assert failed is not first
    assert failed.status == "unavailable" and failed.services == []
    assert failed.error == "Code: 60. Table otel.otel_traces does not exist"
    assert failed.checked_at == "2027-01-15T08:00:00Z" and failed.refreshed_at == ""

    script.next = _summary("web")
    assert await cache.refresh(idle_context())
    ok = cache.current()
    assert ok.status == "ok" and [s.name for s in ok.services] == ["web"]
    assert ok.refreshed_at == ok.checked_at == "2027-01-15T08:00:00Z"
    assert (ok.error, ok.window_seconds, ok.schema_generation) == ("", 3600, "current")


async def test_failure_keeps_the_last_data_as_stale() -> None:
    script, clock = Scripted(), Clock()
    cache = _cache(script, clock)
    script.next = _summary("web", "cart")
    await cache.refresh(idle_context())
    good = cache.current()

    clock.now += 300
    script.next = RuntimeError("a bug in a query module")
    assert not await cache.refresh(idle_context())
    stale = cache.current()
    assert stale.status == "stale" and stale.error == "a bug in a query module"
    assert stale.services == good.services
    assert stale.refreshed_at == good.refreshed_at == "2027-01-15T08:00:00Z"
    assert stale.checked_at == "2027-01-15T08:05:00Z"

    clock.now += 300
    script.next = _summary("web")
    await cache.refresh(idle_context())
    assert cache.current().status == "ok" and cache.current().error == ""
    assert cache.current().refreshed_at == "2027-01-15T08:10:00Z"


async def test_each_refresh_has_its_own_timeout() -> None:
    script, clock = Scripted(), Clock()
    cache = _cache(script, clock, timeout_seconds=0.2)
    started = time.monotonic()
    assert not await cache.refresh(idle_context())  # script.next None: hangs
    assert time.monotonic() - started < 2
    assert cache.current().status == "unavailable"
    assert cache.current().error == "the summary queries took over 0.2s"


async def test_old_data_turns_stale_without_an_error() -> None:
    script, clock = Scripted(), Clock()
    cache = _cache(script, clock, refresh_seconds=300, timeout_seconds=60)
    script.next = _summary("web")
    await cache.refresh(idle_context())
    fresh = cache.current()
    clock.now += 359  # the next refresh is due and may still be running within its timeout
    assert cache.current() is fresh and fresh.status == "ok"
    clock.now += 2  # TTL (5 min) + the refresh's timeout: overdue
    stale = cache.current()
    assert stale.status == "stale" and stale.error == "" and stale.services == fresh.services
    assert cache.current() is stale  # turned once, then unchanged


async def test_run_refreshes_every_interval_and_survives_failures() -> None:
    script, clock = Scripted(), Clock()
    cache = _cache(script, clock, refresh_seconds=0.05)
    script.next = ClickHouseError("Connection refused")
    loop = asyncio.create_task(cache.run(idle_context()))
    await asyncio.sleep(0.3)
    assert not loop.done() and script.calls >= 3
    assert cache.current().status == "unavailable"
    script.next = _summary("web")
    await asyncio.sleep(0.2)
    assert cache.current().status == "ok"
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await loop


async def test_snapshots_never_wait_for_clickhouse() -> None:
    """A refresh hanging on ClickHouse leaves the snapshot path untouched."""
    script, clock = Scripted(), Clock()
    cache = _cache(script, clock, timeout_seconds=30)
    script.next = _summary("web")
    await cache.refresh(idle_context())
    script.next = None  # the next refresh hangs
    refreshing = asyncio.create_task(cache.refresh(idle_context()))
    await asyncio.sleep(0.05)
    builder = SnapshotBuilder([], otel=cache.current)
    started = time.monotonic()
    snapshot = builder.build()
    assert time.monotonic() - started < 0.05
    assert isinstance(snapshot, Snapshot) and snapshot.otel is cache.current()
    assert snapshot.otel.status == "ok"
    builder.acknowledged(snapshot.seq)
    delta = builder.build()
    assert isinstance(delta, SnapshotDelta) and delta.otel is None  # unchanged
    refreshing.cancel()


async def test_clickhouse_down_at_start() -> None:
    """The service keeps retrying; meanwhile the summary says why it has no data."""
    port = free_port()
    config = ClickHouseConfig(endpoint=f"http://127.0.0.1:{port}", connect_timeout=1)
    cache = SummaryCache()
    lifetime = asyncio.create_task(clickhouse_service.run(config, 0.1, cache=cache))
    await asyncio.sleep(1.0)
    assert not lifetime.done()
    down = cache.current()
    assert down.status == "unavailable" and down.services == []
    assert down.error.startswith(f"ClickHouse at http://127.0.0.1:{port} is not answering")
    assert down.checked_at
    builder = SnapshotBuilder([], otel=cache.current)  # snapshots keep flowing meanwhile
    snapshot = builder.build()
    assert isinstance(snapshot, Snapshot) and snapshot.otel is down
    lifetime.cancel()
    with pytest.raises(asyncio.CancelledError):
        await lifetime


# ---------------------------------------------------------------- against chdb


async def test_service_waits_for_tables_then_refreshes_from_clickhouse(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> None:
    database = f"t_{uuid.uuid4().hex[:12]}"
    config = clickhouse_config(clickhouse_http, database)
    chdb_engine.run_script([f"CREATE DATABASE {database}"])
    cache = SummaryCache(refresh_seconds=0.2)
    ready: list[OtelContext] = []
    lifetime = asyncio.create_task(
        clickhouse_service.run(config, 0.1, cache=cache, on_ready=ready.append)
    )
    await asyncio.sleep(0.5)
    assert not ready
    assert cache.current().status == "unavailable"
    assert cache.current().error == f"no OTel tables in database {database!r} yet"

    chdb_engine.run_script(schema.statements("current", database))
    topo, truth = topology.demo_topology(), Truth()
    end_ns = time.time_ns()
    generator = OtelGenerator(topo, 5, end_ns - 3600 * _NS, "current", truth)
    batch, scrapes = generator.window(end_ns - 300 * _NS, end_ns, 2.0, 30.0)
    write(chdb_engine, database, batch, scrapes)
    expected = {name: t.requests for name, t in truth.services.items()}
    for _ in range(100):  # the schema may be seen before the data: wait for a later refresh
        summary = cache.current()
        if {s.name: s.requests for s in summary.services} == expected:
            break
        await asyncio.sleep(0.1)
    assert summary.status == "ok", summary.error
    assert len(ready) == 1 and ready[0].schema.generation == "current"
    assert {s.name: s.requests for s in summary.services} == expected
    assert {(e.source, e.target): e.requests for e in summary.edges} == dict(truth.edges)
    assert summary.nodes and summary.ingresses and summary.mesh_workloads
    lifetime.cancel()
    with pytest.raises(asyncio.CancelledError):
        await lifetime

    # ClickHouse goes away: the next refresh fails, the last data stays, marked stale.
    dead = ClickHouse(ClickHouseConfig(endpoint=f"http://127.0.0.1:{free_port()}"))
    assert not await cache.refresh(OtelContext(dead, ready[0].schema, database))
    stale = cache.current()
    assert stale.status == "stale" and "Connection refused" in stale.error
    assert stale.services == summary.services and stale.refreshed_at == summary.refreshed_at


async def test_json_attribute_tables_are_refused_by_name(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> None:
    """Tables the exporter wrote in its JSON mode: no queries against them, and the summary
    says why there is no data (the Agent keeps checking, in case they are recreated)."""
    database = f"t_{uuid.uuid4().hex[:12]}"
    chdb_engine.run_script(
        [
            f"CREATE DATABASE {database}",
            f"CREATE TABLE {database}.otel_traces (Timestamp DateTime64(9), TraceId String, "
            "ResourceAttributes JSON, SpanAttributes JSON) ENGINE = MergeTree ORDER BY Timestamp",
        ]
    )
    cache = SummaryCache(refresh_seconds=0.2)
    ready: list[OtelContext] = []
    config = clickhouse_config(clickhouse_http, database)
    lifetime = asyncio.create_task(
        clickhouse_service.run(config, 0.1, cache=cache, on_ready=ready.append)
    )
    await asyncio.sleep(0.5)
    assert not lifetime.done() and not ready
    summary = cache.current()
    assert summary.status == "unavailable" and summary.services == []
    assert summary.error.startswith(
        f"the OTel tables in database {database!r} keep attributes as JSON"
    )
    lifetime.cancel()
    with pytest.raises(asyncio.CancelledError):
        await lifetime


async def test_missing_metric_tables_leave_their_parts_empty(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> None:
    database = f"t_{uuid.uuid4().hex[:12]}"
    chdb_engine.run_script([f"CREATE DATABASE {database}", *schema.traces("legacy", database)])
    ctx = await connect(clickhouse_http, database)
    end = datetime.now(UTC)
    summary = await compute(ctx, end - timedelta(hours=1), end)
    assert summary.services == summary.edges == summary.nodes == summary.ingresses == []
    ctx.client.close()


# ---------------------------------------------------------------- Kubernetes lookups


def test_traefik_service_labels_map_to_ingress_hosts() -> None:
    shop = Ingress(
        uid="1",
        name="shop",
        namespace="shop",
        paths=[
            IngressPath(host="shop.example.com", path="/", service="web", port="80"),
            IngressPath(host="www.example.com", path="/", service="web", port="80"),
            IngressPath(host="shop.example.com", path="/api", service="api", port="http"),
            IngressPath(host="", path="/health", service="health", port="8080"),
        ],
        default_backend="fallback:80",
    )
    other = Ingress(
        uid="2",
        name="more",
        namespace="shop",
        paths=[IngressPath(host="m.example.com", path="/", service="web", port="80")],
    )
    assert traefik_hosts([shop, other]) == {
        "shop-web-80@kubernetes": ["m.example.com", "shop.example.com", "www.example.com"],
        "shop-api-http@kubernetes": ["shop.example.com"],
        "shop-health-8080@kubernetes": ["*"],
        "shop-fallback-80@kubernetes": ["*"],
    }


def test_node_names_by_internal_ip() -> None:
    nodes = [
        Node(uid="1", name="worker-1", internal_ip="10.0.0.11"),
        Node(uid="2", name="pending"),
    ]
    assert node_names_by_ip(nodes) == {"10.0.0.11": "worker-1"}
