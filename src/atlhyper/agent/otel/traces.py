"""The trace list (server or root spans that match) and one trace's waterfall with its logs."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from atlhyper.agent.otel import apm
from atlhyper.agent.otel.apm import ERRORS, SERVER, WINDOW, ms, window_params
from atlhyper.agent.otel.context import (
    OtelContext,
    QueryError,
    iso_ns,
    nothing_to_read,
    step_for,
    time_range,
)
from atlhyper.agent.otel.logs import NAMESPACE, POD, log_row
from atlhyper.model.commands import QueryTracesParams
from atlhyper.model.otel import (
    LogRow,
    SpanAttributes,
    SpanEvent,
    SpanRow,
    TraceDetail,
    TraceRow,
    TracesPage,
)

_ORDER = {"start": "Timestamp", "duration": "Duration"}
_DIRECTION = {"asc": "ASC", "desc": "DESC"}
#: `otel_traces_trace_id_ts` keeps whole seconds (DateTime) of span *starts*: a span may start up
#: to a second after End.
BOUND_MARGIN = timedelta(seconds=1)
#: Logs are read with the spans, before the spans' ends are known: a span's logs are written while
#: it runs or just after, so they are looked for up to this long after the last span started.
LOG_MARGIN = timedelta(minutes=5)
MAX_SPANS = 20_000
MAX_LOGS = 1_000
_HTTP_STATUS = (
    "if(SpanAttributes['http.response.status_code'] != '', "
    "SpanAttributes['http.response.status_code'], SpanAttributes['http.status_code'])"
)


async def query_traces(ctx: OtelContext, params: QueryTracesParams) -> TracesPage:
    """Server spans and root spans in the range that match the filters, one page of them, the
    total, and on request the service's series and operations over the same range."""
    start, end = time_range(params.start, params.end)
    step = step_for(start, end, params.step_seconds)
    where, values = _filters(params)
    table = ctx.table("otel_traces")
    direction = _DIRECTION[params.order]
    rows, total, series, operations = await asyncio.gather(
        ctx.client.query(
            "SELECT TraceId, SpanId, ServiceName, SpanName, toUnixTimestamp64Nano(Timestamp), "
            f"Duration, StatusCode IN {{errors:Array(String)}}, {_HTTP_STATUS}, "
            f"ParentSpanId = '' FROM {table} WHERE {where} "
            f"ORDER BY {_ORDER[params.sort]} {direction}, TraceId {direction}, "
            f"SpanId {direction} LIMIT {{limit:UInt32}} OFFSET {{offset:UInt32}}",
            window_params(
                start,
                end,
                **{**values, "errors": ERRORS, "limit": params.limit, "offset": params.offset},
            ),
        ),
        ctx.client.query(
            f"SELECT count() FROM {table} WHERE {where}", window_params(start, end, **values)
        ),
        (
            apm.series(ctx, start, end, step, params.service)
            if "series" in params.include
            else nothing_to_read([])
        ),
        (
            apm.operations(ctx, params.service, start, end)
            if "operations" in params.include and params.service
            else nothing_to_read([])
        ),
    )
    return TracesPage(
        items=[_trace_row(row) for row in rows.rows],
        total=int(total.rows[0][0]),
        step_seconds=step if "series" in params.include else 0,
        series=series,
        operations=operations,
    )


def _filters(params: QueryTracesParams) -> tuple[str, dict[str, Any]]:
    clauses = [WINDOW, "(SpanKind IN {server:Array(String)} OR ParentSpanId = '')"]
    values: dict[str, Any] = {"server": SERVER}
    if params.service:
        clauses.append("ServiceName = {service:String}")
        values["service"] = params.service
    if params.operation:
        clauses.append("SpanName = {operation:String}")
        values["operation"] = params.operation
    if params.status != "any":
        negate = "NOT " if params.status == "ok" else ""
        clauses.append(f"StatusCode {negate}IN {{errors:Array(String)}}")
        values["errors"] = ERRORS
    if params.min_duration_ms is not None:
        clauses.append("Duration >= {min_ns:UInt64}")
        values["min_ns"] = int(params.min_duration_ms * 1_000_000)
    if params.max_duration_ms is not None:
        clauses.append("Duration <= {max_ns:UInt64}")
        values["max_ns"] = int(params.max_duration_ms * 1_000_000)
    return " AND ".join(clauses), values


