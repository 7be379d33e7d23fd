"""History: duration settings, the event buffer, bucket math, and writes to a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import select, update

from atlhyper.config import ConfigError, load_settings
from atlhyper.master.clusters import ClusterRegistry
from atlhyper.master.commands import CommandHub
from atlhyper.master.config import MasterSettings
from atlhyper.master.db import Database
from atlhyper.master.db.tables import CommandRow, K8sEvent, UsageSample
from atlhyper.master.history.archive import EventArchive, EventQuery, parse_time
from atlhyper.master.history.duration import Span, parse_duration
from atlhyper.master.history.jobs import HistoryJobs
from atlhyper.master.history.usage import (
    HOUR,
    MAX_POINTS,
    UsageHistory,
    bucket_start,
    default_step,
)
from atlhyper.master.state import StateStore
from atlhyper.model import Event, NodeUsage, PodUsage, Snapshot, SnapshotDelta
from atlhyper.model.commands import Target

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30d", 30 * 86400),
        ("12h", 12 * 3600),
        ("90m", 90 * 60),
        ("45s", 45),
        ("2w", 14 * 86400),
        ("3600", 3600),
        (" 1.5h ", 5400),
        ("7D", 7 * 86400),
        (120, 120),
        (timedelta(hours=2), 7200),
    ],
)
def test_durations_are_read_as_operators_write_them(text: object, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "abc", "10y", "-3h", "0", "0d", "1 2h", True])
def test_bad_durations_are_refused(text: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_a_bad_retention_is_a_config_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MASTER_EVENT_RETENTION", "forever")
    with pytest.raises(ConfigError) as caught:
        load_settings(MasterSettings, {})
    message = str(caught.value)
    assert message.startswith("MASTER_EVENT_RETENTION:")
    assert "'forever' is not a duration" in message
    assert "30d, 12h, 90m" in message


def test_retention_settings_default_to_30_days_and_print_as_written() -> None:
    settings = load_settings(MasterSettings, {"usage_retention": "12h"})
    assert settings.event_retention == timedelta(days=30)
    assert settings.usage_retention == timedelta(hours=12)
    assert str(Span(days=30)) == "30d"
    assert str(Span(minutes=90)) == "90m"
    assert str(Span(seconds=61)) == "61s"


def test_buckets_align_to_the_epoch() -> None:
    assert bucket_start(3599, 3600) == 0
    assert bucket_start(3600, 3600) == 3600
    assert bucket_start(1_700_000_123, 60) == 1_700_000_100
    assert bucket_start(1_700_000_123, 300) == 1_700_000_100


@pytest.mark.parametrize(
    ("span", "step"),
    [
        (3600, 60),
        (6 * 3600, 60),
        (86400, 300),
        (7 * 86400, 1800),
        (30 * 86400, 7200),
        (90 * 86400, 21600),
        (400 * 86400, 27 * 3600),
    ],
)
def test_default_step_keeps_a_series_within_its_point_budget(span: int, step: int) -> None:
    assert default_step(span) == step
    assert span / step <= MAX_POINTS


def _event(uid: str, count: int = 1, last_seen: datetime = NOW, **fields: str) -> Event:
    values: dict[str, Any] = {
        "namespace": "shop",
        "name": f"web-1.{uid}",
        "type": "Warning",
        "reason": "BackOff",
        "message": "Back-off restarting failed container",
        "object_kind": "Pod",
        "object_namespace": "shop",
        "object_name": "web-1",
        "first_seen": (NOW - timedelta(minutes=5)).isoformat().replace("+00:00", "Z"),
        "source": "kubelet",
    } | fields
    return Event(
        uid=uid, count=count, last_seen=last_seen.isoformat().replace("+00:00", "Z"), **values
    )


def test_the_buffer_keeps_the_newest_copy_of_each_event() -> None:
    archive = EventArchive(Database("sqlite+aiosqlite:///:memory:"), CollectorRegistry(), Span(1))
    archive.offer("c1", [_event("a", 1), _event("b", 1)])
    archive.offer("c1", [_event("a", 4)])
    archive.offer("c2", [_event("a", 1)])  # the same uid in another cluster is another event
    assert archive.pending == 3
    assert archive._buffer[("c1", "a")].count == 4


def test_a_full_buffer_counts_what_it_drops() -> None:
    registry = CollectorRegistry()
    archive = EventArchive(
        Database("sqlite+aiosqlite:///:memory:"), registry, Span(1), buffer_limit=2
    )
    archive.offer("c1", [_event("a"), _event("b"), _event("c"), _event("d")])
    archive.offer("c1", [_event("a", 9)])  # an event already buffered is still updated
    assert archive.pending == 2
    assert archive._buffer[("c1", "a")].count == 9
    assert registry.get_sample_value("atlhyper_master_events_dropped_total") == 2


def test_times_are_read_as_utc_with_a_fallback() -> None:
    assert parse_time("2025-03-01T12:00:00Z") == NOW
    assert parse_time("2025-03-01T13:00:00+01:00") == NOW
    assert parse_time("2025-03-01T12:00:00") == NOW
    assert parse_time("") is None
    assert parse_time("yesterday") is None


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'history.db'}")
    await database.migrate()
    yield database
    await database.close()


async def _events(db: Database) -> list[K8sEvent]:
    async with db.session() as session:
        return list(await session.scalars(select(K8sEvent).order_by(K8sEvent.uid)))


async def test_a_resent_event_updates_its_row(db: Database) -> None:
    archive = EventArchive(db, CollectorRegistry(), Span(days=30))
    archive.offer("c1", [_event("a", 1), _event("b", 1)])
    assert await archive.flush(NOW) == 2
    later = NOW + timedelta(minutes=3)
    archive.offer("c1", [_event("a", 7, last_seen=later, message="still failing")])
    assert await archive.flush(later) == 1
    assert archive.pending == 0
    rows = await _events(db)
    assert [(r.uid, r.count, r.message) for r in rows] == [
        ("a", 7, "still failing"),
        ("b", 1, "Back-off restarting failed container"),
    ]
    assert rows[0].last_seen.replace(tzinfo=UTC) == later
    assert rows[0].first_seen.replace(tzinfo=UTC) == NOW - timedelta(minutes=5)


async def test_an_event_without_times_is_stored_at_now(db: Database) -> None:
    archive = EventArchive(db, CollectorRegistry(), Span(days=30))
    archive.offer("c1", [Event(uid="x", name="x", namespace="ns", last_seen="not a time")])
    await archive.flush(NOW)
    (row,) = await _events(db)
    assert row.last_seen.replace(tzinfo=UTC) == NOW
    assert row.first_seen.replace(tzinfo=UTC) == NOW


async def test_a_failed_write_keeps_the_events_for_the_next_flush(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = EventArchive(db, CollectorRegistry(), Span(days=30))
    archive.offer("c1", [_event("a", 1), _event("b", 1)])

    def broken(rows: object) -> object:
        raise RuntimeError("database is down")

    monkeypatch.setattr(archive, "_upsert", broken)
    with pytest.raises(RuntimeError):
        await archive.flush(NOW)
    archive.offer("c1", [_event("a", 2)])  # arrived while the write failed: it wins
    monkeypatch.undo()
    assert await archive.flush(NOW) == 2
    assert [(r.uid, r.count) for r in await _events(db)] == [("a", 2), ("b", 1)]


async def test_retention_purges_old_events_and_skips_old_arrivals(db: Database) -> None:
    archive = EventArchive(db, CollectorRegistry(), Span(days=30))
    archive.offer("c1", [_event("old", last_seen=NOW - timedelta(days=10)), _event("new")])
    await archive.flush(NOW)
    archive.retention = Span(days=1)
    assert await archive.purge(NOW) == 1
    assert [r.uid for r in await _events(db)] == ["new"]
    archive.offer("c1", [_event("old", last_seen=NOW - timedelta(days=10))])
    assert await archive.flush(NOW) == 0
    assert [r.uid for r in await _events(db)] == ["new"]


async def test_search_filters_and_pages_newest_first(db: Database) -> None:
    archive = EventArchive(db, CollectorRegistry(), Span(days=30))
    archive.offer(
        "c1",
        [
            _event(f"e{i}", last_seen=NOW - timedelta(minutes=i), object_name=f"web-{i % 2}")
            for i in range(5)
        ],
    )
    archive.offer("c2", [_event("n1", type="Normal", reason="Pulled", message="Image 100% ok")])
    await archive.flush(NOW)

    rows, total = await archive.search(EventQuery(cluster_id="c1"), limit=2, offset=1)
    assert total == 5
    assert [r.uid for r in rows] == ["e1", "e2"]
    assert rows[0].last_seen.tzinfo is not None

    rows, total = await archive.search(
        EventQuery(cluster_id="c1", object_name="web-1"), limit=50, offset=0
    )
    assert ([r.uid for r in rows], total) == (["e1", "e3"], 2)
    rows, _ = await archive.search(EventQuery(q="100%"), limit=50, offset=0)
    assert [r.uid for r in rows] == ["n1"]
    rows, _ = await archive.search(EventQuery(q="pulled"), limit=50, offset=0)
    assert [r.uid for r in rows] == ["n1"]
    rows, _ = await archive.search(
        EventQuery(since=NOW - timedelta(minutes=2), until=NOW, type="Warning"), 50, 0
    )
    assert [r.uid for r in rows] == ["e1", "e2"]
    found = await archive.about("c1", "Pod", "shop", "web-0", limit=2)
    assert [r.uid for r in found] == ["e0", "e2"]


def _usage_state(store: StateStore, cpu: int, memory: int) -> None:
    store.accept(
        "c1",
        "one",
        Snapshot(
            seq=1,
            taken_at="t",
            nodemetrics=[NodeUsage(name="node-1", cpu_millicores=cpu * 4, memory_bytes=memory * 4)],
            podmetrics=[
                PodUsage(namespace="shop", name="web-1", cpu_millicores=cpu, memory_bytes=memory)
            ],
        ),
    )


def _usage(db: Database, raw_hours: int = 24) -> UsageHistory:
    return UsageHistory(
        db, sample_seconds=60, raw_hours=raw_hours, retention=Span(days=30), stale_seconds=60
    )


async def test_the_sampler_stores_fresh_usage_only(db: Database) -> None:
    store = StateStore()
    _usage_state(store, 250, 1000)
    state = store.get("c1")
    assert state is not None
    usage = _usage(db)
    now = state.received_at.timestamp()
    assert await usage.sample([state], now) == 2
    assert await usage.sample([state], now + 3600) == 0  # the cluster went quiet
    async with db.session() as session:
        rows = list(await session.scalars(select(UsageSample).order_by(UsageSample.kind)))
    assert [(r.kind, r.namespace, r.name, r.cpu_max, r.mem_avg, r.at) for r in rows] == [
        ("node", "", "node-1", 1000.0, 4000.0, int(now)),
        ("pod", "shop", "web-1", 250.0, 1000.0, int(now)),
    ]


async def _raw(db: Database, at: int, cpu: float, memory: float, resolution: int = 60) -> None:
    async with db.session() as session:
        session.add(
            UsageSample(
                cluster_id="c1",
                kind="pod",
                namespace="shop",
                name="web-1",
                at=at,
                resolution=resolution,
                cpu_avg=cpu,
                cpu_max=cpu,
                mem_avg=memory,
                mem_max=memory,
            )
        )
        await session.commit()


async def test_rollup_folds_finished_old_hours_into_hourly_rows(db: Database) -> None:
    now = 1_700_000_000  # 22:13:20 UTC
    usage = _usage(db, raw_hours=2)
    old_hour = bucket_start(now, HOUR) - 5 * HOUR
    for minute, cpu in ((0, 100), (1, 300), (59, 200)):
        await _raw(db, old_hour + minute * 60, cpu, cpu * 10)
    await _raw(db, old_hour + HOUR + 30, 1000, 10000)  # the next hour, also old
    recent = now - HOUR  # within the raw period: stays raw
    await _raw(db, recent, 50, 500)

    assert await usage.rollup(now) == 2
    async with db.session() as session:
        rows = list(await session.scalars(select(UsageSample).order_by(UsageSample.at)))
    assert [(r.at, r.resolution, r.cpu_avg, r.cpu_max, r.mem_avg, r.mem_max) for r in rows] == [
        (old_hour, HOUR, 200.0, 300.0, 2000.0, 3000.0),
        (old_hour + HOUR, HOUR, 1000.0, 1000.0, 10000.0, 10000.0),
        (recent, 60, 50.0, 50.0, 500.0, 500.0),
    ]
    assert await usage.rollup(now) == 0  # nothing left to fold


async def test_series_weights_hourly_rows_by_the_time_they_stand_for(db: Database) -> None:
    usage = _usage(db)
    start = 1_700_000_000 - 1_700_000_000 % 86400
    await _raw(db, start, 100, 1000, resolution=HOUR)  # an hour at 100
    await _raw(db, start + HOUR, 400, 4000)  # one minute at 400
    await _raw(db, start + HOUR + 60, 200, 2000)
    await _raw(db, start + 2 * HOUR, 10, 10)  # outside [start, end)

    points = await usage.series("c1", "pod", "shop", "web-1", start, start + 2 * HOUR, 86400)
    assert len(points) == 1
    point = points[0]
    assert point.t == start
    assert point.cpu_avg == pytest.approx((100 * 3600 + 400 * 60 + 200 * 60) / 3720)
    assert point.cpu_max == 400
    assert point.mem_max == 4000

    points = await usage.series("c1", "pod", "shop", "web-1", start, start + 2 * HOUR, 60)
    assert [(p.t, p.cpu_avg, p.cpu_max) for p in points] == [
        (start, 100, 100),
        (start + HOUR, 400, 400),
        (start + HOUR + 60, 200, 200),
    ]
    assert await usage.series("c1", "node", "", "web-1", start, start + HOUR, 60) == []


async def test_purge_drops_usage_older_than_retention(db: Database) -> None:
    usage = _usage(db)
    now = 1_700_000_000
    await _raw(db, now - 31 * 86400, 1, 1, resolution=HOUR)
    await _raw(db, now - 29 * 86400, 2, 2, resolution=HOUR)
    assert await usage.purge(now) == 1


def test_delta_events_are_the_upserted_ones() -> None:
    from atlhyper.master.history.archive import received_events
    from atlhyper.model import ObjectSet

    full = Snapshot(seq=1, taken_at="t", events=[_event("a")])
    delta = SnapshotDelta(seq=2, base_seq=1, taken_at="t", upserted=ObjectSet(events=[_event("b")]))
    assert [e.uid for e in received_events(full)] == ["a"]
    assert [e.uid for e in received_events(delta)] == ["b"]


async def _command(hub: CommandHub, action: str, created_at: datetime, status: str) -> str:
    """A command created at `created_at`, now in `status`, with an output."""
    row = await hub.create(
        cluster_id="c1",
        queue="ops",
        action=action,
        target=Target(kind="Deployment", namespace="shop", name="web"),
        params={},
        source="ui",
        created_by="admin",
        timeout_seconds=30,
        dry_run=False,
    )
    async with hub.db.session() as session:
        await session.execute(
            update(CommandRow)
            .where(CommandRow.id == row.id)
            .values(created_at=created_at, status=status, output={"items": [1, 2, 3]})
        )
        await session.commit()
    return row.id


async def _commands(db: Database) -> dict[str, CommandRow]:
    async with db.session() as session:
        return {row.id: row for row in (await session.execute(select(CommandRow))).scalars()}


async def test_command_retention_deletes_old_finished_commands_and_old_query_outputs(
    db: Database,
) -> None:
    hub = CommandHub(db, retention=timedelta(days=30), output_retention=timedelta(days=1))
    old_scale = await _command(hub, "scale", NOW - timedelta(days=40), "success")
    old_pending = await _command(hub, "scale", NOW - timedelta(days=40), "pending")
    old_query = await _command(hub, "query_logs", NOW - timedelta(days=2), "success")
    new_query = await _command(hub, "query_logs", NOW - timedelta(hours=2), "success")
    recent_scale = await _command(hub, "restart", NOW - timedelta(days=2), "success")

    deleted, dropped = await hub.purge(now=NOW)

    rows = await _commands(db)
    assert (deleted, dropped) == (1, 1)
    assert old_scale not in rows
    assert rows[old_pending].status == "pending"  # never delete what an Agent may still run
    assert rows[old_query].output is None
    assert rows[new_query].output == {"items": [1, 2, 3]}
    assert rows[recent_scale].output == {"items": [1, 2, 3]}  # what a change did stays


async def test_upkeep_applies_the_command_retention(db: Database) -> None:
    hub = CommandHub(db, retention=timedelta(days=30), output_retention=timedelta(days=1))
    now = datetime.now(UTC)
    old = await _command(hub, "scale", now - timedelta(days=40), "success")
    old_query = await _command(hub, "query_logs", now - timedelta(days=2), "success")
    jobs = HistoryJobs(
        EventArchive(db, CollectorRegistry(), Span(days=30)),
        _usage(db),
        ClusterRegistry(db),
        StateStore(),
        hub,
        flush_seconds=60,
        maintenance_seconds=3600,
    )
    await jobs.maintain()
    rows = await _commands(db)
    assert old not in rows and rows[old_query].output is None
