"""Configuration and storage kinds.

ConfigMaps and Secrets carry their keys only: a Secret's values never leave the cluster through a
snapshot (ARCHITECTURE §1), and ConfigMap values can be large and are read on demand by command.
"""

from __future__ import annotations

import msgspec

from atlhyper.model.meta import ClusterObject, NamespacedObject


class ConfigMap(NamespacedObject, kw_only=True):
    keys: list[str] = []
    binary_keys: list[str] = []
    immutable: bool = False


class Secret(NamespacedObject, kw_only=True):
    type: str = "Opaque"
    keys: list[str] = []
    immutable: bool = False


class ResourceQuota(NamespacedObject, kw_only=True):
    hard: dict[str, str] = {}
    used: dict[str, str] = {}


class LimitRangeItem(msgspec.Struct, rename="camel", gc=False):
    type: str
    max: dict[str, str] = {}
    min: dict[str, str] = {}
    default: dict[str, str] = {}
    default_request: dict[str, str] = {}


class LimitRange(NamespacedObject, kw_only=True):
    limits: list[LimitRangeItem] = []


class ServiceAccount(NamespacedObject, kw_only=True):
    secrets: list[str] = []
    image_pull_secrets: list[str] = []
    automount_token: bool | None = None


class PersistentVolume(ClusterObject, kw_only=True):
    capacity_bytes: int = 0
    access_modes: list[str] = []
    reclaim_policy: str = ""
    phase: str = ""
    claim: str = ""  # namespace/name of the bound claim
    storage_class: str = ""
    volume_mode: str = ""
    source: str = ""  # csi:<driver> | hostPath | nfs | local | …
    reason: str = ""


class PersistentVolumeClaim(NamespacedObject, kw_only=True):
    phase: str = "Pending"
    volume_name: str = ""
    capacity_bytes: int = 0  # status.capacity.storage, once bound
    request_bytes: int = 0
    access_modes: list[str] = []
    storage_class: str = ""
    volume_mode: str = ""


class StorageClass(ClusterObject, kw_only=True):
    provisioner: str = ""
    reclaim_policy: str = "Delete"
    volume_binding_mode: str = "Immediate"
    allow_volume_expansion: bool = False
    is_default: bool = False
    parameters: dict[str, str] = {}
