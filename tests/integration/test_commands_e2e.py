"""Every Agent action end to end: Master API → long-poll → Agent → simulated cluster → result.

The cluster's state is checked independently with the official Kubernetes client.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest
from kubernetes import client as k8s
from kubernetes import config as k8s_config
from kubernetes.client.exceptions import ApiException

from tests.conftest import ConnectedCluster, Master, wait_for

pytestmark = pytest.mark.integration

NS = "default"
SECRET_VALUE = "s3cr3t-value-that-must-not-leak"


@pytest.fixture(scope="module")
def api_client(cluster: ConnectedCluster) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(config_file=str(cluster.sim.kubeconfig))


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        client.timeout = 60
        yield client


def run(
    admin: httpx.Client,
    cluster: ConnectedCluster,
    action: str,
    target: dict[str, str],
    params: dict[str, Any] | None = None,
    *,
    dry_run: bool = False,
    queue: str = "ops",
    timeout: int = 30,
) -> dict[str, Any]:
    created = admin.post(
        "/api/v3/commands",
        json={
            "clusterId": cluster.id,
            "action": action,
            "target": target,
            "params": params or {},
            "dryRun": dry_run,
            "queue": queue,
            "timeoutSeconds": timeout,
        },
    )
    assert created.status_code == 201, created.text
    command_id = created.json()["id"]
    deadline = time.monotonic() + timeout + 20
    while time.monotonic() < deadline:
        view = admin.get(f"/api/v3/commands/{command_id}", params={"wait": 20}).json()
        if view["result"] is not None:
            return view  # type: ignore[no-any-return]
    pytest.fail(f"{action} never finished")


@pytest.fixture(scope="module")
def deployment(api_client: k8s.ApiClient) -> str:
    apps = k8s.AppsV1Api(api_client)
    name = "cmd-web"
    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.26"}]},
            },
        },
    }
    apps.create_namespaced_deployment(NS, body)

    def ready() -> bool:
        status = apps.read_namespaced_deployment(name, NS).status
        return bool(status.ready_replicas == 2)

    wait_for(ready, 60, "the test deployment to be ready")
    return name


def _deployment(api_client: k8s.ApiClient, name: str) -> Any:
    return k8s.AppsV1Api(api_client).read_namespaced_deployment(name, NS)


def test_scale_dry_run_then_real(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient, deployment: str
) -> None:
    target = {"kind": "Deployment", "namespace": NS, "name": deployment}
    preview = run(admin, cluster, "scale", target, {"replicas": 3}, dry_run=True)
    assert preview["status"] == "success", preview
    assert preview["result"]["output"]["replicas"] == {"from": 2, "to": 3}
    assert _deployment(api_client, deployment).spec.replicas == 2
    done = run(admin, cluster, "scale", target, {"replicas": 3})
    assert done["status"] == "success", done
    assert _deployment(api_client, deployment).spec.replicas == 3


def test_update_image_then_rollback(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient, deployment: str
) -> None:
    target = {"kind": "Deployment", "namespace": NS, "name": deployment}
    preview = run(admin, cluster, "update_image", target, {"image": "nginx:1.27"}, dry_run=True)
    assert preview["result"]["output"]["image"] == {"from": "nginx:1.26", "to": "nginx:1.27"}
    assert (
        _deployment(api_client, deployment).spec.template.spec.containers[0].image == "nginx:1.26"
    )
    updated = run(admin, cluster, "update_image", target, {"image": "nginx:1.27"})
    assert updated["status"] == "success", updated

    def rolled_out() -> bool:
        obj = _deployment(api_client, deployment)
        revision = (obj.metadata.annotations or {}).get("deployment.kubernetes.io/revision")
        return revision == "2" and obj.status.updated_replicas == obj.spec.replicas

    wait_for(rolled_out, 60, "the image update to roll out as revision 2")
    back = run(admin, cluster, "rollback", target)
    assert back["status"] == "success", back
    assert back["result"]["output"]["revision"] == {"from": 2, "to": 1}
    assert (
        _deployment(api_client, deployment).spec.template.spec.containers[0].image == "nginx:1.26"
    )


def test_restart_sets_the_rollout_annotation(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient, deployment: str
) -> None:
    target = {"kind": "Deployment", "namespace": NS, "name": deployment}
    done = run(admin, cluster, "restart", target)
    assert done["status"] == "success", done
    annotations = _deployment(api_client, deployment).spec.template.metadata.annotations or {}
    assert "kubectl.kubernetes.io/restartedAt" in annotations


def _settled_pods(api_client: k8s.ApiClient, deployment: str) -> list[Any]:
    """The deployment's pods once a rollout has finished: as many as wanted, all ready."""
    core = k8s.CoreV1Api(api_client)
    wanted = _deployment(api_client, deployment).spec.replicas

    def settled() -> bool:
        pods = core.list_namespaced_pod(NS, label_selector=f"app={deployment}").items
        return len(pods) == wanted and all(
            p.metadata.deletion_timestamp is None
            and p.status.phase == "Running"
            and all(c.ready for c in p.status.container_statuses or [])
            for p in pods
        )

    wait_for(settled, 60, f"{deployment}'s rollout to settle")
    return list(core.list_namespaced_pod(NS, label_selector=f"app={deployment}").items)


