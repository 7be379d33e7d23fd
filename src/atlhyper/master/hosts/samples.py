"""Storing host batches, and reading single samples back.

A sample is one row of resolution 0: the headline metrics as columns (so time series are
aggregated in SQL) and the whole sample as zstd-compressed JSON in `detail` (a sample with its
disks, filesystems and interfaces is a few KB of JSON, and a host sends one every few seconds).
Delivery is at least once, so a batch sent again must not be stored twice: the primary key
(host, time, resolution) refuses a second copy, and `INSERT … ON CONFLICT DO NOTHING RETURNING`
tells which samples were new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import zstandard
from prometheus_client import CollectorRegistry, Counter
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from atlhyper.master.db import Database
from atlhyper.master.db.tables import HOST_METRICS, Host, HostSampleRow
from atlhyper.master.errors import ApiError
from atlhyper.master.hosts.registry import HostRecord, info_values
from atlhyper.model.hosts import HostBatch, HostSample

RAW = 0
#: How far ahead of the Master's clock a sample may be; more means the host's clock is wrong.
MAX_FUTURE = timedelta(minutes=5)
# 24 columns a row: well below SQLite's and asyncpg's limits on bound parameters per statement.
_CHUNK = 1000

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(HostSample).decode


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(at_ms: int) -> datetime:
    return datetime.fromtimestamp(at_ms / 1000, UTC)


@dataclass(frozen=True, slots=True)
class IngestResult:
    accepted: int
    duplicates: int


def check_batch(batch: HostBatch, now: datetime) -> None:
    """Refuse a batch holding a sample from the future (a wrong clock would poison the series)."""
    limit = now + MAX_FUTURE
    for index, sample in enumerate(batch.samples):
        if sample.time > limit:
            raise ApiError(
                400,
                f"samples[{index}].time {sample.time.isoformat()} is more than"
                f" {MAX_FUTURE.total_seconds():.0f} s ahead of the Master's clock"
                f" ({now.isoformat()}); fix the host's clock (NTP)",
                details={"field": f"samples[{index}].time"},
            )


def sample_row(
    host_id: str, sample: HostSample, compress: zstandard.ZstdCompressor
) -> dict[str, Any]:
    """The `host_samples` row of one sample as taken."""
    row: dict[str, Any] = {
        "host_id": host_id,
        "at_ms": epoch_ms(sample.time),
        "resolution": RAW,
        "sample_count": 1,
        "detail": compress.compress(_encode(sample)),
    }
    for name in HOST_METRICS:
        value = getattr(sample, name)
        row[name] = row[f"{name}_max"] = None if value is None else float(value)
    return row


def decode_detail(detail: bytes) -> HostSample:
    return _decode(zstandard.ZstdDecompressor().decompress(detail))


class HostSamples:
    def __init__(self, db: Database, registry: CollectorRegistry) -> None:
        self.db = db
        self.counted = Counter(
            "atlhyper_master_host_samples_total",
            "Host samples received, by result (stored, or a duplicate of a stored one).",
            ["result"],
            registry=registry,
        )

    def _insert(self) -> Any:
        dialect = self.db.engine.dialect.name
        if dialect == "postgresql":
            return postgresql.insert(HostSampleRow).on_conflict_do_nothing()
        if dialect == "sqlite":
            return sqlite.insert(HostSampleRow).on_conflict_do_nothing()
        raise RuntimeError(f"host samples support sqlite and postgresql, not {dialect}")

    async def ingest(
        self, record: HostRecord, batch: HostBatch, now: datetime | None = None
    ) -> IngestResult:
        """Store a batch's new samples; returns how many were new and how many already held."""
        check_batch(batch, now or datetime.now(UTC))
        compress = zstandard.ZstdCompressor(level=1)
        rows: dict[int, dict[str, Any]] = {}
        for sample in batch.samples:
            row = sample_row(record.id, sample, compress)
            rows.setdefault(row["at_ms"], row)
        newest = max(batch.samples, key=lambda sample: sample.time)
        last = (
            newest.time
            if record.last_sample_at is None
            else max(newest.time, record.last_sample_at)
        )
        statement = self._insert().returning(HostSampleRow.at_ms)
        values = list(rows.values())
        accepted = 0
        async with self.db.engine.begin() as conn:
            for start in range(0, len(values), _CHUNK):
                result = await conn.execute(statement, values[start : start + _CHUNK])
                accepted += len(result.all())
            await conn.execute(
                update(Host)
                .where(Host.id == record.id)
                .values(last_sample_at=last, **info_values(batch.host))
            )
        record.info = batch.host
        record.last_sample_at = last
        if record.latest is None or newest.time > record.latest.time:
            record.latest = newest
        duplicates = len(batch.samples) - accepted
        self.counted.labels("stored").inc(accepted)
        self.counted.labels("duplicate").inc(duplicates)
        return IngestResult(accepted, duplicates)

    async def sample_at(self, host_id: str, at: datetime | None = None) -> HostSample | None:
        """The newest sample as taken at or before `at` (default: the newest of all)."""
        stmt = select(HostSampleRow.detail).where(
            HostSampleRow.host_id == host_id,
            HostSampleRow.resolution == RAW,
            HostSampleRow.detail.is_not(None),
        )
        if at is not None:
            stmt = stmt.where(HostSampleRow.at_ms <= epoch_ms(at))
        stmt = stmt.order_by(HostSampleRow.at_ms.desc()).limit(1)
        async with self.db.session() as session:
            detail = await session.scalar(stmt)
        return decode_detail(detail) if detail else None

    async def load_latest(self, records: Iterable[HostRecord]) -> None:
        """Fill each record's newest sample after a restart (the hosts page shows it)."""
        for record in records:
            record.latest = await self.sample_at(record.id)
