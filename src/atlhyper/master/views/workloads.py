"""Rows for workload controllers, jobs, autoscalers and disruption budgets.

Columns follow `kubectl get` for each kind.
"""

from __future__ import annotations

from typing import Any

from atlhyper.master.views.common import NamespacedRow, joined, labels_text, seconds_between
from atlhyper.master.views.paging import namespaced_listing
from atlhyper.model import (
    CronJob,
    DaemonSet,
    Deployment,
    HorizontalPodAutoscaler,
    Job,
    PodDisruptionBudget,
    ReplicaSet,
    StatefulSet,
)


class DeploymentRow(NamespacedRow):
    ready: str  # "ready/desired"
    desired: int
    up_to_date: int
    available: int
    rollout: str
    revision: str
    images: str
    created_at: str


def deployment_rows(cid: str, cname: str, items: list[Deployment]) -> list[DeploymentRow]:
    return [
        DeploymentRow(
            cid,
            cname,
            d.uid,
            d.namespace,
            d.name,
            f"{d.ready_replicas}/{d.replicas}",
            d.replicas,
            d.updated_replicas,
            d.available_replicas,
            d.rollout,
            d.revision,
            joined(d.images, ""),
            d.created_at,
        )
        for d in items
    ]


class StatefulSetRow(NamespacedRow):
    ready: str
    desired: int
    up_to_date: int
    rollout: str
    service_name: str
    images: str
    created_at: str


def statefulset_rows(cid: str, cname: str, items: list[StatefulSet]) -> list[StatefulSetRow]:
    return [
        StatefulSetRow(
            cid,
            cname,
            s.uid,
            s.namespace,
            s.name,
            f"{s.ready_replicas}/{s.replicas}",
            s.replicas,
            s.updated_replicas,
            s.rollout,
            s.service_name,
            joined(s.images, ""),
            s.created_at,
        )
        for s in items
    ]


class DaemonSetRow(NamespacedRow):
    desired: int
    current: int
    ready: int
    up_to_date: int
    available: int
    node_selector: str
    rollout: str
    images: str
    created_at: str


def daemonset_rows(cid: str, cname: str, items: list[DaemonSet]) -> list[DaemonSetRow]:
    return [
        DaemonSetRow(
            cid,
            cname,
            d.uid,
            d.namespace,
            d.name,
            d.desired,
            d.current,
            d.ready,
            d.updated,
            d.available,
            labels_text(d.node_selector),
            d.rollout,
            joined(d.images, ""),
            d.created_at,
        )
        for d in items
    ]


class ReplicaSetRow(NamespacedRow):
    desired: int
    current: int
    ready: int
    owner: str  # "Deployment/web", or ""
    revision: str
    images: str
    created_at: str


def _owner(obj: Any) -> str:
    controller = next((o for o in obj.owners if o.controller), None)
    return f"{controller.kind}/{controller.name}" if controller else ""


def replicaset_rows(cid: str, cname: str, items: list[ReplicaSet]) -> list[ReplicaSetRow]:
    return [
        ReplicaSetRow(
            cid,
            cname,
            r.uid,
            r.namespace,
            r.name,
            r.replicas,
            r.current_replicas,
            r.ready_replicas,
            _owner(r),
            r.revision,
            joined(r.images, ""),
            r.created_at,
        )
        for r in items
    ]


class JobRow(NamespacedRow):
    status: str
    completions: str  # "succeeded/completions"
    active: int
    failed: int
    duration_seconds: int | None  # once complete; a running job shows startTime
    start_time: str
    owner: str
    images: str
    created_at: str


def job_rows(cid: str, cname: str, items: list[Job]) -> list[JobRow]:
    return [
        JobRow(
            cid,
            cname,
            j.uid,
            j.namespace,
            j.name,
            j.status,
            f"{j.succeeded}/{j.completions if j.completions is not None else 1}",
            j.active,
            j.failed,
            seconds_between(j.start_time, j.completion_time),
            j.start_time,
            _owner(j),
            joined(j.images, ""),
            j.created_at,
        )
        for j in items
    ]


