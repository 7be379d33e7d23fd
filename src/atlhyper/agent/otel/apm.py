"""APM from `otel_traces`: services, operations, the service topology and their series.

A service's requests are its Server spans (either spelling of SpanKind); an error is a span with
StatusCode Error. Percentiles come from `quantilesTDigest`, whose state is small whatever the
range (a 31-day series must not hold every duration); on the generator's data it lands within 2 %
of the exact sample quantile.

The topology never joins `otel_traces` with itself on `ParentSpanId = SpanId` (18-20 s at 5M
spans, OTEL_CLICKHOUSE.md §4). Client/Producer spans keyed by their SpanId and Server/Consumer
spans keyed by their ParentSpanId, both as UInt64, go through one GROUP BY on that key: a key with
one caller and a callee is one call. Database calls have no server span; they come from Client
spans carrying `db.system` (or `db.system.name`), the target being the peer.

These are whole-range reads, for detail queries. The snapshot summary takes its services and
edges from the Agent's minute rollup (`rollup.py`), which reads through the same SQL pieces.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypedDict

from atlhyper.agent.clickhouse import span_kinds, status_codes
from atlhyper.agent.otel.context import OtelContext
from atlhyper.model.otel import ApmService, OperationRow, SeriesBucket, ServiceEdge

#: Spans that started in [start, end).
WINDOW = "Timestamp >= {start:DateTime64(9)} AND Timestamp < {end:DateTime64(9)}"
#: Server spans that started in [start, end); binds `server` too.
SERVED = WINDOW + " AND SpanKind IN {server:Array(String)}"
#: How many of the spans counted failed; binds `errors`.
ERROR_COUNT = "countIf(StatusCode IN {errors:Array(String)})"
#: p50 and p99 of Duration (nanoseconds), as an array of two.
QUANTILES = "quantilesTDigest(0.5, 0.99)(Duration)"
#: Client spans of database calls that started in [start, end); binds `clients` too.
DB_CALLS = (
    WINDOW + " AND SpanKind IN {clients:Array(String)} "
    "AND (SpanAttributes['db.system'] != '' OR SpanAttributes['db.system.name'] != '')"
)
#: The database a DB_CALLS span called: the peer it names, else its database system.
DB_PEER = (
    "multiIf(SpanAttributes['peer.service'] != '', SpanAttributes['peer.service'], "
    "SpanAttributes['server.address'] != '', SpanAttributes['server.address'], "
    "SpanAttributes['net.peer.name'] != '', SpanAttributes['net.peer.name'], "
    "SpanAttributes['db.system'] != '', SpanAttributes['db.system'], "
    "SpanAttributes['db.system.name'])"
)
#: Namespaces are read from this last slice of the window: reading every span's resource map
#: would cost more than the rest of the service query.
NAMESPACE_SLICE = timedelta(seconds=120)

SERVER = list(span_kinds("Server"))
ERRORS = list(status_codes("Error"))
_CALLERS = list(span_kinds("Client", "Producer"))
_CALLEES = list(span_kinds("Server", "Consumer"))
_CLIENTS = list(span_kinds("Client"))
_NS_PER_MS = 1_000_000

#: What SERVED with ERROR_COUNT, `calls()` and DB_CALLS with ERROR_COUNT bind besides the window.
SERVED_PARAMS: dict[str, Any] = {"errors": ERRORS, "server": SERVER}
CALLS_PARAMS: dict[str, Any] = {"errors": ERRORS, "callers": _CALLERS, "callees": _CALLEES}
DB_CALLS_PARAMS: dict[str, Any] = {"errors": ERRORS, "clients": _CLIENTS}


def window_params(start: datetime, end: datetime, **extra: Any) -> dict[str, Any]:
    return {"start": start, "end": end, **extra}


def ms(nanoseconds: float) -> float:
    return round(float(nanoseconds) / _NS_PER_MS, 3)


def rate(count: int, seconds: float) -> float:
    return count / max(seconds, 1e-9)


class Figures(TypedDict):
    """What ApmService, ServiceEdge and OperationRow say of the spans they count."""

    requests: int
    rate: float
    errors: int
    error_rate: float
    p50_ms: float
    p99_ms: float


def figures(requests: int, errors: int, seconds: float, p50_ns: float, p99_ns: float) -> Figures:
    return Figures(
        requests=requests,
        rate=rate(requests, seconds),
        errors=errors,
        error_rate=errors / requests if requests else 0.0,
        p50_ms=ms(p50_ns),
        p99_ms=ms(p99_ns),
    )


def _row_figures(
    requests: Any, errors: Any, quantiles: Sequence[float], start: datetime, end: datetime
) -> Figures:
    """`figures` of a row's count(), ERROR_COUNT and QUANTILES over [start, end)."""
    seconds = (end - start).total_seconds()
    return figures(int(requests), int(errors), seconds, quantiles[0], quantiles[1])


