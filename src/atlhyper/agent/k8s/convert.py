"""Kubernetes API objects (wire structs) → AtlHyper's compact models: pods, nodes, namespaces,
and the helpers every converter shares (metadata, owners, pod templates)."""

from __future__ import annotations

from sys import intern
from typing import Any

from atlhyper.agent.k8s import wire
from atlhyper.agent.k8s.quantity import count, millicores
from atlhyper.model import (
    Condition,
    ContainerInfo,
    ContainerPort,
    EnvVar,
    Namespace,
    Node,
    NodeTaint,
    OwnerRef,
    Pod,
    Probe,
    Volume,
)

_ROLE_PREFIX = "node-role.kubernetes.io/"

ANNOTATION_VALUE_MAX = 1024
ANNOTATION_COUNT_MAX = 64
ELLIPSIS = "…"
_INTERNED_MAX = 64
DROPPED_ANNOTATIONS = frozenset(
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        "control-plane.alpha.kubernetes.io/leader",
    }
)


def _bounded(value: str) -> str:
    if len(value) <= _INTERNED_MAX:
        return intern(value)
    if len(value) <= ANNOTATION_VALUE_MAX:
        return value
    return value[: ANNOTATION_VALUE_MAX - len(ELLIPSIS)] + ELLIPSIS


def bounded_annotations(raw: dict[str, str] | None) -> dict[str, str]:
    """The annotations a compact object keeps, within the bounds `model.meta` documents.

    Keys and short values are interned: 150k pods repeat the same few keys and values, and one
    shared string instead of 150k copies is megabytes in the Agent's and the Master's caches.
    """
    if not raw:
        return {}
    kept = {
        intern(key): _bounded(value) for key, value in raw.items() if key not in DROPPED_ANNOTATIONS
    }
    if len(kept) > ANNOTATION_COUNT_MAX:
        kept = {key: kept[key] for key in sorted(kept)[:ANNOTATION_COUNT_MAX]}
    return kept


def meta_fields(meta: wire.ObjectMeta, namespaced: bool = True) -> dict[str, Any]:
    """The ClusterObject / NamespacedObject fields of any kind."""
    fields: dict[str, Any] = {
        "uid": meta.uid,
        "name": meta.name,
        "resource_version": meta.resourceVersion,
        "created_at": meta.creationTimestamp or "",
        "labels": meta.labels or {},
        "annotations": bounded_annotations(meta.annotations),
        "owners": [
            OwnerRef(kind=o.kind, name=o.name, uid=o.uid, controller=o.controller)
            for o in meta.ownerReferences or ()
        ],
    }
    if namespaced:
        fields["namespace"] = meta.namespace
    return fields


def conditions(items: list[wire.Condition]) -> list[Condition]:
    """Interned: types, statuses and reasons repeat across every pod, and an object's conditions
    often share one transition time."""
    return [
        Condition(
            type=intern(c.type),
            status=intern(c.status),
            reason=intern(c.reason),
            message=intern(c.message) if len(c.message) <= _INTERNED_MAX else c.message,
            last_transition=intern(c.lastTransitionTime or ""),
        )
        for c in items
    ]


def images(spec: wire.PodSpec) -> list[str]:
    return [c.image for c in spec.containers]


def _port(port: wire.IntOrString) -> str:
    return f":{port}" if port != "" else ""


def _probe(kind: str, probe: wire.Probe | None) -> list[Probe]:
    if probe is None:
        return []
    if probe.httpGet is not None:
        get = probe.httpGet
        scheme = get.scheme or "HTTP"
        return [Probe(kind, "httpGet", f"{scheme} GET {get.host}{_port(get.port)}{get.path}")]
    if probe.tcpSocket is not None:
        return [
            Probe(kind, "tcpSocket", f"TCP {probe.tcpSocket.host}{_port(probe.tcpSocket.port)}")
        ]
    if probe.grpc is not None:
        service = f" {probe.grpc.service}" if probe.grpc.service else ""
        return [Probe(kind, "grpc", f"gRPC {_port(probe.grpc.port)}{service}")]
    if probe.exec is not None:
        return [Probe(kind, "exec", " ".join(probe.exec.command))]
    return [Probe(kind, "unknown")]


