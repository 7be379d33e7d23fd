"""Controller behaviour read through real clients: StatefulSet ordinals, DaemonSet placement,
HPA status, and log streaming that follows a pod until it is deleted."""

from __future__ import annotations

import subprocess
import time
import uuid
from typing import Any

import pytest
from kubernetes import client

from tests.integration.sim.conftest import Kubectl, wait_until

pytestmark = pytest.mark.integration


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def _template(name: str, **spec: Any) -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": name}},
        "spec": {"containers": [{"name": "app", "image": "redis:7.4"}], **spec},
    }


def test_statefulset_creates_in_order_and_scales_down_from_the_top(fast_client: Any) -> None:
    apps, core = client.AppsV1Api(fast_client), client.CoreV1Api(fast_client)
    name = _name("sts")
    apps.create_namespaced_stateful_set(
        "default",
        {
            "metadata": {"name": name},
            "spec": {
                "replicas": 3,
                "serviceName": name,
                "selector": {"matchLabels": {"app": name}},
                "template": _template(name),
            },
        },
    )
    seen: list[list[str]] = []

    def all_ready() -> bool:
        pods = core.list_namespaced_pod("default", label_selector=f"app={name}").items
        seen.append(sorted(p.metadata.name for p in pods))
        status = apps.read_namespaced_stateful_set_status(name, "default").status
        return status.ready_replicas == 3

    assert wait_until(all_ready, 30, interval=0.02)
    # OrderedReady: -1 never existed before -0, nor -2 before -1.
    for names in seen:
        assert names == [f"{name}-{i}" for i in range(len(names))], names
    pod = core.read_namespaced_pod(f"{name}-2", "default")
    assert pod.metadata.labels["statefulset.kubernetes.io/pod-name"] == f"{name}-2"
    assert pod.metadata.labels["apps.kubernetes.io/pod-index"] == "2"
    assert pod.spec.hostname == f"{name}-2" and pod.spec.subdomain == name
    apps.patch_namespaced_stateful_set_scale(name, "default", {"spec": {"replicas": 1}})

    def shrunk() -> bool:
        pods = core.list_namespaced_pod("default", label_selector=f"app={name}").items
        return sorted(p.metadata.name for p in pods) == [f"{name}-0"]

    assert wait_until(shrunk, 20)
    apps.delete_namespaced_stateful_set(name, "default")


def test_daemonset_places_one_pod_per_node_it_tolerates(fast_client: Any) -> None:
    apps, core = client.AppsV1Api(fast_client), client.CoreV1Api(fast_client)
    name = _name("ds")
    apps.create_namespaced_daemon_set(
        "default",
        {
            "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": {"app": name}}, "template": _template(name)},
        },
    )

    def placed(count: int) -> bool:
        status = apps.read_namespaced_daemon_set_status(name, "default").status
        return status.number_ready == count and status.desired_number_scheduled == count

    # The control plane's NoSchedule taint keeps the pods on the two workers …
    assert wait_until(lambda: placed(2), 20)
    nodes = sorted(
        p.spec.node_name
        for p in core.list_namespaced_pod("default", label_selector=f"app={name}").items
    )
    assert nodes == ["worker-1", "worker-2"]
    # … until the template tolerates it: then every node gets one, the old pods are replaced.
    tolerate = {
        "spec": {
            "template": {
                "spec": {
                    "tolerations": [
                        {
                            "key": "node-role.kubernetes.io/control-plane",
                            "operator": "Exists",
                            "effect": "NoSchedule",
                        }
                    ]
                }
            }
        }
    }
    apps.patch_namespaced_daemon_set(name, "default", tolerate)
    assert wait_until(lambda: placed(3), 20)
    status = apps.read_namespaced_daemon_set_status(name, "default").status
    assert wait_until(
        lambda: (
            apps.read_namespaced_daemon_set_status(name, "default").status.updated_number_scheduled
            == 3
        ),
        20,
    ), status
    apps.delete_namespaced_daemon_set(name, "default")


def test_hpa_reports_metrics_and_replicas(fast_client: Any) -> None:
    autoscaling = client.AutoscalingV2Api(fast_client)

    def reported() -> bool:
        status = autoscaling.read_namespaced_horizontal_pod_autoscaler_status("web", "shop").status
        return bool(status.current_metrics)

    assert wait_until(reported, 20)
    hpa = autoscaling.read_namespaced_horizontal_pod_autoscaler("web", "shop")
    utilization = hpa.status.current_metrics[0].resource.current.average_utilization
    assert 0 < utilization < 200
    assert hpa.status.desired_replicas >= hpa.spec.min_replicas
    assert {c.type for c in hpa.status.conditions} == {
        "AbleToScale",
        "ScalingActive",
        "ScalingLimited",
    }


def test_logs_follow_until_the_pod_is_deleted(fast_kubectl: Kubectl, fast_client: Any) -> None:
    core = client.CoreV1Api(fast_client)
    name = _name("follow")
    core.create_namespaced_pod(
        "default",
        {
            "metadata": {"name": name},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
        },
    )
    assert wait_until(
        lambda: core.read_namespaced_pod(name, "default").status.phase == "Running", 10
    )
    recent = core.read_namespaced_pod_log(name, "default", since_seconds=3600)
    assert recent.splitlines()[0] == "starting nginx (image nginx:1.27)"
    follower = subprocess.Popen(
        [
            fast_kubectl.binary,
            "--kubeconfig",
            str(fast_kubectl.kubeconfig),
            "logs",
            "-f",
            name,
            "-n",
            "default",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert follower.stdout is not None
        first = follower.stdout.readline()
        assert first.startswith("starting nginx")
        started = time.monotonic()
        second = follower.stdout.readline()  # a line written after the request began
        assert '"GET /' in second and time.monotonic() - started < 10
        core.delete_namespaced_pod(name, "default")
        assert follower.wait(timeout=15) == 0  # the stream ended with the pod
    finally:
        if follower.poll() is None:
            follower.kill()
        follower.communicate()
