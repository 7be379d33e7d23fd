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
from atlhyper.model.commands import QuerySloParams, QuerySpanParams, QueryTraceDetailParams, Target
from atlhyper.model.otel import SloResult, SpanAttributes, TraceDetail

NOT_CONFIGURED = "ClickHouse is not configured on this Agent (AGENT_CLICKHOUSE_ENDPOINT)"
P = TypeVar("P")
T = TypeVar("T")


def _action(
    query: Callable[[OtelContext, P], Awaitable[T]],
) -> Callable[[ActionContext, Target, P, bool], Awaitable[T]]:
    """The action running `query` with the command's params (the target and dry run do not
    apply to reads)."""

    async def action(ctx: ActionContext, target: Target, params: P, dry_run: bool) -> T:
        if ctx.otel is None:
            raise ActionError(ctx.otel_unready or NOT_CONFIGURED)
        try:
            return await query(ctx.otel, params)
        except QueryError as exc:
            raise ActionError(str(exc)) from None
        except ClickHouseError as exc:
            raise ActionError(f"ClickHouse: {first_line(exc)}") from None

    return action


async def _trace_detail(otel: OtelContext, params: QueryTraceDetailParams) -> TraceDetail:
    return await traces.trace_detail(otel, params.trace_id)


async def _span(otel: OtelContext, params: QuerySpanParams) -> SpanAttributes:
    return await traces.span_attributes(otel, params.trace_id, params.span_id)


async def _slo_now(otel: OtelContext, params: QuerySloParams) -> SloResult:
    return await slo.query_slo(otel, params, datetime.now(UTC))


query_traces = _action(traces.query_traces)
query_trace_detail = _action(_trace_detail)
query_span = _action(_span)
query_logs = _action(logs.query_logs)
query_metrics = _action(nodes.query_metrics)
query_slo = _action(_slo_now)
