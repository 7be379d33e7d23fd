"""Converters: raw API JSON → compact models, with kubectl's STATUS column."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from atlhyper.agent.k8s import convert, wire


def _pod(status: dict[str, Any], **extra: Any) -> wire.Pod:
    body = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web-1",
            "namespace": "shop",
            "uid": "u-1",
            "resourceVersion": "42",
            "creationTimestamp": "2026-01-02T03:04:05Z",
            "labels": {"app": "web"},
            "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc", "controller": True}],
            "managedFields": [{"manager": "kubectl"}],
        },
        "spec": {"nodeName": "node-1", "containers": [{"name": "app", "image": "nginx:1.27"}]},
        "status": status,
        **extra,
    }
    return msgspec.json.decode(msgspec.json.encode(body), type=wire.Pod)


def _running(ready: bool = True, restarts: int = 0) -> dict[str, Any]:
    return {
        "name": "app",
        "image": "nginx:1.27",
        "ready": ready,
        "restartCount": restarts,
        "state": {"running": {"startedAt": "2026-01-02T03:04:06Z"}},
    }


def test_running_pod_fields() -> None:
    pod = convert.pod(
        _pod(
            {
                "phase": "Running",
                "podIP": "10.0.0.5",
                "hostIP": "192.168.1.10",
                "qosClass": "BestEffort",
                "containerStatuses": [_running(restarts=2)],
            }
        )
    )
    assert (pod.name, pod.namespace, pod.uid, pod.resource_version) == (
        "web-1",
        "shop",
        "u-1",
        "42",
    )
    assert pod.status == "Running"
    assert (pod.ready_containers, pod.total_containers, pod.restarts) == (1, 1, 2)
    assert (pod.pod_ip, pod.host_ip, pod.node_name) == ("10.0.0.5", "192.168.1.10", "node-1")
    assert (pod.owner_kind, pod.owner_name) == ("ReplicaSet", "web-abc")
    assert pod.containers[0].state == "running"
    assert pod.labels == {"app": "web"}


def test_crashloop_shows_waiting_reason_and_last_termination() -> None:
    status = {
        "phase": "Running",
        "containerStatuses": [
            {
                "name": "app",
                "ready": False,
                "restartCount": 7,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"reason": "Error", "exitCode": 1}},
            }
        ],
    }
    pod = convert.pod(_pod(status))
    assert pod.status == "CrashLoopBackOff"
    assert pod.restarts == 7
    assert pod.containers[0].last_termination_reason == "Error"


def test_oomkilled_terminated_container() -> None:
    status = {
        "phase": "Running",
        "containerStatuses": [
            {"name": "app", "state": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}
        ],
    }
    assert convert.pod(_pod(status)).status == "OOMKilled"


def test_exit_code_without_reason() -> None:
    status = {
        "phase": "Running",
        "containerStatuses": [{"name": "app", "state": {"terminated": {"exitCode": 3}}}],
    }
    assert convert.pod(_pod(status)).status == "ExitCode:3"


@pytest.mark.parametrize(
    ("init_state", "expected"),
    [
        ({"waiting": {"reason": "PodInitializing"}}, "Init:0/1"),
        ({"waiting": {"reason": "ImagePullBackOff"}}, "Init:ImagePullBackOff"),
        ({"terminated": {"exitCode": 2}}, "Init:ExitCode:2"),
    ],
)
def test_init_container_status(init_state: dict[str, Any], expected: str) -> None:
    pod = _pod(
        {"phase": "Pending", "initContainerStatuses": [{"name": "init", "state": init_state}]}
    )
    pod.spec.initContainers = [wire.Container(name="init", image="busybox")]
    assert convert.pod_display_status(pod) == expected


def test_terminating_pod() -> None:
    pod = _pod({"phase": "Running", "containerStatuses": [_running()]})
    pod.metadata.deletionTimestamp = "2026-01-02T03:05:00Z"
    converted = convert.pod(pod)
    assert converted.status == "Terminating"
    assert converted.deleting


def test_status_reason_wins_over_phase() -> None:
    assert convert.pod(_pod({"phase": "Failed", "reason": "Evicted"})).status == "Evicted"


def test_unreported_containers_still_listed() -> None:
    pod = convert.pod(_pod({"phase": "Pending"}))
    assert [(c.name, c.image, c.state) for c in pod.containers] == [
        ("app", "nginx:1.27", "waiting")
    ]
    assert pod.status == "Pending"


def test_node_conversion() -> None:
    body = {
        "metadata": {
            "name": "node-1",
            "uid": "n-1",
            "resourceVersion": "7",
            "labels": {
                "node-role.kubernetes.io/control-plane": "",
                "kubernetes.io/hostname": "node-1",
            },
        },
        "spec": {"unschedulable": True, "taints": [{"key": "k", "effect": "NoSchedule"}]},
        "status": {
            "conditions": [
                {"type": "MemoryPressure", "status": "False"},
                {"type": "Ready", "status": "True"},
            ],
            "addresses": [
                {"type": "Hostname", "address": "node-1"},
                {"type": "InternalIP", "address": "10.1.0.1"},
            ],
            "capacity": {"cpu": "4", "memory": "16Gi", "pods": "110"},
            "allocatable": {"cpu": "3800m", "memory": "15Gi"},
            "nodeInfo": {"kubeletVersion": "v1.31.2", "osImage": "Debian 12"},
        },
    }
    node = convert.node(msgspec.json.decode(msgspec.json.encode(body), type=wire.Node))
    assert node.roles == ["control-plane"]
    assert node.ready == "True"
    assert node.unschedulable
    assert node.internal_ip == "10.1.0.1"
    assert node.cpu_capacity_millicores == 4000
    assert node.cpu_allocatable_millicores == 3800
    assert node.memory_capacity_bytes == 16 * 1024**3
    assert node.pods_capacity == 110
    assert node.taints[0].key == "k"
    assert [(c.type, c.status) for c in node.conditions] == [
        ("MemoryPressure", "False"),
        ("Ready", "True"),
    ]


def test_namespace_conversion() -> None:
    body = {"metadata": {"name": "shop", "uid": "ns-1"}, "status": {"phase": "Terminating"}}
    ns = convert.namespace(msgspec.json.decode(msgspec.json.encode(body), type=wire.Namespace))
    assert (ns.name, ns.phase) == ("shop", "Terminating")
    assert ns.conditions == []
    body["status"]["conditions"] = [
        {"type": "NamespaceContentRemaining", "status": "True", "reason": "SomeResourcesRemain"}
    ]
    ns = convert.namespace(msgspec.json.decode(msgspec.json.encode(body), type=wire.Namespace))
    assert [(c.type, c.reason) for c in ns.conditions] == [
        ("NamespaceContentRemaining", "SomeResourcesRemain")
    ]


def test_pod_conditions_and_container_ports() -> None:
    when = "2026-01-02T03:04:06Z"
    body = _pod(
        {
            "phase": "Running",
            "conditions": [
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": when},
                {"type": "Initialized", "status": "True", "lastTransitionTime": when},
                {
                    "type": "ContainersReady",
                    "status": "False",
                    "reason": "ContainersNotReady",
                    "message": "containers with unready status: [app]",
                },
                {"type": "Ready", "status": "False", "reason": "ContainersNotReady"},
            ],
            "containerStatuses": [_running(ready=False)],
        }
    )
    body.spec.containers[0].ports = [
        wire.ContainerPort(name="http", containerPort=8080),
        wire.ContainerPort(containerPort=9090, protocol="UDP"),
    ]
    pod = convert.pod(body)
    assert [(c.type, c.status, c.reason, c.last_transition) for c in pod.conditions] == [
        ("PodScheduled", "True", "", when),
        ("Initialized", "True", "", when),
        ("ContainersReady", "False", "ContainersNotReady", ""),
        ("Ready", "False", "ContainersNotReady", ""),
    ]
    assert pod.conditions[2].message == "containers with unready status: [app]"
    ports = pod.containers[0].ports
    assert [(p.name, p.container_port, p.protocol) for p in ports] == [
        ("http", 8080, "TCP"),
        ("", 9090, "UDP"),
    ]
    wire_json = msgspec.json.encode(pod).decode()
    assert '"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}' in wire_json


def test_annotations_are_kept_within_bounds() -> None:
    huge = "x" * 5000
    raw = {
        "kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Pod"}',
        "control-plane.alpha.kubernetes.io/leader": '{"holderIdentity":"a"}',
        "prometheus.io/scrape": "true",
        "example.com/huge": huge,
        "example.com/exact": "y" * convert.ANNOTATION_VALUE_MAX,
    }
    pod = convert.pod(_pod({"phase": "Running"}, metadata={"name": "p", "annotations": raw}))
    kept = pod.annotations
    assert set(kept) == {"prometheus.io/scrape", "example.com/huge", "example.com/exact"}
    assert kept["prometheus.io/scrape"] == "true"
    assert len(kept["example.com/huge"]) == convert.ANNOTATION_VALUE_MAX
    assert kept["example.com/huge"].endswith(convert.ELLIPSIS)
    assert kept["example.com/huge"].startswith("x" * 1000)
    assert kept["example.com/exact"] == raw["example.com/exact"]  # at the cap: kept whole


def test_annotation_count_is_capped_by_sorted_key() -> None:
    raw = {f"example.com/a{i:03d}": str(i) for i in range(200)}
    kept = convert.bounded_annotations(raw)
    assert len(kept) == convert.ANNOTATION_COUNT_MAX
    assert sorted(kept) == [f"example.com/a{i:03d}" for i in range(convert.ANNOTATION_COUNT_MAX)]
    assert convert.bounded_annotations(None) == {}
    assert convert.bounded_annotations({}) == {}
