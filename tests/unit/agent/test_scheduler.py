"""The push loop's reaction to the Master: 409 → immediate full snapshot, error → full next."""

from __future__ import annotations

from typing import Any

import httpx
from prometheus_client import CollectorRegistry

from atlhyper.agent.gateway import MasterConflict
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.agent.scheduler import Scheduler
from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.model import IngestAck, Pod, Snapshot, SnapshotDelta
from tests.unit.agent.test_snapshot import FakeSource


class ScriptedGateway:
    """Answers pushes from a script: an exception to raise, or None to acknowledge."""

    def __init__(self, script: list[Exception | None]) -> None:
        self.script = script
        self.pushed: list[Any] = []

    async def push_snapshot(self, snapshot: Snapshot | SnapshotDelta) -> IngestAck:
        self.pushed.append(snapshot)
        outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        return IngestAck(accepted_seq=snapshot.seq)


def _scheduler(gateway: ScriptedGateway) -> tuple[Scheduler, AgentMetrics, FakeSource]:
    source = FakeSource("pods", {"ns/a": Pod(uid="a", name="a", namespace="ns")})
    metrics = AgentMetrics(CollectorRegistry())
    builder = SnapshotBuilder([source])
    return Scheduler(builder, gateway, metrics, 1.0, 1.0), metrics, source  # type: ignore[arg-type]


async def test_conflict_makes_the_next_push_full() -> None:
    gateway = ScriptedGateway([None, MasterConflict("409: restarted")])
    scheduler, metrics, _ = _scheduler(gateway)
    assert await scheduler.push_once()  # full, acknowledged
    assert not await scheduler.push_once()  # delta refused with 409
    assert await scheduler.push_once()  # the full snapshot the Master asked for
    kinds = [type(body).__name__ for body in gateway.pushed]
    assert kinds == ["Snapshot", "SnapshotDelta", "Snapshot"]
    assert metrics.pushes.labels("delta", "conflict")._value.get() == 1


async def test_failed_push_sends_a_full_snapshot_next() -> None:
    gateway = ScriptedGateway([None, httpx.ConnectError("down"), None, None])
    scheduler, _, source = _scheduler(gateway)
    await scheduler.push_once()
    await scheduler.push_once()  # delta lost: Master down
    source.cache = {}
    await scheduler.push_once()  # full: carries the deletion without any backlog
    await scheduler.push_once()
    kinds = [type(body).__name__ for body in gateway.pushed]
    assert kinds == ["Snapshot", "SnapshotDelta", "Snapshot", "SnapshotDelta"]
    assert gateway.pushed[2].pods == []