def _trace_row(row: Sequence[Any]) -> TraceRow:
    trace_id, span_id, service, operation, start_ns, duration, error, status, root = row
    return TraceRow(
        trace_id=trace_id,
        span_id=span_id,
        service=service,
        operation=operation,
        start=iso_ns(start_ns),
        duration_ms=ms(duration),
        error=bool(error),
        http_status=status,
        root=bool(root),
    )


async def trace_detail(ctx: OtelContext, trace_id: str) -> TraceDetail:
    """Every span of one trace as a waterfall (depth-first, children by start), with its events
    but not its attribute maps (`span_attributes` reads one span's), and the logs that carry
    its TraceId. Spans and logs are read at once, each bounded in time through
    `otel_traces_trace_id_ts` by a scalar subquery: ClickHouse evaluates it before choosing
    granules, so only the trace's time is read, without a round trip to learn it first."""
    trace_id = trace_id.lower()
    rows, logs = await asyncio.gather(_spans(ctx, trace_id), _logs(ctx, trace_id))
    if not rows:
        raise QueryError(f"no trace {trace_id} in ClickHouse")
    spans = waterfall(rows)
    first_ns = min(int(row[5]) for row in rows)
    last_ns = max(int(row[5]) + int(row[6]) for row in rows)
    return TraceDetail(
        trace_id=trace_id,
        start=iso_ns(first_ns),
        duration_ms=ms(last_ns - first_ns),
        services=list(dict.fromkeys(span.service for span in spans)),
        spans=spans,
        logs=logs,
    )


def _bounded(ctx: OtelContext, trace_id: str, margin: timedelta) -> tuple[str, str, dict[str, Any]]:
    """(`WITH … SELECT` prefix, WHERE clause, values) for the rows of one trace within
    [first span start, last span start + margin), in whole seconds. Without the table that
    tells, the trace is read unbounded, through the TraceId skip index."""
    if "otel_traces_trace_id_ts" not in ctx.schema.tables:
        return "SELECT", "TraceId = {trace_id:String}", {"trace_id": trace_id}
    # The bounds are DateTime64 like `Timestamp`: compared with a DateTime, ClickHouse 26.9's
    # part pruning reads `Timestamp < t` as `Timestamp <= t - 1 s` and drops a part whose spans
    # all started in the last second (the newest trace, in the newest part).
    select = (
        "WITH (SELECT (toDateTime64(toDateTime(min(Start)), 9), "
        "toDateTime64(toDateTime(max(End)), 9) + toIntervalSecond({margin:UInt32})) "
        f"FROM {ctx.table('otel_traces_trace_id_ts')} WHERE TraceId = {{trace_id:String}}) "
        "AS bounds SELECT"
    )
    where = "TraceId = {trace_id:String} AND Timestamp >= bounds.1 AND Timestamp < bounds.2"
    return select, where, {"trace_id": trace_id, "margin": int(margin.total_seconds())}


async def _spans(ctx: OtelContext, trace_id: str) -> list[tuple[Any, ...]]:
    select, where, values = _bounded(ctx, trace_id, BOUND_MARGIN)
    found = await ctx.client.query(
        f"{select} SpanId, ParentSpanId, ServiceName, SpanName, SpanKind, "
        "toUnixTimestamp64Nano(Timestamp), Duration, StatusCode IN {errors:Array(String)}, "
        "StatusMessage, arrayMap(t -> toUnixTimestamp64Nano(t), `Events.Timestamp`), "
        f"`Events.Name`, `Events.Attributes` FROM {ctx.table('otel_traces')} WHERE {where} "
        "ORDER BY Timestamp LIMIT {limit:UInt32}",
        {**values, "errors": ERRORS, "limit": MAX_SPANS},
    )
    return found.rows


async def span_attributes(ctx: OtelContext, trace_id: str, span_id: str) -> SpanAttributes:
    """One span's attribute maps, read when the span is opened: bounded like the trace, so
    only the granules of the trace's time that hold its id are read, and the maps of one row."""
    trace_id, span_id = trace_id.lower(), span_id.lower()
    select, where, values = _bounded(ctx, trace_id, BOUND_MARGIN)
    found = await ctx.client.query(
        f"{select} SpanAttributes, ResourceAttributes FROM {ctx.table('otel_traces')} "
        f"WHERE {where} AND SpanId = {{span_id:String}} LIMIT 1",
        {**values, "span_id": span_id},
    )
    if not found.rows:
        raise QueryError(f"no span {span_id} in trace {trace_id} in ClickHouse")
    attributes, resource = found.rows[0]
    return SpanAttributes(
        trace_id=trace_id, span_id=span_id, attributes=dict(attributes), resource=dict(resource)
    )