async def services(ctx: OtelContext, start: datetime, end: datetime) -> list[ApmService]:
    """Every service with server spans in [start, end): requests, errors, p50/p99."""
    main, recent = await asyncio.gather(
        ctx.client.query(
            f"SELECT ServiceName, count(), {ERROR_COUNT}, {QUANTILES} "
            f"FROM {ctx.table('otel_traces')} WHERE {SERVED} GROUP BY ServiceName",
            window_params(start, end, **SERVED_PARAMS),
        ),
        recent_namespaces(ctx, start, end),
    )
    namespaces = await complete_namespaces(ctx, recent, [row[0] for row in main.rows], start, end)
    found = [
        ApmService(
            name=name,
            namespace=namespaces.get(name, ""),
            **_row_figures(requests, errors, q, start, end),
        )
        for name, requests, errors, q in main.rows
    ]
    return sorted(found, key=lambda service: service.name)


async def recent_namespaces(ctx: OtelContext, start: datetime, end: datetime) -> dict[str, str]:
    """Service → namespace, from the server spans of the last NAMESPACE_SLICE of [start, end)."""
    return await _namespaces(ctx, max(start, end - NAMESPACE_SLICE), end)


async def complete_namespaces(
    ctx: OtelContext, known: dict[str, str], names: Iterable[str], start: datetime, end: datetime
) -> dict[str, str]:
    """`known` and the namespace of each of `names` it lacks, from its spans in [start, end)
    (a service quiet lately: restricted to these services, which the sort key serves)."""
    missing = sorted({name for name in names if name not in known})
    return {**known, **(await _namespaces(ctx, start, end, missing) if missing else {})}


async def _namespaces(
    ctx: OtelContext, start: datetime, end: datetime, only: Sequence[str] = ()
) -> dict[str, str]:
    """Service → `k8s.namespace.name` of its server spans in [start, end) (`only` these)."""
    restrict = " AND ServiceName IN {only:Array(String)}" if only else ""
    rows = await ctx.client.query(
        "SELECT ServiceName, anyIf(ns, ns != '') FROM (SELECT ServiceName, "
        "ResourceAttributes['k8s.namespace.name'] AS ns "
        f"FROM {ctx.table('otel_traces')} WHERE {SERVED}{restrict}) GROUP BY ServiceName",
        window_params(start, end, server=SERVER, **({"only": list(only)} if only else {})),
    )
    return {name: namespace for name, namespace in rows.rows}


async def edges(ctx: OtelContext, start: datetime, end: datetime) -> list[ServiceEdge]:
    """Calls between services (client span → the server span under it) and from services to
    databases, in [start, end); rate, errors and latency from the caller's client spans."""
    calls, databases = await asyncio.gather(
        _service_edges(ctx, start, end), _database_edges(ctx, start, end)
    )
    return sorted([*calls, *databases], key=lambda edge: (edge.source, edge.target))


def calls(table: str, value: str = "Duration") -> str:
    """A subquery with one row per call whose client and server spans both started in
    [start, end): `caller`, `callee`, and the client span's `failed` and `value` (that
    expression of its columns: its Duration unless told). Binds CALLS_PARAMS."""
    return (
        "SELECT anyIf(ServiceName, side = 0) AS caller, "
        "anyIf(ServiceName, side = 1) AS callee, anyIf(value, side = 0) AS value, "
        "maxIf(failed, side = 0) AS failed, countIf(side = 0) AS callers, "
        "countIf(side = 1) AS callees FROM ("
        "SELECT reinterpretAsUInt64(unhex(SpanId)) AS key, toUInt8(0) AS side, ServiceName, "
        f"{value} AS value, toUInt8(StatusCode IN {{errors:Array(String)}}) AS failed "
        f"FROM {table} WHERE {WINDOW} AND SpanKind IN {{callers:Array(String)}} "
        "UNION ALL "
        "SELECT reinterpretAsUInt64(unhex(ParentSpanId)) AS key, toUInt8(1) AS side, "
        "ServiceName, toUInt8(0) AS value, toUInt8(0) AS failed "
        f"FROM {table} WHERE {WINDOW} AND SpanKind IN {{callees:Array(String)}} "
        "AND ParentSpanId != '') "
        "GROUP BY key HAVING callers = 1 AND callees > 0"
    )


