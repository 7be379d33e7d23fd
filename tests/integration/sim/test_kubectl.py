"""Debian's kubectl, unchanged, against the sim: output should read like a real cluster's."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest

from tests.integration.sim.conftest import Kubectl, wait_until

pytestmark = pytest.mark.integration


def _rows(output: str) -> list[list[str]]:
    """kubectl's table cut at the header's column starts: a cell may hold spaces, e.g.
    RESTARTS "2 (33s ago)" once a container has restarted."""
    header, *lines = output.strip().splitlines()
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    bounds = list(zip(starts, [*starts[1:], None], strict=True))
    return [header.split()] + [[line[a:b].strip() for a, b in bounds] for line in lines]


def test_get_nodes(kubectl: Kubectl) -> None:
    rows = _rows(kubectl.run("get", "nodes").stdout)
    assert rows[0] == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"control-plane-1", "worker-1", "worker-2"}
    assert by_name["control-plane-1"][1:3] == ["Ready", "control-plane"]
    assert by_name["worker-1"][2] == "<none>"
    assert all(row[4].startswith("v1.") for row in rows[1:])


def test_get_namespaces(kubectl: Kubectl) -> None:
    rows = _rows(kubectl.run("get", "ns").stdout)
    assert rows[0] == ["NAME", "STATUS", "AGE"]
    names = {row[0] for row in rows[1:] if row[1] == "Active"}
    assert {"default", "kube-system", "shop", "payments", "monitoring"} <= names


def test_get_pods_all_namespaces(kubectl: Kubectl) -> None:
    rows = _rows(kubectl.run("get", "pods", "-A").stdout)
    assert rows[0] == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    pods = rows[1:]
    assert len(pods) >= 25
    shop = [row for row in pods if row[0] == "shop"]
    assert any(row[1].startswith("web-") for row in shop)
    running = [row for row in pods if row[0] in ("shop", "payments") and row[3] == "Running"]
    assert running and all(row[2] == "1/1" for row in running)


def test_wide_output_and_short_names(kubectl: Kubectl) -> None:
    rows = _rows(kubectl.run("get", "po", "-n", "shop", "-o", "wide").stdout)
    assert rows[0][:7] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"]
    assert all(row[6].startswith("worker-") for row in rows[1:]), rows
    names = kubectl.run("get", "no", "-o", "name").stdout.split()
    assert "node/control-plane-1" in names


def test_label_selector(kubectl: Kubectl) -> None:
    output = kubectl.run("get", "pods", "-A", "-l", "app in (web,redis)", "-o", "name").stdout
    names = sorted(output.split())
    assert names[0] == "pod/redis-0" and len(names) == 4
    assert all(name.startswith(("pod/web-", "pod/redis-")) for name in names)


def test_run_watch_delete(kubectl: Kubectl) -> None:
    name = f"kc-{uuid.uuid4().hex[:6]}"
    watcher = subprocess.Popen(
        [
            kubectl.binary,
            "--kubeconfig",
            str(kubectl.kubeconfig),
            "get",
            "pods",
            "-n",
            "default",
            "-w",
            "--field-selector",
            f"metadata.name={name}",
            "--request-timeout=15s",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "created" in kubectl.run("run", name, "--image=nginx:1.27", "-n", "default").stdout

        def running() -> bool:
            out = kubectl.run("get", "pod", name, "-n", "default", "--no-headers").stdout
            return "Running" in out and "1/1" in out

        assert wait_until(running), "the pod never became Running"
        assert "deleted" in kubectl.run("delete", "pod", name, "-n", "default").stdout
        missing = kubectl.run("get", "pod", name, "-n", "default", check=False)
        assert missing.returncode != 0 and "NotFound" in missing.stderr
        stdout, _ = watcher.communicate(timeout=20)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.communicate()
    # Watch rows are not aligned to the header once a cell's width changes (one was cut to
    # "Terminatin"), so they are split on blanks: NAME, READY and STATUS never hold one.
    rows = [line.split() for line in stdout.strip().splitlines()[1:]]
    statuses = [row[2] for row in rows if len(row) > 2 and row[0] == name]
    # Pending, ContainerCreating, Running: a loaded machine may start kubectl's watch after the
    # pod already runs, so only the order of what it did see is certain.
    assert "Running" in statuses
    assert statuses[-1] == "Terminating"
    order = ["Pending", "ContainerCreating", "Running", "Terminating"]
    seen = [order.index(s) for s in statuses if s in order]
    assert seen == sorted(seen), statuses


def test_errors(kubectl: Kubectl) -> None:
    missing = kubectl.run("get", "pod", "no-such-pod", check=False)
    assert missing.returncode == 1
    assert 'Error from server (NotFound): pods "no-such-pod" not found' in missing.stderr

    name = f"dup-{uuid.uuid4().hex[:6]}"
    kubectl.run("run", name, "--image=nginx")
    duplicate = kubectl.run("run", name, "--image=nginx", check=False)
    assert duplicate.returncode == 1 and "AlreadyExists" in duplicate.stderr
    kubectl.run("delete", "pod", name, "--grace-period=0", "--force")

    bad_selector = kubectl.run("get", "pods", "-l", "app in (web", check=False)
    assert bad_selector.returncode == 1 and "BadRequest" in bad_selector.stderr


def test_create_from_manifest_with_generate_name(kubectl: Kubectl, tmp_path: object) -> None:
    manifest = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: manifest-\n"
        "spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n"
    )
    result = subprocess.run(
        [
            kubectl.binary,
            "--kubeconfig",
            str(kubectl.kubeconfig),
            "create",
            "-f",
            "-",
            "-o",
            "name",
        ],
        input=manifest,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    created = result.stdout.strip()
    assert created.startswith("pod/manifest-")
    kubectl.run("delete", created, "--wait=false")


def test_namespace_delete_removes_its_pods(kubectl: Kubectl) -> None:
    namespace = f"tmp-{uuid.uuid4().hex[:6]}"
    # `kubectl create namespace` sends a protobuf body through client-go's typed client.
    created = kubectl.run("create", "namespace", namespace)
    assert created.stdout.strip() == f"namespace/{namespace} created"
    labels = kubectl.run("get", "ns", namespace, "-o", "jsonpath={.metadata.labels}").stdout
    assert f'"kubernetes.io/metadata.name":"{namespace}"' in labels
    kubectl.run("run", "one", "--image=nginx", "-n", namespace)
    kubectl.run("delete", "namespace", namespace, timeout=40)
    assert kubectl.run("get", "pods", "-n", namespace, "-o", "name", check=False).stdout == ""
    gone = kubectl.run("get", "namespace", namespace, check=False)
    assert gone.returncode == 1 and "NotFound" in gone.stderr
