"""The official `kubernetes` Python client against the sim: reads, writes, pagination, watch."""

from __future__ import annotations

import base64
import ssl
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from kubernetes import client, config, watch
from kubernetes.client.exceptions import ApiException

from tests.conftest import ProcessFactory, SimCluster, start_sim
from tests.integration.sim.conftest import DEFAULT_PROBLEM_APPS, wait_until

pytestmark = pytest.mark.integration


def _pod(name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels or {}},
        "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
    }


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_demo_cluster_has_nodes_namespaces_and_running_pods(core_v1: Any) -> None:
    nodes = core_v1.list_node().items
    assert len(nodes) == 3
    control_plane = [
        n for n in nodes if "node-role.kubernetes.io/control-plane" in n.metadata.labels
    ]
    assert [n.metadata.name for n in control_plane] == ["control-plane-1"]
    for node in nodes:
        assert node.metadata.labels["kubernetes.io/hostname"] == node.metadata.name
        ready = {c.type: c.status for c in node.status.conditions}["Ready"]
        assert ready == "True"
        assert {a.type for a in node.status.addresses} == {"InternalIP", "Hostname"}
        assert node.status.node_info.kubelet_version.startswith("v1.")
        assert int(node.status.allocatable["pods"]) > 0

    namespaces = {ns.metadata.name for ns in core_v1.list_namespace().items}
    assert {"default", "kube-system", "shop", "payments", "monitoring"} <= namespaces

    pods = core_v1.list_pod_for_all_namespaces().items
    assert len(pods) >= 25
    demo_pods = [
        p
        for p in pods
        if p.metadata.namespace in ("shop", "payments", "kube-system")
        and (p.metadata.labels or {}).get("app") not in DEFAULT_PROBLEM_APPS
    ]
    assert demo_pods and all(p.status.phase == "Running" for p in demo_pods)
    sample = next(p for p in pods if p.metadata.name.startswith("web-"))
    assert sample.status.container_statuses[0].ready is True
    assert sample.status.pod_ip and sample.status.host_ip and sample.status.qos_class
    assert sample.metadata.owner_references[0].kind == "ReplicaSet"


def test_create_runs_then_delete(core_v1: Any) -> None:
    name = _unique("py")
    created = core_v1.create_namespaced_pod("default", _pod(name, {"app": "py-test"}))
    assert created.metadata.uid and created.metadata.resource_version
    assert created.status.phase == "Pending"

    def running() -> bool:
        pod = core_v1.read_namespaced_pod(name, "default")
        return bool(pod.status.phase == "Running" and pod.spec.node_name)

    assert wait_until(running), "the created pod never became Running"
    pod = core_v1.read_namespaced_pod(name, "default")
    assert pod.spec.node_name != "control-plane-1"  # the control plane is tainted NoSchedule
    assert pod.status.container_statuses[0].state.running.started_at is not None
    assert {c.type for c in pod.status.conditions} >= {"Ready", "PodScheduled"}

    deleted = core_v1.delete_namespaced_pod(name, "default")
    assert deleted.metadata.name == name

    def gone() -> bool:
        try:
            core_v1.read_namespaced_pod(name, "default")
        except ApiException as exc:
            return exc.status == 404
        return False

    assert wait_until(gone), "the deleted pod is still there"


def test_pod_deleted_before_it_starts_is_removed(core_v1: Any) -> None:
    name = _unique("early")
    core_v1.create_namespaced_pod("default", _pod(name))
    core_v1.delete_namespaced_pod(name, "default")

    def gone() -> bool:
        try:
            core_v1.read_namespaced_pod(name, "default")
        except ApiException as exc:
            return exc.status == 404
        return False

    assert wait_until(gone), "a pod deleted while Pending stayed Terminating"


def test_generate_name(core_v1: Any) -> None:
    body = _pod("")
    body["metadata"] = {"generateName": "gen-"}
    created = core_v1.create_namespaced_pod("default", body)
    assert created.metadata.name.startswith("gen-") and len(created.metadata.name) == 9
    core_v1.delete_namespaced_pod(created.metadata.name, "default", grace_period_seconds=0)


