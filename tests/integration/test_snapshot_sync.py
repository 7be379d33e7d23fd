"""Agent → Master synchronisation through full snapshots and deltas, as real processes.

One sim (plain HTTP, a tiny watch history so resumed watches get 410), one Master and one Agent
with short watches and a fast snapshot interval. The Master's state is compared object by object
with the sim's objects read over HTTP and converted by the Agent's own converters.
"""

from __future__ import annotations

import base64
import itertools
import os
import random
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
import yaml
from kubernetes import client as k8s
from kubernetes import config as k8s_config
from kubernetes.client.rest import ApiException

from atlhyper.agent.k8s import wire
from atlhyper.agent.k8s.kinds import WATCHED_KINDS
from atlhyper.master.views.kinds import KINDS
from atlhyper.model import KIND_NAMES, object_key
from tests.conftest import (
    Agent,
    Master,
    ProcessFactory,
    SimCluster,
    start_agent,
    start_master,
    start_sim,
    wait_for,
)

pytestmark = pytest.mark.integration

WATCHED = {kind.field: kind for kind in WATCHED_KINDS}
CANARY = "atlhyper-canary-7c1e5d"


@dataclass
class Env:
    sim: SimCluster
    master: Master
    master_dir: Path
    cluster_id: str
    token: str
    agent: Agent
    admin: httpx.Client
    core: k8s.CoreV1Api

    @property
    def sim_url(self) -> str:
        config = yaml.safe_load(self.sim.kubeconfig.read_text())
        return str(config["clusters"][0]["cluster"]["server"])


@pytest.fixture(scope="module")
def env(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    sim = start_sim(
        processes,
        tmp_path_factory.mktemp("sync-sim"),
        "--no-tls",
        "--watch-history",
        "3",
        "--pod-start-seconds",
        "0.2",
        "--pod-stop-seconds",
        "0.2",
    )
    master_dir = tmp_path_factory.mktemp("sync-master")
    master = start_master(processes, master_dir)
    with master.login() as admin:
        created = admin.post("/api/v3/clusters", json={"name": "sync"})
        created.raise_for_status()
        body = created.json()
    agent = start_agent(
        processes,
        master,
        sim,
        body["token"],
        "--snapshot-interval",
        "0.3",
        "--heartbeat-interval",
        "1",
        "--watch-timeout",
        "1",
    )
    api_client = k8s_config.new_client_from_config(config_file=str(sim.kubeconfig))
    with master.login() as admin:
        yield Env(
            sim,
            master,
            master_dir,
            body["id"],
            body["token"],
            agent,
            admin,
            k8s.CoreV1Api(api_client),
        )


def _capabilities(env: Env) -> list[str]:
    items = env.admin.get("/api/v3/clusters").json()["items"]
    mine = next(item for item in items if item["id"] == env.cluster_id)
    return list(mine["capabilities"])


def _sim_objects(env: Env, field: str) -> dict[str, Any]:
    """The sim's objects of one kind, converted exactly as the Agent converts them."""
    kind = WATCHED[field]
    response = httpx.get(f"{env.sim_url}{kind.path}", timeout=10)
    response.raise_for_status()
    page = msgspec.json.decode(response.content, type=wire.ObjectList[kind.wire_type])  # type: ignore[name-defined]
    converted = [kind.convert(item) for item in page.items]
    return {object_key(obj): msgspec.to_builtins(obj) for obj in converted}


def _master_objects(env: Env, field: str) -> dict[str, Any]:
    response = env.admin.get(f"/api/v3/clusters/{env.cluster_id}/state/{field}")
    if response.status_code != 200:
        return {}
    return {
        (f"{o['namespace']}/{o['name']}" if o.get("namespace") else o["name"]): o
        for o in response.json()["items"]
    }


def _same(env: Env, field: str) -> bool:
    env.agent.proc.assert_alive()
    return _master_objects(env, field) == _sim_objects(env, field)


def _wait_same(env: Env, fields: list[str], timeout: float = 30) -> None:
    def check() -> bool:
        return all(_same(env, field) for field in fields)

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    differing = []
    for field in fields:
        master, sim = _master_objects(env, field), _sim_objects(env, field)
        if master != sim:
            keys = sorted(set(master) ^ set(sim))[:5]
            changed = [k for k in master if k in sim and master[k] != sim[k]][:3]
            differing.append(f"{field}: only on one side {keys}, differing {changed}")
    pytest.fail("Master state never matched the sim: " + "; ".join(differing))


def _labels(name: str) -> dict[str, Any]:
    return {"name": name, "labels": {"app": name}}


def _template(name: str) -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": name}},
        "spec": {
            "containers": [{"name": "app", "image": "nginx:1.27"}],
            "restartPolicy": "Never",
        },
    }


