"""The background jobs that write, roll up and purge history, started and stopped by the app."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog

from atlhyper.master.clusters import ClusterRegistry
from atlhyper.master.commands import CommandHub
from atlhyper.master.history.archive import EventArchive
from atlhyper.master.history.usage import UsageHistory
from atlhyper.master.state import ClusterState, StateStore

log = structlog.get_logger(__name__)

Job = Callable[[], Awaitable[object]]


async def repeat(job: Job, every: float, what: str, *, first: bool = False) -> None:
    """Run `job` every `every` seconds (and once at once when `first`); log and survive errors."""
    if not first:
        await asyncio.sleep(every)
    while True:
        try:
            await job()
        except Exception:
            log.exception("history job failed", job=what)
        await asyncio.sleep(every)


@dataclass
class HistoryJobs:
    events: EventArchive
    usage: UsageHistory
    clusters: ClusterRegistry
    state: StateStore
    commands: CommandHub
    flush_seconds: float
    maintenance_seconds: float
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def _states(self) -> list[ClusterState]:
        return [s for record in self.clusters.all() if (s := self.state.get(record.id))]

    async def sample(self) -> int:
        return await self.usage.sample(self._states())

    async def maintain(self) -> None:
        """Purge old events, usage and commands, and roll finished raw hours up."""
        purged = await self.events.purge()
        folded = await self.usage.rollup()
        expired = await self.usage.purge()
        commands, outputs = await self.commands.purge()
        if purged or folded or expired or commands or outputs:
            log.info(
                "history maintained",
                events_purged=purged,
                hourly_rows=folded,
                usage_rows_purged=expired,
                commands_purged=commands,
                query_outputs_dropped=outputs,
            )

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(repeat(self.events.flush, self.flush_seconds, "archiving events")),
            asyncio.create_task(
                repeat(self.sample, self.usage.sample_seconds, "sampling node and pod usage")
            ),
            asyncio.create_task(
                repeat(self.maintain, self.maintenance_seconds, "history upkeep", first=True)
            ),
        ]

    async def stop(self) -> None:
        """Stop the jobs, then write the events still buffered."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        try:
            written = await self.events.flush()
        except Exception:
            log.exception("archiving the last events failed")
        else:
            if written:
                log.info("event archive flushed", events=written)
