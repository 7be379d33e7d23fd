"""The audit log: who did what to which target, and how it ended."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from atlhyper.master.db import Database
from atlhyper.master.db.tables import AuditEntry


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
