"""The action table: one plain async function per action in `atlhyper.model.commands.ACTIONS`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from atlhyper.agent.commands import logs, nodes, objects, workloads
from atlhyper.agent.commands.context import ActionContext
from atlhyper.agent.otel import commands as otel
from atlhyper.model.commands import ACTIONS as ACTION_SPECS
from atlhyper.model.commands import Target

Action = Callable[[ActionContext, Target, Any, bool], Awaitable[Any]]

ACTIONS: dict[str, Action] = {
    "scale": workloads.scale,
    "restart": workloads.restart,
    "rollback": workloads.rollback,
    "update_image": workloads.update_image,
    "delete": objects.delete,
    "cordon": nodes.cordon,
    "uncordon": nodes.uncordon,
    "drain": nodes.drain,
    "apply": objects.apply,
    "get_logs": logs.get_logs,
    "get_configmap": objects.get_configmap,
    "get_secret": objects.get_secret,
    "dynamic": objects.dynamic,
    "query_traces": otel.query_traces,
    "query_trace_detail": otel.query_trace_detail,
    "query_span": otel.query_span,
    "query_logs": otel.query_logs,
    "query_metrics": otel.query_metrics,
    "query_slo": otel.query_slo,
}

if set(ACTIONS) != set(ACTION_SPECS):  # pragma: no cover - caught by the first test run
    raise RuntimeError(f"actions without a handler: {set(ACTION_SPECS) ^ set(ACTIONS)}")