class CronJobRow(NamespacedRow):
    schedule: str
    suspend: bool
    active: int
    last_schedule: str
    last_successful: str
    images: str
    created_at: str


def cronjob_rows(cid: str, cname: str, items: list[CronJob]) -> list[CronJobRow]:
    return [
        CronJobRow(
            cid,
            cname,
            c.uid,
            c.namespace,
            c.name,
            c.schedule,
            c.suspend,
            len(c.active),
            c.last_schedule_time,
            c.last_successful_time,
            joined(c.images, ""),
            c.created_at,
        )
        for c in items
    ]


class HorizontalPodAutoscalerRow(NamespacedRow):
    reference: str  # "Deployment/web"
    targets: str  # "cpu: 45%/80%, memory: <unknown>/1Gi"
    min_pods: int
    max_pods: int
    replicas: int
    at_max: bool
    created_at: str


def _targets(hpa: HorizontalPodAutoscaler) -> str:
    parts = [f"{m.name}: {m.current or '<unknown>'}/{m.target}" for m in hpa.metrics]
    return ", ".join(parts) or "<none>"


def hpa_rows(
    cid: str, cname: str, items: list[HorizontalPodAutoscaler]
) -> list[HorizontalPodAutoscalerRow]:
    return [
        HorizontalPodAutoscalerRow(
            cid,
            cname,
            h.uid,
            h.namespace,
            h.name,
            f"{h.target_kind}/{h.target_name}",
            _targets(h),
            h.min_replicas,
            h.max_replicas,
            h.current_replicas,
            h.max_replicas > 0 and h.current_replicas >= h.max_replicas,
            h.created_at,
        )
        for h in items
    ]


class PodDisruptionBudgetRow(NamespacedRow):
    min_available: str
    max_unavailable: str
    allowed_disruptions: int
    healthy: str  # "current/desired"
    selector: str
    created_at: str


def pdb_rows(
    cid: str, cname: str, items: list[PodDisruptionBudget]
) -> list[PodDisruptionBudgetRow]:
    return [
        PodDisruptionBudgetRow(
            cid,
            cname,
            p.uid,
            p.namespace,
            p.name,
            p.min_available or "N/A",
            p.max_unavailable or "N/A",
            p.disruptions_allowed,
            f"{p.current_healthy}/{p.desired_healthy}",
            labels_text(p.selector),
            p.created_at,
        )
        for p in items
    ]


def _rollout_listing() -> Any:
    return namespaced_listing(
        {"rollout": lambda r: r.rollout, "desired": lambda r: r.desired},
        {"rollout": lambda r: r.rollout},
        lambda r: r.images,
    )


DEPLOYMENT_LISTING = namespaced_listing(
    {
        "rollout": lambda r: r.rollout,
        "desired": lambda r: r.desired,
        "available": lambda r: r.available,
    },
    {"rollout": lambda r: r.rollout},
    lambda r: r.images,
)
STATEFULSET_LISTING = _rollout_listing()
DAEMONSET_LISTING = _rollout_listing()
REPLICASET_LISTING = namespaced_listing(
    {"desired": lambda r: r.desired, "ready": lambda r: r.ready, "owner": lambda r: r.owner},
    {"owner": lambda r: r.owner},
    lambda r: f"{r.owner} {r.images}",
)
JOB_LISTING = namespaced_listing(
    {"status": lambda r: r.status, "duration": lambda r: r.duration_seconds or 0},
    {"status": lambda r: r.status, "owner": lambda r: r.owner},
    lambda r: f"{r.owner} {r.images}",
)
CRONJOB_LISTING = namespaced_listing(
    {"schedule": lambda r: r.schedule, "lastSchedule": lambda r: r.last_schedule},
    {"suspend": lambda r: str(r.suspend).lower()},
    lambda r: f"{r.schedule} {r.images}",
)
HPA_LISTING = namespaced_listing(
    {"reference": lambda r: r.reference, "replicas": lambda r: r.replicas},
    {"atMax": lambda r: str(r.at_max).lower()},
    lambda r: r.reference,
)
PDB_LISTING = namespaced_listing(
    {"allowedDisruptions": lambda r: r.allowed_disruptions},
    {},
    lambda r: r.selector,
)
