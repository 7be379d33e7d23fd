"""Realistic object shapes: what a kubeadm-style cluster's nodes, namespaces and pods look like.

The Agent and the UI compute columns from these fields (conditions, addresses, capacity,
containerStatuses, qosClass), so they carry what a real kubelet and scheduler would have written.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from atlhyper.sim.cluster import random_uid
from atlhyper.sim.validation import namespace_defaults

Obj = dict[str, Any]

KUBE_VERSION = "v1.32.4"
OS_IMAGE = "Debian GNU/Linux 12 (bookworm)"
KERNEL = "6.1.0-28-amd64"
RUNTIME = "containerd://1.7.24"
NODE_POD_CAPACITY = 110


def node_ip(index: int) -> str:
    return f"172.18.{index // 250}.{index % 250 + 2}"


def pod_cidr(index: int) -> str:
    """A /24 per node inside 10.64.0.0/10, so 5,000 nodes still get distinct ranges."""
    return f"10.{64 + index // 256}.{index % 256}.0/24"


def pod_ip_in(cidr: str, host: int) -> str:
    base = cidr.split("/", 1)[0].rsplit(".", 1)[0]
    return f"{base}.{host % 252 + 2}"


def node_object(
    index: int, name: str, control_plane: bool, created: str, rng: random.Random
) -> Obj:
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "topology.kubernetes.io/zone": f"zone-{'abc'[index % 3]}",
    }
    spec: Obj = {"podCIDR": pod_cidr(index), "podCIDRs": [pod_cidr(index)]}
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        spec["taints"] = [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    cpu, memory_ki = (4, 16_331_252) if control_plane else (8, 32_857_804)
    capacity = {
        "cpu": str(cpu),
        "ephemeral-storage": "102626232Ki",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        "memory": f"{memory_ki}Ki",
        "pods": str(NODE_POD_CAPACITY),
    }
    allocatable = {**capacity, "memory": f"{memory_ki - 102_400}Ki"}
    condition_rows = (
        (
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    )
    return {
        "kind": "Node",
        "apiVersion": "v1",
        "metadata": {
            "name": name,
            "uid": random_uid(rng),
            "creationTimestamp": created,
            "labels": labels,
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": spec,
        "status": {
            "capacity": capacity,
            "allocatable": allocatable,
            "conditions": [
                {
                    "type": kind,
                    "status": status,
                    "lastHeartbeatTime": created,
                    "lastTransitionTime": created,
                    "reason": reason,
                    "message": message,
                }
                for kind, status, reason, message in condition_rows
            ],
            "addresses": [
                {"type": "InternalIP", "address": node_ip(index)},
                {"type": "Hostname", "address": name},
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "machineID": _hex(rng, 32),
                "systemUUID": random_uid(rng),
                "bootID": random_uid(rng),
                "kernelVersion": KERNEL,
                "osImage": OS_IMAGE,
                "containerRuntimeVersion": RUNTIME,
                "kubeletVersion": KUBE_VERSION,
                "kubeProxyVersion": KUBE_VERSION,
                "operatingSystem": "linux",
                "architecture": "amd64",
            },
        },
    }


def namespace_object(name: str, created: str, rng: random.Random) -> Obj:
    obj: Obj = {
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": {"name": name, "uid": random_uid(rng), "creationTimestamp": created},
    }
    namespace_defaults(obj)
    return obj


def scheduled(obj: Obj, node_name: str, when: str) -> None:
    """What the scheduler's binding leaves on a pod."""
    obj["spec"]["nodeName"] = node_name
    status = obj.setdefault("status", {})
    status["conditions"] = [_condition("PodScheduled", "True", when)]


def unschedulable(obj: Obj, message: str, when: str) -> None:
    status = obj.setdefault("status", {})
    status["phase"] = "Pending"
    status["conditions"] = [
        {**_condition("PodScheduled", "False", when), "reason": "Unschedulable", "message": message}
    ]


def running(obj: Obj, host_ip: str, pod_ip: str, started: str, rng: random.Random) -> None:
    """What the kubelet reports once every container is up and ready."""
    spec = obj["spec"]
    status = obj.setdefault("status", {})
    status.update(
        {
            "phase": "Running",
            "conditions": [
                _condition(kind, "True", started)
                for kind in (
                    "PodReadyToStartContainers",
                    "Initialized",
                    "Ready",
                    "ContainersReady",
                    "PodScheduled",
                )
            ],
            "hostIP": host_ip,
            "hostIPs": [{"ip": host_ip}],
            "podIP": pod_ip,
            "podIPs": [{"ip": pod_ip}],
            "startTime": started,
            "containerStatuses": [
                {
                    "name": c["name"],
                    "state": {"running": {"startedAt": started}},
                    "lastState": {},
                    "ready": True,
                    "restartCount": 0,
                    "image": qualified_image(c["image"]),
                    "imageID": image_id(c["image"]),
                    "containerID": "containerd://" + _hex(rng, 64),
                    "started": True,
                }
                for c in spec.get("containers", [])
            ],
        }
    )
    if spec.get("initContainers"):
        status["initContainerStatuses"] = [
            {
                "name": c["name"],
                "state": {
                    "terminated": {
                        "exitCode": 0,
                        "reason": "Completed",
                        "startedAt": started,
                        "finishedAt": started,
                    }
                },
                "lastState": {},
                "ready": True,
                "restartCount": 0,
                "image": qualified_image(c["image"]),
                "started": False,
            }
            for c in spec["initContainers"]
        ]
    status.setdefault("qosClass", "BestEffort")


def _condition(kind: str, status: str, when: str) -> Obj:
    return {"type": kind, "status": status, "lastProbeTime": None, "lastTransitionTime": when}


def qualified_image(image: str) -> str:
    """The image reference as containerd reports it (`nginx` → `docker.io/library/nginx:latest`)."""
    name, tag = image, "latest"
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = image.rsplit(":", 1)
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = f"docker.io/library/{name}"
    elif "." not in first and ":" not in first and first != "localhost":
        name = f"docker.io/{name}"
    return f"{name}:{tag}"


def image_id(image: str) -> str:
    """The digest reference containerd reports for an image (stable per image)."""
    name = qualified_image(image).rsplit(":", 1)[0]
    return f"{name}@sha256:{hashlib.sha256(image.encode()).hexdigest()}"


def _hex(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"
