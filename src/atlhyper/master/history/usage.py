"""Node and pod usage over time: raw samples of the in-memory state, rolled up hourly.

Times are integer epoch seconds, so bucketing is the same arithmetic (`at - at % step`) on SQLite
and PostgreSQL. Every row stands for `resolution` seconds (the sampling interval for raw rows, an
hour for rolled-up ones) and averages are weighted by it, so a bucket that mixes raw and hourly
rows still averages over time rather than over rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Literal

import msgspec
from sqlalchemy import ColumnElement, delete, func, insert, literal_column, select

from atlhyper.master.db import Database
from atlhyper.master.db.tables import UsageSample
from atlhyper.master.state import ClusterState
from atlhyper.model import NodeUsage, PodUsage

HOUR = 3600
MIN_STEP = 60
MAX_POINTS = 360
# Steps a chart reads well at; the first that keeps a span within MAX_POINTS is the default.
NICE_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)

UsageKind = Literal["node", "pod"]


#: Rows per INSERT transaction when sampling.
SAMPLE_CHUNK = 5000


def bucket_start(at: int, step: int) -> int:
    """The start of the `step`-second bucket holding `at` (buckets align to the epoch)."""
    return at - at % step


def default_step(span: int) -> int:
    """The finest nice step that draws `span` seconds in at most MAX_POINTS points."""
    for step in NICE_STEPS:
        if span <= step * MAX_POINTS:
            return step
    return -(-span // MAX_POINTS // HOUR) * HOUR  # whole hours, rounded up


class UsagePoint(msgspec.Struct, rename="camel", frozen=True):
    """One bucket: `t` is its start (epoch seconds); CPU in millicores, memory in bytes."""

    t: int
    cpu_avg: float
    cpu_max: float
    mem_avg: float
    mem_max: float


def _weighted_avg(column: Any) -> ColumnElement[Any]:
    return func.sum(column * UsageSample.resolution) / func.sum(UsageSample.resolution)


class UsageHistory:
    def __init__(
        self,
        db: Database,
        *,
        sample_seconds: int,
        raw_hours: int,
        retention: timedelta,
        stale_seconds: float,
    ) -> None:
        self.db = db
        self.sample_seconds = sample_seconds
        self.raw_hours = raw_hours
        self.retention = retention
        self.stale_seconds = stale_seconds

    def samples(self, states: Iterable[ClusterState], now: float) -> list[dict[str, Any]]:
        """Raw rows for the usage every fresh state holds; a silent cluster's is not repeated."""
        at = int(now)
        rows: list[dict[str, Any]] = []
        for state in states:
            if now - state.received_at.timestamp() > self.stale_seconds:
                continue
            nodes: Iterable[NodeUsage] = state.objects.get("nodemetrics", {}).values()
            pods: Iterable[PodUsage] = state.objects.get("podmetrics", {}).values()
            measured = [("node", "", u.name, u.cpu_millicores, u.memory_bytes) for u in nodes]
            measured += [
                ("pod", u.namespace, u.name, u.cpu_millicores, u.memory_bytes) for u in pods
            ]
            rows.extend(
                {
                    "cluster_id": state.cluster_id,
                    "kind": kind,
                    "namespace": namespace,
                    "name": name,
                    "at": at,
                    "resolution": self.sample_seconds,
                    "cpu_avg": float(cpu),
                    "cpu_max": float(cpu),
                    "mem_avg": float(memory),
                    "mem_max": float(memory),
                }
                for kind, namespace, name, cpu, memory in measured
            )
        return rows

    async def sample(self, states: Iterable[ClusterState], now: float | None = None) -> int:
        """Store one raw row per node and pod with usage; returns how many.

        Written in chunks, each its own transaction, so 150k pods do not hold SQLite's write lock
        for seconds while logins and event flushes wait for it.
        """
        rows = self.samples(states, time.time() if now is None else now)
        for start in range(0, len(rows), SAMPLE_CHUNK):
            async with self.db.session() as session:
                await session.execute(insert(UsageSample), rows[start : start + SAMPLE_CHUNK])
                await session.commit()
        return len(rows)

    async def rollup(self, now: float | None = None) -> int:
        """Fold each finished hour of raw rows older than the raw period into one row per object.

        Returns how many hourly rows were written; the raw rows they replace are deleted in the
        same transaction.
        """
        now = time.time() if now is None else now
        cutoff = bucket_start(int(now) - self.raw_hours * HOUR, HOUR)
        hour = UsageSample.at - UsageSample.at % literal_column(str(HOUR))
        old_raw = (UsageSample.resolution < HOUR, UsageSample.at < cutoff)
        keys = (UsageSample.cluster_id, UsageSample.kind, UsageSample.namespace, UsageSample.name)
        folded = (
            select(
                *keys,
                hour,
                literal_column(str(HOUR)),
                _weighted_avg(UsageSample.cpu_avg),
                func.max(UsageSample.cpu_max),
                _weighted_avg(UsageSample.mem_avg),
                func.max(UsageSample.mem_max),
            )
            .where(*old_raw)
            .group_by(*keys, hour)
        )
        columns = [
            "cluster_id",
            "kind",
            "namespace",
            "name",
            "at",
            "resolution",
            "cpu_avg",
            "cpu_max",
            "mem_avg",
            "mem_max",
        ]
        async with self.db.engine.begin() as conn:
            written = await conn.execute(insert(UsageSample).from_select(columns, folded))
            await conn.execute(delete(UsageSample).where(*old_raw))
        return int(getattr(written, "rowcount", 0) or 0)

    async def purge(self, now: float | None = None) -> int:
        """Delete rows older than the retention period; returns how many."""
        now = time.time() if now is None else now
        cutoff = int(now - self.retention.total_seconds())
        async with self.db.engine.begin() as conn:
            result = await conn.execute(delete(UsageSample).where(UsageSample.at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)

    async def series(
        self,
        cluster_id: str,
        kind: UsageKind,
        namespace: str,
        name: str,
        start: int,
        end: int,
        step: int,
    ) -> list[UsagePoint]:
        """Points of `step` seconds in [start, end), oldest first; empty buckets are left out."""
        bucket = (UsageSample.at - UsageSample.at % literal_column(str(int(step)))).label("t")
        stmt = (
            select(
                bucket,
                _weighted_avg(UsageSample.cpu_avg),
                func.max(UsageSample.cpu_max),
                _weighted_avg(UsageSample.mem_avg),
                func.max(UsageSample.mem_max),
            )
            .where(
                UsageSample.cluster_id == cluster_id,
                UsageSample.kind == kind,
                UsageSample.namespace == namespace,
                UsageSample.name == name,
                UsageSample.at >= start,
                UsageSample.at < end,
            )
            .group_by(bucket)
            .order_by(bucket)
        )
        async with self.db.session() as session:
            result = await session.execute(stmt)
            return [
                UsagePoint(int(t), float(cpu_avg), float(cpu_max), float(mem_avg), float(mem_max))
                for t, cpu_avg, cpu_max, mem_avg, mem_max in result.all()
            ]
