"""The Kubernetes JSON we decode: only the fields the converters read.

msgspec skips every other field while parsing, which is what makes decoding a 150k-pod LIST
cheap (STACK.md). Names mirror the API's camelCase exactly.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

ItemT = TypeVar("ItemT")


class OwnerReference(msgspec.Struct, gc=False):
    kind: str = ""
    name: str = ""
    uid: str = ""
    controller: bool = False


class ObjectMeta(msgspec.Struct, gc=False):
    name: str = ""
    namespace: str = ""
    uid: str = ""
    resourceVersion: str = ""  # noqa: N815 - API field name
    creationTimestamp: str | None = None  # noqa: N815
    deletionTimestamp: str | None = None  # noqa: N815
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    generation: int = 0
    ownerReferences: list[OwnerReference] | None = None  # noqa: N815


class ListMeta(msgspec.Struct, gc=False):
    resourceVersion: str = ""  # noqa: N815
    # `continue` is a Python keyword.
    continue_: str | None = msgspec.field(default=None, name="continue")


IntOrString = int | str


class HTTPGetAction(msgspec.Struct, gc=False):
    path: str = ""
    port: IntOrString = ""
    host: str = ""
    scheme: str = ""


class PortAction(msgspec.Struct, gc=False):
    """tcpSocket and grpc probes."""

    port: IntOrString = ""
    host: str = ""
    service: str | None = None


class ExecAction(msgspec.Struct, gc=False):
    command: list[str] = []


class Probe(msgspec.Struct, gc=False):
    httpGet: HTTPGetAction | None = None  # noqa: N815
    tcpSocket: PortAction | None = None  # noqa: N815
    grpc: PortAction | None = None
    exec: ExecAction | None = None


class Resources(msgspec.Struct, gc=False):
    requests: dict[str, str] = {}
    limits: dict[str, str] = {}


class KeyRef(msgspec.Struct, gc=False):
    """secretKeyRef / configMapKeyRef: only where a value lives, never the value."""

    name: str = ""
    key: str = ""


class FieldRef(msgspec.Struct, gc=False):
    fieldPath: str = ""  # noqa: N815


class ResourceFieldRef(msgspec.Struct, gc=False):
    resource: str = ""


class EnvVarSource(msgspec.Struct, gc=False):
    secretKeyRef: KeyRef | None = None  # noqa: N815
    configMapKeyRef: KeyRef | None = None  # noqa: N815
    fieldRef: FieldRef | None = None  # noqa: N815
    resourceFieldRef: ResourceFieldRef | None = None  # noqa: N815


class EnvVar(msgspec.Struct, gc=False):
    """`value` is deliberately not declared: msgspec skips it while parsing."""

    name: str = ""
    valueFrom: EnvVarSource | None = None  # noqa: N815


class NameRef(msgspec.Struct, gc=False):
    name: str = ""


class EnvFromSource(msgspec.Struct, gc=False):
    secretRef: NameRef | None = None  # noqa: N815
    configMapRef: NameRef | None = None  # noqa: N815


class ContainerPort(msgspec.Struct, gc=False):
    name: str = ""
    containerPort: int = 0  # noqa: N815
    protocol: str = "TCP"


class Container(msgspec.Struct, gc=False):
    name: str = ""
    image: str = ""
    ports: list[ContainerPort] = []
    resources: Resources | None = None
    env: list[EnvVar] = []
    envFrom: list[EnvFromSource] = []  # noqa: N815
    livenessProbe: Probe | None = None  # noqa: N815
    readinessProbe: Probe | None = None  # noqa: N815
    startupProbe: Probe | None = None  # noqa: N815


class SecretVolumeSource(msgspec.Struct, gc=False):
    secretName: str = ""  # noqa: N815


class ClaimVolumeSource(msgspec.Struct, gc=False):
    claimName: str = ""  # noqa: N815


class PathSource(msgspec.Struct, gc=False):
    path: str = ""
    server: str = ""


class CSISource(msgspec.Struct, gc=False):
    driver: str = ""


class Volume(msgspec.Struct, gc=False):
    """The volume sources AtlHyper names; any other source shows as its type only."""

    name: str = ""
    configMap: NameRef | None = None  # noqa: N815
    secret: SecretVolumeSource | None = None
    persistentVolumeClaim: ClaimVolumeSource | None = None  # noqa: N815
    emptyDir: dict[str, object] | None = None  # noqa: N815
    hostPath: PathSource | None = None  # noqa: N815
    nfs: PathSource | None = None
    projected: dict[str, object] | None = None
    downwardAPI: dict[str, object] | None = None  # noqa: N815
    csi: CSISource | None = None
    ephemeral: dict[str, object] | None = None


class StateWaiting(msgspec.Struct, gc=False):
    reason: str = ""


class StateTerminated(msgspec.Struct, gc=False):
    reason: str = ""
    exitCode: int = 0  # noqa: N815
    signal: int = 0


class ContainerState(msgspec.Struct, gc=False):
    running: dict[str, str] | None = None
    waiting: StateWaiting | None = None
    terminated: StateTerminated | None = None


class ContainerStatus(msgspec.Struct, gc=False):
    name: str = ""
    image: str = ""
    ready: bool = False
    restartCount: int = 0  # noqa: N815
    state: ContainerState | None = None
    lastState: ContainerState | None = None  # noqa: N815


class Condition(msgspec.Struct, gc=False):
    type: str = ""
    status: str = ""
    reason: str = ""
    message: str = ""
    lastTransitionTime: str | None = None  # noqa: N815


class PodSpec(msgspec.Struct, gc=False):
    nodeName: str = ""  # noqa: N815
    serviceAccountName: str = ""  # noqa: N815
    nodeSelector: dict[str, str] | None = None  # noqa: N815
    containers: list[Container] = []
    initContainers: list[Container] = []  # noqa: N815
    volumes: list[Volume] = []


class PodStatus(msgspec.Struct, gc=False):
    phase: str = ""
    reason: str = ""
    podIP: str = ""  # noqa: N815
    hostIP: str = ""  # noqa: N815
    qosClass: str = ""  # noqa: N815
    conditions: list[Condition] = []
    containerStatuses: list[ContainerStatus] = []  # noqa: N815
    initContainerStatuses: list[ContainerStatus] = []  # noqa: N815


class Pod(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: PodSpec = msgspec.field(default_factory=PodSpec)
    status: PodStatus = msgspec.field(default_factory=PodStatus)


class Taint(msgspec.Struct, gc=False):
    key: str = ""
    value: str = ""
    effect: str = ""


class NodeSpec(msgspec.Struct, gc=False):
    unschedulable: bool = False
    taints: list[Taint] = []


class NodeAddress(msgspec.Struct, gc=False):
    type: str = ""
    address: str = ""


class NodeSystemInfo(msgspec.Struct, gc=False):
    kubeletVersion: str = ""  # noqa: N815
    osImage: str = ""  # noqa: N815


class NodeStatus(msgspec.Struct, gc=False):
    conditions: list[Condition] = []
    addresses: list[NodeAddress] = []
    capacity: dict[str, str] = {}
    allocatable: dict[str, str] = {}
    nodeInfo: NodeSystemInfo = msgspec.field(default_factory=NodeSystemInfo)  # noqa: N815


class Node(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: NodeSpec = msgspec.field(default_factory=NodeSpec)
    status: NodeStatus = msgspec.field(default_factory=NodeStatus)


class NamespaceStatus(msgspec.Struct, gc=False):
    phase: str = ""
    conditions: list[Condition] = []


class Namespace(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    status: NamespaceStatus = msgspec.field(default_factory=NamespaceStatus)


class WatchEvent(msgspec.Struct, gc=False):
    """One line of a watch stream; `object` is decoded once its type is known."""

    type: str
    object: msgspec.Raw


class StatusDetails(msgspec.Struct, gc=False):
    name: str = ""
    kind: str = ""


class Status(msgspec.Struct, gc=False):
    """The API server's error body (kind: Status)."""

    code: int = 0
    reason: str = ""
    message: str = ""


class BookmarkMeta(msgspec.Struct, gc=False):
    resourceVersion: str = ""  # noqa: N815


class Bookmark(msgspec.Struct, gc=False):
    metadata: BookmarkMeta = msgspec.field(default_factory=BookmarkMeta)


class ObjectList(msgspec.Struct, Generic[ItemT], gc=False):
    metadata: ListMeta = msgspec.field(default_factory=ListMeta)
    items: list[ItemT] = []
