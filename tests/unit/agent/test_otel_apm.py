"""The Agent's APM and trace queries over HTTP against chdb, compared with what the generator
wrote (its exact `Truth` and the rows themselves), for both schema generations."""

from __future__ import annotations

import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import msgspec
import pytest

from atlhyper.agent.commands.context import ActionContext
from atlhyper.agent.commands.service import CommandRunner
from atlhyper.agent.k8s.api import KubeApi
from atlhyper.agent.k8s.discovery import ResourceMap
from atlhyper.agent.otel import apm, traces
from atlhyper.agent.otel.context import OtelContext, QueryError, iso
from atlhyper.model.commands import Command, QueryTracesParams, Target
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel import topology
from atlhyper.sim.otel.generator import OtelGenerator, write
from atlhyper.sim.otel.traces import Batch, Truth
from tests.unit.agent.conftest import connect, row_ns
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
#: Generated traffic: 10 minutes at 3 traces/s (about 9,000 spans) per schema generation.
MINUTES = 10
#: quantilesTDigest against the exact sample quantile (the generator's truth), relative. It is
#: within 1.2 % on this data, services of 57 requests included.
TOLERANCE = 0.03
HOSTILE = "x' OR 1=1 --"


@dataclass
class Dataset:
    ctx: OtelContext
    generation: schema.Generation
    truth: Truth
    batch: Batch
    topology: topology.Topology
    start: datetime
    end: datetime

    def spans(self, kind: str) -> list[dict[str, Any]]:
        spelled = schema.SPELLINGS[self.generation].kinds[kind]
        return [span for span in self.batch.spans if span["SpanKind"] == spelled]

    def failed(self, span: dict[str, Any]) -> bool:
        return bool(span["StatusCode"] == schema.SPELLINGS[self.generation].statuses["Error"])

    def params(self, **extra: Any) -> QueryTracesParams:
        return msgspec.convert(
            {"start": iso(self.start), "end": iso(self.end), **extra}, QueryTracesParams
        )


def _exact(durations: list[int], q: float) -> float:
    """The sample quantile as `Truth.quantile` (and `quantileExact`) pick it, in ms."""
    ordered = sorted(durations)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6


def _close(measured: float, expected: float) -> bool:
    return abs(measured / expected - 1) <= TOLERANCE