def _create_one_of_each(api_client: k8s.ApiClient, served: set[str]) -> set[str]:
    """Create one object per kind the sim serves, through the official client; returns kinds."""
    ns = "default"
    creators: dict[str, Any] = {
        "configmaps": lambda: k8s.CoreV1Api(api_client).create_namespaced_config_map(
            ns, {"metadata": _labels("cfg"), "data": {"a.yaml": "x: 1"}}
        ),
        "services": lambda: k8s.CoreV1Api(api_client).create_namespaced_service(
            ns,
            {
                "metadata": _labels("web"),
                "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]},
            },
        ),
        "deployments": lambda: k8s.AppsV1Api(api_client).create_namespaced_deployment(
            ns,
            {
                "metadata": _labels("web"),
                "spec": {
                    "replicas": 2,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        **_template("web"),
                        "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
                    },
                },
            },
        ),
        "jobs": lambda: k8s.BatchV1Api(api_client).create_namespaced_job(
            ns, {"metadata": _labels("once"), "spec": {"template": _template("once")}}
        ),
        "cronjobs": lambda: k8s.BatchV1Api(api_client).create_namespaced_cron_job(
            ns,
            {
                "metadata": _labels("nightly"),
                "spec": {
                    "schedule": "0 3 * * *",
                    "jobTemplate": {"spec": {"template": _template("nightly")}},
                },
            },
        ),
        "persistentvolumeclaims": lambda: k8s.CoreV1Api(
            api_client
        ).create_namespaced_persistent_volume_claim(
            ns,
            {
                "metadata": _labels("data"),
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "1Gi"}},
                },
            },
        ),
        "ingresses": lambda: k8s.NetworkingV1Api(api_client).create_namespaced_ingress(
            ns,
            {
                "metadata": _labels("web"),
                "spec": {
                    "rules": [
                        {
                            "host": "shop.example.com",
                            "http": {
                                "paths": [
                                    {
                                        "path": "/",
                                        "pathType": "Prefix",
                                        "backend": {
                                            "service": {"name": "web", "port": {"number": 80}}
                                        },
                                    }
                                ]
                            },
                        }
                    ]
                },
            },
        ),
        "horizontalpodautoscalers": lambda: k8s.AutoscalingV2Api(
            api_client
        ).create_namespaced_horizontal_pod_autoscaler(
            ns,
            {
                "metadata": _labels("web"),
                "spec": {
                    "scaleTargetRef": {
                        "apiVersion": "apps/v1",
                        "kind": "Deployment",
                        "name": "web",
                    },
                    "minReplicas": 1,
                    "maxReplicas": 4,
                },
            },
        ),
        "poddisruptionbudgets": lambda: k8s.PolicyV1Api(
            api_client
        ).create_namespaced_pod_disruption_budget(
            ns,
            {
                "metadata": _labels("web"),
                "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}},
            },
        ),
    }
    created = set()
    for field, create in creators.items():
        if field not in served:
            continue
        try:
            create()
        except ApiException as exc:
            if exc.status not in (404, 405):
                raise
            continue
        created.add(field)
    return created


