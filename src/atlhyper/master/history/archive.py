"""The event archive: Kubernetes events kept for weeks, one row per (cluster, event uid).

Ingest only puts the events it received into a bounded in-memory buffer, keyed like the table,
so an event re-sent with a higher count replaces its older copy there. `flush` writes the buffer
in batches with INSERT … ON CONFLICT DO UPDATE, which turns a re-sent event into an update of its
count, last-seen time and message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter
from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from atlhyper.master.db import Database
from atlhyper.master.db.tables import K8sEvent
from atlhyper.master.db.times import as_utc
from atlhyper.model import Event, Snapshot, SnapshotDelta

log = structlog.get_logger(__name__)

BUFFER_LIMIT = 100_000
# 16 columns a row: well below SQLite's and asyncpg's limits on bound parameters per statement.
BATCH_ROWS = 500

_UPDATED = ("type", "reason", "message", "count", "last_seen", "source")
_SHARED = (
    "uid",
    "namespace",
    "name",
    "type",
    "reason",
    "message",
    "object_kind",
    "object_namespace",
    "object_name",
    "object_uid",
    "count",
    "source",
)
_LIMITS: dict[str, int | None] = {
    column.name: getattr(column.type, "length", None) for column in K8sEvent.__table__.columns
}


def received_events(body: Snapshot | SnapshotDelta) -> list[Event]:
    """The events an Agent's push carries: all of a full snapshot's, a delta's upserted ones."""
    return body.events if isinstance(body, Snapshot) else body.upserted.events


def parse_time(text: str) -> datetime | None:
    """An RFC 3339 time as an aware UTC datetime; None when empty or not a time."""
    if not text:
        return None
    try:
        return as_utc(datetime.fromisoformat(text)).astimezone(UTC)
    except ValueError:
        return None


def _clip(values: dict[str, Any]) -> dict[str, Any]:
    """Shorten strings to their column's length, so one odd event never fails a whole batch."""
    for name, value in values.items():
        limit = _LIMITS.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            values[name] = value[:limit]
    return values


def event_fields(event: Event | K8sEvent) -> dict[str, Any]:
    """What a live event and an archived one hold alike, under the same names: all but the
    cluster and the two times, which each writes its own way."""
    return {name: getattr(event, name) for name in _SHARED}


