"""The Agent's APM rollup over HTTP against chdb: data written in stages, filled incrementally,
compared with the generator's exact `Truth` and with the whole-range SQL of `apm`, for both
schema generations."""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, ClickHouseError, Rows
from atlhyper.agent.otel import apm, rollup, summary
from atlhyper.agent.otel.context import OtelContext
from atlhyper.agent.otel.rollup import ApmRollup, quantile_ns
from atlhyper.model.otel import ApmService, ServiceEdge
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel.generator import OtelGenerator, write
from atlhyper.sim.otel.topology import demo_topology
from atlhyper.sim.otel.traces import Batch, Truth
from tests.unit.agent.conftest import connect, row_ns
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MINUTE_NS = 60 * _NS
#: Three stages of 4 minutes, at 4 traces/s (about 40,000 spans per schema generation).
STAGES = 3
STAGE_MINUTES = 4
TRACES_PER_SECOND = 4.0
#: Spans of the first stage from LATE_SECONDS to LATE_SECONDS / 2 before its fill's end are
#: written only after that fill (but before the next, which reads OVERLAP again).
LATE_SECONDS = 60
#: A rollup percentile and the exact sample quantile share a log bucket 2^(1/32) wide, so they
#: differ by less than this (relative); ms() rounds to the microsecond besides.
BOUND = 2 ** (1 / rollup.BUCKETS_PER_OCTAVE) - 1
ROUNDING_MS = 0.0005

Row = dict[str, Any]


