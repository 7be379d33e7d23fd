"""Every kind the sim serves, declared once: names, scope, selectable fields, defaults, printing.

The set is the one ARCHITECTURE §4 lists. Group, version, short names and categories match a
v1.32 API server, because kubectl resolves `deploy`, `hpa`, `pdb` or `get all` through discovery
built from these declarations.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim import defaults, printers, tables, validation
from atlhyper.sim.kinds import FieldGetter, Kind, ScaleSpec
from atlhyper.sim.metrics import pod_requests as metrics_requests

Obj = dict[str, Any]


def _path(*keys: str, default: str = "") -> FieldGetter:
    def get(obj: Obj) -> str:
        value: Any = obj
        for key in keys:
            if not isinstance(value, dict):
                return default
            value = value.get(key)
        if isinstance(value, bool):
            return "true" if value else "false"
        return default if value is None else str(value)

    return get


def _controller(obj: Obj) -> str:
    """ "Kind/name" of the controlling ownerReference, for the controllers' index."""
    for ref in obj.get("metadata", {}).get("ownerReferences") or ():
        if isinstance(ref, dict) and ref.get("controller"):
            return f"{ref.get('kind', '')}/{ref.get('name', '')}"
    return ""


_OWNED = {"controller": _controller}


def _involved(field: str) -> FieldGetter:
    return _path("involvedObject", field)


_EVENT_FIELDS: dict[str, FieldGetter] = {
    **{
        f"involvedObject.{f}": _involved(f)
        for f in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")
    },
    "reason": _path("reason"),
    "reportingComponent": _path("reportingComponent"),
    "source": _path("source", "component"),
    "type": _path("type"),
}


def _core() -> list[Kind]:
    return [
        Kind(
            kind="Namespace",
            plural="namespaces",
            singular="namespace",
            namespaced=False,
            short_names=("ns",),
            fields={"status.phase": _path("status", "phase")},
            defaults=validation.namespace_defaults,
            name_rule=validation.dns_label,
            table=tables.NAMESPACE_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="Node",
            plural="nodes",
            singular="node",
            namespaced=False,
            short_names=("no",),
            fields={"spec.unschedulable": _path("spec", "unschedulable", default="false")},
            table=tables.NODE_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="Pod",
            plural="pods",
            singular="pod",
            namespaced=True,
            short_names=("po",),
            categories=("all",),
            fields={
                "spec.nodeName": _path("spec", "nodeName"),
                "spec.restartPolicy": _path("spec", "restartPolicy"),
                "spec.schedulerName": _path("spec", "schedulerName"),
                "spec.serviceAccountName": _path("spec", "serviceAccountName"),
                "spec.hostNetwork": _path("spec", "hostNetwork", default="false"),
                "status.phase": _path("status", "phase"),
                "status.podIP": _path("status", "podIP"),
                "status.nominatedNodeName": _path("status", "nominatedNodeName"),
            },
            index={"requests": metrics_requests, **_OWNED},
            defaults=validation.pod_defaults,
            validate=validation.pod_rules,
            table=tables.POD_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="Service",
            plural="services",
            singular="service",
            namespaced=True,
            short_names=("svc",),
            categories=("all",),
            fields={
                "spec.clusterIP": _path("spec", "clusterIP"),
                "spec.type": _path("spec", "type"),
            },
            defaults=defaults.service_defaults,
            validate=defaults.service_rules,
            name_rule=validation.dns_label,
            table=printers.SERVICE_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="Endpoints",
            plural="endpoints",
            singular="endpoints",
            namespaced=True,
            short_names=("ep",),
            table=printers.ENDPOINTS_TABLE,
        ),
        Kind(
            kind="ConfigMap",
            plural="configmaps",
            singular="configmap",
            namespaced=True,
            short_names=("cm",),
            validate=defaults.configmap_rules,
            table=printers.CONFIGMAP_TABLE,
        ),
        Kind(
            kind="Secret",
            plural="secrets",
            singular="secret",
            namespaced=True,
            fields={"type": _path("type")},
            defaults=defaults.secret_defaults,
            table=printers.SECRET_TABLE,
        ),
        Kind(
            kind="ResourceQuota",
            plural="resourcequotas",
            singular="resourcequota",
            namespaced=True,
            short_names=("quota",),
            table=printers.RESOURCEQUOTA_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="LimitRange",
            plural="limitranges",
            singular="limitrange",
            namespaced=True,
            short_names=("limits",),
            table=printers.LIMITRANGE_TABLE,
        ),
        Kind(
            kind="ServiceAccount",
            plural="serviceaccounts",
            singular="serviceaccount",
            namespaced=True,
            short_names=("sa",),
            table=printers.SERVICEACCOUNT_TABLE,
        ),
        Kind(
            kind="PersistentVolume",
            plural="persistentvolumes",
            singular="persistentvolume",
            namespaced=False,
            short_names=("pv",),
            defaults=defaults.pv_defaults,
            table=printers.PV_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="PersistentVolumeClaim",
            plural="persistentvolumeclaims",
            singular="persistentvolumeclaim",
            namespaced=True,
            short_names=("pvc",),
            defaults=defaults.pvc_defaults,
            table=printers.PVC_TABLE,
            status_subresource=True,
        ),
        Kind(
            kind="Event",
            plural="events",
            singular="event",
            namespaced=True,
            short_names=("ev",),
            fields=_EVENT_FIELDS,
            defaults=defaults.event_defaults,
            table=printers.EVENT_TABLE,
        ),
    ]


