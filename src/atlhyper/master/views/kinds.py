"""The resource kinds the UI API serves: one entry per kind, no per-kind routing code.

`sources` lists the kinds a view's rows are built from: when a delta touches one of them, the
rows are rebuilt (a service's rows read its endpoints; a node's rows read pods and usage).
A kind with `row_for` builds each row from its own object plus same-key objects of its other
sources (a pod and its usage), so a delta rebuilds only the rows of the keys it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from atlhyper.master.views import events as ev
from atlhyper.master.views import network as net
from atlhyper.master.views import storage as st
from atlhyper.master.views import workloads as wl
from atlhyper.master.views.namespaces import NAMESPACE_LISTING, NamespacePage, namespace_rows
from atlhyper.master.views.nodes import NODE_LISTING, NodePage, node_rows
from atlhyper.master.views.paging import Listing, page_type
from atlhyper.master.views.pods import POD_LISTING, PodPage, pod_rows
from atlhyper.model import (
    ConfigMap,
    CronJob,
    DaemonSet,
    Deployment,
    Endpoints,
    EndpointSlice,
    Event,
    HorizontalPodAutoscaler,
    Ingress,
    Job,
    LimitRange,
    Namespace,
    NetworkPolicy,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    Pod,
    PodDisruptionBudget,
    ReplicaSet,
    ResourceQuota,
    Secret,
    Service,
    ServiceAccount,
    StatefulSet,
    StorageClass,
)

Objects = Mapping[str, Mapping[str, Any]]
RowBuilder = Callable[[str, str, Objects], list[Any]]
RowFor = Callable[[str, str, Any, Objects], Any]


@dataclass(frozen=True)
class ResourceKind:
    plural: str
    namespaced: bool
    object_type: type[Any]
    page_type: type[Any]
    listing: Listing[Any]
    build_rows: RowBuilder
    sources: tuple[str, ...]
    row_for: RowFor | None = None


def _values(objects: Objects, plural: str) -> list[Any]:
    return list(objects.get(plural, {}).values())


def _simple(
    plural: str,
    namespaced: bool,
    object_type: type[Any],
    row_type: type[Any],
    listing: Listing[Any],
    rows: Callable[[str, str, list[Any]], list[Any]],
) -> ResourceKind:
    """A kind whose rows read only its own objects."""
    return ResourceKind(
        plural=plural,
        namespaced=namespaced,
        object_type=object_type,
        page_type=page_type(row_type),
        listing=listing,
        build_rows=lambda cid, cname, objects: rows(cid, cname, _values(objects, plural)),
        sources=(plural,),
        row_for=lambda cid, cname, obj, objects: rows(cid, cname, [obj])[0],
    )


KINDS: dict[str, ResourceKind] = {
    kind.plural: kind
    for kind in (
        ResourceKind(
            plural="pods",
            namespaced=True,
            object_type=Pod,
            page_type=PodPage,
            listing=POD_LISTING,
            build_rows=lambda cid, cname, objects: pod_rows(
                cid, cname, _values(objects, "pods"), objects.get("podmetrics", {})
            ),
            sources=("pods", "podmetrics"),
            row_for=lambda cid, cname, pod, objects: pod_rows(
                cid, cname, [pod], objects.get("podmetrics", {})
            )[0],
        ),
        ResourceKind(
            plural="nodes",
            namespaced=False,
            object_type=Node,
            page_type=NodePage,
            listing=NODE_LISTING,
            build_rows=lambda cid, cname, objects: node_rows(
                cid,
                cname,
                _values(objects, "nodes"),
                _values(objects, "pods"),
                objects.get("nodemetrics", {}),
            ),
            sources=("nodes", "pods", "nodemetrics"),
        ),
        ResourceKind(
            plural="namespaces",
            namespaced=False,
            object_type=Namespace,
            page_type=NamespacePage,
            listing=NAMESPACE_LISTING,
            build_rows=lambda cid, cname, objects: namespace_rows(
                cid, cname, _values(objects, "namespaces"), _values(objects, "pods")
            ),
            sources=("namespaces", "pods"),
        ),
        _simple(
            "deployments",
            True,
            Deployment,
            wl.DeploymentRow,
            wl.DEPLOYMENT_LISTING,
            wl.deployment_rows,
        ),
        _simple(
            "statefulsets",
            True,
            StatefulSet,
            wl.StatefulSetRow,
            wl.STATEFULSET_LISTING,
            wl.statefulset_rows,
        ),
        _simple(
            "daemonsets", True, DaemonSet, wl.DaemonSetRow, wl.DAEMONSET_LISTING, wl.daemonset_rows
        ),
        _simple(
            "replicasets",
            True,
            ReplicaSet,
            wl.ReplicaSetRow,
            wl.REPLICASET_LISTING,
            wl.replicaset_rows,
        ),
        _simple("jobs", True, Job, wl.JobRow, wl.JOB_LISTING, wl.job_rows),
        _simple("cronjobs", True, CronJob, wl.CronJobRow, wl.CRONJOB_LISTING, wl.cronjob_rows),
        _simple(
            "horizontalpodautoscalers",
            True,
            HorizontalPodAutoscaler,
            wl.HorizontalPodAutoscalerRow,
            wl.HPA_LISTING,
            wl.hpa_rows,
        ),
        _simple(
            "poddisruptionbudgets",
            True,
            PodDisruptionBudget,
            wl.PodDisruptionBudgetRow,
            wl.PDB_LISTING,
            wl.pdb_rows,
        ),
        ResourceKind(
            plural="services",
            namespaced=True,
            object_type=Service,
            page_type=page_type(net.ServiceRow),
            listing=net.SERVICE_LISTING,
            build_rows=lambda cid, cname, objects: net.service_rows(
                cid,
                cname,
                _values(objects, "services"),
                _values(objects, "endpoints"),
                _values(objects, "endpointslices"),
            ),
            sources=("services", "endpoints", "endpointslices"),
        ),
        _simple(
            "endpoints",
            True,
            Endpoints,
            net.EndpointsRow,
            net.ENDPOINTS_LISTING,
            net.endpoints_rows,
        ),
        _simple(
            "endpointslices",
            True,
            EndpointSlice,
            net.EndpointSliceRow,
            net.ENDPOINTSLICE_LISTING,
            net.endpointslice_rows,
        ),
        _simple("ingresses", True, Ingress, net.IngressRow, net.INGRESS_LISTING, net.ingress_rows),
        _simple(
            "networkpolicies",
            True,
            NetworkPolicy,
            net.NetworkPolicyRow,
            net.NETWORKPOLICY_LISTING,
            net.networkpolicy_rows,
        ),
        _simple(
            "configmaps", True, ConfigMap, st.ConfigMapRow, st.CONFIGMAP_LISTING, st.configmap_rows
        ),
        _simple("secrets", True, Secret, st.SecretRow, st.SECRET_LISTING, st.secret_rows),
        _simple(
            "resourcequotas",
            True,
            ResourceQuota,
            st.ResourceQuotaRow,
            st.RESOURCEQUOTA_LISTING,
            st.resourcequota_rows,
        ),
        _simple(
            "limitranges",
            True,
            LimitRange,
            st.LimitRangeRow,
            st.LIMITRANGE_LISTING,
            st.limitrange_rows,
        ),
        _simple(
            "serviceaccounts",
            True,
            ServiceAccount,
            st.ServiceAccountRow,
            st.SERVICEACCOUNT_LISTING,
            st.serviceaccount_rows,
        ),
        _simple(
            "persistentvolumes",
            False,
            PersistentVolume,
            st.PersistentVolumeRow,
            st.PV_LISTING,
            st.pv_rows,
        ),
        _simple(
            "persistentvolumeclaims",
            True,
            PersistentVolumeClaim,
            st.PersistentVolumeClaimRow,
            st.PVC_LISTING,
            st.pvc_rows,
        ),
        _simple(
            "storageclasses",
            False,
            StorageClass,
            st.StorageClassRow,
            st.STORAGECLASS_LISTING,
            st.storageclass_rows,
        ),
        _simple("events", True, Event, ev.EventRow, ev.EVENT_LISTING, ev.event_rows),
    )
}
