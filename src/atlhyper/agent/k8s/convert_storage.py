"""Configuration and storage kinds → compact models. ConfigMaps and Secrets keep keys only."""

from __future__ import annotations

from atlhyper.agent.k8s import wire_storage as w
from atlhyper.agent.k8s.convert import meta_fields
from atlhyper.agent.k8s.quantity import count
from atlhyper.model import (
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

DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


def configmap(obj: w.ConfigMap) -> ConfigMap:
    return ConfigMap(
        **meta_fields(obj.metadata),
        keys=sorted(obj.data or ()),
        binary_keys=sorted(obj.binaryData or ()),
        immutable=obj.immutable,
    )


def secret(obj: w.Secret) -> Secret:
    return Secret(
        **meta_fields(obj.metadata),
        type=obj.type,
        keys=sorted(obj.data or ()),
        immutable=obj.immutable,
    )


def resourcequota(obj: w.ResourceQuota) -> ResourceQuota:
    return ResourceQuota(
        **meta_fields(obj.metadata),
        hard=obj.status.hard or obj.spec.hard,
        used=obj.status.used,
    )


def limitrange(obj: w.LimitRange) -> LimitRange:
    return LimitRange(
        **meta_fields(obj.metadata),
        limits=[
            LimitRangeItem(
                type=item.type,
                max=item.max,
                min=item.min,
                default=item.default,
                default_request=item.defaultRequest,
            )
            for item in obj.spec.limits
        ],
    )


def serviceaccount(obj: w.ServiceAccount) -> ServiceAccount:
    return ServiceAccount(
        **meta_fields(obj.metadata),
        secrets=[ref.name for ref in obj.secrets],
        image_pull_secrets=[ref.name for ref in obj.imagePullSecrets],
        automount_token=obj.automountServiceAccountToken,
    )


def _pv_source(spec: w.PersistentVolumeSpec) -> str:
    if spec.csi is not None:
        return f"csi:{spec.csi.driver}"
    for kind in ("hostPath", "local", "nfs"):
        if getattr(spec, kind) is not None:
            return kind
    return "other"


def persistentvolume(obj: w.PersistentVolume) -> PersistentVolume:
    spec = obj.spec
    claim = spec.claimRef
    return PersistentVolume(
        **meta_fields(obj.metadata, namespaced=False),
        capacity_bytes=count(spec.capacity.get("storage")),
        access_modes=spec.accessModes,
        reclaim_policy=spec.persistentVolumeReclaimPolicy,
        phase=obj.status.phase,
        claim=f"{claim.namespace}/{claim.name}" if claim else "",
        storage_class=spec.storageClassName,
        volume_mode=spec.volumeMode,
        source=_pv_source(spec),
        reason=obj.status.reason,
    )


def persistentvolumeclaim(obj: w.PersistentVolumeClaim) -> PersistentVolumeClaim:
    spec, status = obj.spec, obj.status
    return PersistentVolumeClaim(
        **meta_fields(obj.metadata),
        phase=status.phase or "Pending",
        volume_name=spec.volumeName,
        capacity_bytes=count(status.capacity.get("storage")),
        request_bytes=count(spec.resources.requests.get("storage")),
        access_modes=spec.accessModes,
        storage_class=spec.storageClassName or "",
        volume_mode=spec.volumeMode,
    )


def storageclass(obj: w.StorageClass) -> StorageClass:
    annotations = obj.metadata.annotations or {}
    return StorageClass(
        **meta_fields(obj.metadata, namespaced=False),
        provisioner=obj.provisioner,
        reclaim_policy=obj.reclaimPolicy,
        volume_binding_mode=obj.volumeBindingMode,
        allow_volume_expansion=obj.allowVolumeExpansion,
        is_default=annotations.get(DEFAULT_CLASS_ANNOTATION) == "true",
        parameters=obj.parameters or {},
    )