def _apps() -> list[Kind]:
    return [
        Kind(
            kind="Deployment",
            plural="deployments",
            singular="deployment",
            namespaced=True,
            short_names=("deploy",),
            categories=("all",),
            group="apps",
            defaults=defaults.deployment_defaults,
            validate=defaults.workload_rules,
            table=printers.DEPLOYMENT_TABLE,
            status_subresource=True,
            generation=True,
            scale=ScaleSpec(),
        ),
        Kind(
            kind="StatefulSet",
            plural="statefulsets",
            singular="statefulset",
            namespaced=True,
            short_names=("sts",),
            categories=("all",),
            group="apps",
            defaults=defaults.statefulset_defaults,
            validate=defaults.workload_rules,
            table=printers.STATEFULSET_TABLE,
            status_subresource=True,
            generation=True,
            scale=ScaleSpec(),
        ),
        Kind(
            kind="DaemonSet",
            plural="daemonsets",
            singular="daemonset",
            namespaced=True,
            short_names=("ds",),
            categories=("all",),
            group="apps",
            defaults=defaults.daemonset_defaults,
            validate=defaults.workload_rules,
            table=printers.DAEMONSET_TABLE,
            status_subresource=True,
            generation=True,
        ),
        Kind(
            kind="ReplicaSet",
            plural="replicasets",
            singular="replicaset",
            namespaced=True,
            short_names=("rs",),
            categories=("all",),
            group="apps",
            fields={"status.replicas": _path("status", "replicas", default="0")},
            index=_OWNED,
            defaults=defaults.replicaset_defaults,
            validate=defaults.workload_rules,
            table=printers.REPLICASET_TABLE,
            status_subresource=True,
            generation=True,
            scale=ScaleSpec(),
        ),
    ]


def _others() -> list[Kind]:
    return [
        Kind(
            kind="Job",
            plural="jobs",
            singular="job",
            namespaced=True,
            categories=("all",),
            group="batch",
            fields={"status.successful": _path("status", "succeeded", default="0")},
            index=_OWNED,
            defaults=defaults.job_defaults,
            validate=defaults.job_rules,
            table=printers.JOB_TABLE,
            status_subresource=True,
            generation=True,
        ),
        Kind(
            kind="CronJob",
            plural="cronjobs",
            singular="cronjob",
            namespaced=True,
            short_names=("cj",),
            categories=("all",),
            group="batch",
            defaults=defaults.cronjob_defaults,
            validate=defaults.cronjob_rules,
            table=printers.CRONJOB_TABLE,
            status_subresource=True,
            generation=True,
        ),
        Kind(
            kind="EndpointSlice",
            plural="endpointslices",
            singular="endpointslice",
            namespaced=True,
            group="discovery.k8s.io",
            table=printers.ENDPOINTSLICE_TABLE,
            generation=True,
        ),
        Kind(
            kind="Ingress",
            plural="ingresses",
            singular="ingress",
            namespaced=True,
            short_names=("ing",),
            group="networking.k8s.io",
            table=printers.INGRESS_TABLE,
            status_subresource=True,
            generation=True,
        ),
        Kind(
            kind="NetworkPolicy",
            plural="networkpolicies",
            singular="networkpolicy",
            namespaced=True,
            short_names=("netpol",),
            group="networking.k8s.io",
            table=printers.NETWORKPOLICY_TABLE,
            generation=True,
        ),
        Kind(
            kind="Lease",
            plural="leases",
            singular="lease",
            namespaced=True,
            group="coordination.k8s.io",
            table=printers.LEASE_TABLE,
        ),
        Kind(
            kind="StorageClass",
            plural="storageclasses",
            singular="storageclass",
            namespaced=False,
            short_names=("sc",),
            group="storage.k8s.io",
            defaults=defaults.storageclass_defaults,
            table=printers.STORAGECLASS_TABLE,
        ),
        Kind(
            kind="HorizontalPodAutoscaler",
            plural="horizontalpodautoscalers",
            singular="horizontalpodautoscaler",
            namespaced=True,
            short_names=("hpa",),
            categories=("all",),
            group="autoscaling",
            version="v2",
            defaults=defaults.hpa_defaults,
            validate=defaults.hpa_rules,
            table=printers.HPA_TABLE,
            status_subresource=True,
            generation=True,
        ),
        Kind(
            kind="PodDisruptionBudget",
            plural="poddisruptionbudgets",
            singular="poddisruptionbudget",
            namespaced=True,
            short_names=("pdb",),
            group="policy",
            validate=defaults.pdb_rules,
            table=printers.PDB_TABLE,
            status_subresource=True,
            generation=True,
        ),
    ]


def builtin_kinds() -> list[Kind]:
    return [*_core(), *_apps(), *_others()]
