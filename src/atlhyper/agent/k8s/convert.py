"""Kubernetes API objects (wire structs) → AtlHyper's compact models."""

from __future__ import annotations

from atlhyper.agent.k8s import wire
from atlhyper.agent.k8s.quantity import count, millicores
from atlhyper.model import ContainerInfo, Namespace, Node, NodeTaint, Pod

_ROLE_PREFIX = "node-role.kubernetes.io/"


def _container(status: wire.ContainerStatus, init: bool) -> ContainerInfo:
    state = status.state or wire.ContainerState()
    if state.running is not None:
        current, reason = "running", ""
    elif state.terminated is not None:
        current, reason = "terminated", state.terminated.reason
    else:
        current, reason = "waiting", state.waiting.reason if state.waiting else ""
    last = status.lastState.terminated if status.lastState else None
    return ContainerInfo(
        name=status.name,
        image=status.image,
        ready=status.ready,
        restart_count=status.restartCount,
        state=current,
        reason=reason,
        last_termination_reason=last.reason if last else "",
        init=init,
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


def pod(obj: wire.Pod) -> Pod:
    meta, status = obj.metadata, obj.status
    containers = [_container(s, init=True) for s in status.initContainerStatuses]
    containers += [_container(s, init=False) for s in status.containerStatuses]
    reported = {c.name for c in containers}
    # Containers the kubelet has not reported yet still belong on the detail page.
    containers += [
        ContainerInfo(name=c.name, image=c.image)
        for c in obj.spec.containers
        if c.name not in reported
    ]
    owner_kind, owner_name = _controller(meta)
    return Pod(
        uid=meta.uid,
        name=meta.name,
        namespace=meta.namespace,
        resource_version=meta.resourceVersion,
        created_at=meta.creationTimestamp or "",
        labels=meta.labels or {},
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
        containers=containers,
    )


def node(obj: wire.Node) -> Node:
    meta, status = obj.metadata, obj.status
    labels = meta.labels or {}
    ready = next((c.status for c in status.conditions if c.type == "Ready"), "Unknown")
    internal_ip = next((a.address for a in status.addresses if a.type == "InternalIP"), "")
    return Node(
        uid=meta.uid,
        name=meta.name,
        resource_version=meta.resourceVersion,
        created_at=meta.creationTimestamp or "",
        labels=labels,
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
    )


def namespace(obj: wire.Namespace) -> Namespace:
    meta = obj.metadata
    return Namespace(
        uid=meta.uid,
        name=meta.name,
        resource_version=meta.resourceVersion,
        created_at=meta.creationTimestamp or "",
        labels=meta.labels or {},
        phase=obj.status.phase or "Active",
    )
