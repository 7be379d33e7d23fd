"""The audit log: who did what to which target, and how it ended."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from atlhyper.master.db import Database
from atlhyper.master.db.tables import AuditEntry
from atlhyper.master.db.times import as_utc


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        actor: str,
        action: str,
        *,
        target: str = "",
        params: dict[str, Any] | None = None,
        result: str = "success",
        detail: str = "",
        client_ip: str = "",
    ) -> None:
        async with self.db.session() as session:
            session.add(
                AuditEntry(
                    at=datetime.now(UTC),
                    actor=actor,
                    action=action,
                    target=target,
                    params=params or {},
                    result=result,
                    detail=detail,
                    client_ip=client_ip,
                )
            )
            await session.commit()

    async def search(
        self,
        *,
        actor: str | None,
        action: str | None,
        result: str | None,
        q: str | None,
        since: datetime | None,
        until: datetime | None,
        limit: int,
        offset: int,
    ) -> tuple[list[AuditEntry], int]:
        query = select(AuditEntry)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if action:
            query = query.where(
                AuditEntry.action.startswith(action, autoescape=True)
                if action.endswith(".")
                else AuditEntry.action == action
            )
        if result:
            query = query.where(AuditEntry.result == result)
        if q:
            query = query.where(AuditEntry.target.contains(q, autoescape=True))
        if since:
            query = query.where(AuditEntry.at >= since)
        if until:
            query = query.where(AuditEntry.at < until)
        async with self.db.session() as session:
            total = await session.scalar(select(func.count()).select_from(query.subquery()))
            rows = list(
                await session.scalars(
                    query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                    .limit(limit)
                    .offset(offset)
                )
            )
        for row in rows:
            row.at = as_utc(row.at)
        return rows, int(total or 0)
