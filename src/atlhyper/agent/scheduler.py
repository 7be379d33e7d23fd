"""The Agent's periodic loops: push snapshots and heartbeats. The only user of the gateway."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import structlog

from atlhyper import __version__
from atlhyper.agent.gateway import Gateway, MasterRejected
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.model import Heartbeat

log = structlog.get_logger(__name__)


class Scheduler:
    def __init__(
        self,
        builder: SnapshotBuilder,
        gateway: Gateway,
        metrics: AgentMetrics,
        snapshot_interval: float,
        heartbeat_interval: float,
    ) -> None:
        self.builder = builder
        self.gateway = gateway
        self.metrics = metrics
        self.snapshot_interval = snapshot_interval
        self.heartbeat_interval = heartbeat_interval
        self.last_push_ok = False

    async def snapshots(self) -> None:
        await asyncio.gather(*(r.synced.wait() for r in self.builder.reflectors))
        log.info("caches synced; pushing snapshots", interval=self.snapshot_interval)
        while True:
            snapshot = self.builder.build()
            try:
                await self.gateway.push_snapshot(snapshot)
                self.metrics.pushes.labels("ok").inc()
                if not self.last_push_ok:
                    log.info("snapshot accepted by the master", seq=snapshot.seq)
                self.last_push_ok = True
            except (httpx.HTTPError, MasterRejected) as exc:
                self.metrics.pushes.labels("failed").inc()
                if self.last_push_ok:
                    log.warning("snapshot push failed", error=str(exc) or type(exc).__name__)
                self.last_push_ok = False
            await asyncio.sleep(self.snapshot_interval)

    async def heartbeats(self) -> None:
        while True:
            beat = Heartbeat(
                agent_version=__version__,
                sent_at=datetime.now(UTC).isoformat(),
                capabilities=[r.kind.field for r in self.builder.reflectors if r.available],
                unavailable_kinds=self.builder.unavailable_kinds(),
            )
            try:
                await self.gateway.heartbeat(beat)
            except (httpx.HTTPError, MasterRejected) as exc:
                log.warning("heartbeat failed", error=str(exc) or type(exc).__name__)
            await asyncio.sleep(self.heartbeat_interval)
