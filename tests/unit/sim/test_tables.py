"""kubectl's columns computed server-side: ages, pod STATUS and node STATUS/ROLES."""

from __future__ import annotations

import pytest

from atlhyper.sim.tables import human_duration, node_status, pod_status


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (5, "5s"),
        (119, "119s"),
        (125, "2m5s"),
        (600, "10m"),
        (3 * 3600 + 60, "3h1m"),
        (20 * 3600, "20h"),
        (50 * 3600, "2d2h"),
        (30 * 86400, "30d"),
        (3 * 365 * 86400, "3y"),
    ],
)
def test_human_duration(seconds: int, text: str) -> None:
    assert human_duration(seconds) == text


def test_pod_status_prefers_container_reasons() -> None:
    crashing = {
        "metadata": {"name": "x"},
        "status": {
            "phase": "Running",
            "containerStatuses": [
                {"state": {"waiting": {"reason": "CrashLoopBackOff"}}, "ready": False}
            ],
        },
    }
    assert pod_status(crashing) == "CrashLoopBackOff"
    oom = {
        "metadata": {},
        "status": {
            "phase": "Running",
            "containerStatuses": [
                {"state": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}
            ],
        },
    }
    assert pod_status(oom) == "OOMKilled"
    deleting = {
        "metadata": {"deletionTimestamp": "2024-01-01T00:00:00Z"},
        "status": {"phase": "Running"},
    }
    assert pod_status(deleting) == "Terminating"
    assert pod_status({"metadata": {}, "status": {"phase": "Pending"}}) == "Pending"


def test_node_status() -> None:
    ready = {"status": {"conditions": [{"type": "Ready", "status": "True"}]}}
    assert node_status(ready) == "Ready"
    cordoned = {**ready, "spec": {"unschedulable": True}}
    assert node_status(cordoned) == "Ready,SchedulingDisabled"
    assert (
        node_status({"status": {"conditions": [{"type": "Ready", "status": "False"}]}})
        == "NotReady"
    )