def test_every_served_kind_reaches_the_master(env: Env) -> None:
    def reported() -> tuple[set[str], set[str]]:
        items = env.admin.get("/api/v3/clusters").json()["items"]
        mine = next(item for item in items if item["id"] == env.cluster_id)
        return set(mine["capabilities"]), set(mine["unavailableKinds"])

    # Every kind the Agent knows is reported, either served or refused, never both.
    wait_for(
        lambda: set.union(*reported()) == set(KIND_NAMES),
        30,
        "a heartbeat reporting every kind as served or unavailable",
    )
    served, unavailable = reported()
    assert not served & unavailable
    capabilities = _capabilities(env)
    watched = [field for field in capabilities if field in WATCHED and field != "events"]
    assert {"pods", "nodes", "namespaces"} <= set(watched)
    created = _create_one_of_each(env.core.api_client, set(watched))
    _wait_same(env, watched)
    for field in {"pods", "nodes", "namespaces"} | created:
        assert _master_objects(env, field), f"no {field} reached the Master"
    if "nodemetrics" in capabilities:

        def usage_shown() -> bool:
            rows = env.admin.get(f"/api/v3/clusters/{env.cluster_id}/nodes").json()["items"]
            return bool(rows) and all(row["cpuUsageMillicores"] is not None for row in rows)

        wait_for(usage_shown, 30, "node usage from metrics.k8s.io in the Master's node rows")
    for field in watched:
        if field not in KINDS:
            continue
        held = _master_objects(env, field)
        listed = env.admin.get(f"/api/v3/clusters/{env.cluster_id}/{field}", params={"limit": 1})
        assert listed.status_code == 200, (field, listed.text)
        assert listed.json()["total"] == len(held), field
        if held:  # the detail route serves the same object, namespaced or cluster-scoped
            key, obj = next(iter(held.items()))
            detail = env.admin.get(f"/api/v3/clusters/{env.cluster_id}/{field}/{key}")
            assert detail.status_code == 200, (field, key, detail.text)
            served = detail.json()  # the object may have moved on since; its identity has not
            assert (served["uid"], served["name"], set(served)) == (
                obj["uid"],
                obj["name"],
                set(obj),
            )


_names = itertools.count()  # unique names: a random one could collide and get 409 AlreadyExists


def _random_change(
    core: k8s.CoreV1Api, rng: random.Random, pods: set[str], spaces: set[str]
) -> None:
    roll = rng.random()
    namespace = rng.choice(sorted(spaces))
    if roll < 0.35 or not pods:
        name = f"r{next(_names)}"
        manifest = k8s.V1Pod(
            metadata=k8s.V1ObjectMeta(name=name, labels={"gen": "0"}),
            spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="app", image="nginx:1.27")]),
        )
        core.create_namespaced_pod(namespace, manifest)
        pods.add(f"{namespace}/{name}")
    elif roll < 0.7:
        key = rng.choice(sorted(pods))
        ns, name = key.split("/")
        patch = {"metadata": {"labels": {"gen": str(rng.randrange(1000))}}}
        try:
            core.patch_namespaced_pod(name, ns, patch)
        except ApiException as exc:
            if exc.status != 404:  # a pod deleted moments ago may already be gone
                raise
    elif roll < 0.95:
        key = rng.choice(sorted(pods))
        ns, name = key.split("/")
        pods.discard(key)
        try:
            core.delete_namespaced_pod(name, ns, grace_period_seconds=0)
        except ApiException as exc:
            if exc.status != 404:
                raise
    else:
        name = f"rns{next(_names)}"
        core.create_namespace(k8s.V1Namespace(metadata=k8s.V1ObjectMeta(name=name)))
        spaces.add(name)


def test_thousand_random_changes_converge_object_by_object(env: Env) -> None:
    rng = random.Random(20261122)
    pods: set[str] = set()
    spaces = {"default"}
    for _ in range(1000):
        _random_change(env.core, rng, pods, spaces)
    _wait_same(env, ["pods", "namespaces"], timeout=40)
    master_pods = env.admin.get(f"/api/v3/clusters/{env.cluster_id}/state/pods").json()["items"]
    keys = [f"{p['namespace']}/{p['name']}" for p in master_pods]
    assert len(keys) == len(set(keys)), "duplicate pods in the Master's state"
    assert env.agent.metric("atlhyper_agent_pushes_total", type="delta", result="ok") > 0


def test_broken_watch_relists_without_loss_or_duplicates(env: Env) -> None:
    """Freeze the Agent while pods change: its watches end, and resuming gets 410 (history 3)."""
    before = env.agent.metric("atlhyper_agent_relists_total", kind="pods")
    pid = env.agent.proc.popen.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        for index in range(20):
            env.core.create_namespaced_pod(
                "default",
                k8s.V1Pod(
                    metadata=k8s.V1ObjectMeta(name=f"burst-{index}"),
                    spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="a", image="busybox")]),
                ),
            )
        time.sleep(2.5)  # longer than the watch timeout: the sim ends the frozen watches
    finally:
        os.kill(pid, signal.SIGCONT)
    for index in range(0, 20, 2):
        env.core.delete_namespaced_pod(f"burst-{index}", "default", grace_period_seconds=0)
    _wait_same(env, ["pods"])
    assert env.agent.metric("atlhyper_agent_relists_total", kind="pods") > before
    assert env.agent.metric("atlhyper_agent_watch_restarts_total", kind="pods") > 1


