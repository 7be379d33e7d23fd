"""The Agent's periodic loops: push snapshots and heartbeats. The only user of the gateway."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from datetime import UTC, datetime

import httpx
import structlog

from atlhyper import __version__
from atlhyper.agent.commands.service import CommandRunner
from atlhyper.agent.gateway import Gateway, MasterConflict, MasterRejected
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.backoff import Backoff
from atlhyper.model import Heartbeat, Snapshot
from atlhyper.model.commands import Command, Queue

log = structlog.get_logger(__name__)


class Scheduler:
    def __init__(
        self,
        builder: SnapshotBuilder,
        gateway: Gateway,
        metrics: AgentMetrics,
        snapshot_interval: float,
        heartbeat_interval: float,
        runner: CommandRunner | None = None,
        command_concurrency: int = 8,
        command_poll_wait: float = 30.0,
    ) -> None:
        self.runner = runner
        self.command_slots = asyncio.Semaphore(command_concurrency)
        self.command_poll_wait = command_poll_wait
        self._running: set[asyncio.Task[None]] = set()
        self.builder = builder
        self.gateway = gateway
        self.metrics = metrics
        self.snapshot_interval = snapshot_interval
        self.heartbeat_interval = heartbeat_interval
        self.last_push_ok = False
        self.last_push_error = ""
        self.synced = asyncio.Event()

    async def push_once(self) -> bool:
        """Build and push one snapshot; returns False when the Master asked for a full one."""
        snapshot = self.builder.build()
        kind = "full" if isinstance(snapshot, Snapshot) else "delta"
        try:
            ack = await self.gateway.push_snapshot(snapshot)
        except MasterConflict as exc:
            self.metrics.pushes.labels(kind, "conflict").inc()
            log.info("master lacks our base snapshot; sending a full one", error=str(exc))
            self.builder.reset()
            return False
        except (httpx.HTTPError, MasterRejected) as exc:
            self.metrics.pushes.labels(kind, "failed").inc()
            error = str(exc) or type(exc).__name__
            # Say it when pushes start failing or fail differently; not every 10 s the same.
            if self.last_push_ok or error != self.last_push_error:
                log.warning("snapshot push failed", type=kind, error=error)
            self.last_push_error = error
            self.last_push_ok = False
            self.builder.reset()
            return True
        self.builder.acknowledged(ack.accepted_seq)
        self.metrics.pushes.labels(kind, "ok").inc()
        if not self.last_push_ok:
            log.info("snapshot accepted by the master", seq=snapshot.seq, type=kind)
        self.last_push_ok = True
        return True

    async def snapshots(self) -> None:
        await asyncio.gather(*(source.synced.wait() for source in self.builder.sources))
        self.synced.set()
        # The synced caches live for the process's life: keep them out of every later GC pass.
        gc.freeze()
        log.info("caches synced; pushing snapshots", interval=self.snapshot_interval)
        while True:
            if not await self.push_once():
                await self.push_once()  # the full snapshot the Master asked for, right away
            await asyncio.sleep(self.snapshot_interval)

    async def heartbeats(self) -> None:
        while True:
            beat = Heartbeat(
                agent_version=__version__,
                sent_at=datetime.now(UTC).isoformat(),
                capabilities=self.builder.capabilities(),
                unavailable_kinds=self.builder.unavailable_kinds(),
            )
            try:
                await self.gateway.heartbeat(beat)
            except (httpx.HTTPError, MasterRejected) as exc:
                log.warning("heartbeat failed", error=str(exc) or type(exc).__name__)
            if self.synced.is_set():
                await asyncio.sleep(self.heartbeat_interval)
                continue
            # Before the first sync the capabilities are not known yet: beat again right after it.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.synced.wait(), self.heartbeat_interval)

    async def commands(self, queue: Queue) -> None:
        """Long-poll one queue; each command runs on its own task, so a slow one blocks none."""
        backoff = Backoff(base=1.0, cap=30.0)
        while True:
            try:
                batch = await self.gateway.poll_commands(queue, self.command_poll_wait)
            except (httpx.HTTPError, MasterRejected) as exc:
                delay = backoff.next_delay()
                log.warning(
                    "command poll failed", queue=queue, error=str(exc) or type(exc).__name__
                )
                await asyncio.sleep(delay)
                continue
            backoff.reset()
            for command in batch:
                task = asyncio.create_task(self._run_command(command))
                self._running.add(task)
                task.add_done_callback(self._running.discard)

    async def _run_command(self, command: Command) -> None:
        assert self.runner is not None, "commands need a runner"
        created = datetime.fromisoformat(command.created_at)
        self.metrics.command_pickup_seconds.observe(
            max(0.0, (datetime.now(UTC) - created).total_seconds())
        )
        async with self.command_slots:
            result = await self.runner.run(command)
        self.metrics.commands.labels(command.action, result.status).inc()
        log.info(
            "command finished",
            id=command.id,
            action=command.action,
            status=result.status,
            error=result.error or None,
        )
        try:
            await self.gateway.post_result(result)
        except (httpx.HTTPError, MasterRejected) as exc:
            log.warning("could not report a command result", id=command.id, error=str(exc))
