"""Drain planning: which pods are evicted, skipped or refused, and which PDB blocks which."""

from __future__ import annotations

from typing import Any

import pytest

from atlhyper.agent.commands.nodes import blocking_budgets, plan_drain
from atlhyper.agent.commands.selectors import matches
from atlhyper.model.commands import DrainParams


def _pod(name: str, labels: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "namespace": "shop", "labels": labels or {}}
    metadata.update(extra.pop("metadata", {}))
    return {"metadata": metadata, "spec": extra.pop("spec", {})}


def _pdb(name: str, selector: dict[str, Any], allowed: int) -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {"selector": selector},
        "status": {"disruptionsAllowed": allowed},
    }


def test_daemonset_and_mirror_pods_are_skipped() -> None:
    pods = [
        _pod("web-1"),
        _pod("agent-x", metadata={"ownerReferences": [{"kind": "DaemonSet", "name": "agent"}]}),
        _pod("etcd", metadata={"annotations": {"kubernetes.io/config.mirror": "abc"}}),
    ]
    plan = plan_drain(pods, DrainParams())
    assert [p["metadata"]["name"] for p in plan.evict] == ["web-1"]
    assert {s["pod"] for s in plan.skipped} == {"shop/agent-x", "shop/etcd"}
    assert not plan.refused


def test_daemonset_pods_refuse_without_ignore_flag() -> None:
    pod = _pod("agent-x", metadata={"ownerReferences": [{"kind": "DaemonSet", "name": "agent"}]})
    plan = plan_drain([pod], DrainParams(ignore_daemonsets=False))
    assert plan.refused[0]["pod"] == "shop/agent-x"


def test_emptydir_refuses_without_delete_flag() -> None:
    pod = _pod("cache", spec={"volumes": [{"name": "tmp", "emptyDir": {}}]})
    assert plan_drain([pod], DrainParams(delete_emptydir_data=False)).refused
    assert not plan_drain([pod], DrainParams()).refused


def test_budget_allows_one_eviction_then_blocks() -> None:
    pods = [_pod("db-0", {"app": "db"}), _pod("db-1", {"app": "db"}), _pod("web", {"app": "web"})]
    budgets = [_pdb("db-pdb", {"matchLabels": {"app": "db"}}, allowed=1)]
    assert blocking_budgets(pods, budgets) == {"shop/db-1": "db-pdb"}


def test_budget_with_no_disruptions_blocks_every_matching_pod() -> None:
    pods = [_pod("db-0", {"app": "db"})]
    assert blocking_budgets(pods, [_pdb("strict", {"matchLabels": {"app": "db"}}, 0)]) == {
        "shop/db-0": "strict"
    }


@pytest.mark.parametrize(
    ("selector", "labels", "expected"),
    [
        ({}, {"a": "1"}, True),
        (None, {"a": "1"}, False),
        ({"matchLabels": {"a": "1"}}, {"a": "1", "b": "2"}, True),
        ({"matchLabels": {"a": "2"}}, {"a": "1"}, False),
        (
            {"matchExpressions": [{"key": "a", "operator": "In", "values": ["1", "3"]}]},
            {"a": "1"},
            True,
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]},
            {"a": "1"},
            False,
        ),
        ({"matchExpressions": [{"key": "a", "operator": "Exists"}]}, {}, False),
        ({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}, {}, True),
    ],
)
def test_label_selector(
    selector: dict[str, Any] | None, labels: dict[str, str], expected: bool
) -> None:
    assert matches(selector, labels) is expected