@pytest.fixture(scope="module")
async def data(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Dataset]:
    topo = topology.demo_topology()
    truth = Truth()
    end_ns = time.time_ns() // (60 * _NS) * 60 * _NS  # whole minutes: series buckets align
    start_ns = end_ns - MINUTES * 60 * _NS
    generator = OtelGenerator(topo, 42, start_ns, generation, truth)
    batch, _ = generator.window(start_ns, end_ns, 3.0, 60.0)
    write(chdb_engine, otel_database, batch, [])
    ctx = await connect(clickhouse_http, otel_database)
    # The window covers every span: the last trace's spans start after its root.
    start = datetime.fromtimestamp(start_ns // _NS, UTC)
    yield Dataset(
        ctx, generation, truth, batch, topo, start, start + timedelta(minutes=MINUTES + 1)
    )
    ctx.client.close()


# ---------------------------------------------------------------- services and topology


async def test_services_match_the_truth(data: Dataset) -> None:
    found = {s.name: s for s in await apm.services(data.ctx, data.start, data.end)}
    assert set(found) == set(data.truth.services) == set(data.topology.services)
    seconds = (data.end - data.start).total_seconds()
    for name, expected in data.truth.services.items():
        service = found[name]
        assert service.requests == expected.requests
        assert service.errors == expected.errors
        assert service.error_rate == expected.error_rate
        assert service.rate == pytest.approx(expected.requests / seconds)
        assert _close(service.p50_ms, expected.quantile(0.5) / 1e6), (name, service.p50_ms)
        assert _close(service.p99_ms, expected.quantile(0.99) / 1e6), (name, service.p99_ms)
        assert service.namespace == data.topology.services[name].namespace
    assert found["payments-api"].errors > 0


async def test_every_edge_is_found_with_its_counts(data: Dataset) -> None:
    found = {(e.source, e.target): e for e in await apm.edges(data.ctx, data.start, data.end)}
    assert {key: edge.requests for key, edge in found.items()} == dict(data.truth.edges)
    assert data.topology.edges() == set(found)
    calls: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for span in data.spans("Client"):
        calls[span["ServiceName"], span["SpanAttributes"]["peer.service"]].append(span)
    for key, edge in found.items():
        spans = calls[key]
        assert edge.kind == ("db" if "db.system" in spans[0]["SpanAttributes"] else "http")
        assert edge.errors == sum(data.failed(span) for span in spans)
        durations = [span["Duration"] for span in spans]
        assert _close(edge.p50_ms, _exact(durations, 0.5)), key
        if len(spans) >= 1000:  # a stable tail
            assert _close(edge.p99_ms, _exact(durations, 0.99)), key
    assert {e.target for e in found.values() if e.kind == "db"} == {"redis", "postgres"}
    assert found["checkout", "payments-api"].errors > 0


async def test_operations_and_series_of_a_service(data: Dataset) -> None:
    served = [s for s in data.spans("Server") if s["ServiceName"] == "catalog"]
    expected = Counter(span["SpanName"] for span in served)
    rows = await apm.operations(data.ctx, "catalog", data.start, data.end)
    assert {row.name: row.requests for row in rows} == dict(expected)
    assert [row.requests for row in rows] == sorted(expected.values(), reverse=True)
    assert sum(row.errors for row in rows) == data.truth.services["catalog"].errors

    buckets = await apm.series(data.ctx, data.start, data.end, 60, "catalog")
    assert len(buckets) == MINUTES + 1
    assert [b.time for b in buckets] == [
        data.start.timestamp() // 60 * 60 + 60 * i for i in range(MINUTES + 1)
    ]
    assert sum(b.requests for b in buckets) == len(served)
    assert sum(b.errors for b in buckets) == data.truth.services["catalog"].errors
    everything = await apm.series(data.ctx, data.start, data.end, 300)
    assert sum(b.requests for b in everything) == len(data.spans("Server"))


async def test_hostile_values_are_just_values(data: Dataset) -> None:
    assert await apm.operations(data.ctx, HOSTILE, data.start, data.end) == []
    assert all(
        b.requests == 0 for b in await apm.series(data.ctx, data.start, data.end, 60, HOSTILE)
    )
    page = await traces.query_traces(
        data.ctx, data.params(service=HOSTILE, operation=HOSTILE, include=["operations"])
    )
    assert (page.items, page.total, page.operations) == ([], 0, [])
    with pytest.raises(QueryError, match="no trace"):
        await traces.trace_detail(data.ctx, HOSTILE)


# ---------------------------------------------------------------- the trace list


async def test_query_traces_filters_and_total(data: Dataset) -> None:
    truth = data.truth.services["payments-api"]
    page = await traces.query_traces(data.ctx, data.params(service="payments-api", limit=5))
    assert page.total == truth.requests
    assert len(page.items) == 5
    assert all(item.service == "payments-api" and not item.root for item in page.items)

    errors = await traces.query_traces(
        data.ctx, data.params(service="payments-api", status="error", limit=1000)
    )
    assert errors.total == len(errors.items) == truth.errors
    assert all(item.error and item.http_status == "500" for item in errors.items)
    ok = await traces.query_traces(data.ctx, data.params(service="payments-api", status="ok"))
    assert ok.total == truth.requests - truth.errors

    # Roots: every trace starts at web, so web's server spans are the roots.
    roots = await traces.query_traces(data.ctx, data.params(service="web", limit=3))
    assert roots.total == data.truth.traces == data.truth.services["web"].requests
    assert all(item.root for item in roots.items)

    served = [s for s in data.spans("Server") if s["ServiceName"] == "checkout"]
    durations = sorted(span["Duration"] for span in served)
    low, high = durations[len(durations) // 4] / 1e6, durations[3 * len(durations) // 4] / 1e6
    between = await traces.query_traces(
        data.ctx,
        data.params(
            service="checkout", operation="POST /orders", minDurationMs=low, maxDurationMs=high
        ),
    )
    assert between.total == sum(low <= d / 1e6 <= high for d in durations)


async def test_query_traces_sort_and_paging(data: Dataset) -> None:
    whole = await traces.query_traces(
        data.ctx, data.params(service="cart", sort="duration", order="desc", limit=40)
    )
    durations = [item.duration_ms for item in whole.items]
    assert durations == sorted(durations, reverse=True)
    slowest = max(s["Duration"] for s in data.spans("Server") if s["ServiceName"] == "cart")
    assert durations[0] == pytest.approx(slowest / 1e6, abs=0.001)
    pages = [
        await traces.query_traces(
            data.ctx,
            data.params(service="cart", sort="duration", order="desc", limit=10, offset=offset),
        )
        for offset in (0, 10, 20, 30)
    ]
    assert [i.span_id for p in pages for i in p.items] == [i.span_id for i in whole.items]
    assert {p.total for p in pages} == {whole.total}

    oldest = await traces.query_traces(data.ctx, data.params(sort="start", order="asc", limit=20))
    starts = [item.start for item in oldest.items]
    assert starts == sorted(starts)
    newest = await traces.query_traces(data.ctx, data.params(limit=20))
    assert [i.start for i in newest.items] == sorted((i.start for i in newest.items), reverse=True)
    assert newest.total == len(data.spans("Server"))


async def test_query_traces_includes_series_and_operations(data: Dataset) -> None:
    page = await traces.query_traces(
        data.ctx, data.params(service="cart", include=["series", "operations"], limit=1)
    )
    assert page.step_seconds == 15  # 11 minutes in about 60 buckets
    assert sum(b.requests for b in page.series) == page.total
    assert {op.name for op in page.operations} == {"POST /items", "GET /items"}
    bare = await traces.query_traces(data.ctx, data.params(service="cart", limit=1))
    assert (bare.series, bare.operations, bare.step_seconds) == ([], [], 0)


# ---------------------------------------------------------------- one trace


def _richest_trace(data: Dataset) -> str:
    """The trace with the most spans among those with an exception event."""
    failing = {s["TraceId"] for s in data.batch.spans if s["Events.Name"]}
    sizes = Counter(s["TraceId"] for s in data.batch.spans if s["TraceId"] in failing)
    return sizes.most_common(1)[0][0]


async def test_trace_detail_is_a_waterfall(data: Dataset) -> None:
    trace_id = _richest_trace(data)
    written = {s["SpanId"]: s for s in data.batch.spans if s["TraceId"] == trace_id}
    detail = await traces.trace_detail(data.ctx, trace_id.upper())
    assert detail.trace_id == trace_id
    assert [span.span_id for span in detail.spans if span.depth == 0] == [
        s["SpanId"] for s in written.values() if not s["ParentSpanId"]
    ]
    assert sorted(span.span_id for span in detail.spans) == sorted(written)

    position = {span.span_id: index for index, span in enumerate(detail.spans)}
    depth = {span.span_id: span.depth for span in detail.spans}
    first_ns = min(row_ns(s["Timestamp"]) for s in written.values())
    for index, span in enumerate(detail.spans):
        source = written[span.span_id]
        assert span.kind in {"Server", "Client"}
        assert span.service == source["ServiceName"]
        assert span.error == data.failed(source)
        assert span.duration_ms == pytest.approx(source["Duration"] / 1e6, abs=0.001)
        assert span.offset_ms == pytest.approx(
            (row_ns(source["Timestamp"]) - first_ns) / 1e6, abs=0.001
        )
        assert [e.name for e in span.events] == source["Events.Name"]
        assert [e.attributes for e in span.events] == source["Events.Attributes"]
        if span.parent_span_id:
            # Depth-first: the parent comes first and every span between them is its subtree.
            parent = position[span.parent_span_id]
            assert parent < index and depth[span.parent_span_id] == span.depth - 1
            assert all(depth[s.span_id] > span.depth - 1 for s in detail.spans[parent + 1 : index])
    for parent_id in {s.parent_span_id for s in detail.spans if s.parent_span_id}:
        children = [s for s in detail.spans if s.parent_span_id == parent_id]
        assert [c.start for c in children] == sorted(c.start for c in children)
    exception = next(span for span in detail.spans if span.events)
    assert exception.events[0].name == "exception"
    assert "exception.type" in exception.events[0].attributes
    assert detail.duration_ms >= max(s.offset_ms + s.duration_ms for s in detail.spans) - 0.002
    assert detail.services[0] == "web"

    logs = [row for row in data.batch.logs if row["TraceId"] == trace_id]
    assert len(detail.logs) == len(logs) > 0
    assert sorted(log.body for log in detail.logs) == sorted(row["Body"] for row in logs)
    assert {log.span_id for log in detail.logs} <= set(written)
    assert any(log.severity == "ERROR" for log in detail.logs)
    assert all(log.namespace and log.pod for log in detail.logs)


async def test_a_span_opened_has_its_attribute_maps(data: Dataset) -> None:
    trace_id = _richest_trace(data)
    written = [s for s in data.batch.spans if s["TraceId"] == trace_id]
    assert len(written) > 1
    for source in written:
        opened = await traces.span_attributes(data.ctx, trace_id.upper(), source["SpanId"].upper())
        assert (opened.trace_id, opened.span_id) == (trace_id, source["SpanId"])
        assert opened.attributes == source["SpanAttributes"]
        assert opened.resource == source["ResourceAttributes"]


async def test_unknown_span(data: Dataset) -> None:
    trace_id = _richest_trace(data)
    with pytest.raises(QueryError, match=f"no span {'ab' * 8} in trace {trace_id}"):
        await traces.span_attributes(data.ctx, trace_id, "AB" * 8)
    with pytest.raises(QueryError, match=f"no span {'ab' * 8} in trace {'cd' * 16}"):
        await traces.span_attributes(data.ctx, "cd" * 16, "ab" * 8)


async def test_unknown_trace(data: Dataset) -> None:
    with pytest.raises(QueryError, match=f"no trace {'ab' * 16} in ClickHouse"):
        await traces.trace_detail(data.ctx, "AB" * 16)


def test_waterfall_places_orphans_and_cycles_as_roots() -> None:
    def row(span_id: str, parent: str, start_ms: int) -> tuple[Any, ...]:
        timing = (start_ms * 1_000_000, 10_000_000, 0, "", [], [], [])
        return (span_id, parent, "svc", "op", "SPAN_KIND_INTERNAL", *timing)

    spans = traces.waterfall(
        [
            row("c", "a", 30),
            row("a", "", 10),
            row("b", "a", 20),
            row("o", "missing", 15),
            row("x", "y", 40),
            row("y", "x", 50),
        ]
    )
    placed = [(s.span_id, s.depth) for s in spans]
    assert placed == [("a", 0), ("b", 1), ("c", 1), ("o", 0), ("x", 0), ("y", 1)]
    assert spans[0].kind == "Internal"
    assert spans[2].offset_ms == 20.0
    assert spans[2].duration_ms == 10.0


# ---------------------------------------------------------------- the query actions


def _runner(otel: OtelContext | None, unready: str = "") -> CommandRunner:
    """A runner whose Kubernetes side is never used by the query actions."""
    api = KubeApi(httpx2.AsyncClient(base_url="http://127.0.0.1:9"))
    return CommandRunner(ActionContext(api, ResourceMap(api), otel=otel, otel_unready=unready))


def _command(action: str, params: dict[str, Any]) -> Command:
    return Command(
        id=uuid.uuid4().hex,
        cluster_id="c",
        queue="ai",  # read-only actions: the ai queue may run them
        action=action,
        target=Target(kind=""),
        params=params,
        source="ui",
        created_by="tester",
        created_at=datetime.now(UTC).isoformat(),
        timeout_seconds=30,
    )


async def test_query_actions_run_and_encode(data: Dataset) -> None:
    runner = _runner(data.ctx)
    trace_id = _richest_trace(data)
    window = {"start": iso(data.start), "end": iso(data.end)}
    page = await runner.run(
        _command("query_traces", {**window, "service": "cart", "include": ["operations"]})
    )
    assert page.status == "success", page.error
    wire = msgspec.json.decode(msgspec.json.encode(page))["output"]
    assert wire["total"] == data.truth.services["cart"].requests
    assert {op["name"] for op in wire["operations"]} == {"POST /items", "GET /items"}
    assert {"traceId", "spanId", "durationMs", "start"} <= set(wire["items"][0])

    detail = await runner.run(_command("query_trace_detail", {"traceId": trace_id}))
    assert detail.status == "success", detail.error
    wire = msgspec.json.decode(msgspec.json.encode(detail))["output"]
    assert wire["traceId"] == trace_id and wire["spans"][0]["depth"] == 0

    span_id = wire["spans"][0]["spanId"]
    opened = await runner.run(_command("query_span", {"traceId": trace_id, "spanId": span_id}))
    assert opened.status == "success", opened.error
    wire = msgspec.json.decode(msgspec.json.encode(opened))["output"]
    assert wire["spanId"] == span_id and wire["attributes"] and wire["resource"]


async def test_query_actions_explain_failures(data: Dataset) -> None:
    runner = _runner(data.ctx)
    missing = await runner.run(_command("query_trace_detail", {"traceId": "ab" * 16}))
    assert (missing.status, missing.error) == ("failed", f"no trace {'ab' * 16} in ClickHouse")

    reversed_range = {"start": iso(data.end), "end": iso(data.start)}
    bad = await runner.run(_command("query_traces", reversed_range))
    assert bad.status == "failed" and "is not after start" in bad.error

    hostile = await runner.run(_command("query_trace_detail", {"traceId": HOSTILE}))
    assert hostile.status == "rejected" and "traceId" in hostile.error
    for span in ({"traceId": "ab" * 16, "spanId": HOSTILE}, {"traceId": "ab" * 16}):
        refused = await runner.run(_command("query_span", span))
        assert refused.status == "rejected" and "spanId" in refused.error
    no_span = await runner.run(_command("query_span", {"traceId": "ab" * 16, "spanId": "cd" * 8}))
    assert (no_span.status, no_span.error) == (
        "failed",
        f"no span {'cd' * 8} in trace {'ab' * 16} in ClickHouse",
    )

    broken = OtelContext(data.ctx.client, data.ctx.schema, "no_such_database")
    failed = await _runner(broken).run(_command("query_trace_detail", {"traceId": "ab" * 16}))
    assert failed.status == "failed"
    assert failed.error.startswith("ClickHouse: ") and "\n" not in failed.error

    window = {"start": iso(data.start), "end": iso(data.end)}
    off = await _runner(None).run(_command("query_traces", window))
    assert off.status == "failed"
    assert off.error == "ClickHouse is not configured on this Agent (AGENT_CLICKHOUSE_ENDPOINT)"
    waiting = await _runner(None, "ClickHouse at http://ch:8123 has not answered yet").run(
        _command("query_logs", window)
    )
    assert waiting.error == "ClickHouse at http://ch:8123 has not answered yet"
