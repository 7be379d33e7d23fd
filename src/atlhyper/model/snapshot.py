"""What the Agent sends the Master: full snapshots, deltas and heartbeats.

One identifier names a kind everywhere: the lowercase plural of the Kubernetes API (`pods`,
`endpointslices`, …) is the attribute of `ObjectSet`, the key of `SnapshotDelta.deleted`, the
Agent's capability name and the Master's URL segment. Usage from metrics.k8s.io travels as two
more kinds, `nodemetrics` and `podmetrics`, keyed like the objects they measure.
"""

from __future__ import annotations

from typing import Any

import msgspec

from atlhyper.model.cluster import Namespace, Node, NodeUsage, PodUsage
from atlhyper.model.events import Event
from atlhyper.model.network import Endpoints, EndpointSlice, Ingress, NetworkPolicy, Service
from atlhyper.model.otel import OtelSummary
from atlhyper.model.storage import (
    ConfigMap,
    LimitRange,
    PersistentVolume,
    PersistentVolumeClaim,
    ResourceQuota,
    Secret,
    ServiceAccount,
    StorageClass,
)
from atlhyper.model.workloads import (
    CronJob,
    DaemonSet,
    Deployment,
    HorizontalPodAutoscaler,
    Job,
    Pod,
    PodDisruptionBudget,
    ReplicaSet,
    StatefulSet,
)


class ObjectSet(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True, kw_only=True):
    """Objects per kind: the whole cluster in a full snapshot, the upserts in a delta."""

    pods: list[Pod] = []
    nodes: list[Node] = []
    namespaces: list[Namespace] = []
    deployments: list[Deployment] = []
    statefulsets: list[StatefulSet] = []
    daemonsets: list[DaemonSet] = []
    replicasets: list[ReplicaSet] = []
    jobs: list[Job] = []
    cronjobs: list[CronJob] = []
    horizontalpodautoscalers: list[HorizontalPodAutoscaler] = []
    poddisruptionbudgets: list[PodDisruptionBudget] = []
    services: list[Service] = []
    endpoints: list[Endpoints] = []
    endpointslices: list[EndpointSlice] = []
    ingresses: list[Ingress] = []
    networkpolicies: list[NetworkPolicy] = []
    configmaps: list[ConfigMap] = []
    secrets: list[Secret] = []
    resourcequotas: list[ResourceQuota] = []
    limitranges: list[LimitRange] = []
    serviceaccounts: list[ServiceAccount] = []
    persistentvolumes: list[PersistentVolume] = []
    persistentvolumeclaims: list[PersistentVolumeClaim] = []
    storageclasses: list[StorageClass] = []
    events: list[Event] = []
    nodemetrics: list[NodeUsage] = []
    podmetrics: list[PodUsage] = []


KIND_NAMES: tuple[str, ...] = ObjectSet.__struct_fields__


class Snapshot(
    ObjectSet,
    rename="camel",
    tag_field="type",
    tag="full",
    forbid_unknown_fields=True,
    kw_only=True,
):
    """The whole observed state of one cluster at `takenAt`.

    `seq` grows by one per snapshot (full or delta) the Agent builds; the Master answers with the
    last seq it accepted, so the Agent knows what the Master holds. `type` may be omitted when a
    full snapshot is posted on its own.
    """

    seq: int
    taken_at: str
    agent_version: str = ""
    #: What the Agent last read from ClickHouse; absent when it has no ClickHouse configured.
    otel: OtelSummary | None = None


class SnapshotDelta(
    msgspec.Struct,
    rename="camel",
    tag_field="type",
    tag="delta",
    omit_defaults=True,
    forbid_unknown_fields=True,
    kw_only=True,
):
    """The changes between the snapshot `baseSeq` the Master acknowledged and this one, `seq`.

    `upserted` holds every object added or changed per kind; `deleted` holds, per kind, the keys
    (`namespace/name` or `name`) of objects gone since `baseSeq`.
    """

    seq: int
    base_seq: int
    taken_at: str
    agent_version: str = ""
    upserted: ObjectSet = msgspec.field(default_factory=ObjectSet)
    deleted: dict[str, list[str]] = {}
    #: A newer OTel summary than the one in `baseSeq`; absent when it did not change.
    otel: OtelSummary | None = None


SnapshotBody = Snapshot | SnapshotDelta


def objects_of(objects: ObjectSet, kind: str) -> list[Any]:
    """The list of one kind in an object set (`kind` from KIND_NAMES)."""
    found: list[Any] = getattr(objects, kind)
    return found


class Heartbeat(msgspec.Struct, rename="camel", omit_defaults=True, forbid_unknown_fields=True):
    agent_version: str
    sent_at: str
    capabilities: list[str] = []
    unavailable_kinds: list[str] = []


class IngestAck(msgspec.Struct, rename="camel"):
    accepted_seq: int
