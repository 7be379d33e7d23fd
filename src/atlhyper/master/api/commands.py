"""Commands as users see them: create (role checked per action), wait, list, cancel."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import msgspec
import yaml
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from atlhyper.master.api.deps import UserRequest, client_ip, current_user
from atlhyper.master.auth import OPERATOR, VIEWER, Role
from atlhyper.master.db.tables import CommandRow
from atlhyper.master.db.times import as_utc
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.services import Services
from atlhyper.model.commands import (
    ACTIONS,
    InvalidCommand,
    SecretParams,
    Target,
    check_target,
    parse_params,
)

MASKED = "***"


class CommandCreate(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    cluster_id: str
    action: str
    target: Target
    params: dict[str, Any] = {}
    dry_run: bool = False
    timeout_seconds: Annotated[int, msgspec.Meta(ge=1, le=3600)] = 60
    queue: Literal["ops", "ai"] = "ops"
    source: Literal["ui", "api"] = "api"


class ResultView(msgspec.Struct, rename="camel"):
    status: str
    output: Any
    error: str
    started_at: datetime | None
    finished_at: datetime | None


class CommandView(msgspec.Struct, rename="camel"):
    id: str
    cluster_id: str
    queue: str
    action: str
    target: Target
    params: dict[str, Any]
    source: str
    created_by: str
    created_at: datetime
    timeout_seconds: int
    dry_run: bool
    status: str
    delivered_at: datetime | None
    result: ResultView | None


class CommandPage(msgspec.Struct):
    items: list[CommandView]
    total: int
    limit: int
    offset: int


def _view(row: CommandRow) -> CommandView:
    finished = row.status not in ("pending", "delivered")
    return CommandView(
        id=row.id,
        cluster_id=row.cluster_id,
        queue=row.queue,
        action=row.action,
        target=Target(kind=row.target_kind, name=row.target_name, namespace=row.target_namespace),
        params=dict(row.params),
        source=row.source,
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
        timeout_seconds=row.timeout_seconds,
        dry_run=row.dry_run,
        status=row.status,
        delivered_at=as_utc(row.delivered_at) if row.delivered_at else None,
        result=ResultView(
            status=row.status,
            output=row.output,
            error=row.error,
            started_at=as_utc(row.started_at) if row.started_at else None,
            finished_at=as_utc(row.finished_at) if row.finished_at else None,
        )
        if finished
        else None,
    )


def required_role(action: str, params: msgspec.Struct) -> Role:
    """Mutations need an operator; revealing a Secret's values needs an admin."""
    if isinstance(params, SecretParams) and params.reveal:
        return Role.admin
    return Role.operator if ACTIONS[action].mutating else Role.viewer


def masked_for_audit(action: str, params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as the audit log keeps them: Secret data in applied manifests is masked."""
    if action != "apply" or not isinstance(params.get("manifest"), str):
        return params
    try:
        documents = [doc for doc in yaml.safe_load_all(params["manifest"]) if doc]
    except yaml.YAMLError:
        return {**params, "manifest": MASKED}
    for doc in documents:
        if isinstance(doc, dict) and doc.get("kind") == "Secret":
            for key in ("data", "stringData"):
                if isinstance(doc.get(key), dict):
                    doc[key] = dict.fromkeys(doc[key], MASKED)
    return {**params, "manifest": yaml.safe_dump_all(documents, sort_keys=False)}


@post("/api/v3/commands", opt=VIEWER, status_code=201, responses=ERROR_RESPONSES)
async def create_command(
    data: JSONBody[CommandCreate], request: UserRequest, services: NamedDependency[Services]
) -> CommandView:
    user = current_user(request)
    if services.clusters.get(data.cluster_id) is None:
        raise ApiError(404, f"no cluster with id {data.cluster_id!r}")
    try:
        params = parse_params(data.action, data.params)
        check_target(data.action, data.target)
    except InvalidCommand as exc:
        raise ApiError(422, str(exc)) from None
    needed = required_role(data.action, params)
    if user.role < needed:
        raise ApiError(403, f"{data.action} needs the {needed.name} role; you are {user.role.name}")
    row = await services.commands.create(
        cluster_id=data.cluster_id,
        queue=data.queue,
        action=data.action,
        target=data.target,
        params=data.params,
        source=data.source,
        created_by=user.username,
        timeout_seconds=data.timeout_seconds,
        dry_run=data.dry_run,
    )
    target = data.target
    await services.audit.record(
        user.username,
        f"command.{data.action}",
        target=f"{data.cluster_id}/{target.kind}/{target.namespace}/{target.name}".replace(
            "//", "/"
        ),
        params={
            "commandId": row.id,
            "dryRun": data.dry_run,
            **masked_for_audit(data.action, data.params),
        },
        result="submitted",
        client_ip=client_ip(request),
    )
    return _view(row)


@get("/api/v3/commands/{command_id:str}", opt=VIEWER, responses=ERROR_RESPONSES)
async def read_command(
    command_id: FromPath[str],
    services: NamedDependency[Services],
    wait: Annotated[
        float, QueryParameter(ge=0, le=60, description="Seconds to wait for the result.")
    ] = 0,
) -> CommandView:
    return _view(await services.commands.wait(command_id, wait))


@get("/api/v3/commands", opt=VIEWER, responses=ERROR_RESPONSES)
async def list_commands(
    services: NamedDependency[Services],
    cluster: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    action: FromQuery[str | None] = None,
    created_by: Annotated[
        str | None, QueryParameter(name="createdBy", description="Who created the command.")
    ] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> CommandPage:
    rows, total = await services.commands.history(
        cluster_id=cluster,
        status=status,
        action=action,
        created_by=created_by,
        limit=limit,
        offset=offset,
    )
    return CommandPage([_view(row) for row in rows], total, limit, offset)


@post(
    "/api/v3/commands/{command_id:str}/cancel",
    opt=OPERATOR,
    status_code=200,
    responses=ERROR_RESPONSES,
)
async def cancel_command(
    command_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> CommandView:
    row = await services.commands.cancel(command_id)
    await services.audit.record(
        current_user(request).username,
        "command.cancel",
        target=command_id,
        client_ip=client_ip(request),
        detail=f"cancelled at {datetime.now(UTC).isoformat()}",
    )
    return _view(row)


ROUTES = [create_command, read_command, list_commands, cancel_command]