def test_errors_are_status_objects(core_v1: Any) -> None:
    with pytest.raises(ApiException) as missing:
        core_v1.read_namespaced_pod("does-not-exist", "default")
    assert missing.value.status == 404
    assert '"reason":"NotFound"' in missing.value.body.replace(" ", "")

    name = _unique("dup")
    core_v1.create_namespaced_pod("default", _pod(name))
    with pytest.raises(ApiException) as duplicate:
        core_v1.create_namespaced_pod("default", _pod(name))
    assert duplicate.value.status == 409
    assert "AlreadyExists" in duplicate.value.body

    with pytest.raises(ApiException) as invalid:
        core_v1.create_namespaced_pod(
            "default",
            {"metadata": {"name": _unique("bad")}, "spec": {"containers": [{"name": "app"}]}},
        )
    assert invalid.value.status == 422
    assert "spec.containers[0].image" in invalid.value.body

    with pytest.raises(ApiException) as no_namespace:
        core_v1.create_namespaced_pod("no-such-namespace", _pod(_unique("x")))
    assert no_namespace.value.status == 404
    core_v1.delete_namespaced_pod(name, "default", grace_period_seconds=0)


def test_update_with_stale_resource_version_conflicts(core_v1: Any) -> None:
    name = _unique("upd")
    created = core_v1.create_namespaced_pod("default", _pod(name, {"app": "upd"}))
    # The scheduler and kubelet update the pod too, so retry on conflict as real clients do.
    for _ in range(20):
        current = core_v1.read_namespaced_pod(name, "default")
        current.metadata.labels = {"tier": "one"}
        try:
            updated = core_v1.replace_namespaced_pod(name, "default", current)
            break
        except ApiException as exc:
            assert exc.status == 409
    assert updated.metadata.labels == {"tier": "one"}
    assert int(updated.metadata.resource_version) > int(created.metadata.resource_version)
    created.metadata.labels = {"tier": "two"}  # still carries the first resourceVersion
    with pytest.raises(ApiException) as stale:
        core_v1.replace_namespaced_pod(name, "default", created)
    assert stale.value.status == 409 and "Conflict" in stale.value.body
    core_v1.delete_namespaced_pod(name, "default", grace_period_seconds=0)


def test_pagination_walks_every_pod_once(core_v1: Any) -> None:
    everything = core_v1.list_pod_for_all_namespaces()
    expected = {(p.metadata.namespace, p.metadata.name) for p in everything.items}
    seen: list[tuple[str, str]] = []
    token = None
    pages = 0
    while True:
        page = core_v1.list_pod_for_all_namespaces(limit=2, _continue=token)
        assert len(page.items) <= 2
        seen.extend((p.metadata.namespace, p.metadata.name) for p in page.items)
        pages += 1
        token = page.metadata._continue
        if not token:
            break
        assert page.metadata.remaining_item_count is not None
        assert pages < 1000
    assert len(seen) == len(set(seen)), "a page repeated a pod"
    # Pods created by other tests meanwhile may appear; every pod present at the start must.
    assert expected - set(seen) <= _deleted_meanwhile(core_v1, expected)
    assert pages >= len(expected) // 2


