"""Downsampling and retention of host samples.

Raw samples older than `raw_retention` become one row per host and minute, minute rows older than
`minute_retention` one row per host and hour, and hour rows older than `retention` are deleted.
Only whole buckets are folded, and each fold inserts the coarser rows and deletes the rows they
replace in one transaction, so a reader never sees a period twice or not at all. A coarser row
that already exists (samples that arrived very late) is kept as it is.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import delete, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite

from atlhyper.master.db import Database
from atlhyper.master.db.tables import HOST_METRICS, HostSampleRow
from atlhyper.master.history.jobs import repeat
from atlhyper.master.hosts.samples import RAW
from atlhyper.master.hosts.series import weighted_avg

log = structlog.get_logger(__name__)

MINUTE = 60
HOUR = 3600


@dataclass(frozen=True, slots=True)
class RollupResult:
    minute_rows: int
    hour_rows: int
    purged: int

    def __bool__(self) -> bool:
        return bool(self.minute_rows or self.hour_rows or self.purged)


class HostRollup:
    def __init__(
        self,
        db: Database,
        *,
        raw_retention: timedelta,
        minute_retention: timedelta,
        retention: timedelta,
    ) -> None:
        self.db = db
        self.raw_retention = raw_retention
        self.minute_retention = minute_retention
        self.retention = retention

    def _insert(self) -> Any:
        if self.db.engine.dialect.name == "postgresql":
            return postgresql.insert(HostSampleRow)
        return sqlite.insert(HostSampleRow)

    async def fold(self, source: int, target: int, before_ms: int) -> int:
        """Fold rows of resolution `source` older than the `target` bucket holding `before_ms`.

        Returns how many rows of resolution `target` were written.
        """
        step_ms = target * 1000
        cutoff = before_ms - before_ms % step_ms
        row = HostSampleRow
        bucket = row.at_ms - row.at_ms % literal_column(str(step_ms))
        old = (row.resolution == source, row.at_ms < cutoff)
        names = ["host_id", "at_ms", "resolution", "sample_count"]
        values: list[Any] = [
            row.host_id,
            bucket,
            literal_column(str(target)),
            func.sum(row.sample_count),
        ]
        for metric in HOST_METRICS:
            names += [metric, f"{metric}_max"]
            values += [weighted_avg(getattr(row, metric)), func.max(getattr(row, f"{metric}_max"))]
        folded = select(*values).where(*old).group_by(row.host_id, bucket)
        statement = self._insert().from_select(names, folded).on_conflict_do_nothing()
        async with self.db.engine.begin() as conn:
            written = await conn.execute(statement)
            await conn.execute(delete(HostSampleRow).where(*old))
        return int(getattr(written, "rowcount", 0) or 0)

    async def purge(self, before_ms: int) -> int:
        """Delete rows of every resolution older than `before_ms`; returns how many."""
        async with self.db.engine.begin() as conn:
            result = await conn.execute(
                delete(HostSampleRow).where(HostSampleRow.at_ms < before_ms)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def run(self, now: float | None = None) -> RollupResult:
        """One pass: raw → minutes, minutes → hours, then retention."""
        now_ms = int((time.time() if now is None else now) * 1000)

        def ago(span: timedelta) -> int:
            return now_ms - int(span.total_seconds() * 1000)

        minutes = await self.fold(RAW, MINUTE, ago(self.raw_retention))
        hours = await self.fold(MINUTE, HOUR, ago(self.minute_retention))
        purged = await self.purge(ago(self.retention))
        return RollupResult(minutes, hours, purged)

    async def maintain(self) -> None:
        result = await self.run()
        if result:
            log.info(
                "host samples rolled up",
                minute_rows=result.minute_rows,
                hour_rows=result.hour_rows,
                purged=result.purged,
            )

    def start(self, every: float) -> asyncio.Task[None]:
        """Run `maintain` now and every `every` seconds, until the task is cancelled."""
        return asyncio.create_task(repeat(self.maintain, every, "host rollup", first=True))
