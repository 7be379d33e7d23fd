"""The latest state of every cluster, in memory: objects per kind, and view rows per kind.

Full snapshots replace a cluster's state; deltas are applied to it when they name the snapshot
the Master holds (`baseSeq`), and only the rows of the kinds a delta touched are rebuilt. The
whole apply runs without an `await`, so a request handler never sees half of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from atlhyper.master.errors import ApiError
from atlhyper.master.views.kinds import KINDS
from atlhyper.model import KIND_NAMES, Snapshot, SnapshotDelta, object_key, objects_of

Objects = dict[str, dict[str, Any]]


@dataclass(slots=True)
class ClusterState:
    cluster_id: str
    cluster_name: str
    seq: int
    received_at: datetime
    objects: Objects
    rows: dict[str, list[Any]] = field(default_factory=dict)
    _row_maps: dict[str, dict[str, Any]] = field(default_factory=dict)

    def find(self, plural: str, namespace: str, name: str) -> Any | None:
        """One object by kind, namespace ('' when cluster-scoped) and name."""
        key = f"{namespace}/{name}" if namespace else name
        return self.objects.get(plural, {}).get(key)

    def count(self, plural: str) -> int:
        return len(self.objects.get(plural, {}))

    def rebuild(self, changed: dict[str, set[str]] | None = None) -> None:
        """Rebuild the rows that read the `changed` keys (kind → keys); all rows when None."""
        for plural, kind in KINDS.items():
            if changed is not None and plural in self.rows:
                touched = [changed[source] for source in kind.sources if source in changed]
                if not touched:
                    continue
                if kind.row_for is not None:
                    self._patch_rows(plural, set().union(*touched))
                    continue
            self._build_rows(plural)

    def _build_rows(self, plural: str) -> None:
        kind = KINDS[plural]
        if kind.row_for is None:
            self.rows[plural] = kind.build_rows(self.cluster_id, self.cluster_name, self.objects)
            return
        row_for = kind.row_for
        rows = {
            key: row_for(self.cluster_id, self.cluster_name, obj, self.objects)
            for key, obj in self.objects.get(plural, {}).items()
        }
        self._row_maps[plural] = rows
        self.rows[plural] = list(rows.values())

    def _patch_rows(self, plural: str, keys: set[str]) -> None:
        """Replace the rows of `keys` only; the list is rebuilt from the map (a copy, no sort)."""
        row_for = KINDS[plural].row_for
        assert row_for is not None
        rows = self._row_maps[plural]
        objects = self.objects.get(plural, {})
        for key in keys:
            obj = objects.get(key)
            if obj is None:
                rows.pop(key, None)
            else:
                rows[key] = row_for(self.cluster_id, self.cluster_name, obj, self.objects)
        self.rows[plural] = list(rows.values())


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
                cluster_id, cluster_name, body.seq, datetime.now(UTC), _full_objects(body)
            )
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
        changed: dict[str, set[str]] = {}
        for kind in KIND_NAMES:
            upserted = objects_of(delta.upserted, kind)
            deleted = delta.deleted.get(kind, ())
            if not upserted and not deleted:
                continue
            keys = changed[kind] = set(deleted)
            store = state.objects[kind]
            for key in deleted:
                store.pop(key, None)
            for obj in upserted:
                key = object_key(obj)
                store[key] = obj
                keys.add(key)
        state.seq = delta.seq
        state.received_at = datetime.now(UTC)
        state.rebuild(changed)
        return state

    def get(self, cluster_id: str) -> ClusterState | None:
        return self._states.get(cluster_id)

    def last_seq(self, cluster_id: str) -> int | None:
        state = self._states.get(cluster_id)
        return state.seq if state else None
