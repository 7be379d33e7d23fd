"""Commands for Agents: created by users, delivered by long-poll, finished by the Agent's result.

A command is persisted first, then put in an in-memory mailbox per (cluster, queue). An Agent's
long-poll takes everything in its mailbox at once; a command created while no Agent waits is
delivered on the next poll. Commands the Agent never answers time out.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from atlhyper.master.db import Database
from atlhyper.master.db.tables import CommandRow
from atlhyper.master.db.times import as_utc
from atlhyper.master.errors import ApiError
from atlhyper.model.commands import ACTIONS, Command, CommandResult, Queue, Source, Target

FINAL_STATUSES = frozenset({"success", "failed", "timeout", "rejected", "cancelled"})


@dataclass
class _Mailbox:
    pending: list[Command] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _parse_time(text: str) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


def row_to_command(row: CommandRow) -> Command:
    return Command(
        id=row.id,
        cluster_id=row.cluster_id,
        queue=row.queue,  # type: ignore[arg-type]
        action=row.action,
        target=Target(kind=row.target_kind, name=row.target_name, namespace=row.target_namespace),
        params=dict(row.params),
        source=row.source,  # type: ignore[arg-type]
        created_by=row.created_by,
        created_at=_iso(as_utc(row.created_at)),
        timeout_seconds=row.timeout_seconds,
        dry_run=row.dry_run,
    )


class CommandHub:
    def __init__(
        self,
        db: Database,
        result_grace_seconds: float = 15.0,
        retention: timedelta = timedelta(days=30),
        output_retention: timedelta = timedelta(days=1),
    ) -> None:
        self.db = db
        self.result_grace_seconds = result_grace_seconds
        self.retention = retention
        self.output_retention = output_retention
        self._mailboxes: dict[tuple[str, str], _Mailbox] = defaultdict(_Mailbox)
        self._finished: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        # Open commands and when they time out, so expiring them reads no table.
        self._deadlines: dict[str, tuple[datetime, str, str]] = {}

    def _track(self, row: CommandRow) -> None:
        grace = timedelta(seconds=row.timeout_seconds + self.result_grace_seconds)
        self._deadlines[row.id] = (as_utc(row.created_at) + grace, row.cluster_id, row.queue)

    async def load(self) -> None:
        """Refill the mailboxes with commands no Agent has taken yet (after a restart)."""
        async with self.db.session() as session:
            rows = await session.scalars(
                select(CommandRow)
                .where(CommandRow.status == "pending")
                .order_by(CommandRow.created_at)
            )
            for row in rows:
                self._mailboxes[(row.cluster_id, row.queue)].pending.append(row_to_command(row))

    async def create(
        self,
        *,
        cluster_id: str,
        queue: Queue,
        action: str,
        target: Target,
        params: dict[str, Any],
        source: Source,
        created_by: str,
        timeout_seconds: int,
        dry_run: bool,
    ) -> CommandRow:
        row = CommandRow(
            id=secrets.token_hex(8),
            cluster_id=cluster_id,
            queue=queue,
            action=action,
            target_kind=target.kind,
            target_namespace=target.namespace,
            target_name=target.name,
            params=params,
            source=source,
            created_by=created_by,
            created_at=datetime.now(UTC),
            timeout_seconds=timeout_seconds,
            dry_run=dry_run,
            status="pending",
            error="",
        )
        async with self.db.session() as session:
            session.add(row)
            await session.commit()
        self._track(row)
        box = self._mailboxes[(cluster_id, queue)]
        box.pending.append(row_to_command(row))
        box.arrived.set()
        return row

    async def take(self, cluster_id: str, queue: Queue, wait: float) -> list[Command]:
        """Everything pending for this mailbox, waiting up to `wait` seconds for the first one."""
        box = self._mailboxes[(cluster_id, queue)]
        deadline = asyncio.get_running_loop().time() + wait
        while not box.pending:
            box.arrived.clear()
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return []
            try:
                async with asyncio.timeout(remaining):
                    await box.arrived.wait()
            except TimeoutError:
                return []
        commands, box.pending = box.pending, []
        async with self.db.session() as session:
            await session.execute(
                update(CommandRow)
                .where(CommandRow.id.in_([c.id for c in commands]))
                .where(CommandRow.status == "pending")
                .values(status="delivered", delivered_at=datetime.now(UTC))
            )
            await session.commit()
        return commands

    async def complete(self, cluster_id: str, result: CommandResult) -> None:
        async with self.db.session() as session:
            row = await session.get(CommandRow, result.command_id)
            if row is None or row.cluster_id != cluster_id:
                raise ApiError(404, f"this cluster has no command {result.command_id!r}")
            if row.status in FINAL_STATUSES:
                raise ApiError(409, f"command {row.id} is already {row.status}")
            row.status = result.status
            row.output = result.output
            row.error = result.error
            row.started_at = _parse_time(result.started_at)
            row.finished_at = _parse_time(result.finished_at) or datetime.now(UTC)
            await session.commit()
        self._finish(result.command_id)

    def _finish(self, command_id: str) -> None:
        self._deadlines.pop(command_id, None)
        self._finished[command_id].set()
        self._finished.pop(command_id, None)

    async def get(self, command_id: str) -> CommandRow:
        async with self.db.session() as session:
            row = await session.get(CommandRow, command_id)
        if row is None:
            raise ApiError(404, f"no command {command_id!r}")
        return row

    async def wait(self, command_id: str, seconds: float) -> CommandRow:
        """The command, once finished or after `seconds`, whichever comes first."""
        finished = self._finished[command_id]
        row = await self.get(command_id)
        if row.status in FINAL_STATUSES or seconds <= 0:
            self._finished.pop(command_id, None)
            return row
        try:
            async with asyncio.timeout(seconds):
                await finished.wait()
        except TimeoutError:
            pass
        return await self.get(command_id)

    async def cancel(self, command_id: str) -> CommandRow:
        row = await self.get(command_id)
        box = self._mailboxes[(row.cluster_id, row.queue)]
        if row.status != "pending" or not any(c.id == command_id for c in box.pending):
            raise ApiError(
                409, f"command {command_id} is {row.status}; only pending commands cancel"
            )
        box.pending = [c for c in box.pending if c.id != command_id]
        await self._set_final(command_id, "cancelled", "cancelled before an agent took it")
        return await self.get(command_id)

    async def _set_final(self, command_id: str, status: str, error: str) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(CommandRow)
                .where(CommandRow.id == command_id)
                .where(CommandRow.status.in_(("pending", "delivered")))
                .values(status=status, error=error, finished_at=datetime.now(UTC))
            )
            await session.commit()
        self._finish(command_id)

    async def expire_overdue(self) -> int:
        """Time out commands whose Agent never answered; returns how many."""
        now = datetime.now(UTC)
        overdue = [
            (command_id, cluster_id, queue)
            for command_id, (deadline, cluster_id, queue) in self._deadlines.items()
            if deadline < now
        ]
        for command_id, cluster_id, queue in overdue:
            box = self._mailboxes[(cluster_id, queue)]
            box.pending = [c for c in box.pending if c.id != command_id]
            await self._set_final(command_id, "timeout", "no result from the agent in time")
        return len(overdue)

    async def purge(self, now: datetime | None = None) -> tuple[int, int]:
        """Delete finished commands older than `retention`, and drop the outputs of read-only
        commands (log pages, traces, query results: large, and read once by the view that asked)
        older than `output_retention`. Returns (deleted, outputs dropped)."""
        now = now or datetime.now(UTC)
        reads = [name for name, spec in ACTIONS.items() if not spec.mutating]
        async with self.db.session() as session:
            deleted = await session.execute(
                delete(CommandRow)
                .where(CommandRow.created_at < now - self.retention)
                .where(CommandRow.status.in_(FINAL_STATUSES))
            )
            dropped = await session.execute(
                update(CommandRow)
                .where(CommandRow.created_at < now - self.output_retention)
                .where(CommandRow.action.in_(reads))
                .where(CommandRow.output.is_not(None))
                .values(output=None)
            )
            await session.commit()
        return (
            int(getattr(deleted, "rowcount", 0) or 0),
            int(getattr(dropped, "rowcount", 0) or 0),
        )

    async def history(
        self,
        *,
        cluster_id: str | None,
        status: str | None,
        action: str | None,
        created_by: str | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[CommandRow], int]:
        query = select(CommandRow)
        if cluster_id:
            query = query.where(CommandRow.cluster_id == cluster_id)
        if status:
            query = query.where(CommandRow.status == status)
        if action:
            query = query.where(CommandRow.action == action)
        if created_by:
            query = query.where(CommandRow.created_by == created_by)
        async with self.db.session() as session:
            total = await session.scalar(select(func.count()).select_from(query.subquery()))
            rows = await session.scalars(
                query.order_by(CommandRow.created_at.desc()).limit(limit).offset(offset)
            )
            return list(rows), int(total or 0)
