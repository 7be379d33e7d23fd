"""kubectl's workload verbs against the sim, with the output a real cluster gives.

get every kind, describe, scale, rollout, apply, delete, logs, top, cordon and drain.
"""

from __future__ import annotations

import uuid

import pytest

from tests.integration.sim.conftest import Kubectl, rows, wait_until

pytestmark = pytest.mark.integration

#: Every resource the sim serves, with the columns `kubectl get -A` prints for it.
HEADERS = {
    "pods": ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"],
    "deployments": ["NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
    "replicasets": ["NAMESPACE", "NAME", "DESIRED", "CURRENT", "READY", "AGE"],
    "statefulsets": ["NAMESPACE", "NAME", "READY", "AGE"],
    "daemonsets": [
        "NAMESPACE",
        "NAME",
        "DESIRED",
        "CURRENT",
        "READY",
        "UP-TO-DATE",
        "AVAILABLE",
        "NODE SELECTOR",
        "AGE",
    ],
    "jobs": ["NAMESPACE", "NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
    "cronjobs": [
        "NAMESPACE",
        "NAME",
        "SCHEDULE",
        "TIMEZONE",
        "SUSPEND",
        "ACTIVE",
        "LAST SCHEDULE",
        "AGE",
    ],
    "services": ["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
    "endpoints": ["NAMESPACE", "NAME", "ENDPOINTS", "AGE"],
    "endpointslices": ["NAMESPACE", "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
    "ingresses": ["NAMESPACE", "NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
    "networkpolicies": ["NAMESPACE", "NAME", "POD-SELECTOR", "AGE"],
    "configmaps": ["NAMESPACE", "NAME", "DATA", "AGE"],
    "secrets": ["NAMESPACE", "NAME", "TYPE", "DATA", "AGE"],
    "namespaces": ["NAME", "STATUS", "AGE"],
    "resourcequotas": ["NAMESPACE", "NAME", "AGE", "REQUEST", "LIMIT"],
    "limitranges": ["NAMESPACE", "NAME", "CREATED AT"],
    "serviceaccounts": ["NAMESPACE", "NAME", "SECRETS", "AGE"],
    "persistentvolumes": [
        "NAME",
        "CAPACITY",
        "ACCESS MODES",
        "RECLAIM POLICY",
        "STATUS",
        "CLAIM",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "REASON",
        "AGE",
    ],
    "persistentvolumeclaims": [
        "NAMESPACE",
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
    ],
    "storageclasses": [
        "NAME",
        "PROVISIONER",
        "RECLAIMPOLICY",
        "VOLUMEBINDINGMODE",
        "ALLOWVOLUMEEXPANSION",
        "AGE",
    ],
    "horizontalpodautoscalers": [
        "NAMESPACE",
        "NAME",
        "REFERENCE",
        "TARGETS",
        "MINPODS",
        "MAXPODS",
        "REPLICAS",
        "AGE",
    ],
    "poddisruptionbudgets": [
        "NAMESPACE",
        "NAME",
        "MIN AVAILABLE",
        "MAX UNAVAILABLE",
        "ALLOWED DISRUPTIONS",
        "AGE",
    ],
    "events": ["NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
    "nodes": ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
}


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def _deployment(name: str, image: str, replicas: int = 2, extra: str = "") -> str:
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: default
  labels: {{app: {name}}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: app
        image: {image}
        ports: [{{containerPort: 80}}]
{extra}"""


def _ready(kubectl: Kubectl, name: str, replicas: int) -> bool:
    out = kubectl.run("get", "deploy", name, "-n", "default", "--no-headers").stdout.split()
    return len(out) > 1 and out[1] == f"{replicas}/{replicas}"


@pytest.mark.parametrize("resource", sorted(HEADERS))
def test_get_every_kind_across_namespaces(fast_kubectl: Kubectl, resource: str) -> None:
    scoped = resource in ("namespaces", "nodes", "persistentvolumes", "storageclasses")
    table = rows(fast_kubectl.run("get", resource, *([] if scoped else ["-A"])).stdout)
    assert table[0] == HEADERS[resource]
    assert len(table) > 1, f"the demo cluster has no {resource}"
    # Every row starts with a name (or a namespace and a name) and has an age or status cell.
    assert all(row[0] and len(row) >= 3 for row in table[1:])


def test_get_all_category_and_wide_deployments(fast_kubectl: Kubectl) -> None:
    names = fast_kubectl.run("get", "all", "-n", "shop", "-o", "name").stdout.split()
    kinds = {name.split("/", 1)[0] for name in names}
    assert {"pod", "service", "deployment.apps", "replicaset.apps", "statefulset.apps"} <= kinds
    assert "horizontalpodautoscaler.autoscaling/web" in names
    wide = rows(fast_kubectl.run("get", "deploy", "web", "-n", "shop", "-o", "wide").stdout)
    assert wide[0][-3:] == ["CONTAINERS", "IMAGES", "SELECTOR"]
    assert wide[1][-3:] == ["web", "nginx:1.27", "app=web"]


def test_describe_deployment_and_node_show_conditions_and_events(fast_kubectl: Kubectl) -> None:
    name = _unique("desc")
    fast_kubectl.run("apply", "-f", "-", stdin=_deployment(name, "nginx:1.27"))
    assert wait_until(lambda: _ready(fast_kubectl, name, 2), 20)
    described = fast_kubectl.run("describe", "deployment", name, "-n", "default").stdout
    assert "Available      True    MinimumReplicasAvailable" in described
    assert "Progressing    True    NewReplicaSetAvailable" in described
    assert f"NewReplicaSet:   {name}-" in described
    assert "ScalingReplicaSet" in described and "Scaled up replica set" in described

    node = fast_kubectl.run(
        "get",
        "pods",
        "-n",
        "monitoring",
        "-l",
        "app=log-indexer",
        "-o",
        "jsonpath={.items[0].spec.nodeName}",
    ).stdout

    def oom_event() -> bool:
        return "OOMKilling" in fast_kubectl.run("describe", "node", node).stdout

    assert wait_until(oom_event, 20), "the OOM kill never showed on the node"
    described = fast_kubectl.run("describe", "node", node).stdout
    assert "Ready            True    " in described and "KubeletReady" in described
    assert "Non-terminated Pods:" in described and "Allocated resources:" in described
    assert "kernel-monitor  Memory cgroup out of memory" in described
    fast_kubectl.run("delete", "deployment", name, "-n", "default")


def test_scale_rollout_restart_status_and_undo(fast_kubectl: Kubectl) -> None:
    name = _unique("roll")
    fast_kubectl.run("apply", "-f", "-", stdin=_deployment(name, "nginx:1.26"))
    assert wait_until(lambda: _ready(fast_kubectl, name, 2), 20)

    assert (
        "scaled"
        in fast_kubectl.run("scale", f"deployment/{name}", "-n", "default", "--replicas=4").stdout
    )
    assert wait_until(lambda: _ready(fast_kubectl, name, 4), 20)

    fast_kubectl.run("set", "image", f"deployment/{name}", "-n", "default", "app=nginx:1.27")
    status = fast_kubectl.run(
        "rollout", "status", f"deployment/{name}", "-n", "default", "--timeout=40s", timeout=50
    )
    assert f'deployment "{name}" successfully rolled out' in status.stdout

    assert (
        "restarted"
        in fast_kubectl.run("rollout", "restart", f"deployment/{name}", "-n", "default").stdout
    )
    status = fast_kubectl.run(
        "rollout", "status", f"deployment/{name}", "-n", "default", "--timeout=40s", timeout=50
    )
    assert "successfully rolled out" in status.stdout
    template = fast_kubectl.run(
        "get",
        "deploy",
        name,
        "-n",
        "default",
        "-o",
        "jsonpath={.spec.template.metadata.annotations}",
    ).stdout
    assert "kubectl.kubernetes.io/restartedAt" in template
    history = fast_kubectl.run("rollout", "history", f"deployment/{name}", "-n", "default").stdout
    assert [line.split()[0] for line in history.splitlines()[2:] if line.strip()] == [
        "1",
        "2",
        "3",
    ]

    fast_kubectl.run("rollout", "undo", f"deployment/{name}", "-n", "default", "--to-revision=1")
    assert wait_until(
        lambda: (
            fast_kubectl.run(
                "get",
                "deploy",
                name,
                "-n",
                "default",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image}",
            ).stdout
            == "nginx:1.26"
        ),
        10,
    )
    status = fast_kubectl.run(
        "rollout", "status", f"deployment/{name}", "-n", "default", "--timeout=40s", timeout=50
    )
    assert "successfully rolled out" in status.stdout
    images = fast_kubectl.run(
        "get",
        "pods",
        "-n",
        "default",
        "-l",
        f"app={name}",
        "-o",
        "jsonpath={.items[*].spec.containers[0].image}",
    ).stdout.split()
    assert wait_until(
        lambda: (
            set(
                fast_kubectl.run(
                    "get",
                    "pods",
                    "-n",
                    "default",
                    "-l",
                    f"app={name}",
                    "--field-selector=status.phase=Running",
                    "-o",
                    "jsonpath={.items[*].spec.containers[0].image}",
                ).stdout.split()
            )
            == {"nginx:1.26"}
        ),
        20,
    ), images
    fast_kubectl.run("delete", "deployment", name, "-n", "default")


def test_delete_deployment_cascades_to_replicasets_and_pods(fast_kubectl: Kubectl) -> None:
    name = _unique("gone")
    fast_kubectl.run("apply", "-f", "-", stdin=_deployment(name, "nginx:1.27", 3))
    assert wait_until(lambda: _ready(fast_kubectl, name, 3), 20)
    owned = fast_kubectl.run(
        "get", "rs,pods", "-n", "default", "-l", f"app={name}", "-o", "name"
    ).stdout.split()
    assert len(owned) == 4
    assert "deleted" in fast_kubectl.run("delete", "deployment", name, "-n", "default").stdout

    def empty() -> bool:
        return not fast_kubectl.run(
            "get", "rs,pods", "-n", "default", "-l", f"app={name}", "-o", "name"
        ).stdout.strip()

    assert wait_until(empty, 20), "the ReplicaSet and pods outlived their Deployment"


def test_apply_then_change_and_server_side_apply(fast_kubectl: Kubectl) -> None:
    name = _unique("apply")
    manifest = _deployment(name, "nginx:1.26", 1)
    assert "created" in fast_kubectl.run("apply", "-f", "-", stdin=manifest).stdout
    changed = manifest.replace("replicas: 1", "replicas: 2").replace("nginx:1.26", "nginx:1.27")
    assert "configured" in fast_kubectl.run("apply", "-f", "-", stdin=changed).stdout
    spec = fast_kubectl.run(
        "get",
        "deploy",
        name,
        "-n",
        "default",
        "-o",
        "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} "
        "{.metadata.generation}",
    ).stdout.split()
    assert spec == ["2", "nginx:1.27", "2"]
    unchanged = fast_kubectl.run("apply", "-f", "-", stdin=changed).stdout
    assert "unchanged" in unchanged

    third = changed.replace("replicas: 2", "replicas: 3")
    applied = fast_kubectl.run(
        "apply", "--server-side", "--force-conflicts", "-f", "-", stdin=third
    )
    assert "serverside-applied" in applied.stdout
    managers = fast_kubectl.run(
        "get",
        "deploy",
        name,
        "-n",
        "default",
        "--show-managed-fields",
        "-o",
        "jsonpath={.metadata.managedFields[*].manager}",
    ).stdout
    assert "kubectl" in managers.split()
    assert (
        fast_kubectl.run(
            "get", "deploy", name, "-n", "default", "-o", "jsonpath={.spec.replicas}"
        ).stdout
        == "3"
    )
    dry = fast_kubectl.run(
        "apply",
        "--server-side",
        "--dry-run=server",
        "-f",
        "-",
        stdin=third.replace("replicas: 3", "replicas: 9"),
    )
    assert dry.returncode == 0
    assert (
        fast_kubectl.run(
            "get", "deploy", name, "-n", "default", "-o", "jsonpath={.spec.replicas}"
        ).stdout
        == "3"
    )
    fast_kubectl.run("delete", "deployment", name, "-n", "default")


def test_logs_tail_container_and_previous(fast_kubectl: Kubectl) -> None:
    tail = fast_kubectl.run("logs", "-n", "shop", "deploy/web", "--tail=3").stdout
    assert len(tail.splitlines()) == 3
    assert all('"GET /' in line or line.startswith("starting") for line in tail.splitlines())
    stamped = fast_kubectl.run(
        "logs", "-n", "shop", "statefulset/redis", "-c", "redis", "--tail=2", "--timestamps"
    ).stdout.splitlines()
    assert len(stamped) == 2 and all(line[:4].isdigit() and "Z " in line for line in stamped)
    missing = fast_kubectl.run("logs", "-n", "shop", "redis-0", "--previous", check=False)
    assert missing.returncode == 1
    assert 'previous terminated container "redis" in pod "redis-0" not found' in missing.stderr

    pod = fast_kubectl.run(
        "get",
        "pods",
        "-n",
        "shop",
        "-l",
        "app=recommendations",
        "-o",
        "jsonpath={.items[0].metadata.name}",
    ).stdout

    def restarted_twice() -> bool:
        count = fast_kubectl.run(
            "get",
            "pod",
            pod,
            "-n",
            "shop",
            "-o",
            "jsonpath={.status.containerStatuses[0].restartCount}",
        ).stdout
        return count.isdigit() and int(count) >= 2

    assert wait_until(restarted_twice, 30)
    previous = fast_kubectl.run("logs", "-n", "shop", pod, "--previous").stdout
    assert previous.splitlines()[0].startswith("starting recommendations")
    assert "connection refused" in previous.splitlines()[-1]
    bad = fast_kubectl.run("logs", "-n", "shop", pod, "-c", "sidecar", check=False)
    assert bad.returncode == 1 and "container sidecar is not valid for pod" in bad.stderr


def test_top_nodes_and_pods(fast_kubectl: Kubectl) -> None:
    nodes = rows(fast_kubectl.run("top", "nodes").stdout)
    assert nodes[0] == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    assert {row[0] for row in nodes[1:]} == {"control-plane-1", "worker-1", "worker-2"}
    for row in nodes[1:]:
        assert row[1].endswith("m") and row[2].endswith("%") and row[3].endswith("Mi")
        assert 0 < int(row[2].rstrip("%")) < 100
    pods = rows(fast_kubectl.run("top", "pods", "-A").stdout)
    assert pods[0] == ["NAMESPACE", "NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert len(pods) > 20
    assert any(row[1].startswith("web-") for row in pods[1:])
    containers = rows(fast_kubectl.run("top", "pods", "-n", "shop", "--containers").stdout)
    assert containers[0][:3] == ["POD", "NAME", "CPU(cores)"]


def test_cordon_uncordon_and_drain_blocked_by_budget(fast_kubectl: Kubectl) -> None:
    name = _unique("guarded")
    pinned = "        nodeSelector: {kubernetes.io/hostname: worker-2}\n"
    manifest = _deployment(name, "nginx:1.27", 1).replace(
        "      containers:", pinned.replace("        ", "      ", 1) + "      containers:"
    )
    budget = f"""apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: {name}, namespace: default}}
spec:
  minAvailable: 1
  selector:
    matchLabels: {{app: {name}}}
"""
    fast_kubectl.run("apply", "-f", "-", stdin=manifest + "---\n" + budget)
    assert wait_until(lambda: _ready(fast_kubectl, name, 1), 20)
    guarded = fast_kubectl.run(
        "get",
        "pods",
        "-n",
        "default",
        "-l",
        f"app={name}",
        "-o",
        "jsonpath={.items[0].metadata.name}",
    ).stdout
    assert wait_until(
        lambda: (
            fast_kubectl.run(
                "get", "pdb", name, "-n", "default", "-o", "jsonpath={.status.currentHealthy}"
            ).stdout
            == "1"
        ),
        10,
    )

    assert "cordoned" in fast_kubectl.run("cordon", "worker-1").stdout
    nodes = {row[0]: row[1] for row in rows(fast_kubectl.run("get", "nodes").stdout)[1:]}
    assert nodes["worker-1"] == "Ready,SchedulingDisabled"
    assert "uncordoned" in fast_kubectl.run("uncordon", "worker-1").stdout

    drain = fast_kubectl.run(
        "drain",
        "worker-2",
        "--ignore-daemonsets",
        "--delete-emptydir-data",
        "--timeout=8s",
        check=False,
        timeout=40,
    )
    try:
        output = drain.stdout + drain.stderr
        assert drain.returncode != 0
        assert "Cannot evict pod as it would violate the pod's disruption budget." in output
        assert f"evicting pod default/{guarded}" in output
        assert "evicted" in output  # the unprotected pods did go
        still = fast_kubectl.run("get", "pod", guarded, "-n", "default", "--no-headers").stdout
        assert "Running" in still
        nodes = {row[0]: row[1] for row in rows(fast_kubectl.run("get", "nodes").stdout)[1:]}
        assert nodes["worker-2"] == "Ready,SchedulingDisabled"
        left = fast_kubectl.run(
            "get", "pods", "-A", "--field-selector=spec.nodeName=worker-2", "-o", "name"
        ).stdout.split()
        assert f"pod/{guarded}" in left
        assert all(
            "kube-proxy" in p or "kindnet" in p or "node-exporter" in p or p == f"pod/{guarded}"
            for p in left
        ), left
    finally:
        fast_kubectl.run("uncordon", "worker-2")
        fast_kubectl.run("delete", "-f", "-", stdin=manifest + "---\n" + budget)
