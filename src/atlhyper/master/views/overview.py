"""The overview of one cluster or of the whole fleet, computed from the view rows.

What it needs from the big kinds (pods, controllers, events) is summed per cluster and kept with
the rows until they change (`RowTable.derive`), so an overview costs a few sums per cluster plus
the node rows, not a pass over every pod.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from typing import Any

import msgspec

from atlhyper.master.state import ClusterState
from atlhyper.master.views.events import EventRow
from atlhyper.master.views.rowtable import Derivation

#: Pod statuses that are not a problem: running, or finished as intended.
_HEALTHY = frozenset({"Running", "Completed", "Succeeded"})
WARNING_EVENTS = 10


class NodeSummary(msgspec.Struct, rename="camel"):
    total: int
    ready: int
    not_ready: int
    cordoned: int


class PodSummary(msgspec.Struct, rename="camel"):
    total: int
    by_status: dict[str, int]
    problems: int
    restarts: int


class WorkloadSummary(msgspec.Struct, rename="camel"):
    total: int
    rolled_out: int  # rollout complete: every replica updated and available


class Capacity(msgspec.Struct, rename="camel"):
    """Allocatable resources against what pods request and, when metrics are served, use."""

    cpu_allocatable_millicores: int
    memory_allocatable_bytes: int
    cpu_requests_millicores: int
    memory_requests_bytes: int
    cpu_usage_millicores: int | None
    memory_usage_bytes: int | None


class Overview(msgspec.Struct, rename="camel"):
    clusters: int
    clusters_with_data: int
    nodes: NodeSummary
    pods: PodSummary
    workloads: dict[str, WorkloadSummary]
    capacity: Capacity
    warning_events: list[EventRow]


def _usage_total(values: Iterable[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


class _PodCounts:
    """One cluster's pods per status, and their restarts."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.restarts = 0

    def add(self, rows: list[Any], sign: int = 1) -> _PodCounts:
        for row in rows:
            self.statuses[row.status] += sign
            self.restarts += sign * row.restarts
        return self


def _rolled_out(rows: list[Any]) -> int:
    return sum(1 for row in rows if row.rollout == "complete")


def _last_seen(row: EventRow) -> str:
    return row.last_seen


def _warnings(rows: list[Any]) -> list[EventRow]:
    return heapq.nlargest(
        WARNING_EVENTS, (row for row in rows if row.type == "Warning"), key=_last_seen
    )


_POD_COUNTS: Derivation[Any, _PodCounts] = Derivation(
    lambda rows: _PodCounts().add(rows),
    lambda counts, removed, added: counts.add(removed, -1).add(added),
)
_ROLLED_OUT: Derivation[Any, int] = Derivation(
    _rolled_out, lambda count, removed, added: count - _rolled_out(removed) + _rolled_out(added)
)
_WARNINGS: Derivation[Any, list[EventRow]] = Derivation(_warnings)  # a few hundred rows: rebuilt


def overview(clusters: int, states: list[ClusterState]) -> Overview:
    nodes = [row for state in states for row in state.rows.get("nodes", [])]
    statuses: Counter[str] = Counter()
    restarts = pods = 0
    for state in states:
        table = state.tables["pods"]
        counts = table.derive("overview", _POD_COUNTS)
        statuses.update(counts.statuses)
        restarts += counts.restarts
        pods += len(table.rows)
    workloads = {
        kind: WorkloadSummary(
            total=sum(len(state.tables[kind].rows) for state in states),
            rolled_out=sum(state.tables[kind].derive("overview", _ROLLED_OUT) for state in states),
        )
        for kind in ("deployments", "statefulsets", "daemonsets")
    }
    warnings = heapq.nlargest(
        WARNING_EVENTS,
        (row for state in states for row in state.tables["events"].derive("overview", _WARNINGS)),
        key=_last_seen,
    )
    return Overview(
        clusters=clusters,
        clusters_with_data=len(states),
        nodes=NodeSummary(
            total=len(nodes),
            ready=sum(1 for row in nodes if row.status.startswith("Ready")),
            not_ready=sum(1 for row in nodes if not row.status.startswith("Ready")),
            cordoned=sum(1 for row in nodes if "SchedulingDisabled" in row.status),
        ),
        pods=PodSummary(
            total=pods,
            by_status={status: n for status, n in statuses.most_common() if n},
            problems=sum(n for status, n in statuses.items() if status not in _HEALTHY),
            restarts=restarts,
        ),
        workloads=workloads,
        capacity=Capacity(
            cpu_allocatable_millicores=sum(row.cpu_allocatable_millicores for row in nodes),
            memory_allocatable_bytes=sum(row.memory_allocatable_bytes for row in nodes),
            cpu_requests_millicores=sum(row.cpu_requests_millicores for row in nodes),
            memory_requests_bytes=sum(row.memory_requests_bytes for row in nodes),
            cpu_usage_millicores=_usage_total(row.cpu_usage_millicores for row in nodes),
            memory_usage_bytes=_usage_total(row.memory_usage_bytes for row in nodes),
        ),
        warning_events=warnings,
    )
