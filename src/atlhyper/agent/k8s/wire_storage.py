"""Wire structs for configuration and storage kinds.

ConfigMap and Secret `data` maps are declared as `msgspec.Raw` values: msgspec records where each
value sits in the input buffer without parsing or copying it, and the converter keeps only the
keys. A Secret's value is therefore never turned into a Python string anywhere in the Agent.
"""

from __future__ import annotations

import msgspec

from atlhyper.agent.k8s.wire import NameRef, ObjectMeta


class ConfigMap(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    data: dict[str, msgspec.Raw] | None = None
    binaryData: dict[str, msgspec.Raw] | None = None  # noqa: N815
    immutable: bool = False


class Secret(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    type: str = "Opaque"
    data: dict[str, msgspec.Raw] | None = None
    immutable: bool = False


class ResourceQuotaSpec(msgspec.Struct, gc=False):
    hard: dict[str, str] = {}


class ResourceQuotaStatus(msgspec.Struct, gc=False):
    hard: dict[str, str] = {}
    used: dict[str, str] = {}


class ResourceQuota(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: ResourceQuotaSpec = msgspec.field(default_factory=ResourceQuotaSpec)
    status: ResourceQuotaStatus = msgspec.field(default_factory=ResourceQuotaStatus)


class LimitRangeItem(msgspec.Struct, gc=False):
    type: str = ""
    max: dict[str, str] = {}
    min: dict[str, str] = {}
    default: dict[str, str] = {}
    defaultRequest: dict[str, str] = {}  # noqa: N815


class LimitRangeSpec(msgspec.Struct, gc=False):
    limits: list[LimitRangeItem] = []


class LimitRange(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: LimitRangeSpec = msgspec.field(default_factory=LimitRangeSpec)


class ServiceAccount(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    secrets: list[NameRef] = []
    imagePullSecrets: list[NameRef] = []  # noqa: N815
    automountServiceAccountToken: bool | None = None  # noqa: N815


class ClaimRef(msgspec.Struct, gc=False):
    namespace: str = ""
    name: str = ""


class CSIVolume(msgspec.Struct, gc=False):
    driver: str = ""


class PersistentVolumeSpec(msgspec.Struct, gc=False):
    capacity: dict[str, str] = {}
    accessModes: list[str] = []  # noqa: N815
    persistentVolumeReclaimPolicy: str = ""  # noqa: N815
    storageClassName: str = ""  # noqa: N815
    volumeMode: str = ""  # noqa: N815
    claimRef: ClaimRef | None = None  # noqa: N815
    csi: CSIVolume | None = None
    hostPath: dict[str, object] | None = None  # noqa: N815
    local: dict[str, object] | None = None
    nfs: dict[str, object] | None = None


class PersistentVolumeStatus(msgspec.Struct, gc=False):
    phase: str = ""
    reason: str = ""


class PersistentVolume(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: PersistentVolumeSpec = msgspec.field(default_factory=PersistentVolumeSpec)
    status: PersistentVolumeStatus = msgspec.field(default_factory=PersistentVolumeStatus)


class ClaimResources(msgspec.Struct, gc=False):
    requests: dict[str, str] = {}


class PersistentVolumeClaimSpec(msgspec.Struct, gc=False):
    accessModes: list[str] = []  # noqa: N815
    storageClassName: str | None = None  # noqa: N815
    volumeName: str = ""  # noqa: N815
    volumeMode: str = ""  # noqa: N815
    resources: ClaimResources = msgspec.field(default_factory=ClaimResources)


class PersistentVolumeClaimStatus(msgspec.Struct, gc=False):
    phase: str = ""
    capacity: dict[str, str] = {}


class PersistentVolumeClaim(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: PersistentVolumeClaimSpec = msgspec.field(default_factory=PersistentVolumeClaimSpec)
    status: PersistentVolumeClaimStatus = msgspec.field(default_factory=PersistentVolumeClaimStatus)


class StorageClass(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    provisioner: str = ""
    reclaimPolicy: str = "Delete"  # noqa: N815
    volumeBindingMode: str = "Immediate"  # noqa: N815
    allowVolumeExpansion: bool = False  # noqa: N815
    parameters: dict[str, str] | None = None
