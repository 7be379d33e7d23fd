"""The Agent's side of commands: long-poll for work, report results."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from atlhyper.master.api.agent import AGENT, cluster_of, read_body
from atlhyper.master.services import Services
from atlhyper.model.commands import CommandBatch, CommandResult
from atlhyper.wire import decode


@get("/agent/commands", opt=AGENT, include_in_schema=False)
async def poll_commands(
    request: Request[Any, Any, Any],
    services: NamedDependency[Services],
    queue: FromQuery[Literal["ops", "ai"]] = "ops",
    wait: Annotated[float, QueryParameter(ge=0, le=120)] = 30,
) -> Response[CommandBatch | None]:
    """Every pending command of this cluster's queue, or 204 after `wait` seconds."""
    record = cluster_of(request, services)
    services.clusters.seen(record)
    commands = await services.commands.take(record.id, queue, wait)
    if not commands:
        return Response(None, status_code=204)
    return Response(CommandBatch(commands))


@post("/agent/result", opt=AGENT, status_code=204, include_in_schema=False)
async def post_result(request: Request[Any, Any, Any], services: NamedDependency[Services]) -> None:
    record = cluster_of(request, services)
    result = decode(await read_body(request, services), CommandResult)
    await services.commands.complete(record.id, result)


ROUTES = [poll_commands, post_result]
