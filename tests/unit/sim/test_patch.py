"""Merge, JSON and strategic merge patches as the API server applies them."""

from __future__ import annotations

from typing import Any

import pytest

from atlhyper.sim.errors import ApiError
from atlhyper.sim.patch import json_patch, merge_patch, strategic_merge

POD: dict[str, Any] = {
    "metadata": {"name": "p", "labels": {"a": "1"}, "finalizers": ["x"]},
    "spec": {
        "containers": [
            {
                "name": "app",
                "image": "nginx:1.26",
                "env": [{"name": "A", "value": "1"}],
                "ports": [{"containerPort": 80}],
            },
            {"name": "side", "image": "busybox"},
        ],
        "tolerations": [{"key": "t", "operator": "Exists"}],
    },
    "status": {"conditions": [{"type": "Ready", "status": "True"}]},
}


def test_merge_patch_replaces_lists_and_null_deletes() -> None:
    patched = merge_patch(
        POD,
        {"metadata": {"labels": {"a": None, "b": "2"}}, "spec": {"containers": [{"name": "only"}]}},
    )
    assert patched["metadata"]["labels"] == {"b": "2"}
    assert patched["spec"]["containers"] == [{"name": "only"}]
    assert POD["metadata"]["labels"] == {"a": "1"}  # the input is left alone


def test_strategic_merge_merges_named_lists() -> None:
    patched = strategic_merge(
        POD,
        {
            "spec": {
                "containers": [
                    {
                        "name": "app",
                        "image": "nginx:1.27",
                        "env": [{"name": "B", "value": "2"}],
                        "ports": [{"containerPort": 443}],
                    },
                    {"name": "new", "image": "redis"},
                ]
            }
        },
    )
    containers = patched["spec"]["containers"]
    assert [c["name"] for c in containers] == ["app", "side", "new"]
    assert containers[0]["image"] == "nginx:1.27"
    assert [e["name"] for e in containers[0]["env"]] == ["A", "B"]
    assert [p["containerPort"] for p in containers[0]["ports"]] == [80, 443]


def test_strategic_merge_directives() -> None:
    patched = strategic_merge(
        POD,
        {
            "metadata": {"finalizers": ["y"], "$deleteFromPrimitiveList/finalizers": ["x"]},
            "spec": {
                "containers": [{"name": "side", "$patch": "delete"}],
                "$setElementOrder/containers": [{"name": "app"}],
                "tolerations": [{"key": "u", "operator": "Exists"}],
            },
            "status": {
                "conditions": [
                    {"type": "Ready", "status": "False"},
                    {"type": "Initialized", "status": "True"},
                ]
            },
        },
    )
    assert patched["metadata"]["finalizers"] == ["y"]
    assert [c["name"] for c in patched["spec"]["containers"]] == ["app"]
    assert patched["spec"]["tolerations"] == [{"key": "u", "operator": "Exists"}]
    assert patched["status"]["conditions"] == [
        {"type": "Ready", "status": "False"},
        {"type": "Initialized", "status": "True"},
    ]
    replaced = strategic_merge(POD, {"spec": {"$patch": "replace", "containers": []}})
    assert replaced["spec"] == {"containers": []}
    retained = strategic_merge(POD, {"metadata": {"$retainKeys": ["name"], "name": "p"}})
    assert retained["metadata"] == {"name": "p"}


def test_owner_references_merge_by_uid() -> None:
    obj = {"metadata": {"ownerReferences": [{"uid": "1", "name": "a"}]}}
    patched = strategic_merge(obj, {"metadata": {"ownerReferences": [{"uid": "2", "name": "b"}]}})
    assert [r["uid"] for r in patched["metadata"]["ownerReferences"]] == ["1", "2"]


def test_json_patch_operations() -> None:
    patched = json_patch(
        POD,
        [
            {"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:1.27"},
            {"op": "add", "path": "/metadata/labels/b", "value": "2"},
            {"op": "add", "path": "/spec/containers/-", "value": {"name": "z"}},
            {"op": "remove", "path": "/spec/tolerations"},
            {"op": "copy", "from": "/metadata/labels/a", "path": "/metadata/labels/c"},
            {"op": "move", "from": "/metadata/labels/b", "path": "/metadata/labels/d"},
            {"op": "test", "path": "/metadata/name", "value": "p"},
        ],
    )
    assert patched["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert patched["spec"]["containers"][-1] == {"name": "z"}
    assert patched["metadata"]["labels"] == {"a": "1", "c": "1", "d": "2"}
    assert "tolerations" not in patched["spec"]


@pytest.mark.parametrize(
    ("operations", "code"),
    [
        ([{"op": "test", "path": "/metadata/name", "value": "q"}], 422),
        ([{"op": "remove", "path": "/spec/nothing"}], 422),
        ([{"op": "replace", "path": "/spec/containers/9", "value": 1}], 422),
        ([{"op": "explode", "path": "/spec"}], 400),
        ([{"path": "/spec"}], 400),
        ({"op": "add"}, 400),
        ([{"op": "add", "path": "spec", "value": 1}], 400),
    ],
)
def test_json_patch_errors(operations: Any, code: int) -> None:
    with pytest.raises(ApiError) as caught:
        json_patch(POD, operations)
    assert caught.value.code == code
