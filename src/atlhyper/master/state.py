"""The latest state of every cluster, in memory: objects per kind, and view rows per kind.

Full snapshots replace a cluster's state; deltas are applied to it when they name the snapshot
the Master holds (`baseSeq`). The whole apply runs without an `await`, so a request handler never
sees half of one.

A delta costs what it changes, not what the cluster holds. Each row is keyed like its object and
is rebuilt only when something it reads changed (see `views.kinds`):
- an object of one of the kind's `sources` under the row's key (a pod or its usage);
- for a kind with a `rollup`, the sums it reads: the state keeps them per row key, and a changed
  object takes back what it added before and adds what it adds now. Only the rows whose sums
  moved are rebuilt: a pod that restarts touches no node row, and one that is deleted touches its
  node's and its namespace's.
Each kind's rows sit in a `RowTable`, which keeps what requests derive from them (sorted orders,
indexes, sums) and is told which rows a delta removed and added, so it updates those alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from atlhyper.master.errors import ApiError
from atlhyper.master.views.kinds import KINDS, ResourceKind, Rollup, Totals
from atlhyper.master.views.rowtable import RowTable
from atlhyper.model import KIND_NAMES, Snapshot, SnapshotDelta, object_key, objects_of
from atlhyper.model.otel import OtelSummary

Objects = dict[str, dict[str, Any]]
#: kind → key → the object the key held before a delta (None: it held none).
Before = dict[str, dict[str, Any]]


@dataclass(slots=True)
class ClusterState:
    cluster_id: str
    cluster_name: str
    seq: int
    received_at: datetime
    objects: Objects
    #: The Agent's last OTel summary; None when its snapshots carry none (no ClickHouse).
    otel: OtelSummary | None = None
    rows: dict[str, list[Any]] = field(default_factory=dict)
    tables: dict[str, RowTable[Any]] = field(default_factory=dict)
    _row_maps: dict[str, dict[str, Any]] = field(default_factory=dict)
    _totals: dict[str, dict[str, Totals]] = field(default_factory=dict)

    def find(self, plural: str, namespace: str, name: str) -> Any | None:
        """One object by kind, namespace ('' when cluster-scoped) and name."""
        key = f"{namespace}/{name}" if namespace else name
        return self.objects.get(plural, {}).get(key)

    def count(self, plural: str) -> int:
        return len(self.objects.get(plural, {}))

    def rebuild(self, before: Before | None = None) -> None:
        """Build every row (`before` None), or only the rows that read an object `before` names."""
        for plural, kind in KINDS.items():
            if before is None or plural not in self._row_maps:
                self._build(plural, kind)
                continue
            keys: set[str] = set()
            for source in kind.sources:
                keys.update(before.get(source, ()))
            if kind.rollup is not None and kind.rollup.source in before:
                keys |= self._roll(plural, kind.rollup, before[kind.rollup.source])
            if keys:
                self._patch(plural, kind, keys)

    def _build(self, plural: str, kind: ResourceKind) -> None:
        if kind.rollup is not None:
            totals: dict[str, Totals] = {}
            for obj in self.objects.get(kind.rollup.source, {}).values():
                share = _share(kind.rollup, obj)
                if share is not None:
                    _add(totals, kind.rollup, share, 1)
            self._totals[plural] = totals
        self._row_maps[plural] = {
            key: self._row(plural, kind, key, obj)
            for key, obj in self.objects.get(plural, {}).items()
        }
        self._publish(plural)

    def _roll(self, plural: str, rollup: Rollup, before: dict[str, Any]) -> set[str]:
        """Move the changed objects' shares of the sums; return the groups whose sums moved."""
        totals = self._totals[plural]
        current = self.objects.get(rollup.source, {})
        moved: set[str] = set()
        for key, old in before.items():
            was, now = _share(rollup, old), _share(rollup, current.get(key))
            if was == now:
                continue
            for share, sign in ((was, -1), (now, 1)):
                if share is not None:
                    _add(totals, rollup, share, sign)
                    moved.add(share[0])
        return moved

    def _patch(self, plural: str, kind: ResourceKind, keys: set[str]) -> None:
        rows = self._row_maps[plural]
        objects = self.objects.get(plural, {})
        removed, added = [], []
        for key in keys:
            obj = objects.get(key)
            old = rows.pop(key, None) if obj is None else rows.get(key)
            if old is not None:
                removed.append(old)
            if obj is not None:
                rows[key] = new = self._row(plural, kind, key, obj)
                added.append(new)
        self._publish(plural, (removed, added))

    def _row(self, plural: str, kind: ResourceKind, key: str, obj: Any) -> Any:
        if kind.rollup is not None:
            totals = self._totals[plural].get(key, kind.rollup.zero)
            return kind.rollup.row_for(
                self.cluster_id, self.cluster_name, obj, self.objects, totals
            )
        assert kind.row_for is not None
        return kind.row_for(self.cluster_id, self.cluster_name, obj, self.objects)

    def _publish(self, plural: str, change: tuple[list[Any], list[Any]] | None = None) -> None:
        """Hand the rows to the kind's table; `change` is (rows removed, rows added)."""
        rows = list(self._row_maps[plural].values())
        self.rows[plural] = rows
        table = self.tables.get(plural)
        if table is None:
            self.tables[plural] = RowTable(rows)
        else:
            table.replace(rows, change)


