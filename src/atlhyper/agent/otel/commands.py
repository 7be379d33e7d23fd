"""The `query_*` actions: plain async functions over the OTel repository (read-only, no target).

Outputs are the wire models of `atlhyper.model.otel`, encoded by msgspec with the result. A
query that cannot run as asked (QueryError) or that ClickHouse refused or could not answer
(ClickHouseError) is a failed command whose error says why.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from atlhyper.agent.clickhouse import ClickHouseError
from atlhyper.agent.commands.context import ActionContext, ActionError
from atlhyper.agent.otel import logs, nodes, slo, traces
from atlhyper.agent.otel.context import OtelContext, QueryError
from atlhyper.agent.otel.summary import first_line
from atlhyper.model.commands import (
    QueryLogsParams,
    QueryMetricsParams,
    QuerySloParams,
    QueryTraceDetailParams,
    QueryTracesParams,
    Target,
)
from atlhyper.model.otel import LogsPage, NodeMetrics, SloResult, TraceDetail, TracesPage

NOT_CONFIGURED = "ClickHouse is not configured on this Agent (AGENT_CLICKHOUSE_ENDPOINT)"
T = TypeVar("T")


async def _run(ctx: ActionContext, query: Callable[[OtelContext], Awaitable[T]]) -> T:
    if ctx.otel is None:
        raise ActionError(ctx.otel_unready or NOT_CONFIGURED)
    try:
        return await query(ctx.otel)
    except QueryError as exc:
        raise ActionError(str(exc)) from None
    except ClickHouseError as exc:
        raise ActionError(f"ClickHouse: {first_line(exc)}") from None


async def query_traces(
    ctx: ActionContext, target: Target, params: QueryTracesParams, dry_run: bool
) -> TracesPage:
    return await _run(ctx, lambda otel: traces.query_traces(otel, params))


async def query_trace_detail(
    ctx: ActionContext, target: Target, params: QueryTraceDetailParams, dry_run: bool
) -> TraceDetail:
    return await _run(ctx, lambda otel: traces.trace_detail(otel, params.trace_id))


async def query_logs(
    ctx: ActionContext, target: Target, params: QueryLogsParams, dry_run: bool
) -> LogsPage:
    return await _run(ctx, lambda otel: logs.query_logs(otel, params))


async def query_metrics(
    ctx: ActionContext, target: Target, params: QueryMetricsParams, dry_run: bool
) -> NodeMetrics:
    return await _run(ctx, lambda otel: nodes.query_metrics(otel, params))


async def query_slo(
    ctx: ActionContext, target: Target, params: QuerySloParams, dry_run: bool
) -> SloResult:
    return await _run(ctx, lambda otel: slo.query_slo(otel, params, datetime.now(UTC)))