def _env(var: wire.EnvVar) -> EnvVar:
    source = var.valueFrom
    if source is None:
        return EnvVar(var.name)
    if source.secretKeyRef is not None:
        return EnvVar(var.name, "secret", source.secretKeyRef.name, source.secretKeyRef.key)
    if source.configMapKeyRef is not None:
        ref = source.configMapKeyRef
        return EnvVar(var.name, "configMap", ref.name, ref.key)
    if source.fieldRef is not None:
        return EnvVar(var.name, "field", "", source.fieldRef.fieldPath)
    if source.resourceFieldRef is not None:
        return EnvVar(var.name, "resource", "", source.resourceFieldRef.resource)
    return EnvVar(var.name, "unknown")


def _env_from(item: wire.EnvFromSource) -> str:
    if item.secretRef is not None:
        return f"secret:{item.secretRef.name}"
    if item.configMapRef is not None:
        return f"configMap:{item.configMapRef.name}"
    return "unknown"


def _volume(volume: wire.Volume) -> Volume:
    if volume.configMap is not None:
        return Volume(volume.name, "configMap", volume.configMap.name)
    if volume.secret is not None:
        return Volume(volume.name, "secret", volume.secret.secretName)
    if volume.persistentVolumeClaim is not None:
        return Volume(volume.name, "persistentVolumeClaim", volume.persistentVolumeClaim.claimName)
    if volume.hostPath is not None:
        return Volume(volume.name, "hostPath", volume.hostPath.path)
    if volume.nfs is not None:
        return Volume(volume.name, "nfs", f"{volume.nfs.server}:{volume.nfs.path}")
    if volume.csi is not None:
        return Volume(volume.name, "csi", volume.csi.driver)
    for kind in ("emptyDir", "projected", "downwardAPI", "ephemeral"):
        if getattr(volume, kind) is not None:
            return Volume(volume.name, kind)
    return Volume(volume.name, "other")


def _container(
    spec: wire.Container, status: wire.ContainerStatus | None, init: bool
) -> ContainerInfo:
    resources = spec.resources or wire.Resources()
    spec_fields: dict[str, Any] = {
        "name": spec.name,
        "image": spec.image,
        "init": init,
        "cpu_request_millicores": millicores(resources.requests.get("cpu")),
        "cpu_limit_millicores": millicores(resources.limits.get("cpu")),
        "memory_request_bytes": count(resources.requests.get("memory")),
        "memory_limit_bytes": count(resources.limits.get("memory")),
        "probes": _probe("liveness", spec.livenessProbe)
        + _probe("readiness", spec.readinessProbe)
        + _probe("startup", spec.startupProbe),
        "env": [_env(var) for var in spec.env],
        "env_from": [_env_from(item) for item in spec.envFrom],
        "ports": [
            ContainerPort(intern(p.name), p.containerPort, intern(p.protocol)) for p in spec.ports
        ],
    }
    if status is None:
        return ContainerInfo(**spec_fields)
    state = status.state or wire.ContainerState()
    if state.running is not None:
        current, reason = "running", ""
    elif state.terminated is not None:
        current, reason = "terminated", state.terminated.reason
    else:
        current, reason = "waiting", state.waiting.reason if state.waiting else ""
    last = status.lastState.terminated if status.lastState else None
    spec_fields["image"] = status.image or spec.image
    return ContainerInfo(
        **spec_fields,
        ready=status.ready,
        restart_count=status.restartCount,
        state=current,
        reason=reason,
        last_termination_reason=last.reason if last else "",
    )


def _terminated_reason(terminated: wire.StateTerminated) -> str:
    if terminated.reason:
        return terminated.reason
    if terminated.signal:
        return f"Signal:{terminated.signal}"
    return f"ExitCode:{terminated.exitCode}"


def pod_display_status(pod: wire.Pod) -> str:
    """The STATUS column of `kubectl get pods`, computed the way kubectl computes it."""
    status = pod.status
    reason = status.reason or status.phase or "Pending"
    initializing = False
    init_total = len(pod.spec.initContainers)
    for index, init in enumerate(status.initContainerStatuses):
        state = init.state or wire.ContainerState()
        if state.terminated is not None and state.terminated.exitCode == 0:
            continue
        initializing = True
        if state.terminated is not None:
            reason = "Init:" + _terminated_reason(state.terminated)
        elif state.waiting is not None and state.waiting.reason not in ("", "PodInitializing"):
            reason = "Init:" + state.waiting.reason
        else:
            reason = f"Init:{index}/{init_total}"
        break
    if not initializing:
        has_running = False
        for container in reversed(status.containerStatuses):
            state = container.state or wire.ContainerState()
            if state.waiting is not None and state.waiting.reason:
                reason = state.waiting.reason
            elif state.terminated is not None:
                reason = _terminated_reason(state.terminated)
            elif container.ready and state.running is not None:
                has_running = True
        if reason == "Completed" and has_running:
            ready = any(c.type == "Ready" and c.status == "True" for c in status.conditions)
            reason = "Running" if ready else "NotReady"
    if pod.metadata.deletionTimestamp:
        reason = "Unknown" if status.reason == "NodeLost" else "Terminating"
    return reason


