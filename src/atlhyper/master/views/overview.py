"""The overview of one cluster or of the whole fleet, computed from the view rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import msgspec

from atlhyper.master.state import ClusterState
from atlhyper.master.views.events import EventRow

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


def overview(clusters: int, states: list[ClusterState]) -> Overview:
    nodes = [row for state in states for row in state.rows.get("nodes", [])]
    pods = [row for state in states for row in state.rows.get("pods", [])]
    statuses = Counter(row.status for row in pods)
    workloads = {
        kind: WorkloadSummary(
            total=len(rows := [r for state in states for r in state.rows.get(kind, [])]),
            rolled_out=sum(1 for r in rows if r.rollout == "complete"),
        )
        for kind in ("deployments", "statefulsets", "daemonsets")
    }
    warnings = sorted(
        (row for state in states for row in state.rows.get("events", []) if row.type == "Warning"),
        key=lambda row: row.last_seen,
        reverse=True,
    )[:WARNING_EVENTS]
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
            total=len(pods),
            by_status=dict(statuses.most_common()),
            problems=sum(n for status, n in statuses.items() if status not in _HEALTHY),
            restarts=sum(row.restarts for row in pods),
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
