"""`--scenario` failure shapes, read back the way an operator would: kubectl get and describe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ProcessFactory, start_sim
from tests.integration.sim.conftest import Kubectl, rows, wait_until

pytestmark = pytest.mark.integration


def _pod(kubectl: Kubectl, namespace: str, app: str) -> str:
    return kubectl.run(
        "get",
        "pods",
        "-n",
        namespace,
        "-l",
        f"app={app}",
        "-o",
        "jsonpath={.items[0].metadata.name}",
    ).stdout


def _row(kubectl: Kubectl, namespace: str, name: str) -> list[str]:
    return rows(kubectl.run("get", "pod", name, "-n", namespace).stdout)[1]


def _seen_status(kubectl: Kubectl, namespace: str, name: str, wanted: str) -> bool:
    return _row(kubectl, namespace, name)[2] == wanted


def _pod_in(kubectl: Kubectl, namespace: str, app: str, status: str) -> str:
    """The app's pod currently showing `status` ("" when none does right now).

    Other tests drain nodes, so the app's pod may have been replaced: look at all of them.
    """
    for row in rows(kubectl.run("get", "pods", "-n", namespace, "-l", f"app={app}").stdout)[1:]:
        if row[2] == status:
            return row[0]
    return ""


def test_crashloop_shows_backoff_restarts_last_state_and_events(fast_kubectl: Kubectl) -> None:
    assert wait_until(
        lambda: bool(_pod_in(fast_kubectl, "shop", "recommendations", "CrashLoopBackOff")), 30
    )
    pod = _pod_in(fast_kubectl, "shop", "recommendations", "CrashLoopBackOff") or _pod(
        fast_kubectl, "shop", "recommendations"
    )
    _, ready, _, restarts, _ = _row(fast_kubectl, "shop", pod)
    assert ready == "0/1"
    count, _, ago = restarts.partition(" ")
    assert int(count) >= 1 and ago.startswith("(") and ago.endswith(" ago)")
    described = fast_kubectl.run("describe", "pod", pod, "-n", "shop").stdout
    assert "State:          Waiting\n      Reason:       CrashLoopBackOff" in described
    assert (
        "Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1" in described
    )
    assert "Ready                       False" in described
    assert "Back-off restarting failed container recommendations in pod" in described
    for reason in ("Scheduled", "Pulling", "Pulled", "Created", "Started", "BackOff"):
        assert f"  {reason}  " in described, reason

    def grew() -> bool:
        later = int(_row(fast_kubectl, "shop", pod)[3].split()[0])
        return later > int(count)

    assert wait_until(grew, 30), "the restart count stopped growing"


def test_oom_shows_oomkilled_exit_137_and_oomkilling(fast_kubectl: Kubectl) -> None:
    assert wait_until(
        lambda: bool(_pod_in(fast_kubectl, "monitoring", "log-indexer", "OOMKilled")), 40
    )
    pod = _pod_in(fast_kubectl, "monitoring", "log-indexer", "OOMKilled") or _pod(
        fast_kubectl, "monitoring", "log-indexer"
    )
    described = fast_kubectl.run("describe", "pod", pod, "-n", "monitoring").stdout
    assert "Reason:       OOMKilled" in described and "Exit Code:    137" in described
    assert "Limits:\n      memory:  256Mi" in described
    events = fast_kubectl.run(
        "get", "events", "-A", "--field-selector", "reason=OOMKilling", "-o", "name"
    ).stdout.split()
    assert events, "no OOMKilling event was recorded"
    assert wait_until(lambda: _seen_status(fast_kubectl, "monitoring", pod, "CrashLoopBackOff"), 30)


def test_imagepull_cycles_errimagepull_and_imagepullbackoff(fast_kubectl: Kubectl) -> None:
    pod = _pod(fast_kubectl, "payments", "invoice-renderer")
    seen = set()

    def both() -> bool:
        seen.add(_row(fast_kubectl, "payments", pod)[2])
        return {"ErrImagePull", "ImagePullBackOff"} <= seen

    assert wait_until(both, 30, interval=0.05), seen
    described = fast_kubectl.run("describe", "pod", pod, "-n", "payments").stdout
    assert 'Failed to pull image "registry.atlhyper.invalid/payments/invoice-renderer:2.4.0"' in (
        described
    )
    assert "no such host" in described
    assert "Error: ErrImagePull" in described and "Error: ImagePullBackOff" in described
    assert "Back-off pulling image" in described
    phase = fast_kubectl.run(
        "get", "pod", pod, "-n", "payments", "-o", "jsonpath={.status.phase}"
    ).stdout
    assert phase == "Pending"


def test_unschedulable_pod_stays_pending_with_failed_scheduling(fast_kubectl: Kubectl) -> None:
    pod = _pod(fast_kubectl, "shop", "ml-trainer")
    assert _row(fast_kubectl, "shop", pod)[2] == "Pending"
    conditions = fast_kubectl.run(
        "get",
        "pod",
        pod,
        "-n",
        "shop",
        "-o",
        "jsonpath={.status.conditions[0].type}/{.status.conditions[0].status}/"
        "{.status.conditions[0].reason}",
    ).stdout
    assert conditions == "PodScheduled/False/Unschedulable"
    described = fast_kubectl.run("describe", "pod", pod, "-n", "shop").stdout
    assert "FailedScheduling" in described
    assert "0/3 nodes are available: 1 node(s) had untolerated taint" in described
    assert "2 Insufficient cpu" in described


def test_pvc_pending_keeps_claim_and_pod_pending(fast_kubectl: Kubectl) -> None:
    claim = rows(fast_kubectl.run("get", "pvc", "ledger-archive", "-n", "payments").stdout)[1]
    assert claim[:2] == ["ledger-archive", "Pending"]
    described = fast_kubectl.run("describe", "pvc", "ledger-archive", "-n", "payments").stdout
    assert "ProvisioningFailed" in described
    assert 'storageclass.storage.k8s.io "fast-ssd" not found' in described
    pod = _pod(fast_kubectl, "payments", "ledger-archive")
    assert _row(fast_kubectl, "payments", pod)[2] == "Pending"
    assert (
        "pod has unbound immediate PersistentVolumeClaims"
        in fast_kubectl.run("describe", "pod", pod, "-n", "payments").stdout
    )


def test_probe_failures_leave_pods_unready_with_unhealthy_events(fast_kubectl: Kubectl) -> None:
    pod = _pod(fast_kubectl, "shop", "search")
    assert wait_until(lambda: _row(fast_kubectl, "shop", pod)[1:3] == ["0/1", "Running"], 20)

    def unhealthy() -> bool:
        return (
            "Readiness probe failed: Get"
            in fast_kubectl.run("describe", "pod", pod, "-n", "shop").stdout
        )

    assert wait_until(unhealthy, 20)
    described = fast_kubectl.run("describe", "pod", pod, "-n", "shop").stdout
    assert "connect: connection refused" in described and "Unhealthy" in described
    endpoints = fast_kubectl.run(
        "get",
        "endpoints",
        "search",
        "-n",
        "shop",
        "-o",
        "jsonpath={.subsets[0].notReadyAddresses[*].ip}",
    ).stdout.split()
    assert len(endpoints) == 2


def test_node_notready_and_eviction_storm(
    processes: ProcessFactory, tmp_path: Path, fast_kubectl: Kubectl
) -> None:
    sim = start_sim(
        processes,
        tmp_path,
        "--scenario",
        "node-notready,eviction-storm",
        "--time-scale",
        "0.05",
        "--pod-start-seconds",
        "0.2",
        "--pod-stop-seconds",
        "0.2",
    )
    try:
        kubectl = Kubectl(fast_kubectl.binary, sim.kubeconfig)

        def tainted() -> bool:
            return (
                "node.kubernetes.io/unreachable"
                in kubectl.run(
                    "get", "node", "worker-2", "-o", "jsonpath={.spec.taints[*].key}"
                ).stdout
            )

        assert wait_until(tainted, 20)
        nodes = {row[0]: row[1] for row in rows(kubectl.run("get", "nodes").stdout)[1:]}
        assert nodes["worker-2"] == "NotReady" and nodes["worker-1"] == "Ready"
        described = kubectl.run("describe", "node", "worker-2").stdout
        assert "Ready            Unknown" in described
        assert "Kubelet stopped posting node status." in described
        assert "NodeNotReady" in described
        assert "node.kubernetes.io/unreachable:NoSchedule" in described

        def evicted() -> list[list[str]]:
            return [
                row
                for row in rows(kubectl.run("get", "pods", "-n", "batch").stdout)[1:]
                if row[2] == "Evicted"
            ]

        assert wait_until(lambda: bool(evicted()), 30), "no pod was evicted"
        victim = evicted()[0][0]
        status = kubectl.run(
            "get",
            "pod",
            victim,
            "-n",
            "batch",
            "-o",
            "jsonpath={.status.phase}/{.status.reason}/{.status.message}",
        ).stdout
        assert status.startswith("Failed/Evicted/The node was low on resource: memory.")
        assert "Evicted" in kubectl.run("describe", "pod", victim, "-n", "batch").stdout
    finally:
        sim.proc.stop()
