"""get_logs: a container's log, capped in size."""

from __future__ import annotations

from typing import Any

from atlhyper.agent.commands.context import ActionContext
from atlhyper.model.commands import LogParams, Target


async def get_logs(
    ctx: ActionContext, target: Target, params: LogParams, dry_run: bool
) -> dict[str, Any]:
    query: dict[str, Any] = {"tailLines": params.tail_lines, "limitBytes": ctx.max_output_bytes}
    if params.container:
        query["container"] = params.container
    if params.previous:
        query["previous"] = "true"
    if params.timestamps:
        query["timestamps"] = "true"
    if params.since_seconds is not None:
        query["sinceSeconds"] = params.since_seconds
    text = await ctx.api.get_text(
        f"/api/v1/namespaces/{target.namespace}/pods/{target.name}/log", query
    )
    lines = text.splitlines()
    return {
        "pod": target.name,
        "namespace": target.namespace,
        "container": params.container,
        "previous": params.previous,
        "lines": lines,
        "truncated": len(text.encode()) >= ctx.max_output_bytes,
    }
