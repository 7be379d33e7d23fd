"""Relations in the demo cluster (sim → Agent → Master), checked against the Master's lists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import ConnectedCluster, Master, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        yield client


def _groups(body: dict[str, Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    return {(g["relation"], g["kind"]): g["items"] for g in body["groups"]}


def _names(body: dict[str, Any], relation: str, kind: str) -> set[str]:
    return {item["name"] for item in _groups(body).get((relation, kind), [])}


def _settled(
    admin: httpx.Client, path: str, ready: Any, what: str, timeout: float = 30
) -> dict[str, Any]:
    """The relations at `path` once `ready(body)` holds (the Agent may still be catching up)."""
    found: dict[str, Any] = {}

    def check() -> bool:
        response = admin.get(path)
        if response.status_code != 200:
            return False
        found.update(response.json())
        return bool(ready(found))

    wait_for(check, timeout, what)
    return found


def test_deployment_relations_match_the_masters_lists(
    cluster: ConnectedCluster, admin: httpx.Client
) -> None:
    base = f"/api/v3/clusters/{cluster.id}"

    def consistent(body: dict[str, Any]) -> bool:
        sets = _names(body, "owns", "ReplicaSet")
        pods = admin.get(f"{base}/pods", params={"namespace": "shop", "limit": 500}).json()
        owned = {row["name"] for row in pods["items"] if row["owner"].split("/")[-1] in sets}
        return bool(owned) and _names(body, "runs", "Pod") == owned

    body = _settled(
        admin,
        f"{base}/relations/deployments/shop/web",
        consistent,
        "shop/web's relations to list the ReplicaSets' pods",
    )
    assert body["object"] == {
        "kind": "Deployment",
        "plural": "deployments",
        "namespace": "shop",
        "name": "web",
        "status": body["object"]["status"],
        "detail": body["object"]["detail"],
    }
    assert "/" in body["object"]["status"]  # "ready/desired", as the deployments table
    listed = admin.get(
        f"{base}/replicasets", params={"owner": "Deployment/web", "namespace": "shop"}
    ).json()
    assert _names(body, "owns", "ReplicaSet") == {row["name"] for row in listed["items"]}
    assert _names(body, "exposedBy", "Service") == {"web"}
    assert _names(body, "routedBy", "Ingress") == {"web"}
    assert _names(body, "scaledBy", "HorizontalPodAutoscaler") == {"web"}
    assert _names(body, "protectedBy", "PodDisruptionBudget") == {"web"}
    pod = _groups(body)["runs", "Pod"][0]
    assert pod["plural"] == "pods" and pod["namespace"] == "shop" and pod["status"]


def test_pod_node_and_service_relations_agree(
    cluster: ConnectedCluster, admin: httpx.Client
) -> None:
    base = f"/api/v3/clusters/{cluster.id}"
    deployment = _settled(
        admin,
        f"{base}/relations/deployments/shop/web",
        lambda body: _groups(body).get(("runs", "Pod")),
        "shop/web's pods",
    )
    pod_name = sorted(_names(deployment, "runs", "Pod"))[0]
    pod = _settled(
        admin,
        f"{base}/relations/pods/shop/{pod_name}",
        lambda body: _groups(body).get(("runsOn", "Node")),
        f"pod {pod_name} on a node",
    )
    owners = _groups(pod)["owners", ""]
    assert [item["kind"] for item in owners] == ["ReplicaSet", "Deployment"]
    assert owners[1]["name"] == "web"
    assert _names(pod, "exposedBy", "Service") == {"web"}
    assert _names(pod, "runsAs", "ServiceAccount") == {"default"}
    node = _groups(pod)["runsOn", "Node"][0]
    assert node["plural"] == "nodes" and node["namespace"] == "" and node["status"]

    on_node = admin.get(f"{base}/relations/nodes/{node['name']}").json()
    runs = next(g for g in on_node["groups"] if g["relation"] == "runs")
    assert pod_name in {item["name"] for item in runs["items"]}
    listed = admin.get(f"{base}/pods", params={"node": node["name"], "limit": 1}).json()
    assert runs["total"] == listed["total"]

    service = _settled(
        admin,
        f"{base}/relations/services/shop/web",
        lambda body: _groups(body).get(("endpoints", "Pod")),
        "shop/web's endpoints",
    )
    assert _names(service, "selects", "Pod") == _names(deployment, "runs", "Pod")
    assert _names(service, "endpoints", "Pod") <= _names(service, "selects", "Pod")
    assert {item["status"] for item in _groups(service)["endpoints", "Pod"]} <= {
        "ready",
        "not ready",
    }
    assert _names(service, "routedBy", "Ingress") == {"web"}

    ingress = admin.get(f"{base}/relations/ingresses/shop/web").json()
    assert _names(ingress, "routesTo", "Service") == {"web"}
    assert _names(ingress, "reaches", "Pod") == _names(service, "selects", "Pod")


def test_statefulset_pod_mounts_its_bound_claim(
    cluster: ConnectedCluster, admin: httpx.Client
) -> None:
    base = f"/api/v3/clusters/{cluster.id}"
    redis = _settled(
        admin,
        f"{base}/relations/statefulsets/shop/redis",
        lambda body: _groups(body).get(("owns", "Pod")),
        "shop/redis's pod",
    )
    assert _names(redis, "owns", "Pod") == {"redis-0"}
    pod = admin.get(f"{base}/relations/pods/shop/redis-0").json()
    claims = _groups(pod)["mounts", "PersistentVolumeClaim"]
    assert [item["name"] for item in claims] == ["data-redis-0"]
    claim = _settled(
        admin,
        f"{base}/relations/persistentvolumeclaims/shop/data-redis-0",
        lambda body: _groups(body).get(("boundTo", "PersistentVolume")),
        "shop/data-redis-0 to be bound",
    )
    assert _names(claim, "mountedBy", "Pod") == {"redis-0"}
    volume = _groups(claim)["boundTo", "PersistentVolume"][0]["name"]
    bound = admin.get(f"{base}/relations/persistentvolumes/{volume}").json()
    assert _names(bound, "boundTo", "PersistentVolumeClaim") == {"data-redis-0"}


def test_relations_errors_are_4xx_with_a_message(
    cluster: ConnectedCluster, master: Master, admin: httpx.Client
) -> None:
    base = f"/api/v3/clusters/{cluster.id}/relations"
    cases = {
        "/api/v3/clusters/*/relations/pods/shop/web": (400, "one cluster"),
        f"{base}/widgets/shop/web": (404, "known kinds: "),
        f"{base}/widgets/web": (404, "unknown kind"),
        f"{base}/deployments/shop/no-such-thing": (404, "no deployments object"),
        f"{base}/nodes/no-such-node": (404, "no nodes object"),
        f"{base}/deployments/web": (404, "namespaced"),
        f"{base}/nodes/shop/web": (404, "cluster-scoped"),
        "/api/v3/clusters/no-such-cluster/relations/pods/shop/web": (404, "no cluster"),
    }
    for path, (status, message) in cases.items():
        response = admin.get(path)
        assert response.status_code == status, (path, response.text)
        assert message in response.json()["error"]["message"], (path, response.text)
    assert "deployments" in admin.get(f"{base}/widgets/x").json()["error"]["message"]
    with httpx.Client(base_url=master.url, timeout=10) as anonymous:
        assert anonymous.get(f"{base}/deployments/shop/web").status_code == 401


def test_existing_resource_routes_still_answer(
    cluster: ConnectedCluster, admin: httpx.Client
) -> None:
    base = f"/api/v3/clusters/{cluster.id}"
    wait_for(
        lambda: admin.get(f"{base}/deployments/shop/web").status_code == 200,
        30,
        "shop/web in the Master",
    )
    assert admin.get(f"{base}/deployments", params={"namespace": "shop"}).json()["total"] > 0
    assert admin.get(f"{base}/deployments/shop/web").json()["name"] == "web"
    nodes = admin.get(f"{base}/nodes").json()["items"]
    assert admin.get(f"{base}/nodes/{nodes[0]['name']}").status_code == 200
    assert admin.get(f"{base}/state/deployments").status_code == 200
    unknown = admin.get(f"{base}/relation")
    assert unknown.status_code == 404 and "unknown kind" in unknown.json()["error"]["message"]
    assert admin.get(f"{base}/relations").status_code == 404
