"""Server-side apply: field ownership, conflicts, force and removal of dropped fields."""

from __future__ import annotations

from typing import Any

import pytest

from atlhyper.sim.apply import fields_v1, server_side_apply
from atlhyper.sim.errors import ApiError

NOW = "2026-01-01T00:00:00Z"


def _cm(**data: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": data}


def test_fields_v1_keys_lists_by_merge_key() -> None:
    fields = fields_v1(
        {
            "metadata": {"name": "x", "labels": {"a": "1"}},
            "spec": {"containers": [{"name": "app", "image": "i"}]},
        }
    )
    assert fields == {
        "f:metadata": {"f:labels": {"f:a": {}}},
        "f:spec": {"f:containers": {'k:{"name":"app"}': {".": {}, "f:name": {}, "f:image": {}}}},
    }


def test_apply_creates_merges_and_records_the_manager() -> None:
    first = server_side_apply(None, _cm(a="1"), "alice", False, "v1", NOW)
    assert first["data"] == {"a": "1"}
    (entry,) = first["metadata"]["managedFields"]
    assert entry["manager"] == "alice" and entry["operation"] == "Apply"
    assert entry["fieldsV1"] == {"f:data": {"f:a": {}}}
    second = server_side_apply(first, _cm(b="2"), "bob", False, "v1", NOW)
    assert second["data"] == {"a": "1", "b": "2"}
    assert [e["manager"] for e in second["metadata"]["managedFields"]] == ["alice", "bob"]


def test_conflict_unless_forced_then_ownership_moves() -> None:
    first = server_side_apply(None, _cm(a="1"), "alice", False, "v1", NOW)
    with pytest.raises(ApiError) as caught:
        server_side_apply(first, _cm(a="2"), "bob", False, "v1", NOW)
    assert caught.value.code == 409
    assert caught.value.message == (
        'Apply failed with 1 conflict: conflict with "alice" using v1: .data.a'
    )
    same_value = server_side_apply(first, _cm(a="1"), "bob", False, "v1", NOW)
    assert same_value["data"] == {"a": "1"}  # agreeing on a value is no conflict
    forced = server_side_apply(first, _cm(a="2"), "bob", True, "v1", NOW)
    assert forced["data"] == {"a": "2"}
    owners = {e["manager"]: e["fieldsV1"] for e in forced["metadata"]["managedFields"]}
    assert owners == {"bob": {"f:data": {"f:a": {}}}}


def test_fields_no_longer_applied_are_removed() -> None:
    first = server_side_apply(None, _cm(a="1", b="2"), "alice", False, "v1", NOW)
    second = server_side_apply(first, _cm(b="2"), "alice", False, "v1", NOW)
    assert second["data"] == {"b": "2"}
