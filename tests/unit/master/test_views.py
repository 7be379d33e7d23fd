"""View rows: kubectl's columns, and usage against requests and limits."""

from __future__ import annotations

from atlhyper.master.state import StateStore
from atlhyper.master.views.kinds import KINDS
from atlhyper.master.views.overview import overview
from atlhyper.master.views.paging import ListQuery
from atlhyper.model import (
    ContainerInfo,
    Deployment,
    Event,
    HorizontalPodAutoscaler,
    HpaMetric,
    Node,
    NodeUsage,
    ObjectSet,
    Pod,
    PodUsage,
    Service,
    ServicePort,
    Snapshot,
    SnapshotDelta,
)


def _state(**objects: object) -> object:
    store = StateStore()
    return store.accept("c1", "one", Snapshot(seq=1, taken_at="t", **objects))  # type: ignore[arg-type]


def test_pod_and_node_rows_show_usage_against_requests_and_limits() -> None:
    pod = Pod(
        uid="p",
        name="web-1",
        namespace="shop",
        node_name="n1",
        phase="Running",
        containers=[
            ContainerInfo(
                name="app",
                cpu_request_millicores=200,
                cpu_limit_millicores=1000,
                memory_request_bytes=256 * 2**20,
            ),
            ContainerInfo(name="init", init=True, cpu_request_millicores=5000),
        ],
    )
    node = Node(uid="n", name="n1", cpu_allocatable_millicores=4000, memory_allocatable_bytes=2**33)
    state = _state(
        pods=[pod],
        nodes=[node],
        podmetrics=[
            PodUsage(namespace="shop", name="web-1", cpu_millicores=100, memory_bytes=2**27)
        ],
        nodemetrics=[NodeUsage(name="n1", cpu_millicores=1000, memory_bytes=2**32)],
    )
    pod_row = state.rows["pods"][0]  # type: ignore[attr-defined]
    assert (pod_row.cpu_usage_millicores, pod_row.cpu_request_percent) == (100, 50.0)
    assert pod_row.cpu_limit_percent == 10.0
    assert pod_row.memory_request_percent == 50.0
    assert pod_row.memory_limit_percent is None  # no limit: no percentage
    node_row = state.rows["nodes"][0]  # type: ignore[attr-defined]
    assert (node_row.cpu_usage_percent, node_row.memory_usage_percent) == (25.0, 50.0)
    assert (node_row.cpu_requests_millicores, node_row.cpu_requests_percent) == (200, 5.0)


def test_rows_without_metrics_have_no_usage() -> None:
    state = _state(pods=[Pod(uid="p", name="a", namespace="ns")], nodes=[Node(uid="n", name="n")])
    assert state.rows["pods"][0].cpu_usage_millicores is None  # type: ignore[attr-defined]
    assert state.rows["nodes"][0].memory_usage_percent is None  # type: ignore[attr-defined]


def test_workload_network_and_event_columns() -> None:
    state = _state(
        deployments=[
            Deployment(
                uid="d",
                name="web",
                namespace="shop",
                replicas=3,
                ready_replicas=2,
                updated_replicas=3,
                available_replicas=2,
                images=["nginx:1.27", "proxy:2"],
                rollout="progressing",
            )
        ],
        services=[
            Service(
                uid="s",
                name="web",
                namespace="shop",
                type="NodePort",
                cluster_ip="10.96.0.5",
                ports=[ServicePort(80, node_port=30080), ServicePort(443, protocol="TCP")],
                selector={"tier": "front", "app": "web"},
            )
        ],
        horizontalpodautoscalers=[
            HorizontalPodAutoscaler(
                uid="h",
                name="web",
                namespace="shop",
                target_kind="Deployment",
                target_name="web",
                max_replicas=5,
                current_replicas=5,
                metrics=[HpaMetric("Resource", "cpu", "80%", "95%")],
            )
        ],
        events=[
            Event(uid="e1", name="e1", namespace="shop", last_seen="2026-01-01T00:00:01Z"),
            Event(
                uid="e2",
                name="e2",
                namespace="shop",
                type="Warning",
                reason="BackOff",
                object_kind="Pod",
                object_name="web-1",
                last_seen="2026-01-01T00:00:09Z",
            ),
        ],
    )
    rows = state.rows  # type: ignore[attr-defined]
    d = rows["deployments"][0]
    assert (d.ready, d.up_to_date, d.available, d.images) == ("2/3", 3, 2, "nginx:1.27,proxy:2")
    s = rows["services"][0]
    assert (s.ports, s.selector, s.external_ip) == (
        "80:30080/TCP,443/TCP",
        "app=web,tier=front",
        "<none>",
    )
    h = rows["horizontalpodautoscalers"][0]
    assert (h.reference, h.targets, h.at_max) == ("Deployment/web", "cpu: 95%/80%", True)
    page, total = KINDS["events"].listing.page(rows["events"], ListQuery())
    assert total == 2 and page[0].reason == "BackOff"  # newest first by default
    assert page[0].object == "pod/web-1"


def test_overview_sums_kept_per_cluster_follow_deltas() -> None:
    store = StateStore()
    for cid, offset in (("c1", 0), ("c2", 5)):
        store.accept(
            cid,
            cid,
            Snapshot(
                seq=1,
                taken_at="t",
                pods=[
                    Pod(uid=f"p{i}", name=f"p{i}", namespace="ns", status=status, restarts=i)
                    for i, status in enumerate(("Running", "CrashLoopBackOff", "Completed"))
                ],
                deployments=[Deployment(uid="d", name="web", namespace="ns", rollout="failed")],
                events=[
                    Event(
                        uid=f"e{i}",
                        name=f"e{i}",
                        namespace="ns",
                        type="Warning",
                        last_seen=f"2026-01-01T00:00:{i + offset:02d}Z",
                    )
                    for i in range(8)
                ],
            ),
        )
    states = [store.get("c1"), store.get("c2")]
    before = overview(2, states)  # type: ignore[arg-type]
    assert (before.pods.total, before.pods.problems, before.pods.restarts) == (6, 2, 6)
    assert before.workloads["deployments"].rolled_out == 0
    # Newest first over both clusters; on a tie, the first cluster's event first.
    assert [f"{e.cluster}:{e.last_seen[-3:-1]}" for e in before.warning_events] == [
        "c2:12", "c2:11", "c2:10", "c2:09", "c2:08", "c1:07", "c2:07", "c1:06", "c2:06", "c1:05",
    ]  # fmt: skip
    store.accept(
        "c1",
        "c1",
        SnapshotDelta(
            seq=2,
            base_seq=1,
            taken_at="t",
            upserted=ObjectSet(
                pods=[Pod(uid="p1", name="p1", namespace="ns", status="Running", restarts=9)],
                deployments=[Deployment(uid="d", name="web", namespace="ns")],
            ),
        ),
    )
    after = overview(2, states)  # type: ignore[arg-type]
    assert (after.pods.problems, after.pods.restarts) == (1, 14)
    assert after.pods.by_status == {"Running": 3, "Completed": 2, "CrashLoopBackOff": 1}
    assert after.workloads["deployments"].rolled_out == 1
