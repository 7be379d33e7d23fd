"""One trace's detail over HTTP against chdb, for both schema generations: bounded in time by
`otel_traces_trace_id_ts` inside the statements themselves (one round of two statements, no
look-up first), with exactly what an unbounded read finds, and the logs' namespace and pod the
same from the materialised columns as from the resource map."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, Rows
from atlhyper.agent.otel import traces
from atlhyper.agent.otel.context import OtelContext, QueryError
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel import topology
from atlhyper.sim.otel.generator import OtelGenerator, insert_rows, write
from atlhyper.sim.otel.traces import timestamp
from tests.unit.agent.conftest import connect, row_ns
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
MINUTES = 5
#: A log line of the richest trace written this long after its last span started: inside
#: LOG_MARGIN, so the detail must still find it.
LATE_NS = 4 * 60 * _NS


class RecordingClickHouse(ClickHouse):
    """The Agent's client, keeping each statement and how many ran at once."""

    def __init__(self, config: ClickHouseConfig) -> None:
        super().__init__(config)
        self.statements: list[tuple[str, dict[str, Any]]] = []
        self.running = 0
        self.most_at_once = 0

    async def query(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Rows:
        self.statements.append((sql, dict(params or {})))
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            return await super().query(sql, params, settings)
        finally:
            self.running -= 1


@dataclass
class Dataset:
    ctx: OtelContext
    generation: schema.Generation
    spans: list[dict[str, Any]]
    logs: list[dict[str, Any]]
    richest: str  # the trace with the most spans among those with an exception event

    @property
    def client(self) -> RecordingClickHouse:
        assert isinstance(self.ctx.client, RecordingClickHouse)
        return self.ctx.client

    def without(self, **changes: Any) -> OtelContext:
        """The same context with schema fields changed."""
        return dataclasses.replace(self.ctx, schema=dataclasses.replace(self.ctx.schema, **changes))


@pytest.fixture(scope="module")
async def data(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Dataset]:
    end_ns = time.time_ns() // (60 * _NS) * 60 * _NS
    start_ns = end_ns - MINUTES * 60 * _NS
    batch, _ = OtelGenerator(topology.demo_topology(), 7, start_ns, generation).window(
        start_ns, end_ns, 3.0, 60.0
    )
    failing = {s["TraceId"] for s in batch.spans if s["Events.Name"]}
    sizes = Counter(s["TraceId"] for s in batch.spans if s["TraceId"] in failing)
    richest = sizes.most_common(1)[0][0]
    last_start = max(row_ns(s["Timestamp"]) for s in batch.spans if s["TraceId"] == richest)
    own = next(row for row in batch.logs if row["TraceId"] == richest)
    batch.logs.append(
        {**own, "Timestamp": timestamp(last_start + LATE_NS), "Body": "late line of the trace"}
    )
    write(chdb_engine, otel_database, batch, [])
    ctx = await connect(clickhouse_http, otel_database, RecordingClickHouse)
    yield Dataset(ctx, generation, batch.spans, batch.logs, richest)
    ctx.client.close()


def _some_traces(data: Dataset) -> list[str]:
    """The richest trace and a few others, picked the same way every run."""
    ids = sorted({s["TraceId"] for s in data.spans})
    return [data.richest, *ids[:: max(1, len(ids) // 4)]]


async def test_one_round_of_two_statements(data: Dataset) -> None:
    data.client.statements.clear()
    data.client.most_at_once = 0
    detail = await traces.trace_detail(data.ctx, data.richest)
    assert len(data.client.statements) == 2
    assert data.client.most_at_once == 2  # spans and logs at once: no bounds look-up first
    assert all("otel_traces_trace_id_ts" in sql for sql, _ in data.client.statements)
    assert len(detail.spans) == sum(s["TraceId"] == data.richest for s in data.spans)
    assert "late line of the trace" in {log.body for log in detail.logs}


async def test_the_bound_reaches_the_primary_key(data: Dataset) -> None:
    """ClickHouse evaluates the bounds subquery before choosing granules."""
    data.client.statements.clear()
    await traces.trace_detail(data.ctx, data.richest)
    spans_sql, values = next(s for s in data.client.statements if "otel_traces " in s[0])
    plan = await data.client.query(f"EXPLAIN indexes = 1 {spans_sql}", values)
    text = "\n".join(str(row[0]) for row in plan.rows)
    primary_key = text[text.index("PrimaryKey") :]
    assert "toDateTime(Timestamp) in" in primary_key, text


async def test_bounded_detail_is_the_unbounded_one(data: Dataset) -> None:
    assert "otel_traces_trace_id_ts" in data.ctx.schema.tables
    unbounded = data.without(tables=data.ctx.schema.tables - {"otel_traces_trace_id_ts"})
    for trace_id in _some_traces(data):
        bounded = await traces.trace_detail(data.ctx, trace_id)
        assert bounded == await traces.trace_detail(unbounded, trace_id)
        written = [s for s in data.spans if s["TraceId"] == trace_id]
        assert sorted(span.span_id for span in bounded.spans) == sorted(
            s["SpanId"] for s in written
        )
        logs = [row for row in data.logs if row["TraceId"] == trace_id]
        assert sorted(log.body for log in bounded.logs) == sorted(row["Body"] for row in logs)


async def test_logs_resource_from_columns_or_map(data: Dataset) -> None:
    materialized = data.ctx.schema.logs_materialized
    if data.generation == "current":
        assert {"k8s.namespace.name", "k8s.pod.name"} <= materialized
    else:
        assert not materialized
    through_map = data.without(logs_materialized=frozenset())
    for trace_id in _some_traces(data):
        detail = await traces.trace_detail(data.ctx, trace_id)
        assert detail == await traces.trace_detail(through_map, trace_id)
        assert all(log.namespace and log.pod for log in detail.logs)
        written = {(row["Body"], row["ResourceAttributes"]["k8s.pod.name"]) for row in data.logs}
        assert {(log.body, log.pod) for log in detail.logs} <= written


async def test_a_trace_alone_in_its_last_second_part(
    data: Dataset, chdb_engine: Engine, otel_database: str
) -> None:
    """The newest trace often sits in a part of its own whose spans all started within one
    second: the bounds must not prune that part (compared as DateTime, ClickHouse 26.9 read
    `Timestamp < t` as `<= t - 1 s` for the part's min-max index and found nothing)."""
    template = [dict(s) for s in data.spans if s["TraceId"] == data.richest]
    trace_id = "c0ffee" * 5 + "00"
    second_ns = (time.time_ns() // _NS + 3600) * _NS  # an hour ahead: a part of its own
    for k, span in enumerate(template):
        span["TraceId"] = trace_id
        span["Timestamp"] = timestamp(second_ns + 500_000_000 + k * 1_000_000)
    insert_rows(chdb_engine, f"{otel_database}.{schema.TRACES}", template)
    detail = await traces.trace_detail(data.ctx, trace_id)
    assert sorted(span.span_id for span in detail.spans) == sorted(s["SpanId"] for s in template)


@pytest.mark.parametrize("bounded", [True, False])
async def test_unknown_trace(data: Dataset, bounded: bool) -> None:
    ctx = data.ctx if bounded else data.without(tables=frozenset({"otel_traces", "otel_logs"}))
    with pytest.raises(QueryError, match=f"no trace {'ab' * 16} in ClickHouse"):
        await traces.trace_detail(ctx, "AB" * 16)
