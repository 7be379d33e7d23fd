"""kubectl's columns for workload and config kinds, computed server-side."""

from __future__ import annotations

from datetime import UTC, datetime

from atlhyper.sim import printers

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
META = {"name": "x", "creationTimestamp": "2026-11-22T11:00:00Z"}


def test_deployment_and_job_rows() -> None:
    deployment = {
        "metadata": META,
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "x"}},
            "template": {"spec": {"containers": [{"name": "a", "image": "i:1"}]}},
        },
        "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2},
    }
    assert printers.DEPLOYMENT_TABLE.row(deployment, NOW) == [
        "x",
        "2/3",
        3,
        2,
        "60m",
        "a",
        "i:1",
        "app=x",
    ]
    job = {
        "metadata": META,
        "spec": {"completions": 2, "template": {"spec": {"containers": []}}},
        "status": {
            "succeeded": 2,
            "startTime": "2026-11-22T11:00:00Z",
            "completionTime": "2026-11-22T11:00:42Z",
            "conditions": [{"type": "Complete", "status": "True"}],
        },
    }
    assert printers.JOB_TABLE.row(job, NOW)[:4] == ["x", "Complete", "2/2", "42s"]


def test_service_event_and_selector_text() -> None:
    service = {
        "metadata": META,
        "spec": {
            "type": "NodePort",
            "clusterIP": "10.96.0.5",
            "ports": [{"port": 80, "nodePort": 30080}],
            "selector": {"app": "x"},
        },
    }
    assert printers.SERVICE_TABLE.row(service, NOW)[1:5] == [
        "NodePort",
        "10.96.0.5",
        "<none>",
        "80:30080/TCP",
    ]
    event = {
        "metadata": {"name": "x.1"},
        "type": "Warning",
        "reason": "BackOff",
        "count": 5,
        "firstTimestamp": "2026-11-22T11:50:00Z",
        "lastTimestamp": "2026-11-22T11:59:00Z",
        "involvedObject": {"kind": "Pod", "name": "p"},
        "message": "m",
        "source": {"component": "kubelet", "host": "n1"},
    }
    row = printers.EVENT_TABLE.row(event, NOW)
    assert row[:4] == ["60s (x5 over 10m)", "Warning", "BackOff", "pod/p"]
    assert row[5] == "kubelet, n1"
    selector = {
        "matchLabels": {"b": "2", "a": "1"},
        "matchExpressions": [{"key": "t", "operator": "In", "values": ["y", "x"]}],
    }
    assert printers.selector_text(selector) == "a=1,b=2,t in (x,y)"