def _worker(api_client: k8s.ApiClient) -> str:
    nodes = k8s.CoreV1Api(api_client).list_node().items
    return next(n.metadata.name for n in nodes if not n.spec.taints)


def test_cordon_and_uncordon(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient
) -> None:
    node = _worker(api_client)
    core = k8s.CoreV1Api(api_client)
    assert run(admin, cluster, "cordon", {"kind": "Node", "name": node})["status"] == "success"
    assert core.read_node(node).spec.unschedulable is True
    assert run(admin, cluster, "uncordon", {"kind": "Node", "name": node})["status"] == "success"
    assert not core.read_node(node).spec.unschedulable


def test_drain_is_blocked_by_a_budget_then_allowed(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient, deployment: str
) -> None:
    """Only the test's own pods are asserted on: the demo's pods on the same node have budgets of
    their own (shop/web keeps 2 of 3), which may block some of them too, depending on placement."""
    core, policy = k8s.CoreV1Api(api_client), k8s.PolicyV1Api(api_client)
    pods = _settled_pods(api_client, deployment)
    node = pods[0].spec.node_name
    ours = {f"{NS}/{pod.metadata.name}" for pod in pods if pod.spec.node_name == node}
    target = {"kind": "Node", "name": node}
    policy.create_namespaced_pod_disruption_budget(
        NS,
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": {"name": "cmd-web-pdb"},
            "spec": {"maxUnavailable": 0, "selector": {"matchLabels": {"app": deployment}}},
        },
    )
    try:
        preview = run(admin, cluster, "drain", target, dry_run=True)
        assert preview["status"] == "success", preview
        blocked = {
            item["pod"]: item["podDisruptionBudget"]
            for item in preview["result"]["output"]["blocked"]
        }
        assert {pod: blocked.get(pod) for pod in ours} == dict.fromkeys(ours, "cmd-web-pdb")
        assert not core.read_node(node).spec.unschedulable  # a dry run changes nothing

        refused = run(admin, cluster, "drain", target, {"timeoutSeconds": 3})
        assert refused["status"] == "failed"
        assert "disruption budget" in refused["result"]["error"]
        assert "PodDisruptionBudget cmd-web-pdb" in refused["result"]["error"]
        assert ours <= {item["pod"] for item in refused["result"]["output"]["blocked"]}
    finally:
        policy.delete_namespaced_pod_disruption_budget("cmd-web-pdb", NS)
    try:
        allowed = run(admin, cluster, "drain", target, {"timeoutSeconds": 60}, timeout=90)
        assert allowed["status"] == "success", allowed
        assert ours <= set(allowed["result"]["output"]["evicted"])
    finally:
        assert run(admin, cluster, "uncordon", target)["status"] == "success"


def test_logs_configmap_and_secret(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient, deployment: str
) -> None:
    core = k8s.CoreV1Api(api_client)
    pod = _settled_pods(api_client, deployment)[0].metadata.name
    logs = run(
        admin, cluster, "get_logs", {"kind": "Pod", "namespace": NS, "name": pod}, {"tailLines": 5}
    )
    assert logs["status"] == "success", logs
    assert 0 < len(logs["result"]["output"]["lines"]) <= 5

    core.create_namespaced_config_map(
        NS, {"metadata": {"name": "cmd-cm"}, "data": {"mode": "fast"}}
    )
    cm = run(
        admin, cluster, "get_configmap", {"kind": "ConfigMap", "namespace": NS, "name": "cmd-cm"}
    )
    assert cm["result"]["output"]["data"] == {"mode": "fast"}

    encoded = base64.b64encode(SECRET_VALUE.encode()).decode()
    core.create_namespaced_secret(
        NS, {"metadata": {"name": "cmd-secret"}, "data": {"password": encoded}}
    )
    secret = run(
        admin, cluster, "get_secret", {"kind": "Secret", "namespace": NS, "name": "cmd-secret"}
    )
    assert secret["result"]["output"]["data"] == {"password": "***"}
    reveal = run(
        admin,
        cluster,
        "get_secret",
        {"kind": "Secret", "namespace": NS, "name": "cmd-secret"},
        {"reveal": True},
    )
    assert reveal["status"] == "failed"
    assert "AGENT_ALLOW_SECRET_REVEAL" in reveal["result"]["error"]
    assert SECRET_VALUE not in msgspec.json.encode(reveal).decode()


