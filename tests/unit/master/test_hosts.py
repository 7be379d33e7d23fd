"""Host metrics on the Master: bucket math, validation, ingest with de-duplication, aggregates and
the roll-up into minutes and hours, on a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import func, select

from atlhyper.config import ConfigError, load_settings
from atlhyper.master.config import MasterSettings
from atlhyper.master.db import Database
from atlhyper.master.db.tables import HostSampleRow
from atlhyper.master.errors import ApiError
from atlhyper.master.hosts.registry import HostRecord, HostRegistry
from atlhyper.master.hosts.rollup import HostRollup
from atlhyper.master.hosts.samples import HostSamples, check_batch, epoch_ms
from atlhyper.master.hosts.series import MAX_POINTS, bucket_start, default_interval, series
from atlhyper.master.hosts.views import breakdown, host_item
from atlhyper.model.hosts import Filesystem, HostBatch, HostInfo, HostSample
from atlhyper.wire import BodyError, decode

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
INFO = HostInfo(hostname="web-1", os="Debian 12", kernel="6.1.0", cpu_count=4)


def sample(at: datetime, cpu: float, memory: int = 1000, **extra: object) -> HostSample:
    return HostSample(
        time=at, cpu_percent=cpu, memory_used_bytes=memory, memory_total_bytes=4000, **extra
    )


def batch(*samples: HostSample, seq: int = 1) -> HostBatch:
    return HostBatch(host=INFO, seq=seq, samples=list(samples))


def test_buckets_align_to_the_epoch_in_milliseconds() -> None:
    assert bucket_start(59_999, 60) == 0
    assert bucket_start(60_000, 60) == 60_000
    assert bucket_start(1_700_000_123_456, 5) == 1_700_000_120_000


@pytest.mark.parametrize(
    ("span", "interval"),
    [(3600, 5), (6 * 3600, 30), (86400, 120), (7 * 86400, 900), (90 * 86400, 10800), (60, 1)],
)
def test_the_default_interval_keeps_a_span_within_720_points(span: int, interval: int) -> None:
    assert default_interval(span) == interval
    assert span / interval <= MAX_POINTS


def test_a_sample_from_the_future_is_refused_naming_it() -> None:
    ok = batch(sample(NOW + timedelta(minutes=4), 1), sample(NOW, 2))
    check_batch(ok, NOW)
    bad = batch(sample(NOW, 1), sample(NOW + timedelta(minutes=6), 2))
    with pytest.raises(ApiError) as caught:
        check_batch(bad, NOW)
    assert caught.value.status == 400
    assert "samples[1].time" in caught.value.message
    assert "clock" in caught.value.message


def test_a_batch_of_wrong_types_is_refused_naming_the_field() -> None:
    raw = msgspec.json.encode(batch(sample(NOW, 1.5)))
    wrong = raw.replace(b'"cpuPercent":1.5', b'"cpuPercent":"high"')
    with pytest.raises(BodyError) as caught:
        decode(wrong, HostBatch)
    assert caught.value.status == 400
    assert "$.samples[0].cpuPercent" in caught.value.message
    over = raw.replace(b'"cpuPercent":1.5', b'"cpuPercent":101')
    with pytest.raises(BodyError, match="cpuPercent"):
        decode(over, HostBatch)


def test_retention_settings_must_grow_from_raw_to_hourly() -> None:
    settings = load_settings(MasterSettings, {})
    assert settings.host_raw_retention == timedelta(days=1)
    assert settings.host_minute_retention == timedelta(days=7)
    assert settings.host_retention == timedelta(days=90)
    with pytest.raises(ConfigError, match=r"^MASTER_HOST_RETENTION: .*MASTER_HOST_MINUTE"):
        load_settings(MasterSettings, {"host_retention": "3d"})


def test_list_rows_and_breakdowns_compute_percentages() -> None:
    record = HostRecord("h1", "web-1", NOW, info=INFO, last_sample_at=NOW)
    fs = Filesystem(
        mountpoint="/",
        device="/dev/sda1",
        fstype="ext4",
        total_bytes=100,
        used_bytes=30,
        free_bytes=60,
        inodes_total=10,
        inodes_used=5,
    )
    record.latest = sample(NOW, 12.5, filesystems=[fs])
    item = host_item(record, NOW + timedelta(seconds=30), timedelta(seconds=60), None)
    assert (item.status, item.memory_percent, item.cpu_percent) == ("online", 25.0, 12.5)
    late = host_item(record, NOW + timedelta(seconds=61), timedelta(seconds=60), None)
    assert late.status == "offline"
    view = breakdown(record, record.latest)
    assert view.filesystems[0].used_percent == pytest.approx(33.33)
    assert view.filesystems[0].inodes_percent == 50.0
    assert view.memory.percent == 25.0
    assert view.cpu.count == 4


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'hosts.db'}")
    await database.migrate()
    yield database
    await database.close()


async def _rows(db: Database, resolution: int | None = None) -> list[HostSampleRow]:
    stmt = select(HostSampleRow).order_by(HostSampleRow.at_ms)
    if resolution is not None:
        stmt = stmt.where(HostSampleRow.resolution == resolution)
    async with db.session() as session:
        return list(await session.scalars(stmt))


async def test_registry_tokens_name_hosts_and_cluster_nodes_register_once(db: Database) -> None:
    registry = HostRegistry(db)
    record, token = await registry.create("web-1")
    assert token.startswith("ahh_")
    assert registry.by_token(token) is record
    with pytest.raises(ApiError, match="already exists"):
        await registry.create("web-1")
    with pytest.raises(ApiError, match="lowercase"):
        await registry.create("Web 1")
    _, new_token = await registry.rotate_token(record.id)
    assert registry.by_token(token) is None
    assert registry.by_token(new_token) is record
    await registry.revoke_token(record.id)
    assert registry.by_token(new_token) is None

    node = await registry.for_node("c1", "prod", HostInfo(hostname="ip-10-0-0-1", node_name="n1"))
    again = await registry.for_node("c1", "prod", HostInfo(hostname="other", node_name="n1"))
    assert node is again
    assert (node.name, node.mode, node.cluster_id, node.node_name) == (
        "prod/n1",
        "cluster",
        "c1",
        "n1",
    )
    with pytest.raises(ApiError) as caught:
        await registry.rotate_token(node.id)
    assert caught.value.status == 409

    reloaded = HostRegistry(db)
    await reloaded.load()
    assert [r.name for r in reloaded.all()] == ["prod/n1", "web-1"]
    await reloaded.delete(node.id)
    assert reloaded.get(node.id) is None


async def test_a_batch_sent_twice_is_stored_once(db: Database) -> None:
    registry = HostRegistry(db)
    record, _ = await registry.create("web-1")
    samples = HostSamples(db, CollectorRegistry())
    first = batch(
        sample(NOW, 10),
        sample(NOW + timedelta(milliseconds=200), 20),
        sample(NOW + timedelta(milliseconds=200), 99),  # same time in the same batch
        sample(NOW + timedelta(seconds=5), 30),
    )
    result = await samples.ingest(record, first, now=NOW)
    assert (result.accepted, result.duplicates) == (3, 1)
    again = await samples.ingest(record, first, now=NOW)
    assert (again.accepted, again.duplicates) == (0, 4)
    overlap = batch(sample(NOW + timedelta(seconds=5), 31), sample(NOW + timedelta(seconds=10), 40))
    result = await samples.ingest(record, overlap, now=NOW)
    assert (result.accepted, result.duplicates) == (1, 1)

    rows = await _rows(db)
    assert [row.cpu_percent for row in rows] == [10, 20, 30, 40]
    assert record.last_sample_at == NOW + timedelta(seconds=10)
    assert record.latest is not None and record.latest.cpu_percent == 40
    assert record.info.os == "Debian 12"

    stored = await samples.sample_at(record.id, NOW + timedelta(seconds=7))
    assert stored is not None and stored.cpu_percent == 30
    fresh = HostRecord(record.id, record.name, NOW)
    await samples.load_latest([fresh])
    assert fresh.latest == record.latest


async def test_timeseries_average_and_peak_per_bucket(db: Database) -> None:
    registry = HostRegistry(db)
    record, _ = await registry.create("web-1")
    samples = HostSamples(db, CollectorRegistry())
    values = [10, 20, 30, 60, 70, 80]  # two buckets of 30 s, one sample every 10 s
    await samples.ingest(
        record,
        batch(*(sample(NOW + timedelta(seconds=10 * i), v) for i, v in enumerate(values))),
        now=NOW,
    )
    start, end = epoch_ms(NOW), epoch_ms(NOW + timedelta(minutes=1))
    found = await series(db, record.id, start, end, 30, ["cpuPercent", "memoryUsedBytes"])
    assert found.times_ms == [start, start + 30_000]
    assert found.values["cpuPercent"] == [(20.0, 30.0, 3), (70.0, 80.0, 3)]
    assert found.values["memoryUsedBytes"][0] == (1000.0, 1000.0, 3)
    # End is exclusive; a sample without the metric does not pull the average down.
    await samples.ingest(
        record, batch(HostSample(time=NOW + timedelta(seconds=25), cpu_percent=None)), now=NOW
    )
    only = await series(db, record.id, start, start + 30_000, 60, ["cpuPercent"])
    assert only.values["cpuPercent"] == [(20.0, 30.0, 3)]


async def test_rollup_folds_raw_into_minutes_and_minutes_into_hours(db: Database) -> None:
    registry = HostRegistry(db)
    record, _ = await registry.create("web-1")
    samples = HostSamples(db, CollectorRegistry())
    # Two hours of samples every 20 s: cpu rises by one per sample.
    base = NOW - timedelta(days=10)
    taken = [sample(base + timedelta(seconds=20 * i), float(i % 100)) for i in range(360)]
    await samples.ingest(record, batch(*taken), now=NOW)
    start, end = epoch_ms(base), epoch_ms(base + timedelta(hours=2))
    before = await series(db, record.id, start, end, 3600, ["cpuPercent"])

    rollup = HostRollup(
        db,
        raw_retention=timedelta(days=1),
        minute_retention=timedelta(days=20),
        retention=timedelta(days=90),
    )
    result = await rollup.run(now=NOW.timestamp())
    assert (result.minute_rows, result.hour_rows, result.purged) == (120, 0, 0)
    minutes = await _rows(db, 60)
    assert len(minutes) == 120 and not await _rows(db, 0)
    assert (minutes[0].sample_count, minutes[0].cpu_percent, minutes[0].cpu_percent_max) == (
        3,
        1.0,
        2.0,
    )
    assert minutes[0].detail is None
    after_minutes = await series(db, record.id, start, end, 3600, ["cpuPercent"])
    assert after_minutes == before

    rollup.minute_retention = timedelta(days=5)
    result = await rollup.run(now=NOW.timestamp())
    assert (result.minute_rows, result.hour_rows) == (0, 2)
    hours = await _rows(db, 3600)
    assert [h.sample_count for h in hours] == [180, 180]
    assert await series(db, record.id, start, end, 3600, ["cpuPercent"]) == before
    assert hours[0].cpu_percent_max == 99.0

    rollup.retention = timedelta(days=9)
    assert (await rollup.run(now=NOW.timestamp())).purged == 2
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(HostSampleRow)) == 0


async def test_rollup_leaves_recent_samples_and_partial_minutes_alone(db: Database) -> None:
    registry = HostRegistry(db)
    record, _ = await registry.create("web-1")
    samples = HostSamples(db, CollectorRegistry())
    edge = NOW - timedelta(days=1)  # a whole minute: NOW is on a minute boundary
    taken = [sample(edge + timedelta(seconds=s), 50.0) for s in (-30, -1, 0, 30)]
    await samples.ingest(record, batch(*taken), now=NOW)
    rollup = HostRollup(
        db,
        raw_retention=timedelta(days=1),
        minute_retention=timedelta(days=7),
        retention=timedelta(days=90),
    )
    result = await rollup.run(now=NOW.timestamp() + 20)
    assert result.minute_rows == 1
    assert [r.at_ms for r in await _rows(db, 0)] == [epoch_ms(edge), epoch_ms(edge) + 30_000]
    # A late sample for a minute already folded stays raw until the next pass, then is dropped
    # rather than counted twice.
    await samples.ingest(record, batch(sample(edge - timedelta(seconds=10), 90.0)), now=NOW)
    await rollup.run(now=NOW.timestamp() + 20)
    (minute,) = await _rows(db, 60)
    assert (minute.sample_count, minute.cpu_percent_max) == (2, 50.0)
