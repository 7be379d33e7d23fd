"""The audit log, searchable and filterable (admin only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter

from atlhyper.master.auth import ADMIN
from atlhyper.master.errors import ERROR_RESPONSES
from atlhyper.master.services import Services


class AuditView(msgspec.Struct, rename="camel"):
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    params: dict[str, Any]
    result: str
    detail: str
    client_ip: str


class AuditPage(msgspec.Struct):
    items: list[AuditView]
    total: int
    limit: int
    offset: int


@get("/api/v3/audit", opt=ADMIN, responses=ERROR_RESPONSES)
async def list_audit(
    services: NamedDependency[Services],
    actor: FromQuery[str | None] = None,
    action: Annotated[
        str | None, QueryParameter(description="An action, or a prefix ending in '.' (command.)")
    ] = None,
    result: FromQuery[str | None] = None,
    q: Annotated[
        str | None, QueryParameter(max_length=200, description="Text in the target.")
    ] = None,
    since: FromQuery[datetime | None] = None,
    until: FromQuery[datetime | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> AuditPage:
    rows, total = await services.audit.search(
        actor=actor,
        action=action,
        result=result,
        q=q,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    items = [
        AuditView(
            id=row.id,
            at=row.at,
            actor=row.actor,
            action=row.action,
            target=row.target,
            params=row.params,
            result=row.result,
            detail=row.detail,
            client_ip=row.client_ip,
        )
        for row in rows
    ]
    return AuditPage(items, total, limit, offset)