def waterfall(rows: Sequence[Sequence[Any]]) -> list[SpanRow]:
    """Span rows (as `trace_detail` selects them) placed depth-first, children by start.

    A span whose parent is not in the trace (not written, or cut by a sampler) is a root; spans
    in a parent cycle, which real data should never have, are appended as roots too.
    """
    by_id: dict[str, Sequence[Any]] = {}
    for row in rows:
        by_id.setdefault(row[0], row)
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for span_id, row in by_id.items():
        parent = row[1]
        if parent and parent in by_id and parent != span_id:
            children[parent].append(span_id)
        else:
            roots.append(span_id)

    def started(span_id: str) -> tuple[int, str]:
        return int(by_id[span_id][5]), span_id

    first_ns = min(int(row[5]) for row in by_id.values())
    placed: list[SpanRow] = []
    seen: set[str] = set()
    pending = sorted(roots, key=started)
    leftovers = sorted(by_id, key=started)
    while True:
        stack = [(span_id, 0) for span_id in reversed(pending)]
        while stack:
            span_id, depth = stack.pop()
            if span_id in seen:
                continue
            seen.add(span_id)
            placed.append(_span_row(by_id[span_id], depth, first_ns))
            below = sorted(children.get(span_id, ()), key=started, reverse=True)
            stack.extend((child, depth + 1) for child in below)
        pending = [span_id for span_id in leftovers if span_id not in seen][:1]
        if not pending:
            return placed


def _span_row(row: Sequence[Any], depth: int, first_ns: int) -> SpanRow:
    (
        span_id,
        parent_id,
        service,
        name,
        kind,
        start_ns,
        duration,
        error,
        message,
        event_times,
        event_names,
        event_attributes,
    ) = row
    return SpanRow(
        span_id=span_id,
        parent_span_id=parent_id,
        service=service,
        name=name,
        kind=span_kind(kind),
        start=iso_ns(start_ns),
        offset_ms=ms(int(start_ns) - first_ns),
        duration_ms=ms(duration),
        depth=depth,
        error=bool(error),
        status_message=message,
        events=[
            SpanEvent(time=iso_ns(at), name=event, attributes=dict(attrs))
            for at, event, attrs in zip(event_times, event_names, event_attributes, strict=False)
        ],
    )


def span_kind(kind: str) -> str:
    """ "SPAN_KIND_SERVER" and "Server" both → "Server"."""
    if kind.startswith("SPAN_KIND_"):
        return kind.removeprefix("SPAN_KIND_").capitalize()
    return kind


_SEVERITY = (
    "if(SeverityText != '', SeverityText, multiIf(SeverityNumber >= 21, 'FATAL', "
    "SeverityNumber >= 17, 'ERROR', SeverityNumber >= 13, 'WARN', SeverityNumber >= 9, 'INFO', "
    "SeverityNumber >= 5, 'DEBUG', SeverityNumber >= 1, 'TRACE', ''))"
)


async def _logs(ctx: OtelContext, trace_id: str) -> list[LogRow]:
    if "otel_logs" not in ctx.schema.tables:
        return []
    select, where, values = _bounded(ctx, trace_id, BOUND_MARGIN + LOG_MARGIN)
    resource = ", ".join(ctx.schema.logs_resource(key) for key in (NAMESPACE, POD))
    # The TraceId as bound, not read: the rows' shape is the log search's (`logs.log_row`).
    rows = await ctx.client.query(
        f"{select} toUnixTimestamp64Nano(Timestamp), ServiceName, {_SEVERITY}, Body, "
        f"{{trace_id:String}}, SpanId, {resource}, LogAttributes FROM {ctx.table('otel_logs')} "
        f"WHERE {where} ORDER BY Timestamp LIMIT {{limit:UInt32}}",
        {**values, "limit": MAX_LOGS},
    )
    return [log_row(row, iso_ns) for row in rows.rows]  # microseconds, as the spans
