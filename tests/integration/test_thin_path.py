"""The foundation's end-to-end path: sim → Agent → Master, as three real processes.

A pod created in the simulated cluster through the official Kubernetes client must show up in the
Master's API, and disappear from it once deleted.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from kubernetes import client as k8s
from kubernetes import config as k8s_config

from tests.conftest import ConnectedCluster, Master, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def core(cluster: ConnectedCluster) -> k8s.CoreV1Api:
    api_client = k8s_config.new_client_from_config(config_file=str(cluster.sim.kubeconfig))
    return k8s.CoreV1Api(api_client)


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        yield client


def _pod_names(admin: httpx.Client, cluster_id: str, q: str) -> set[str]:
    response = admin.get(f"/api/v3/clusters/{cluster_id}/pods", params={"q": q, "limit": 500})
    response.raise_for_status()
    return {row["name"] for row in response.json()["items"]}


def test_created_pod_reaches_the_master_and_deleted_pod_leaves_it(
    cluster: ConnectedCluster, core: k8s.CoreV1Api, admin: httpx.Client
) -> None:
    manifest = k8s.V1Pod(
        metadata=k8s.V1ObjectMeta(name="thin-path", labels={"test": "thin-path"}),
        spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="app", image="nginx:1.27")]),
    )
    core.create_namespaced_pod("default", manifest)

    def listed() -> bool:
        cluster.agent.assert_alive()
        return "thin-path" in _pod_names(admin, cluster.id, "thin-path")

    wait_for(listed, 30, "the new pod in the Master's pod list")

    detail = admin.get(f"/api/v3/clusters/{cluster.id}/pods/default/thin-path").json()
    assert detail["namespace"] == "default"
    assert detail["labels"] == {"test": "thin-path"}
    assert detail["containers"][0]["image"] == "nginx:1.27"

    everywhere = admin.get("/api/v3/clusters/*/pods", params={"q": "thin-path"}).json()
    assert [row["clusterName"] for row in everywhere["items"]] == [cluster.name]

    core.delete_namespaced_pod("thin-path", "default")
    wait_for(
        lambda: "thin-path" not in _pod_names(admin, cluster.id, "thin-path"),
        30,
        "the deleted pod to leave the Master's pod list",
    )


def test_pod_becomes_running_on_a_node(
    cluster: ConnectedCluster, core: k8s.CoreV1Api, admin: httpx.Client
) -> None:
    manifest = k8s.V1Pod(
        metadata=k8s.V1ObjectMeta(name="scheduled"),
        spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="app", image="nginx:1.27")]),
    )
    core.create_namespaced_pod("default", manifest)
    url = f"/api/v3/clusters/{cluster.id}/pods/default/scheduled"

    def running() -> bool:
        response = admin.get(url)
        return response.status_code == 200 and response.json()["status"] == "Running"

    wait_for(running, 30, "the new pod to be Running in the Master's view")
    pod = admin.get(url).json()
    assert pod["nodeName"]
    assert pod["readyContainers"] == pod["totalContainers"] == 1
    core.delete_namespaced_pod("scheduled", "default")


def test_master_sees_the_same_nodes_and_namespaces_as_the_cluster(
    cluster: ConnectedCluster, core: k8s.CoreV1Api, admin: httpx.Client
) -> None:
    cluster_nodes = {node.metadata.name for node in core.list_node().items}
    cluster_namespaces = {ns.metadata.name for ns in core.list_namespace().items}

    def same() -> bool:
        nodes = admin.get(f"/api/v3/clusters/{cluster.id}/nodes", params={"limit": 500}).json()
        namespaces = admin.get(
            f"/api/v3/clusters/{cluster.id}/namespaces", params={"limit": 500}
        ).json()
        return {row["name"] for row in nodes["items"]} == cluster_nodes and {
            row["name"] for row in namespaces["items"]
        } == cluster_namespaces

    wait_for(same, 30, "the Master's nodes and namespaces to match the cluster's")
    assert cluster_nodes


def test_cluster_is_online_with_agent_version(
    cluster: ConnectedCluster, admin: httpx.Client
) -> None:
    def online() -> bool:
        items = admin.get("/api/v3/clusters").json()["items"]
        mine = next(item for item in items if item["id"] == cluster.id)
        return mine["status"] == "online" and mine["agentVersion"] != ""

    wait_for(online, 30, "the cluster to be online with its agent version")
    items = admin.get("/api/v3/clusters").json()["items"]
    mine = next(item for item in items if item["id"] == cluster.id)
    assert "pods" in mine["capabilities"]
    assert mine["podCount"] > 0


def test_overview_counts_what_the_cluster_holds(
    cluster: ConnectedCluster, core: k8s.CoreV1Api, admin: httpx.Client
) -> None:
    def warnings_arrived() -> bool:
        body = admin.get(f"/api/v3/clusters/{cluster.id}/overview").json()
        return bool(body["warningEvents"])

    # The demo cluster has crashlooping and OOM-killed pods, so warnings come within seconds.
    wait_for(warnings_arrived, 60, "warning events in the overview")
    view = admin.get(f"/api/v3/clusters/{cluster.id}/overview").json()
    assert view["nodes"]["total"] == len(core.list_node().items)
    assert view["nodes"]["ready"] + view["nodes"]["notReady"] == view["nodes"]["total"]
    assert sum(view["pods"]["byStatus"].values()) == view["pods"]["total"] > 0
    assert view["pods"]["problems"] > 0
    assert view["workloads"]["deployments"]["total"] > 0
    assert view["capacity"]["cpuAllocatableMillicores"] > 0
    assert all(event["type"] == "Warning" for event in view["warningEvents"])
    fleet = admin.get("/api/v3/clusters/*/overview").json()
    assert fleet["clusters"] >= 1
    assert fleet["pods"]["total"] >= view["pods"]["total"]
    assert admin.get("/api/v3/clusters/nope/overview").status_code == 404