def _controller(meta: wire.ObjectMeta) -> tuple[str, str]:
    for owner in meta.ownerReferences or ():
        if owner.controller:
            return owner.kind, owner.name
    return "", ""


def template_containers(spec: wire.PodSpec) -> list[ContainerInfo]:
    """A pod template's containers (init containers first), without runtime state."""
    return [_container(c, None, init=True) for c in spec.initContainers] + [
        _container(c, None, init=False) for c in spec.containers
    ]


def volumes(spec: wire.PodSpec) -> list[Volume]:
    return [_volume(v) for v in spec.volumes]


def _containers(spec: wire.PodSpec, status: wire.PodStatus) -> list[ContainerInfo]:
    """Spec containers joined with their statuses; the kubelet may not have reported some yet."""
    init_status = {s.name: s for s in status.initContainerStatuses}
    main_status = {s.name: s for s in status.containerStatuses}
    containers = [_container(c, init_status.get(c.name), init=True) for c in spec.initContainers]
    containers += [_container(c, main_status.get(c.name), init=False) for c in spec.containers]
    known = {c.name for c in spec.initContainers} | {c.name for c in spec.containers}
    # A status without a spec entry (never in a valid pod) still belongs on the detail page.
    containers += [
        _container(wire.Container(name=s.name, image=s.image), s, init=False)
        for s in status.containerStatuses
        if s.name not in known
    ]
    return containers


def pod(obj: wire.Pod) -> Pod:
    meta, status = obj.metadata, obj.status
    owner_kind, owner_name = _controller(meta)
    return Pod(
        **meta_fields(meta),
        node_name=obj.spec.nodeName,
        phase=status.phase or "Pending",
        status=pod_display_status(obj),
        ready_containers=sum(1 for s in status.containerStatuses if s.ready),
        total_containers=len(obj.spec.containers),
        restarts=sum(s.restartCount for s in status.containerStatuses),
        pod_ip=status.podIP,
        host_ip=status.hostIP,
        qos_class=status.qosClass,
        owner_kind=owner_kind,
        owner_name=owner_name,
        deleting=meta.deletionTimestamp is not None,
        service_account=obj.spec.serviceAccountName,
        containers=_containers(obj.spec, status),
        volumes=volumes(obj.spec),
        conditions=conditions(status.conditions),
    )


def node(obj: wire.Node) -> Node:
    meta, status = obj.metadata, obj.status
    labels = meta.labels or {}
    ready = next((c.status for c in status.conditions if c.type == "Ready"), "Unknown")
    internal_ip = next((a.address for a in status.addresses if a.type == "InternalIP"), "")
    return Node(
        **meta_fields(meta, namespaced=False),
        roles=sorted(key[len(_ROLE_PREFIX) :] for key in labels if key.startswith(_ROLE_PREFIX)),
        ready=ready,
        unschedulable=obj.spec.unschedulable,
        kubelet_version=status.nodeInfo.kubeletVersion,
        os_image=status.nodeInfo.osImage,
        internal_ip=internal_ip,
        cpu_capacity_millicores=millicores(status.capacity.get("cpu")),
        memory_capacity_bytes=count(status.capacity.get("memory")),
        cpu_allocatable_millicores=millicores(status.allocatable.get("cpu")),
        memory_allocatable_bytes=count(status.allocatable.get("memory")),
        pods_capacity=count(status.capacity.get("pods")),
        taints=[NodeTaint(key=t.key, effect=t.effect, value=t.value) for t in obj.spec.taints],
        conditions=conditions(status.conditions),
    )


def namespace(obj: wire.Namespace) -> Namespace:
    meta = obj.metadata
    return Namespace(
        **meta_fields(meta, namespaced=False),
        phase=obj.status.phase or "Active",
        conditions=conditions(obj.status.conditions),
    )