async def _service_edges(ctx: OtelContext, start: datetime, end: datetime) -> list[ServiceEdge]:
    rows = await ctx.client.query(
        "SELECT caller, callee, count(), sum(failed), quantilesTDigest(0.5, 0.99)(value) "
        f"FROM ({calls(ctx.table('otel_traces'))}) GROUP BY caller, callee",
        window_params(start, end, **CALLS_PARAMS),
    )
    return [_edge(row, "http", start, end) for row in rows.rows]


async def _database_edges(ctx: OtelContext, start: datetime, end: datetime) -> list[ServiceEdge]:
    rows = await ctx.client.query(
        f"SELECT ServiceName, {DB_PEER} AS peer, count(), {ERROR_COUNT}, {QUANTILES} "
        f"FROM {ctx.table('otel_traces')} WHERE {DB_CALLS} GROUP BY ServiceName, peer",
        window_params(start, end, **DB_CALLS_PARAMS),
    )
    return [_edge(row, "db", start, end) for row in rows.rows]


def _edge(row: Sequence[Any], kind: str, start: datetime, end: datetime) -> ServiceEdge:
    source, target, requests, errors, q = row
    return ServiceEdge(
        source=source,
        target=target,
        kind="db" if kind == "db" else "http",
        **_row_figures(requests, errors, q, start, end),
    )


async def operations(
    ctx: OtelContext, service: str, start: datetime, end: datetime
) -> list[OperationRow]:
    """The service's server operations (SpanName) in [start, end), busiest first."""
    rows = await ctx.client.query(
        f"SELECT SpanName, count() AS requests, {ERROR_COUNT}, {QUANTILES} "
        f"FROM {ctx.table('otel_traces')} WHERE {SERVED} AND ServiceName = {{service:String}} "
        "GROUP BY SpanName ORDER BY requests DESC, SpanName",
        window_params(start, end, service=service, **SERVED_PARAMS),
    )
    return [
        OperationRow(name=name, **_row_figures(requests, errors, q, start, end))
        for name, requests, errors, q in rows.rows
    ]


async def series(
    ctx: OtelContext, start: datetime, end: datetime, step: int, service: str = ""
) -> list[SeriesBucket]:
    """Requests, errors and p50/p99 of server spans per `step` seconds (one service, or all),
    with a zero bucket wherever nothing was served. Buckets are aligned on the epoch."""
    restrict = " AND ServiceName = {service:String}" if service else ""
    rows = await ctx.client.query(
        "SELECT intDiv(toUInt32(toUnixTimestamp(Timestamp)), {step:UInt32}) * {step:UInt32} "
        f"AS bucket, count(), {ERROR_COUNT}, {QUANTILES} FROM {ctx.table('otel_traces')} "
        f"WHERE {SERVED}{restrict} GROUP BY bucket ORDER BY bucket",
        window_params(
            start, end, step=step, **SERVED_PARAMS, **({"service": service} if service else {})
        ),
    )
    found = {int(bucket): (int(n), int(errors), q) for bucket, n, errors, q in rows.rows}
    first = int(start.timestamp()) // step * step
    return [_bucket(at, found.get(at)) for at in range(first, math.ceil(end.timestamp()), step)]


def _bucket(at: int, row: tuple[int, int, Any] | None) -> SeriesBucket:
    if row is None:
        return SeriesBucket(time=float(at), requests=0, errors=0, p50_ms=0.0, p99_ms=0.0)
    requests, errors, q = row
    return SeriesBucket(
        time=float(at), requests=requests, errors=errors, p50_ms=ms(q[0]), p99_ms=ms(q[1])
    )
