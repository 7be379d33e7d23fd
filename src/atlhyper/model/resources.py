"""Every compact Kubernetes resource model, re-exported from its area module.

`gc=False` because a cluster can hold 150k of these; they never form reference cycles.
Timestamps are RFC 3339 strings exactly as the API server sent them.
"""

from __future__ import annotations

from atlhyper.model.cluster import ContainerUsage, Namespace, Node, NodeTaint, NodeUsage, PodUsage
from atlhyper.model.events import Event
from atlhyper.model.meta import ClusterObject, Condition, NamespacedObject, OwnerRef, object_key
from atlhyper.model.network import (
    EndpointAddress,
    EndpointPort,
    Endpoints,
    EndpointSlice,
    Ingress,
    IngressPath,
    NetworkPolicy,
    Service,
    ServicePort,
)
from atlhyper.model.storage import (
    ConfigMap,
    LimitRange,
    LimitRangeItem,
    PersistentVolume,
    PersistentVolumeClaim,
    ResourceQuota,
    Secret,
    ServiceAccount,
    StorageClass,
)
from atlhyper.model.workloads import (
    ContainerInfo,
    ContainerPort,
    CronJob,
    DaemonSet,
    Deployment,
    EnvVar,
    HorizontalPodAutoscaler,
    HpaMetric,
    Job,
    Pod,
    PodDisruptionBudget,
    Probe,
    ReplicaSet,
    StatefulSet,
    Volume,
)

__all__ = [
    "ClusterObject",
    "Condition",
    "ConfigMap",
    "ContainerInfo",
    "ContainerPort",
    "ContainerUsage",
    "CronJob",
    "DaemonSet",
    "Deployment",
    "EndpointAddress",
    "EndpointPort",
    "EndpointSlice",
    "Endpoints",
    "EnvVar",
    "Event",
    "HorizontalPodAutoscaler",
    "HpaMetric",
    "Ingress",
    "IngressPath",
    "Job",
    "LimitRange",
    "LimitRangeItem",
    "Namespace",
    "NamespacedObject",
    "NetworkPolicy",
    "Node",
    "NodeTaint",
    "NodeUsage",
    "OwnerRef",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Pod",
    "PodDisruptionBudget",
    "PodUsage",
    "Probe",
    "ReplicaSet",
    "ResourceQuota",
    "Secret",
    "Service",
    "ServiceAccount",
    "ServicePort",
    "StatefulSet",
    "StorageClass",
    "Volume",
    "object_key",
]