def _share(rollup: Rollup, obj: Any | None) -> tuple[str, Totals] | None:
    """(group, value) an object adds to a rollup; None when it adds to no row."""
    if obj is None:
        return None
    group = rollup.group(obj)
    return None if group is None else (group, rollup.value(obj))


def _add(totals: dict[str, Totals], rollup: Rollup, share: tuple[str, Totals], sign: int) -> None:
    """Add one object's share to its group's sums, or take it back (`sign` -1)."""
    group, value = share
    summed = tuple(a + sign * b for a, b in zip(totals.get(group, rollup.zero), value, strict=True))
    if any(summed):
        totals[group] = summed
    else:
        totals.pop(group, None)  # no object left in the group: as if it had never had one


def _full_objects(snapshot: Snapshot) -> Objects:
    return {
        kind: {object_key(obj): obj for obj in objects_of(snapshot, kind)} for kind in KIND_NAMES
    }


class StateStore:
    """Cluster id → latest state."""

    def __init__(self) -> None:
        self._states: dict[str, ClusterState] = {}

    def accept(
        self, cluster_id: str, cluster_name: str, body: Snapshot | SnapshotDelta
    ) -> ClusterState:
        """Apply a full snapshot or a delta; 409 when a delta's base is not the state held."""
        if isinstance(body, Snapshot):
            state = ClusterState(
                cluster_id,
                cluster_name,
                body.seq,
                datetime.now(UTC),
                _full_objects(body),
                otel=body.otel,
            )
            previous = self._states.get(cluster_id)
            if previous is not None:
                state.tables = previous.tables  # what requests read stays derived
            state.rebuild()
            self._states[cluster_id] = state
            return state
        return self._apply_delta(cluster_id, body)

    def _apply_delta(self, cluster_id: str, delta: SnapshotDelta) -> ClusterState:
        state = self._states.get(cluster_id)
        held = state.seq if state else None
        if state is None or held != delta.base_seq:
            raise ApiError(
                409,
                f"delta is based on snapshot {delta.base_seq}, but the Master holds "
                f"{'none' if held is None else held}; send a full snapshot",
                details={"baseSeq": delta.base_seq, "heldSeq": held},
            )
        unknown = sorted(set(delta.deleted) - set(KIND_NAMES))
        if unknown:
            raise ApiError(
                400,
                f"invalid SnapshotDelta: unknown kind(s) in `deleted`: {', '.join(unknown)}",
            )
        before: Before = {}
        for kind in KIND_NAMES:
            upserted = objects_of(delta.upserted, kind)
            deleted = delta.deleted.get(kind, ())
            if not upserted and not deleted:
                continue
            previous = before[kind] = {}
            store = state.objects[kind]
            for key in deleted:
                previous.setdefault(key, store.pop(key, None))
            for obj in upserted:
                key = object_key(obj)
                previous.setdefault(key, store.get(key))
                store[key] = obj
        if delta.otel is not None:  # a delta carries the summary only when it changed
            state.otel = delta.otel
        state.seq = delta.seq
        state.received_at = datetime.now(UTC)
        state.rebuild(before)
        return state

    def get(self, cluster_id: str) -> ClusterState | None:
        return self._states.get(cluster_id)

    def last_seq(self, cluster_id: str) -> int | None:
        state = self._states.get(cluster_id)
        return state.seq if state else None