def _deleted_meanwhile(core_v1: Any, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    now = {
        (p.metadata.namespace, p.metadata.name) for p in core_v1.list_pod_for_all_namespaces().items
    }
    return keys - now


def test_namespaced_pagination_and_bad_continue(core_v1: Any) -> None:
    first = core_v1.list_namespaced_pod("shop", limit=3)
    assert len(first.items) == 3 and first.metadata._continue
    rest = core_v1.list_namespaced_pod("shop", _continue=first.metadata._continue)
    names = [p.metadata.name for p in first.items + rest.items]
    assert len(names) == len(set(names))
    assert all(p.metadata.namespace == "shop" for p in rest.items)
    assert rest.metadata.resource_version == first.metadata.resource_version
    with pytest.raises(ApiException) as bad:
        core_v1.list_namespaced_pod("shop", limit=3, _continue="not-a-token")
    assert bad.value.status == 400


def test_label_and_field_selectors(core_v1: Any) -> None:
    web = core_v1.list_namespaced_pod("shop", label_selector="app=web").items
    assert len(web) == 3 and all(p.metadata.labels["app"] == "web" for p in web)
    both = core_v1.list_pod_for_all_namespaces(label_selector="app in (web,cart)").items
    assert {p.metadata.labels["app"] for p in both} == {"web", "cart"}
    not_web = core_v1.list_namespaced_pod("shop", label_selector="app!=web").items
    assert not_web and all(p.metadata.labels.get("app") != "web" for p in not_web)
    statefulset = core_v1.list_pod_for_all_namespaces(
        label_selector="statefulset.kubernetes.io/pod-name"
    ).items
    assert {p.metadata.name for p in statefulset} >= {"redis-0", "postgres-0", "prometheus-0"}
    on_worker = core_v1.list_pod_for_all_namespaces(field_selector="spec.nodeName=worker-1").items
    assert on_worker and all(p.spec.node_name == "worker-1" for p in on_worker)
    with pytest.raises(ApiException) as bad:
        core_v1.list_pod_for_all_namespaces(label_selector="app in (web")
    assert bad.value.status == 400


def test_watch_sees_added_modified_deleted(core_v1: Any) -> None:
    start = core_v1.list_namespaced_pod("default")
    name = _unique("w")
    core_v1.create_namespaced_pod("default", _pod(name))
    events: list[tuple[str, str]] = []
    stream = watch.Watch()
    deleted = False
    for event in stream.stream(
        core_v1.list_namespaced_pod,
        "default",
        field_selector=f"metadata.name={name}",
        resource_version=start.metadata.resource_version,
        timeout_seconds=10,
    ):
        pod = event["object"]
        events.append((event["type"], pod.status.phase))
        # A real kubelet reports several status updates while Running: delete only once.
        if event["type"] == "MODIFIED" and pod.status.phase == "Running" and not deleted:
            deleted = True
            core_v1.delete_namespaced_pod(name, "default")
        if event["type"] == "DELETED":
            stream.stop()
    types = [kind for kind, _ in events]
    assert types[0] == "ADDED" and types[-1] == "DELETED"
    assert ("MODIFIED", "Running") in events


def test_watch_from_zero_lists_existing_objects_first(core_v1: Any) -> None:
    stream = watch.Watch()
    names = [
        event["object"].metadata.name
        for event in stream.stream(core_v1.list_node, resource_version="0", timeout_seconds=1)
        if event["type"] == "ADDED"
    ]
    assert sorted(names) == ["control-plane-1", "worker-1", "worker-2"]


def test_watch_from_compacted_resource_version_is_gone(core_v1: Any) -> None:
    with pytest.raises(ApiException) as gone:
        for _ in watch.Watch().stream(
            core_v1.list_namespaced_pod, "default", resource_version="1", timeout_seconds=5
        ):
            pass
    assert gone.value.status == 410


def _server_and_tls(sim: SimCluster) -> tuple[str, ssl.SSLContext]:
    cluster = sim.config["clusters"][0]["cluster"]  # type: ignore[index]
    ca = base64.b64decode(cluster["certificate-authority-data"]).decode()
    return cluster["server"], ssl.create_default_context(cadata=ca)


def test_unauthenticated_requests_get_401_but_health_is_open(sim: SimCluster) -> None:
    server, context = _server_and_tls(sim)
    with httpx.Client(base_url=server, verify=context, timeout=10) as http:
        for headers in ({}, {"Authorization": "Bearer wrong-token"}):
            denied = http.get("/api/v1/nodes", headers=headers)
            assert denied.status_code == 401
            assert denied.json()["kind"] == "Status" and denied.json()["reason"] == "Unauthorized"
        assert http.get("/healthz").text == "ok"
        metrics = http.get("/metrics")
        assert metrics.status_code == 200 and "sim_apiserver_requests_total" in metrics.text


def test_bookmarks_and_short_history(processes: ProcessFactory, tmp_path: Path) -> None:
    small = start_sim(
        processes, tmp_path, "--watch-bookmark-seconds", "0.2", "--watch-history", "3"
    )
    api_client = config.new_client_from_config(config_file=str(small.kubeconfig))
    try:
        core = client.CoreV1Api(api_client)
        rv = core.list_namespace().metadata.resource_version
        bookmarks = [
            event["raw_object"]["metadata"]["resourceVersion"]
            for event in watch.Watch().stream(
                core.list_namespace,
                resource_version=rv,
                allow_watch_bookmarks=True,
                timeout_seconds=1,
            )
            if event["type"] == "BOOKMARK"
        ]
        assert bookmarks and all(int(b) >= int(rv) for b in bookmarks)

        before = core.list_namespaced_pod("default").metadata.resource_version
        for index in range(5):
            core.create_namespaced_pod("default", _pod(f"churn-{index}"))
        with pytest.raises(ApiException) as gone:
            for _ in watch.Watch().stream(
                core.list_namespaced_pod, "default", resource_version=before, timeout_seconds=5
            ):
                pass
        assert gone.value.status == 410
    finally:
        api_client.close()
        small.proc.stop()
    assert small.proc.popen.returncode == 0
