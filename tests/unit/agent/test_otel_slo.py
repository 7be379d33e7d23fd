"""Ingress and mesh SLOs over HTTP against chdb, for both schema generations, compared with
the spans the generator wrote: its Traefik and Linkerd series count the very same requests, so
requests and errors must match exactly; percentiles must fall in the truth's bucket and
`latencyBelow` must be the exact share under each bound.

The data: a 10-minute burst three days ago and one ending now, so the 1d window holds only the
second while 7d and 30d hold both.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from atlhyper.agent.otel import promql, slo
from atlhyper.agent.otel.context import OtelContext, QueryError, iso
from atlhyper.model.commands import QuerySloParams
from atlhyper.model.otel import SloItem
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel import topology
from atlhyper.sim.otel.generator import OtelGenerator, write
from atlhyper.sim.otel.metrics import LINKERD_BOUNDS, TRAEFIK_BOUNDS
from atlhyper.sim.otel.traces import Batch
from tests.unit.agent.conftest import HOSTS, connect, counter_drops, create_database
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
SCRAPE = 30
BURST = 600


@dataclass
class Requests:
    """What a set of requests should give: counts and durations (in the bounds' unit)."""

    requests: int = 0
    errors: int = 0
    durations: list[float] = field(default_factory=list)

    def add(self, failed: bool, duration: float) -> None:
        self.requests += 1
        self.errors += failed
        self.durations.append(duration)

    def __add__(self, other: Requests) -> Requests:
        return Requests(
            self.requests + other.requests,
            self.errors + other.errors,
            self.durations + other.durations,
        )

    def below(self, bounds: tuple[float, ...]) -> list[int]:
        """Requests at or under each bound, as the generator buckets them (bisect_left)."""
        counts = [0] * (len(bounds) + 1)
        for value in self.durations:
            counts[bisect.bisect_left(bounds, value)] += 1
        return promql.cumulative(counts, bounds)

    def bucket_of(self, q: float, bounds: tuple[float, ...]) -> tuple[float, float]:
        """The bucket (lower, upper] holding the exact sample quantile."""
        ordered = sorted(self.durations)
        value = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
        index = bisect.bisect_left(bounds, value)
        lower = bounds[index - 1] if index > 0 else 0.0
        return lower, bounds[index] if index < len(bounds) else bounds[-1]


@dataclass
class Truth:
    ingress: dict[str, Requests] = field(default_factory=lambda: defaultdict(Requests))
    inbound: dict[str, Requests] = field(default_factory=lambda: defaultdict(Requests))
    edges: dict[tuple[str, str, str, str], Requests] = field(
        default_factory=lambda: defaultdict(Requests)
    )

    def __add__(self, other: Truth) -> Truth:
        total = Truth()
        for name in ("ingress", "inbound", "edges"):
            mine, theirs = getattr(self, name), getattr(other, name)
            merged = getattr(total, name)
            for key in mine.keys() | theirs.keys():
                merged[key] = mine.get(key, Requests()) + theirs.get(key, Requests())
        return total


def _truth(batch: Batch, generation: schema.Generation, topo: topology.Topology) -> Truth:
    spelling = schema.SPELLINGS[generation]
    error = spelling.statuses["Error"]
    truth = Truth()
    entry = topo.services[topo.entry]
    label = f"{entry.namespace}-{entry.name}-{entry.port}@kubernetes"
    for span in batch.spans:
        failed = span["StatusCode"] == error
        service = topo.services[span["ServiceName"]]
        if span["SpanKind"] == spelling.kinds["Server"]:
            truth.inbound[f"{service.namespace}/{service.name}"].add(failed, span["Duration"] / 1e6)
            if not span["ParentSpanId"]:
                truth.ingress[label].add(failed, span["Duration"] / _NS)
        peer = span["SpanAttributes"].get("peer.service", "")
        if span["SpanKind"] == spelling.kinds["Client"] and peer in topo.services:
            target = topo.services[peer]
            key = (service.namespace, service.name, target.namespace, target.name)
            truth.edges[key].add(failed, span["Duration"] / 1e6)
    return truth


@dataclass
class Dataset:
    ctx: OtelContext
    generation: schema.Generation
    old: Truth  # the burst three days ago
    recent: Truth  # the burst ending at `end`
    old_start: datetime
    end: datetime

    def params(self, **extra: Any) -> QuerySloParams:
        body = {"start": iso(self.old_start - timedelta(minutes=1)), "end": iso(self.now)}
        return msgspec.convert({**body, **extra}, QuerySloParams)

    @property
    def now(self) -> datetime:
        return self.end + timedelta(seconds=1)


@pytest.fixture(scope="module")
async def data(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Dataset]:
    topo = topology.demo_topology()
    end_ns = time.time_ns() // (SCRAPE * _NS) * SCRAPE * _NS
    old_start = end_ns - 3 * 86_400 * _NS - BURST * _NS
    generator = OtelGenerator(topo, 5, old_start, generation)
    generator.metrics.reset_probability = 0.0
    truths = []
    for start in (old_start, end_ns - BURST * _NS):
        # Whole scrape intervals: the last scrape is at the burst's end, counting every trace.
        batch, scrapes = generator.window(start, start + BURST * _NS, 2.0, SCRAPE)
        write(chdb_engine, otel_database, batch, scrapes)
        truths.append(_truth(batch, generation, topo))
    ctx = await connect(clickhouse_http, otel_database, ingress_hosts=lambda: HOSTS)
    end = datetime.fromtimestamp(end_ns / _NS, UTC)
    old = datetime.fromtimestamp(old_start / _NS, UTC)
    yield Dataset(ctx, generation, truths[0], truths[1], old, end)
    ctx.client.close()


def _window(item: SloItem, name: str) -> Any:
    return next(w for w in item.windows if w.window == name)


def _within(value: float, bucket: tuple[float, float], scale: float) -> bool:
    lower, upper = bucket
    return lower * scale - 1e-6 <= value <= upper * scale + 1e-6


async def test_ingress_windows_count_exactly(data: Dataset) -> None:
    result = await slo.query_slo(data.ctx, data.params(kind="ingress"), data.now)
    assert result.kind == "ingress"
    assert [item.name for item in result.items] == ["shop-web-80@kubernetes"]
    item = result.items[0]
    assert item.hosts == ["shop.example.com"]
    assert not item.series  # only with a name
    both = data.old + data.recent
    for window, truth in (("1d", data.recent), ("7d", both), ("30d", both)):
        expected = truth.ingress[item.name]
        found = _window(item, window)
        assert (found.requests, found.errors) == (expected.requests, expected.errors), window
        assert found.latency_bounds_ms == [b * 1000 for b in TRAEFIK_BOUNDS]
        assert found.latency_below == expected.below(TRAEFIK_BOUNDS), window
        assert found.latency_below == sorted(found.latency_below)
        assert found.latency_below[-1] <= found.requests
        for q, value in ((0.5, found.p50_ms), (0.99, found.p99_ms)):
            assert _within(value, expected.bucket_of(q, TRAEFIK_BOUNDS), 1000), (window, q)
    assert _window(item, "1d").requests < _window(item, "7d").requests


async def test_mesh_windows_count_exactly(data: Dataset) -> None:
    result = await slo.query_slo(data.ctx, data.params(kind="service"), data.now)
    both = data.old + data.recent
    assert {item.name for item in result.items} == set(both.inbound)
    for item in result.items:
        for window, truth in (("1d", data.recent), ("7d", both), ("30d", both)):
            expected = truth.inbound[item.name]
            found = _window(item, window)
            assert (found.requests, found.errors) == (expected.requests, expected.errors)
            assert found.latency_bounds_ms == [float(b) for b in LINKERD_BOUNDS]
            assert found.latency_below == expected.below(tuple(map(float, LINKERD_BOUNDS)))
            for q, value in ((0.5, found.p50_ms), (0.99, found.p99_ms)):
                bounds = tuple(map(float, LINKERD_BOUNDS))
                assert _within(value, expected.bucket_of(q, bounds), 1), (item.name, window, q)
    assert any(_window(item, "1d").errors for item in result.items)


async def test_one_item_with_its_series(data: Dataset) -> None:
    """Over both bursts at a 10-minute step: the buckets add up to each burst exactly."""
    name = "payments/payments-api"
    result = await slo.query_slo(
        data.ctx, data.params(kind="service", name=name, stepSeconds=600), data.now
    )
    assert [item.name for item in result.items] == [name]
    assert result.step_seconds == 600
    series = result.items[0].series
    assert [b.time for b in series] == sorted(b.time for b in series)
    assert series[0].time <= data.old_start.timestamp() - 60 < series[0].time + 600
    day_ago = (data.end - timedelta(days=1)).timestamp()
    for truth, buckets in (
        (data.old, [b for b in series if b.time < day_ago]),
        (data.recent, [b for b in series if b.time >= day_ago]),
    ):
        expected = truth.inbound[name]
        assert sum(b.requests for b in buckets) == expected.requests
        assert sum(b.errors for b in buckets) == expected.errors
    assert all(b.p99_ms >= b.p50_ms >= 0 for b in series)
    assert sum(b.p50_ms > 0 for b in series) >= 2
    ingress = await slo.query_slo(
        data.ctx, data.params(kind="ingress", name="shop-web-80@kubernetes"), data.now
    )
    expected_ingress = (data.old + data.recent).ingress["shop-web-80@kubernetes"]
    assert sum(b.requests for b in ingress.items[0].series) == expected_ingress.requests
    assert ingress.step_seconds == 7200  # 3 days in about 60 buckets: the next round step
    nothing = await slo.query_slo(
        data.ctx, data.params(kind="ingress", name="x' OR 1=1 --"), data.now
    )
    assert nothing.items == []
    with pytest.raises(QueryError, match="namespace/workload"):
        await slo.query_slo(data.ctx, data.params(kind="service", name="no-slash"), data.now)


async def test_summary_ingresses_and_mesh(data: Dataset) -> None:
    """Over the old burst: every series starts inside it, so nothing before is needed."""
    start, end = data.old_start, data.old_start + timedelta(seconds=BURST + 1)
    seconds = (end - start).total_seconds()
    ingresses = await slo.ingresses(data.ctx, start, end)
    assert len(ingresses) == 1
    ingress = ingresses[0]
    expected = data.old.ingress[ingress.service]
    assert (ingress.requests, ingress.errors) == (expected.requests, expected.errors)
    assert ingress.availability == pytest.approx(1 - expected.errors / expected.requests)
    assert ingress.rate == pytest.approx(expected.requests / seconds)
    assert (ingress.namespace, ingress.backend, ingress.hosts) == (
        "shop",
        "web",
        HOSTS[ingress.service],
    )
    assert _within(ingress.p50_ms, expected.bucket_of(0.5, TRAEFIK_BOUNDS), 1000)

    workloads, edges = await slo.mesh(data.ctx, start, end)
    bounds = tuple(map(float, LINKERD_BOUNDS))
    assert {f"{w.namespace}/{w.workload}" for w in workloads} == set(data.old.inbound)
    for workload in workloads:
        truth = data.old.inbound[f"{workload.namespace}/{workload.workload}"]
        assert (workload.requests, workload.failures) == (truth.requests, truth.errors)
        assert workload.success_rate == pytest.approx(1 - truth.errors / truth.requests)
        assert _within(workload.p99_ms, truth.bucket_of(0.99, bounds), 1)
    assert {(e.source_namespace, e.source, e.target_namespace, e.target) for e in edges} == set(
        data.old.edges
    )
    for edge in edges:
        truth = data.old.edges[
            (edge.source_namespace, edge.source, edge.target_namespace, edge.target)
        ]
        assert (edge.requests, edge.failures) == (truth.requests, truth.errors)
        assert _within(edge.p50_ms, truth.bucket_of(0.5, bounds), 1)


async def test_counter_resets_are_not_lost_or_negative(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> None:
    """With proxies restarting often, the increases follow Prometheus's `increase()` over the
    written points (a drop counts the new value), never go negative, and stay under the spans
    (a restart loses the requests counted since the scrape before it)."""
    database = create_database(chdb_engine, "current")
    topo = topology.demo_topology()
    end_ns = time.time_ns() // (SCRAPE * _NS) * SCRAPE * _NS
    start_ns = end_ns - 1200 * _NS
    generator = OtelGenerator(topo, 9, start_ns)
    generator.metrics.reset_probability = 0.08
    batch, scrapes = generator.window(start_ns, end_ns, 2.0, SCRAPE)
    write(chdb_engine, database, batch, scrapes)
    assert counter_drops(chdb_engine, database, "response_total") > 0
    expected: dict[str, float] = defaultdict(float)
    points: dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple[str, float, str]]] = (
        defaultdict(list)
    )
    for tables in scrapes:
        for row in tables.sum:
            if (
                row["MetricName"] == "response_total"
                and row["Attributes"]["direction"] == "inbound"
            ):
                key = (
                    row["ResourceAttributes"]["service.instance.id"],
                    tuple(sorted(row["Attributes"].items())),
                )
                points[key].append((row["TimeUnix"], row["Value"], row["StartTimeUnix"]))
    for key, series in points.items():
        labels = dict(key[1])
        ordered = sorted(series)
        name = f"{labels['namespace']}/{labels['deployment']}"
        # Every series starts inside the range (StartTimeUnix = the generator's start): the
        # first point counts in full. A restart is a drop or a start after the previous point.
        expected[name] += ordered[0][1] + sum(
            v - p if v >= p and start <= at else v
            for (at, p, _), (_, v, start) in itertools.pairwise(ordered)
        )
    ctx = await connect(clickhouse_http, database, ingress_hosts=lambda: HOSTS)
    now = datetime.fromtimestamp(end_ns / _NS + 1, UTC)
    result = await slo.query_slo(
        ctx,
        msgspec.convert(
            {"start": iso(now - timedelta(hours=1)), "end": iso(now), "kind": "service"},
            QuerySloParams,
        ),
        now,
    )
    truth = _truth(batch, "current", topo).inbound
    for item in result.items:
        found = _window(item, "1d")
        assert found.requests == round(expected[item.name])
        assert 0.8 * truth[item.name].requests <= found.requests <= truth[item.name].requests
        assert 0 <= found.errors <= found.requests
    ctx.client.close()


def test_traefik_service_labels() -> None:
    assert slo.split_service_label("shop-web-80@kubernetes") == ("shop", "web")
    assert slo.split_service_label("payments-payments-api-8443@kubernetescrd") == (
        "payments",
        "payments-api",
    )
    assert slo.split_service_label("api@internal") == ("", "api")
    assert slo.split_service_label("web-80@file") == ("", "web")


def test_histogram_quantile() -> None:
    bounds = (0.1, 0.3, 1.2, 5.0)
    assert promql.quantile(0.5, bounds, [0, 10, 0, 0, 0]) == pytest.approx(0.2)
    assert promql.quantile(0.99, bounds, [0, 0, 0, 0, 4]) == 5.0  # in +Inf: the last bound
    assert promql.quantile(0.5, bounds, [0, 0, 0, 0, 0]) == 0.0
    assert promql.quantile(0.25, bounds, [4, 4, 0, 0, 0]) == pytest.approx(0.05)
    assert promql.cumulative([1, 2, 3, 4, 5], bounds) == [1, 3, 6, 10]
