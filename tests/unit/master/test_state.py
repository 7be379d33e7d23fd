"""The Master's per-cluster state: full snapshots replace it, deltas patch it, 409 on a gap."""

from __future__ import annotations

import random

import msgspec
import pytest

from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.master.errors import ApiError
from atlhyper.master.ingest import decode_snapshot
from atlhyper.master.state import StateStore
from atlhyper.model import (
    EndpointAddress,
    Endpoints,
    Namespace,
    ObjectSet,
    Pod,
    Service,
    Snapshot,
    SnapshotDelta,
)
from tests.unit.agent.test_snapshot import FakeSource


def _pod(name: str, version: str = "1", namespace: str = "ns") -> Pod:
    return Pod(uid=f"u-{name}", name=name, namespace=namespace, resource_version=version)


def _full(seq: int, pods: list[Pod]) -> Snapshot:
    return Snapshot(seq=seq, taken_at="t", pods=pods, namespaces=[Namespace(uid="n", name="ns")])


def test_delta_applies_upserts_and_deletes() -> None:
    store = StateStore()
    store.accept("c1", "one", _full(1, [_pod("a"), _pod("b")]))
    state = store.accept(
        "c1",
        "one",
        SnapshotDelta(
            seq=2,
            base_seq=1,
            taken_at="t",
            upserted=ObjectSet(pods=[_pod("b", "2"), _pod("c")]),
            deleted={"pods": ["ns/a"]},
        ),
    )
    assert state.seq == 2
    assert sorted(state.objects["pods"]) == ["ns/b", "ns/c"]
    assert state.find("pods", "ns", "b").resource_version == "2"
    assert sorted(row.name for row in state.rows["pods"]) == ["b", "c"]
    # Namespace rows count pods, so they were rebuilt from the changed pods too.
    assert state.rows["namespaces"][0].pod_count == 2


def test_delta_on_a_wrong_base_is_409_and_changes_nothing() -> None:
    store = StateStore()
    store.accept("c1", "one", _full(5, [_pod("a")]))
    delta = SnapshotDelta(seq=7, base_seq=6, taken_at="t", deleted={"pods": ["ns/a"]})
    with pytest.raises(ApiError) as caught:
        store.accept("c1", "one", delta)
    assert caught.value.status == 409
    assert "holds 5" in caught.value.message
    assert store.get("c1").find("pods", "ns", "a") is not None  # type: ignore[union-attr]
    assert store.last_seq("c1") == 5


def test_delta_without_any_state_is_409() -> None:
    with pytest.raises(ApiError) as caught:
        StateStore().accept("c1", "one", SnapshotDelta(seq=2, base_seq=1, taken_at="t"))
    assert caught.value.status == 409


def test_unknown_kind_in_deleted_is_400() -> None:
    store = StateStore()
    store.accept("c1", "one", _full(1, []))
    with pytest.raises(ApiError) as caught:
        store.accept(
            "c1", "one", SnapshotDelta(seq=2, base_seq=1, taken_at="t", deleted={"widgets": ["x"]})
        )
    assert caught.value.status == 400
    assert "widgets" in caught.value.message


def test_service_rows_follow_endpoint_changes() -> None:
    store = StateStore()
    service = Service(uid="s", name="web", namespace="ns", selector={"app": "web"})
    store.accept("c1", "one", Snapshot(seq=1, taken_at="t", services=[service]))
    endpoints = Endpoints(
        uid="e",
        name="web",
        namespace="ns",
        addresses=[EndpointAddress("10.0.0.1"), EndpointAddress("10.0.0.2", ready=False)],
    )
    state = store.accept(
        "c1",
        "one",
        SnapshotDelta(seq=2, base_seq=1, taken_at="t", upserted=ObjectSet(endpoints=[endpoints])),
    )
    row = state.rows["services"][0]
    assert (row.endpoints_ready, row.endpoints_not_ready, row.selector) == (1, 1, "app=web")


def test_agent_builder_and_master_state_agree_through_the_wire() -> None:
    """Random changes, pushed as JSON deltas, rebuild exactly the Agent's cache."""
    rng = random.Random(7)
    pods = FakeSource("pods", {})
    builder = SnapshotBuilder([pods])
    store = StateStore()
    for step in range(200):
        cache = dict(pods.cache)
        for _ in range(rng.randint(0, 5)):
            name = f"p{rng.randint(0, 40)}"
            if rng.random() < 0.3:
                cache.pop(f"ns/{name}", None)
            else:
                cache[f"ns/{name}"] = _pod(name, str(step))
        pods.cache = cache
        body = decode_snapshot(msgspec.json.encode(builder.build()))
        ack = store.accept("c1", "one", body)
        builder.acknowledged(ack.seq)
        held = store.get("c1")
        assert held is not None
        assert held.objects["pods"] == pods.cache


def test_full_snapshot_without_type_is_still_accepted() -> None:
    body = decode_snapshot(b'{"seq": 3, "takenAt": "t"}')
    assert isinstance(body, Snapshot) and body.seq == 3
    with pytest.raises(ApiError, match="must be 'full' or 'delta'"):
        decode_snapshot(b'{"type": "partial", "seq": 3}')
    with pytest.raises(ApiError, match="missing required field `baseSeq`"):
        decode_snapshot(b'{"type": "delta", "seq": 3, "takenAt": "t"}')
    with pytest.raises(ApiError, match="unknown field"):
        decode_snapshot(b'{"type": "delta", "seq": 3, "baseSeq": 2, "takenAt": "t", "x": 1}')