def test_master_restart_answers_409_and_the_agent_resyncs(
    env: Env, processes: ProcessFactory
) -> None:
    fulls_before = env.agent.metric("atlhyper_agent_pushes_total", type="full", result="ok")
    port = int(env.master.url.rsplit(":", 1)[1])
    env.master.proc.stop()
    env.core.create_namespaced_pod(
        "default",
        k8s.V1Pod(
            metadata=k8s.V1ObjectMeta(name="while-master-down"),
            spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="a", image="busybox")]),
        ),
    )
    restarted = start_master(
        processes, env.master_dir, port=port, password=env.master.admin_password
    )
    # A delta against a snapshot the new process never received is refused with a JSON 409.
    stale = msgspec.json.encode(
        {"type": "delta", "seq": 10**9, "baseSeq": 10**9 - 1, "takenAt": "now"}
    )
    response = httpx.post(
        f"{restarted.url}/agent/snapshot",
        content=stale,
        headers={"Authorization": f"Bearer {env.token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    env.master = restarted
    with restarted.login() as admin:
        env.admin = admin
        _wait_same(env, ["pods", "namespaces", "nodes"])
        assert "default/while-master-down" in _master_objects(env, "pods")
    env.admin = restarted.login()
    assert env.agent.metric("atlhyper_agent_pushes_total", type="full", result="ok") > fulls_before


def test_no_secret_value_reaches_the_master(env: Env) -> None:
    if "secrets" not in _capabilities(env):
        pytest.skip("the sim does not serve Secrets yet, so no Secret can reach the Master")
    encoded = base64.b64encode(CANARY.encode()).decode()
    env.core.create_namespaced_secret(
        "default",
        k8s.V1Secret(
            metadata=k8s.V1ObjectMeta(name="canary"),
            type="Opaque",
            data={"password": encoded},
            string_data={"token": CANARY + "-string"},
        ),
    )
    wait_for(
        lambda: "default/canary" in _master_objects(env, "secrets"),
        30,
        "the Secret to reach the Master",
    )
    held = _master_objects(env, "secrets")["default/canary"]
    # The keys arrive (a real API server also folds `stringData` in; the sim may not yet).
    assert "password" in held["keys"]
    assert held["type"] == "Opaque"
    bodies = [
        env.admin.get(f"/api/v3/clusters/{env.cluster_id}/state/{field}").text for field in WATCHED
    ]
    bodies += [
        env.admin.get(f"/api/v3/clusters/{env.cluster_id}/{plural}", params={"limit": 500}).text
        for plural in KINDS
    ]
    bodies.append(env.admin.get(f"/api/v3/clusters/{env.cluster_id}/secrets/default/canary").text)
    for body in bodies:
        for needle in (CANARY, encoded, base64.b64encode((CANARY + "-string").encode()).decode()):
            assert needle not in body


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"type": "delta", "seq": 2, "baseSeq": 1}, 400, "takenAt"),
        ({"type": "bogus", "seq": 2, "takenAt": "t"}, 400, "'full' or 'delta'"),
        ({"type": "delta", "seq": 2, "baseSeq": 1, "takenAt": "t", "deleted": []}, 400, "deleted"),
        (
            {"type": "delta", "seq": 2, "baseSeq": 1, "takenAt": "t", "upserted": {"widgets": []}},
            400,
            "widgets",
        ),
        ({"type": "delta", "seq": 2, "baseSeq": -5, "takenAt": "t"}, 409, "send a full snapshot"),
    ],
)
def test_bad_deltas_get_a_4xx_json_error(
    env: Env, body: dict[str, Any], status: int, fragment: str
) -> None:
    response = httpx.post(
        f"{env.master.url}/agent/snapshot",
        content=msgspec.json.encode(body),
        headers={"Authorization": f"Bearer {env.token}", "Content-Type": "application/json"},
    )
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]
