"""Rows for configuration and storage kinds.

ConfigMaps and Secrets show their keys and key counts, never values.
"""

from __future__ import annotations

from atlhyper.master.views.common import ClusterScopedRow, NamespacedRow, joined
from atlhyper.master.views.paging import cluster_listing, namespaced_listing
from atlhyper.model import (
    ConfigMap,
    LimitRange,
    PersistentVolume,
    PersistentVolumeClaim,
    ResourceQuota,
    Secret,
    ServiceAccount,
    StorageClass,
)

_ACCESS_MODES = {
    "ReadWriteOnce": "RWO",
    "ReadOnlyMany": "ROX",
    "ReadWriteMany": "RWX",
    "ReadWriteOncePod": "RWOP",
}


def _modes(modes: list[str]) -> str:
    return joined((_ACCESS_MODES.get(m, m) for m in modes), "")


class ConfigMapRow(NamespacedRow):
    data: int
    keys: str
    immutable: bool
    created_at: str


def configmap_rows(cid: str, cname: str, items: list[ConfigMap]) -> list[ConfigMapRow]:
    return [
        ConfigMapRow(
            cid,
            cname,
            c.uid,
            c.namespace,
            c.name,
            len(c.keys) + len(c.binary_keys),
            joined([*c.keys, *c.binary_keys], ""),
            c.immutable,
            c.created_at,
        )
        for c in items
    ]


class SecretRow(NamespacedRow):
    type: str
    data: int
    keys: str
    created_at: str


def secret_rows(cid: str, cname: str, items: list[Secret]) -> list[SecretRow]:
    return [
        SecretRow(
            cid,
            cname,
            s.uid,
            s.namespace,
            s.name,
            s.type,
            len(s.keys),
            joined(s.keys, ""),
            s.created_at,
        )
        for s in items
    ]


class ResourceQuotaRow(NamespacedRow):
    usage: str  # "pods: 3/10, requests.cpu: 500m/2"
    created_at: str


def resourcequota_rows(cid: str, cname: str, items: list[ResourceQuota]) -> list[ResourceQuotaRow]:
    return [
        ResourceQuotaRow(
            cid,
            cname,
            q.uid,
            q.namespace,
            q.name,
            ", ".join(f"{k}: {q.used.get(k, '0')}/{v}" for k, v in sorted(q.hard.items())),
            q.created_at,
        )
        for q in items
    ]


class LimitRangeRow(NamespacedRow):
    types: str
    created_at: str


def limitrange_rows(cid: str, cname: str, items: list[LimitRange]) -> list[LimitRangeRow]:
    return [
        LimitRangeRow(
            cid, cname, r.uid, r.namespace, r.name, joined(i.type for i in r.limits), r.created_at
        )
        for r in items
    ]


class ServiceAccountRow(NamespacedRow):
    secrets: int
    created_at: str


def serviceaccount_rows(
    cid: str, cname: str, items: list[ServiceAccount]
) -> list[ServiceAccountRow]:
    return [
        ServiceAccountRow(cid, cname, a.uid, a.namespace, a.name, len(a.secrets), a.created_at)
        for a in items
    ]


class PersistentVolumeRow(ClusterScopedRow):
    capacity_bytes: int
    access_modes: str
    reclaim_policy: str
    status: str
    claim: str
    storage_class: str
    reason: str
    created_at: str


def pv_rows(cid: str, cname: str, items: list[PersistentVolume]) -> list[PersistentVolumeRow]:
    return [
        PersistentVolumeRow(
            cid,
            cname,
            v.uid,
            v.name,
            v.capacity_bytes,
            _modes(v.access_modes),
            v.reclaim_policy,
            v.phase,
            v.claim,
            v.storage_class,
            v.reason,
            v.created_at,
        )
        for v in items
    ]


class PersistentVolumeClaimRow(NamespacedRow):
    status: str
    volume: str
    capacity_bytes: int
    request_bytes: int
    access_modes: str
    storage_class: str
    created_at: str


def pvc_rows(
    cid: str, cname: str, items: list[PersistentVolumeClaim]
) -> list[PersistentVolumeClaimRow]:
    return [
        PersistentVolumeClaimRow(
            cid,
            cname,
            c.uid,
            c.namespace,
            c.name,
            c.phase,
            c.volume_name,
            c.capacity_bytes,
            c.request_bytes,
            _modes(c.access_modes),
            c.storage_class,
            c.created_at,
        )
        for c in items
    ]


class StorageClassRow(ClusterScopedRow):
    provisioner: str
    reclaim_policy: str
    volume_binding_mode: str
    allow_volume_expansion: bool
    is_default: bool
    created_at: str


def storageclass_rows(cid: str, cname: str, items: list[StorageClass]) -> list[StorageClassRow]:
    return [
        StorageClassRow(
            cid,
            cname,
            s.uid,
            s.name,
            s.provisioner,
            s.reclaim_policy,
            s.volume_binding_mode,
            s.allow_volume_expansion,
            s.is_default,
            s.created_at,
        )
        for s in items
    ]


CONFIGMAP_LISTING = namespaced_listing({"data": lambda r: r.data}, {}, lambda r: r.keys)
SECRET_LISTING = namespaced_listing(
    {"type": lambda r: r.type, "data": lambda r: r.data},
    {"type": lambda r: r.type},
    lambda r: r.type,
)
RESOURCEQUOTA_LISTING = namespaced_listing({}, {}, lambda r: r.usage)
LIMITRANGE_LISTING = namespaced_listing({}, {}, lambda r: r.types)
SERVICEACCOUNT_LISTING = namespaced_listing({"secrets": lambda r: r.secrets}, {}, lambda r: "")
PV_LISTING = cluster_listing(
    {
        "status": lambda r: r.status,
        "capacity": lambda r: r.capacity_bytes,
        "storageClass": lambda r: r.storage_class,
    },
    {"status": lambda r: r.status, "storageClass": lambda r: r.storage_class},
    lambda r: f"{r.claim} {r.storage_class}",
)
PVC_LISTING = namespaced_listing(
    {
        "status": lambda r: r.status,
        "capacity": lambda r: r.capacity_bytes,
        "storageClass": lambda r: r.storage_class,
    },
    {"status": lambda r: r.status, "storageClass": lambda r: r.storage_class},
    lambda r: f"{r.volume} {r.storage_class}",
)
STORAGECLASS_LISTING = cluster_listing(
    {"provisioner": lambda r: r.provisioner},
    {"provisioner": lambda r: r.provisioner},
    lambda r: r.provisioner,
)
