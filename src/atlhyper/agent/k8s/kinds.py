"""The kinds the Agent watches. Adding a kind is one converter and one entry here.

`field` is the kind's name everywhere (ObjectSet attribute, delta key, capability, Master URL).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from atlhyper.agent.k8s import convert, wire, wire_events, wire_network, wire_storage
from atlhyper.agent.k8s import convert_events as ce
from atlhyper.agent.k8s import convert_network as cn
from atlhyper.agent.k8s import convert_storage as cs
from atlhyper.agent.k8s import convert_workloads as cw
from atlhyper.agent.k8s import wire_workloads as ww


@dataclass(frozen=True)
class WatchedKind:
    """How to list, watch and convert one kind.

    `newest_first` (events only) orders objects so the snapshot can keep the newest N.
    """

    field: str
    path: str  # cluster-wide collection path
    wire_type: type[Any]
    convert: Callable[[Any], Any]
    newest_first: Callable[[Any], str] | None = None


def _event_time(event: Any) -> str:
    return str(event.last_seen)


WATCHED_KINDS: tuple[WatchedKind, ...] = (
    WatchedKind("nodes", "/api/v1/nodes", wire.Node, convert.node),
    WatchedKind("namespaces", "/api/v1/namespaces", wire.Namespace, convert.namespace),
    WatchedKind("pods", "/api/v1/pods", wire.Pod, convert.pod),
    WatchedKind("deployments", "/apis/apps/v1/deployments", ww.Deployment, cw.deployment),
    WatchedKind("statefulsets", "/apis/apps/v1/statefulsets", ww.StatefulSet, cw.statefulset),
    WatchedKind("daemonsets", "/apis/apps/v1/daemonsets", ww.DaemonSet, cw.daemonset),
    WatchedKind("replicasets", "/apis/apps/v1/replicasets", ww.ReplicaSet, cw.replicaset),
    WatchedKind("jobs", "/apis/batch/v1/jobs", ww.Job, cw.job),
    WatchedKind("cronjobs", "/apis/batch/v1/cronjobs", ww.CronJob, cw.cronjob),
    WatchedKind(
        "horizontalpodautoscalers",
        "/apis/autoscaling/v2/horizontalpodautoscalers",
        ww.HorizontalPodAutoscaler,
        cw.horizontalpodautoscaler,
    ),
    WatchedKind(
        "poddisruptionbudgets",
        "/apis/policy/v1/poddisruptionbudgets",
        ww.PodDisruptionBudget,
        cw.poddisruptionbudget,
    ),
    WatchedKind("services", "/api/v1/services", wire_network.Service, cn.service),
    WatchedKind("endpoints", "/api/v1/endpoints", wire_network.Endpoints, cn.endpoints),
    WatchedKind(
        "endpointslices",
        "/apis/discovery.k8s.io/v1/endpointslices",
        wire_network.EndpointSlice,
        cn.endpointslice,
    ),
    WatchedKind(
        "ingresses", "/apis/networking.k8s.io/v1/ingresses", wire_network.Ingress, cn.ingress
    ),
    WatchedKind(
        "networkpolicies",
        "/apis/networking.k8s.io/v1/networkpolicies",
        wire_network.NetworkPolicy,
        cn.networkpolicy,
    ),
    WatchedKind("configmaps", "/api/v1/configmaps", wire_storage.ConfigMap, cs.configmap),
    WatchedKind("secrets", "/api/v1/secrets", wire_storage.Secret, cs.secret),
    WatchedKind(
        "resourcequotas", "/api/v1/resourcequotas", wire_storage.ResourceQuota, cs.resourcequota
    ),
    WatchedKind("limitranges", "/api/v1/limitranges", wire_storage.LimitRange, cs.limitrange),
    WatchedKind(
        "serviceaccounts",
        "/api/v1/serviceaccounts",
        wire_storage.ServiceAccount,
        cs.serviceaccount,
    ),
    WatchedKind(
        "persistentvolumes",
        "/api/v1/persistentvolumes",
        wire_storage.PersistentVolume,
        cs.persistentvolume,
    ),
    WatchedKind(
        "persistentvolumeclaims",
        "/api/v1/persistentvolumeclaims",
        wire_storage.PersistentVolumeClaim,
        cs.persistentvolumeclaim,
    ),
    WatchedKind(
        "storageclasses",
        "/apis/storage.k8s.io/v1/storageclasses",
        wire_storage.StorageClass,
        cs.storageclass,
    ),
    WatchedKind("events", "/api/v1/events", wire_events.Event, ce.event, newest_first=_event_time),
)


@dataclass(frozen=True)
class PolledKind:
    """A kind read by a periodic LIST instead of a watch (metrics.k8s.io cannot be watched)."""

    field: str
    path: str
    wire_type: type[Any]
    convert: Callable[[Any], Any]


POLLED_KINDS: tuple[PolledKind, ...] = (
    PolledKind(
        "nodemetrics",
        "/apis/metrics.k8s.io/v1beta1/nodes",
        wire_events.NodeMetrics,
        ce.node_usage,
    ),
    PolledKind(
        "podmetrics", "/apis/metrics.k8s.io/v1beta1/pods", wire_events.PodMetrics, ce.pod_usage
    ),
)