def test_dynamic_reads_are_allow_listed_and_trimmed(
    admin: httpx.Client, cluster: ConnectedCluster
) -> None:
    pods = run(admin, cluster, "dynamic", {"kind": ""}, {"path": f"/api/v1/namespaces/{NS}/pods"})
    assert pods["status"] == "success", pods
    assert pods["result"]["output"]["kind"] == "PodList"
    assert all(
        "managedFields" not in item["metadata"] for item in pods["result"]["output"]["items"]
    )
    for path in ("/api/v1/secrets", f"/api/v1/namespaces/{NS}/secrets/cmd-secret", "/logs"):
        refused = run(admin, cluster, "dynamic", {"kind": ""}, {"path": path})
        assert refused["status"] == "failed", path
        assert SECRET_VALUE not in msgspec.json.encode(refused).decode()


def test_apply_dry_run_then_real(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient
) -> None:
    manifest = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied-cm\ndata:\n  colour: blue\n"
        "---\n"
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: applied-sa\n"
    )
    core = k8s.CoreV1Api(api_client)
    preview = run(
        admin, cluster, "apply", {"kind": "", "namespace": NS}, {"manifest": manifest}, dry_run=True
    )
    assert preview["status"] == "success", preview
    assert [o["result"] for o in preview["result"]["output"]["objects"]] == ["created", "created"]
    with pytest.raises(ApiException):
        core.read_namespaced_config_map("applied-cm", NS)
    applied = run(admin, cluster, "apply", {"kind": "", "namespace": NS}, {"manifest": manifest})
    assert applied["status"] == "success", applied
    assert core.read_namespaced_config_map("applied-cm", NS).data == {"colour": "blue"}
    again = run(
        admin,
        cluster,
        "apply",
        {"kind": "", "namespace": NS},
        {"manifest": manifest.replace("blue", "green")},
    )
    assert next(o["result"] for o in again["result"]["output"]["objects"]) == "configured"
    assert core.read_namespaced_config_map("applied-cm", NS).data == {"colour": "green"}
    broken = run(
        admin, cluster, "apply", {"kind": "", "namespace": NS}, {"manifest": "kind: [oops"}
    )
    assert broken["status"] == "failed"
    assert "not valid YAML" in broken["result"]["error"]


def test_delete_dry_run_then_real(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient
) -> None:
    core = k8s.CoreV1Api(api_client)
    core.create_namespaced_config_map(NS, {"metadata": {"name": "doomed"}, "data": {"a": "1"}})
    target = {"kind": "ConfigMap", "namespace": NS, "name": "doomed"}
    assert run(admin, cluster, "delete", target, dry_run=True)["status"] == "success"
    assert core.read_namespaced_config_map("doomed", NS).data == {"a": "1"}
    assert run(admin, cluster, "delete", target)["status"] == "success"
    with pytest.raises(ApiException) as gone:
        core.read_namespaced_config_map("doomed", NS)
    assert gone.value.status == 404
    missing = run(admin, cluster, "delete", target)
    assert missing["status"] == "failed"
    assert "not found" in missing["result"]["error"]


def test_ai_queue_is_read_only_in_the_agent(
    admin: httpx.Client, cluster: ConnectedCluster, api_client: k8s.ApiClient, deployment: str
) -> None:
    target = {"kind": "Deployment", "namespace": NS, "name": deployment}
    before = _deployment(api_client, deployment).spec.replicas
    refused = run(admin, cluster, "scale", target, {"replicas": before + 1}, queue="ai")
    assert refused["status"] == "rejected"
    assert "read-only" in refused["result"]["error"]
    assert _deployment(api_client, deployment).spec.replicas == before
    read = run(admin, cluster, "dynamic", {"kind": ""}, {"path": "/version"}, queue="ai")
    assert read["status"] == "success", read
