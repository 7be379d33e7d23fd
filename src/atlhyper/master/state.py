"""The latest state of every cluster, in memory, with its view rows built once per snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from atlhyper.master.views.kinds import KINDS
from atlhyper.model import Snapshot


@dataclass(slots=True)
class ClusterState:
    cluster_id: str
    snapshot: Snapshot
    received_at: datetime
    rows: dict[str, list[Any]] = field(default_factory=dict)
    _index: dict[str, dict[tuple[str, str], Any]] = field(default_factory=dict)

    def find(self, plural: str, namespace: str, name: str) -> Any | None:
        """One object by kind, namespace ('' when cluster-scoped) and name."""
        index = self._index.get(plural)
        if index is None:
            objects = KINDS[plural].objects(self.snapshot)
            index = {(getattr(obj, "namespace", ""), obj.name): obj for obj in objects}
            self._index[plural] = index
        return index.get((namespace, name))


class StateStore:
    """Cluster id → latest state. Replaced whole on each snapshot, so readers never see a mix."""

    def __init__(self) -> None:
        self._states: dict[str, ClusterState] = {}

    def accept(self, cluster_id: str, cluster_name: str, snapshot: Snapshot) -> ClusterState:
        rows = {
            plural: kind.build_rows(cluster_id, cluster_name, snapshot)
            for plural, kind in KINDS.items()
        }
        state = ClusterState(cluster_id, snapshot, datetime.now(UTC), rows)
        self._states[cluster_id] = state
        return state

    def get(self, cluster_id: str) -> ClusterState | None:
        return self._states.get(cluster_id)

    def last_seq(self, cluster_id: str) -> int | None:
        state = self._states.get(cluster_id)
        return state.snapshot.seq if state else None
