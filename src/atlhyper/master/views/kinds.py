"""The resource kinds the UI API serves: one entry per kind, no per-kind routing code.

Every row is keyed like the object it shows, and reads only:
- objects of its `sources` under the same key (a pod and its usage, a node and its usage, a
  service and its Endpoints);
- for a kind with a `rollup`, sums over another kind grouped by the row they count towards (a
  node's pods and their requests, a namespace's pods, a service's EndpointSlice addresses).

So when a delta changes some objects, the state rebuilds only the rows of their keys and of the
groups whose sums moved (see `state.ClusterState`). A kind has either `row_for` (no rollup) or a
`rollup`, whose `row_for` also takes the sums of the row's key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from atlhyper.master.views import events as ev
from atlhyper.master.views import network as net
from atlhyper.master.views import storage as st
from atlhyper.master.views import workloads as wl
from atlhyper.master.views.namespaces import NAMESPACE_LISTING, NamespacePage, namespace_row
from atlhyper.master.views.nodes import NODE_LISTING, NodePage, node_row, pod_on_node
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
    object_key,
)

Objects = Mapping[str, Mapping[str, Any]]
Totals = tuple[int, ...]
RowFor = Callable[[str, str, Any, Objects], Any]
RolledRowFor = Callable[[str, str, Any, Objects, Totals], Any]


@dataclass(frozen=True)
class Rollup:
    """Sums over the objects of `source`, per row: each adds `value` to the row `group` names.

    `value`'s first element counts the object (it is 1), so a group whose sums are all zero has
    no object left. `row_for` builds a row from its object and the sums of its key (`zero` when
    nothing counts towards it).
    """

    source: str
    group: Callable[[Any], str | None]  # the row key an object counts towards; None: no row
    value: Callable[[Any], Totals]
    zero: Totals
    row_for: RolledRowFor


@dataclass(frozen=True)
class ResourceKind:
    plural: str
    namespaced: bool
    object_type: type[Any]
    page_type: type[Any]
    listing: Listing[Any]
    sources: tuple[str, ...]  # kinds read under the row's own key, the kind itself first
    row_for: RowFor | None = None
    rollup: Rollup | None = None

    def __post_init__(self) -> None:
        if (self.row_for is None) == (self.rollup is None):
            raise ValueError(f"{self.plural}: give either row_for or rollup")


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
        sources=(plural,),
        row_for=lambda cid, cname, obj, objects: rows(cid, cname, [obj])[0],
    )


def _same_key(objects: Objects, plural: str, obj: Any) -> Any | None:
    return objects.get(plural, {}).get(object_key(obj))


KINDS: dict[str, ResourceKind] = {
    kind.plural: kind
    for kind in (
        ResourceKind(
            plural="pods",
            namespaced=True,
            object_type=Pod,
            page_type=PodPage,
            listing=POD_LISTING,
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
            sources=("nodes", "nodemetrics"),
            rollup=Rollup(
                source="pods",
                group=lambda pod: pod.node_name or None,
                value=pod_on_node,
                zero=(0, 0, 0),
                row_for=lambda cid, cname, node, objects, totals: node_row(
                    cid, cname, node, objects.get("nodemetrics", {}).get(node.name), totals
                ),
            ),
        ),
        ResourceKind(
            plural="namespaces",
            namespaced=False,
            object_type=Namespace,
            page_type=NamespacePage,
            listing=NAMESPACE_LISTING,
            sources=("namespaces",),
            rollup=Rollup(
                source="pods",
                group=lambda pod: pod.namespace,
                value=lambda pod: (1,),
                zero=(0,),
                row_for=lambda cid, cname, namespace, objects, totals: namespace_row(
                    cid, cname, namespace, totals[0]
                ),
            ),
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
            sources=("services", "endpoints"),
            rollup=Rollup(
                source="endpointslices",
                group=net.slice_service,
                value=net.slice_addresses,
                zero=(0, 0, 0),
                row_for=lambda cid, cname, service, objects, totals: net.service_row(
                    cid, cname, service, _same_key(objects, "endpoints", service), totals
                ),
            ),
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
