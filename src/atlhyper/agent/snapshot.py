"""Building snapshots from the caches: no API call, just the cached models.

The builder remembers the view (kind → key → object) of the last snapshot the Master
acknowledged. Cached objects are never mutated — a change replaces the object — so comparing the
current caches with that view by identity finds every upsert and delete exactly. Only two views
are ever held (acknowledged and in flight), whatever the Master does: during an outage nothing
accumulates, and the first push after it is a full snapshot that carries every change at once.

The OTel summary follows the same rule: the provider returns a new object only when the summary
changed, so a delta carries it exactly when it is not the object the Master acknowledged.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from atlhyper import __version__
from atlhyper.model import ObjectSet, Snapshot, SnapshotDelta
from atlhyper.model.otel import OtelSummary

View = dict[str, dict[str, Any]]


class Source(Protocol):
    """A cache the snapshot reads: a reflector (watched kind) or a poller (metrics)."""

    field: str
    cache: dict[str, Any]
    available: bool
    synced: asyncio.Event


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Objects new or replaced in `after`, and keys present in `before` only."""
    upserted = [obj for key, obj in after.items() if before.get(key) is not obj]
    deleted = [key for key in before if key not in after]
    return upserted, deleted


def delta(
    seq: int,
    base_seq: int,
    before: View,
    after: View,
    taken_at: str,
    otel: OtelSummary | None = None,
) -> SnapshotDelta:
    upserted: dict[str, list[Any]] = {}
    deleted: dict[str, list[str]] = {}
    for field, objects in after.items():
        added, gone = diff(before.get(field, {}), objects)
        if added:
            upserted[field] = added
        if gone:
            deleted[field] = gone
    return SnapshotDelta(
        seq=seq,
        base_seq=base_seq,
        taken_at=taken_at,
        agent_version=__version__,
        upserted=ObjectSet(**upserted),
        deleted=deleted,
        otel=otel,
    )


@dataclass(slots=True)
class _InFlight:
    seq: int
    view: View
    full: bool
    otel: OtelSummary | None


class SnapshotBuilder:
    """Builds full snapshots or deltas against the last acknowledged one.

    `newest` caps a kind at its newest N objects (events), ordered by the key given; `otel`
    gives the current OTel summary (None: the Agent has no ClickHouse) and must not block.
    """

    def __init__(
        self,
        sources: Iterable[Source],
        full_interval: float = 600.0,
        newest: dict[str, tuple[int, Callable[[Any], str]]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        otel: Callable[[], OtelSummary] | None = None,
    ) -> None:
        self.sources = list(sources)
        self.otel = otel
        self.full_interval = full_interval
        self.newest = newest or {}
        self.clock = clock
        self.seq = 0
        self._acked: View | None = None
        self._acked_seq = 0
        self._acked_otel: OtelSummary | None = None
        self._last_full = float("-inf")
        self._in_flight: _InFlight | None = None

    def view(self) -> View:
        """A consistent copy of every cache (the dicts are copied; the objects are shared)."""
        result: View = {}
        for source in self.sources:
            cap = self.newest.get(source.field)
            if cap is not None and len(source.cache) > cap[0]:
                limit, order = cap
                kept = heapq.nlargest(limit, source.cache.items(), key=lambda kv: order(kv[1]))
                result[source.field] = dict(kept)
            else:
                result[source.field] = dict(source.cache)
        return result

    def build(self) -> Snapshot | SnapshotDelta:
        self.seq += 1
        view = self.view()
        taken_at = datetime.now(UTC).isoformat()
        otel = self.otel() if self.otel is not None else None
        full = self._acked is None or self.clock() - self._last_full >= self.full_interval
        self._in_flight = _InFlight(self.seq, view, full, otel)
        if full or self._acked is None:
            return Snapshot(
                seq=self.seq,
                taken_at=taken_at,
                agent_version=__version__,
                otel=otel,
                **{field: list(objects.values()) for field, objects in view.items()},
            )
        changed = otel if otel is not self._acked_otel else None
        return delta(self.seq, self._acked_seq, self._acked, view, taken_at, changed)

    def acknowledged(self, seq: int) -> None:
        """The Master holds snapshot `seq`: the next delta is computed against it."""
        flight = self._in_flight
        if flight is None or flight.seq != seq:
            self.reset()
            return
        self._acked, self._acked_seq = flight.view, flight.seq
        self._acked_otel = flight.otel
        if flight.full:
            self._last_full = self.clock()
        self._in_flight = None

    def reset(self) -> None:
        """Forget what the Master holds (error, 409): the next snapshot is full."""
        self._acked = None
        self._in_flight = None

    def unavailable_kinds(self) -> list[str]:
        return [s.field for s in self.sources if not s.available]

    def capabilities(self) -> list[str]:
        """Kinds served to us: synced at least once and not refused."""
        return [s.field for s in self.sources if s.available and s.synced.is_set()]
