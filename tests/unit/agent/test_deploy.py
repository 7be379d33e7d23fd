"""The Agent's deploy files: valid Kubernetes objects, and a ClusterRole that grants exactly what
the code uses (watched kinds plus the actions' verbs), nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from atlhyper.agent.config import AgentSettings
from atlhyper.agent.permissions import cluster_role, required_permissions

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "agent"
MANIFESTS = sorted(p for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml")


def _load(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_a_valid_kubernetes_object(path: Path) -> None:
    for doc in _load(path):
        kubernetes_validate.validate(doc, "1.32.0", strict=True)


def test_kustomization_lists_every_manifest() -> None:
    listed = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == [p.name for p in MANIFESTS]


def test_cluster_role_is_exactly_what_the_code_needs() -> None:
    (committed,) = _load(DEPLOY / "clusterrole.yaml")
    assert committed == cluster_role(), (
        "deploy/agent/clusterrole.yaml is stale: run "
        "`.venv/bin/python -m atlhyper.agent.permissions > deploy/agent/clusterrole.yaml`"
    )
    granted: dict[tuple[str, str], set[str]] = {}
    for rule in committed["rules"]:
        for group in rule.get("apiGroups", []):
            for resource in rule["resources"]:
                granted.setdefault((group, resource), set()).update(rule["verbs"])
    assert granted == required_permissions()
    assert not any("*" in rule["verbs"] for rule in committed["rules"])
    assert not any("*" in rule.get("resources", []) for rule in committed["rules"])


def test_action_permissions_are_granted() -> None:
    needed = required_permissions()
    assert needed[("apps", "deployments/scale")] == {"get", "patch"}
    assert needed[("", "pods/eviction")] == {"create"}
    assert needed[("", "pods/log")] == {"get"}
    assert {"patch"} <= needed[("", "nodes")]  # cordon, uncordon, drain
    assert needed[("metrics.k8s.io", "pods")] == {"get", "list"}


def test_deployment_runs_the_agent_with_its_service_account() -> None:
    (deployment,) = _load(DEPLOY / "deployment.yaml")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "atlhyper-agent"
    assert pod["containers"][0]["args"] == ["agent"]
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_config_map_sets_only_real_settings() -> None:
    (config,) = _load(DEPLOY / "configmap.yaml")
    known = {f"AGENT_{name.upper()}" for name in AgentSettings.model_fields}
    assert set(config["data"]) <= known
