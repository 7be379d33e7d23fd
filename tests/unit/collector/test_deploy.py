"""The collector's deploy files: valid Kubernetes objects that wire the collector to the Agent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from atlhyper.collector.settings import CollectorSettings

ROOT = Path(__file__).resolve().parents[3] / "deploy"
DEPLOY = ROOT / "collector"
MANIFESTS = sorted(p for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml")


def _load(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def _daemonset() -> dict[str, Any]:
    (daemonset,) = _load(DEPLOY / "daemonset.yaml")
    return daemonset


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_a_valid_kubernetes_object(path: Path) -> None:
    for doc in _load(path):
        kubernetes_validate.validate(doc, "1.32.0", strict=True)


def test_kustomization_lists_every_manifest() -> None:
    listed = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == [p.name for p in MANIFESTS]


def test_daemonset_sets_only_real_settings_and_reaches_the_agent() -> None:
    pod = _daemonset()["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"] == ["collector"]
    env = {item["name"]: item for item in container["env"]}
    known = {f"COLLECTOR_{name.upper()}" for name in CollectorSettings.model_fields}
    assert set(env) - {"NODE_NAME"} <= known
    assert env["COLLECTOR_MODE"]["value"] == "cluster"
    assert env["NODE_NAME"]["valueFrom"]["fieldRef"]["fieldPath"] == "spec.nodeName"

    (service,) = _load(DEPLOY / "agent-service.yaml")
    (agent,) = _load(ROOT / "agent" / "deployment.yaml")
    (agent_config,) = _load(ROOT / "agent" / "configmap.yaml")
    namespace = service["metadata"]["namespace"]
    port = service["spec"]["ports"][0]["port"]
    assert env["COLLECTOR_ENDPOINT"]["value"] == (
        f"http://{service['metadata']['name']}.{namespace}.svc:{port}"
    )
    assert str(port) == agent_config["data"]["AGENT_PORT"]
    assert service["spec"]["selector"] == agent["spec"]["selector"]["matchLabels"]

    (secret,) = _load(ROOT / "agent" / "secret.yaml")
    token = env["COLLECTOR_TOKEN"]["valueFrom"]["secretKeyRef"]
    assert token["name"] == secret["metadata"]["name"]
    assert token["key"] in secret["stringData"]


def test_host_proc_sys_and_root_are_mounted_read_only_where_the_settings_point() -> None:
    pod = _daemonset()["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {item["name"]: item.get("value") for item in container["env"]}
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    for variable, host_path in (
        ("COLLECTOR_PROC_ROOT", "/proc"),
        ("COLLECTOR_SYS_ROOT", "/sys"),
        ("COLLECTOR_HOST_ROOT", "/"),
    ):
        mount = mounts[env[variable]]
        assert mount["readOnly"] is True
        assert volumes[mount["name"]]["hostPath"]["path"] == host_path
    assert env["COLLECTOR_SPOOL_DIR"] in mounts
    assert pod["hostNetwork"] is True
    assert pod["tolerations"] == [{"operator": "Exists"}]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    requests = container["resources"]["requests"]
    assert requests == {"cpu": "20m", "memory": "64Mi"}