def event_values(cluster_id: str, event: Event, now: datetime) -> dict[str, Any]:
    """One `k8s_events` row; a missing or unreadable time falls back to `now`."""
    last_seen = parse_time(event.last_seen) or now
    first_seen = parse_time(event.first_seen) or parse_time(event.created_at) or last_seen
    return _clip(
        {
            "cluster_id": cluster_id,
            **event_fields(event),
            "first_seen": first_seen,
            "last_seen": last_seen,
        }
    )


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters of the event history; None matches everything."""

    cluster_id: str | None = None
    namespace: str | None = None
    type: str | None = None
    reason: str | None = None
    object_kind: str | None = None
    object_name: str | None = None
    q: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class EventArchive:
    def __init__(
        self,
        db: Database,
        registry: CollectorRegistry,
        retention: timedelta,
        *,
        buffer_limit: int = BUFFER_LIMIT,
    ) -> None:
        self.db = db
        self.retention = retention
        self.buffer_limit = buffer_limit
        self._buffer: dict[tuple[str, str], Event] = {}
        self._dropped_unreported = 0
        self.dropped = Counter(
            "atlhyper_master_events_dropped_total",
            "Events not archived because the archive's write buffer was full.",
            registry=registry,
        )
        self.written = Counter(
            "atlhyper_master_events_archived_total",
            "Event rows inserted or updated in the archive.",
            registry=registry,
        )

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def offer(self, cluster_id: str, events: Iterable[Event]) -> None:
        """Queue events for the next flush; cheap enough for the ingest path (no I/O)."""
        buffer = self._buffer
        dropped = 0
        for event in events:
            key = (cluster_id, event.uid)
            if key in buffer or len(buffer) < self.buffer_limit:
                buffer[key] = event
            else:
                dropped += 1
        if dropped:
            self._drop(dropped)

    def _drop(self, count: int) -> None:
        if not self._dropped_unreported:
            log.warning(
                "event archive buffer is full; events are not archived until it drains",
                limit=self.buffer_limit,
            )
        self._dropped_unreported += count
        self.dropped.inc(count)

    async def flush(self, now: datetime | None = None) -> int:
        """Write every buffered event; returns how many rows were written.

        When the write fails the events go back into the buffer (newer copies win) and the
        error is raised for the caller to log.
        """
        if self._dropped_unreported:
            log.warning("events were not archived: buffer full", dropped=self._dropped_unreported)
            self._dropped_unreported = 0
        if not self._buffer:
            return 0
        batch, self._buffer = self._buffer, {}
        now = now or datetime.now(UTC)
        cutoff = now - self.retention
        rows = [
            values
            for (cluster_id, _), event in batch.items()
            if (values := event_values(cluster_id, event, now))["last_seen"] >= cutoff
        ]
        try:
            async with self.db.session() as session:
                for start in range(0, len(rows), BATCH_ROWS):
                    await session.execute(self._upsert(rows[start : start + BATCH_ROWS]))
                await session.commit()
        except BaseException:
            self._restore(batch)
            raise
        self.written.inc(len(rows))
        return len(rows)

    def _restore(self, batch: dict[tuple[str, str], Event]) -> None:
        lost = 0
        for key, event in batch.items():
            if key in self._buffer:
                continue
            if len(self._buffer) < self.buffer_limit:
                self._buffer[key] = event
            else:
                lost += 1
        if lost:
            self._drop(lost)

    def _upsert(self, rows: list[dict[str, Any]]) -> Any:
        dialect = self.db.engine.dialect.name
        if dialect == "postgresql":
            pg = postgresql.insert(K8sEvent).values(rows)
            return pg.on_conflict_do_update(
                index_elements=["cluster_id", "uid"],
                set_={name: pg.excluded[name] for name in _UPDATED},
            )
        if dialect == "sqlite":
            lite = sqlite.insert(K8sEvent).values(rows)
            return lite.on_conflict_do_update(
                index_elements=["cluster_id", "uid"],
                set_={name: lite.excluded[name] for name in _UPDATED},
            )
        raise RuntimeError(f"the event archive supports sqlite and postgresql, not {dialect}")

    async def purge(self, now: datetime | None = None) -> int:
        """Delete events last seen before the retention period; returns how many."""
        cutoff = (now or datetime.now(UTC)) - self.retention
        async with self.db.session() as session:
            result = await session.execute(delete(K8sEvent).where(K8sEvent.last_seen < cutoff))
            await session.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    async def search(
        self, query: EventQuery, limit: int, offset: int
    ) -> tuple[list[K8sEvent], int]:
        """One page of stored events, newest first, and how many match in all."""
        stmt = select(K8sEvent)
        for column, wanted in (
            (K8sEvent.cluster_id, query.cluster_id),
            (K8sEvent.namespace, query.namespace),
            (K8sEvent.type, query.type),
            (K8sEvent.reason, query.reason),
            (K8sEvent.object_kind, query.object_kind),
            (K8sEvent.object_name, query.object_name),
        ):
            if wanted is not None:
                stmt = stmt.where(column == wanted)
        if query.q:
            stmt = stmt.where(
                or_(
                    *(
                        column.icontains(query.q, autoescape=True)
                        for column in (
                            K8sEvent.reason,
                            K8sEvent.object_kind,
                            K8sEvent.object_name,
                            K8sEvent.message,
                        )
                    )
                )
            )
        if query.since:
            stmt = stmt.where(K8sEvent.last_seen >= query.since)
        if query.until:
            stmt = stmt.where(K8sEvent.last_seen < query.until)
        async with self.db.session() as session:
            total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
            rows = await session.scalars(
                stmt.order_by(K8sEvent.last_seen.desc(), K8sEvent.id.desc())
                .limit(limit)
                .offset(offset)
            )
            return _utc(rows.all()), int(total or 0)

    async def about(
        self, cluster_id: str, kind: str, namespace: str, name: str, limit: int
    ) -> list[K8sEvent]:
        """The newest stored events about one object."""
        stmt = (
            select(K8sEvent)
            .where(
                K8sEvent.cluster_id == cluster_id,
                K8sEvent.object_kind == kind,
                K8sEvent.object_namespace == namespace,
                K8sEvent.object_name == name,
            )
            .order_by(K8sEvent.last_seen.desc(), K8sEvent.id.desc())
            .limit(limit)
        )
        async with self.db.session() as session:
            return _utc((await session.scalars(stmt)).all())


def _utc(rows: Sequence[K8sEvent]) -> list[K8sEvent]:
    for row in rows:
        row.first_seen = as_utc(row.first_seen)
        row.last_seen = as_utc(row.last_seen)
    return list(rows)