def _moment(ns: int) -> datetime:
    """The first microsecond at or after `ns` (datetimes hold microseconds)."""
    return _EPOCH + timedelta(microseconds=-(-ns // 1000))


def _ns_of(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000


def _within(measured_ms: float, exact_ns: float) -> bool:
    exact_ms = exact_ns / 1e6
    return abs(measured_ms - exact_ms) <= BOUND * exact_ms + ROUNDING_MS


def _exact(durations: list[int], q: float) -> float:
    ordered = sorted(durations)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


def _counts(items: list[ApmService] | list[ServiceEdge]) -> dict[tuple[str, ...], tuple[int, int]]:
    return {
        (i.name,) if isinstance(i, ApmService) else (i.source, i.target, i.kind): (
            i.requests,
            i.errors,
        )
        for i in items
    }


@dataclass
class Filled:
    """Data written in stages, each followed by a fill of `rollup` (window from `start`)."""

    ctx: OtelContext
    generation: schema.Generation
    truth: Truth
    spans: list[Row]
    rollup: ApmRollup
    start: datetime
    ends: list[datetime]  # each fill's end
    #: (client span, server span) of a call split by each of the first fills' ends.
    split: list[tuple[Row, Row]]
    #: After the first fill: the rollup's answers and the whole-range SQL's at that moment.
    first_fill: tuple[list[ApmService], list[ServiceEdge]]
    first_sql: tuple[list[ApmService], list[ServiceEdge]]

    @property
    def end(self) -> datetime:
        return self.ends[-1]

    @property
    def config(self) -> ClickHouseConfig:
        return self.ctx.client.config

    def spelled(self, kind: str) -> str:
        return schema.SPELLINGS[self.generation].kinds[kind]

    def failed(self, span: Row) -> bool:
        return bool(span["StatusCode"] == schema.SPELLINGS[self.generation].statuses["Error"])


def _split_call(
    spans: list[Row], server_kind: str, after_ns: int, before_ns: int
) -> tuple[Row, Row]:
    """A call whose client span starts in [after, before) with the widest gap before its
    server span, so a fill ending between the two splits it."""
    by_parent = {span["ParentSpanId"]: span for span in spans if span["SpanKind"] == server_kind}
    pairs = [
        (by_parent[span["SpanId"]], span)
        for span in spans
        if span["SpanId"] in by_parent and after_ns <= row_ns(span["Timestamp"]) < before_ns
    ]
    server, client = max(pairs, key=lambda p: row_ns(p[0]["Timestamp"]) - row_ns(p[1]["Timestamp"]))
    assert row_ns(server["Timestamp"]) - row_ns(client["Timestamp"]) > 2000
    return client, server


def _late(ns: int, end: datetime) -> bool:
    end_ns = _ns_of(end)
    return end_ns - LATE_SECONDS * _NS <= ns < end_ns - LATE_SECONDS * _NS // 2


@pytest.fixture(scope="module")
async def filled(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Filled]:
    ctx = await connect(clickhouse_http, otel_database)
    truth = Truth()
    start_ns = time.time_ns() // _MINUTE_NS * _MINUTE_NS - 20 * _MINUTE_NS
    generator = OtelGenerator(demo_topology(), 7, start_ns, generation, truth)
    stages = [
        generator.window(
            start_ns + i * STAGE_MINUTES * _MINUTE_NS,
            start_ns + (i + 1) * STAGE_MINUTES * _MINUTE_NS,
            TRACES_PER_SECOND,
            60.0,
        )[0].spans
        for i in range(STAGES)
    ]
    server_kind = schema.SPELLINGS[generation].kinds["Server"]
    split, ends = [], []
    for i, spans in enumerate(stages[:-1]):  # end each fill inside a call of the stage's end
        stage_end = start_ns + (i + 1) * STAGE_MINUTES * _MINUTE_NS
        client_span, server_span = _split_call(
            spans, server_kind, stage_end - _MINUTE_NS, stage_end
        )
        split.append((client_span, server_span))
        ends.append(_moment(row_ns(client_span["Timestamp"]) + 1))
    ends.append(_moment(start_ns + (STAGES * STAGE_MINUTES + 1) * _MINUTE_NS))  # after all

    start = datetime.fromtimestamp(start_ns / _NS, UTC)
    late = [span for span in stages[0] if _late(row_ns(span["Timestamp"]), ends[0])]
    late_ids = {span["SpanId"] for span in late}
    held = ApmRollup()
    written: list[Row] = []
    first_fill: tuple[list[ApmService], list[ServiceEdge]] = ([], [])
    first_sql = first_fill
    for i, spans in enumerate(stages):
        now_written = [s for s in spans if s["SpanId"] not in late_ids] if i == 0 else spans
        if i == 1:
            now_written = late + now_written
        write(chdb_engine, otel_database, Batch(spans=now_written), [])
        written += now_written
        await held.refresh(ctx, start, ends[i])
        if i == 0:
            first_fill = (held.services(), held.edges())
            first_sql = (
                await apm.services(ctx, start, ends[0]),
                await apm.edges(ctx, start, ends[0]),
            )
    yield Filled(ctx, generation, truth, written, held, start, ends, split, first_fill, first_sql)
    ctx.client.close()


class _Gated(ClickHouse):
    """A client whose queries wait for `gate`, recording the start of each query's range."""

    def __init__(self, config: ClickHouseConfig) -> None:
        super().__init__(config)
        self.gate = asyncio.Event()
        self.starts: list[datetime] = []

    async def query(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Rows:
        await self.gate.wait()
        if "slot" in sql:  # the rollup's reads of minutes
            self.starts.append((params or {})["start"])
        return await super().query(sql, params, settings)


async def test_incremental_fills_match_the_truth(filled: Filled) -> None:
    services = {s.name: s for s in filled.rollup.services()}
    assert set(services) == set(filled.truth.services)
    seconds = (filled.end - filled.start).total_seconds()
    for name, expected in filled.truth.services.items():
        found = services[name]
        assert (found.requests, found.errors) == (expected.requests, expected.errors), name
        assert found.rate == pytest.approx(expected.requests / seconds)
        assert _within(found.p50_ms, expected.quantile(0.5)), (name, found.p50_ms)
        assert _within(found.p99_ms, expected.quantile(0.99)), (name, found.p99_ms)
        assert found.namespace
    assert services["payments-api"].errors > 0

    calls: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for span in filled.spans:
        if span["SpanKind"] == filled.spelled("Client"):
            calls[span["ServiceName"], span["SpanAttributes"]["peer.service"]].append(span)
    edges = {(e.source, e.target): e for e in filled.rollup.edges()}
    assert {key: edge.requests for key, edge in edges.items()} == dict(filled.truth.edges)
    for key, edge in edges.items():
        spans = calls[key]
        assert edge.kind == ("db" if "db.system" in spans[0]["SpanAttributes"] else "http")
        assert edge.errors == sum(filled.failed(span) for span in spans), key
        durations = [span["Duration"] for span in spans]
        assert _within(edge.p50_ms, _exact(durations, 0.5)), key
        assert _within(edge.p99_ms, _exact(durations, 0.99)), key
    assert {e.target for e in edges.values() if e.kind == "db"} == {"redis", "postgres"}


async def test_incremental_fills_equal_the_whole_range_sql(filled: Filled) -> None:
    assert filled.rollup.start == filled.start.timestamp()
    services = await apm.services(filled.ctx, filled.start, filled.end)
    edges = await apm.edges(filled.ctx, filled.start, filled.end)
    assert _counts(filled.rollup.services()) == _counts(services)
    assert _counts(filled.rollup.edges()) == _counts(edges)
    assert {s.name: s.namespace for s in filled.rollup.services()} == {
        s.name: s.namespace for s in services
    }
    # What the first fill held is what SQL saw at that moment (late spans not yet written).
    assert _counts(filled.first_fill[0]) == _counts(filled.first_sql[0])
    assert _counts(filled.first_fill[1]) == _counts(filled.first_sql[1])
    assert sum(s.requests for s in filled.first_fill[0]) < sum(s.requests for s in services)


async def test_an_incremental_fill_equals_a_cold_one(filled: Filled) -> None:
    cold = ApmRollup()
    await cold.refresh(filled.ctx, filled.start, filled.end)
    assert cold.services() == filled.rollup.services()  # histograms and all
    assert cold.edges() == filled.rollup.edges()


async def test_a_fill_in_parts_equals_one_read(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup, "FILL_PART", 240)
    client = _Gated(filled.config)
    client.gate.set()
    parts = ApmRollup()
    await parts.refresh(
        OtelContext(client, filled.ctx.schema, filled.ctx.database), filled.start, filled.end
    )
    # 13 minutes: parts from 0, 2, 4, 6 and 8 minutes (each OVERLAP before the last one's end).
    assert sorted(set(client.starts)) == [
        filled.start + timedelta(minutes=m) for m in range(0, 9, 2)
    ]
    assert parts.services() == filled.rollup.services()
    assert parts.edges() == filled.rollup.edges()
    client.close()


async def test_calls_split_by_a_fill_and_late_spans_are_counted(filled: Filled) -> None:
    for (client_span, server_span), end in zip(filled.split, filled.ends, strict=False):
        client_ns, server_ns = row_ns(client_span["Timestamp"]), row_ns(server_span["Timestamp"])
        assert client_ns < _ns_of(end) <= server_ns  # the fill ended between them
    # Each split call's edge has its exact count (a lost call would make it one short).
    edges = {(e.source, e.target): e.requests for e in filled.rollup.edges()}
    for client_span, server_span in filled.split:
        key = (client_span["ServiceName"], server_span["ServiceName"])
        assert edges[key] == filled.truth.edges[key]
    # The first fill saw neither the late spans nor the split call's server span.
    first = _counts(filled.first_fill[0])
    early = sum(requests for requests, _ in first.values())
    end_ns = _ns_of(filled.ends[0])
    served = [s for s in filled.spans if s["SpanKind"] == filled.spelled("Server")]
    late = [s for s in served if _late(row_ns(s["Timestamp"]), filled.ends[0])]
    before = [s for s in served if row_ns(s["Timestamp"]) < end_ns]
    assert late and early == len(before) - len(late)


async def test_old_minutes_are_dropped(filled: Filled) -> None:
    held = ApmRollup()
    await held.refresh(filled.ctx, filled.start, filled.end)
    later = filled.start + timedelta(minutes=5, seconds=30)
    await held.refresh(filled.ctx, later, filled.end)
    first = filled.start + timedelta(minutes=5)  # the minute holding `later`
    assert held.start == first.timestamp()
    assert _counts(held.services()) == _counts(await apm.services(filled.ctx, first, filled.end))
    assert _counts(held.edges()) == _counts(await apm.edges(filled.ctx, first, filled.end))
    assert sum(s.requests for s in held.services()) < sum(
        s.requests for s in filled.rollup.services()
    )
    assert held.nbytes() < filled.rollup.nbytes()


async def test_a_failing_fill_keeps_the_minutes(filled: Filled) -> None:
    held = ApmRollup()
    early = filled.ends[0]
    await held.refresh(filled.ctx, filled.start, early)
    before = (held.services(), held.edges(), held.until)
    broken = OtelContext(filled.ctx.client, filled.ctx.schema, "no_such_database")
    with pytest.raises(ClickHouseError):
        await held.refresh(broken, filled.start, filled.end)
    assert (held.services(), held.edges(), held.until) == before
    await held.refresh(filled.ctx, filled.start, filled.end)  # and the next one goes on
    assert held.services() == filled.rollup.services()


async def test_a_fill_outlives_a_caller_who_stops_waiting(filled: Filled) -> None:
    client = _Gated(filled.config)
    ctx = OtelContext(client, filled.ctx.schema, filled.ctx.database)
    held = ApmRollup()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await held.refresh(ctx, filled.start, filled.end)
    assert held.until == 0  # not filled yet, still running
    client.gate.set()
    await held.refresh(ctx, filled.start, filled.end)
    # The first fill finished, reading the whole window; the second went on from it.
    resumed = (filled.end.timestamp() - rollup.OVERLAP) // rollup.MINUTE * rollup.MINUTE
    assert client.starts == [filled.start] * 3 + [datetime.fromtimestamp(resumed, UTC)] * 3
    assert held.services() == filled.rollup.services()
    client.close()


async def test_the_summary_reads_the_rollup(filled: Filled) -> None:
    held = ApmRollup()
    ctx = OtelContext(filled.ctx.client, filled.ctx.schema, filled.ctx.database, apm_rollup=held)
    found = await summary.compute(ctx, filled.start, filled.end)
    assert held.until == filled.end.timestamp()
    assert (found.services, found.edges) == (held.services(), held.edges())
    whole = await rollup.services_and_edges(filled.ctx, filled.start, filled.end)  # no rollup
    assert _counts(found.services) == _counts(whole[0])
    assert _counts(found.edges) == _counts(whole[1])


def test_percentiles_are_within_one_bucket_of_the_exact_ones() -> None:
    rng = random.Random(3)
    for size in (1, 2, 3, 10, 57, 1000, 20_000):
        durations = [max(1, int(rng.lognormvariate(17, 1.2))) for _ in range(size)]
        histogram: dict[int, int] = defaultdict(int)
        for duration in durations:
            histogram[math.floor(math.log2(duration) * rollup.BUCKETS_PER_OCTAVE)] += 1
        for q in (0.0, 0.5, 0.9, 0.99, 0.999, 1.0):
            error = abs(quantile_ns(histogram, q) / _exact(durations, q) - 1)
            assert error < BOUND, (size, q)
            if size >= 20_000 and 0.5 <= q <= 0.99:  # interpolating in the bucket pays off
                assert error < 0.005, (size, q, error)
    assert quantile_ns({}, 0.5) == 0.0
