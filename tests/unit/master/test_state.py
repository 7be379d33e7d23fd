"""The Master's per-cluster state: full snapshots replace it, deltas patch it, 409 on a gap."""

from __future__ import annotations

import random

import msgspec
import pytest

from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.master.errors import ApiError
from atlhyper.master.ingest import decode_snapshot
from atlhyper.master.state import ClusterState, StateStore
from atlhyper.master.views.kinds import KINDS
from atlhyper.master.views.overview import overview
from atlhyper.master.views.paging import ListQuery
from atlhyper.master.views.rowtable import Derivation
from atlhyper.model import (
    ContainerInfo,
    EndpointAddress,
    Endpoints,
    EndpointSlice,
    Event,
    Namespace,
    Node,
    NodeUsage,
    ObjectSet,
    Pod,
    PodUsage,
    Service,
    Snapshot,
    SnapshotDelta,
    object_key,
)
from atlhyper.wire import BodyError
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
    with pytest.raises(BodyError, match="must be 'full' or 'delta'"):
        decode_snapshot(b'{"type": "partial", "seq": 3}')
    with pytest.raises(BodyError, match="missing required field `baseSeq`"):
        decode_snapshot(b'{"type": "delta", "seq": 3, "takenAt": "t"}')
    with pytest.raises(BodyError, match="unknown field"):
        decode_snapshot(b'{"type": "delta", "seq": 3, "baseSeq": 2, "takenAt": "t", "x": 1}')


# --- incremental rows ---------------------------------------------------------------------------

_NAMESPACES = ("ns", "shop", "web")


def _random_objects(rng: random.Random, kind: str, index: int, version: int) -> object:
    """One object of `kind` (`index` picks its name), with random fields the rows read."""
    namespace = _NAMESPACES[index % len(_NAMESPACES)]
    if kind == "pods":
        return Pod(
            uid=f"p{index}",
            name=f"p{index}",
            namespace=namespace,
            resource_version=str(version),
            node_name=rng.choice(("", "n0", "n1", "n2", "n3")),
            phase=rng.choice(("Running", "Pending", "Succeeded", "Failed")),
            status=rng.choice(("Running", "CrashLoopBackOff", "Completed")),
            restarts=rng.randint(0, 3),
            containers=[
                ContainerInfo(
                    name=f"c{i}",
                    init=rng.random() < 0.3,
                    cpu_request_millicores=rng.choice((0, 100, 250)),
                    memory_request_bytes=rng.choice((0, 2**20)),
                )
                for i in range(rng.randint(0, 2))
            ],
        )
    if kind == "podmetrics":
        return PodUsage(namespace=namespace, name=f"p{index}", cpu_millicores=rng.randint(0, 9))
    if kind == "nodes":
        return Node(
            uid=f"n{index}",
            name=f"n{index}",
            ready=rng.choice(("True", "False")),
            cpu_allocatable_millicores=rng.choice((0, 4000)),
            memory_allocatable_bytes=2**33,
        )
    if kind == "nodemetrics":
        return NodeUsage(name=f"n{index}", cpu_millicores=rng.randint(0, 4000))
    if kind == "namespaces":
        return Namespace(uid=f"ns{index}", name=_NAMESPACES[index % len(_NAMESPACES)])
    if kind == "services":
        return Service(uid=f"s{index}", name=f"s{index}", namespace=namespace)
    addresses = [EndpointAddress(f"10.0.0.{i}", ready=rng.random() < 0.7) for i in range(3)]
    if kind == "endpoints":
        return Endpoints(
            uid=f"e{index}", name=f"s{index}", namespace=namespace, addresses=addresses
        )
    if kind == "endpointslices":
        return EndpointSlice(
            uid=f"es{index}",
            name=f"s{index}-{version % 2}",
            namespace=namespace,
            service_name=rng.choice(("", f"s{index}", f"s{index + 1}")),
            endpoints=addresses[: rng.randint(0, 3)],
        )
    return Event(uid=f"ev{index}", name=f"ev{index}", namespace=namespace, last_seen=str(version))


_SIZES = {
    "pods": 30,
    "podmetrics": 30,
    "nodes": 4,
    "nodemetrics": 4,
    "namespaces": 3,
    "services": 6,
    "endpoints": 6,
    "endpointslices": 6,
    "events": 8,
}


def _rows_by_key(state: ClusterState) -> dict[str, list[object]]:
    """Every kind's rows in a stable order (a delta may change the order of the row list)."""
    return {
        plural: sorted(rows, key=lambda row: (getattr(row, "namespace", ""), row.name))
        for plural, rows in state.rows.items()
    }


_QUERIES = [
    ("pods", ListQuery(limit=10)),
    ("pods", ListQuery(sort="-restarts", filters={"namespace": "shop"})),
    ("pods", ListQuery(sort="cpu", q="p1", filters={"status": "Running"})),
    ("nodes", ListQuery(sort="-pods")),
    ("namespaces", ListQuery(sort="pods")),
    ("services", ListQuery(sort="name", q="s")),
]


def test_random_deltas_keep_every_row_equal_to_a_rebuild() -> None:
    """Rows patched per delta (with the sums kept per node, namespace and service) equal the rows
    of a full snapshot of the same objects, whatever moves: pods between nodes and phases,
    requests, usage, slices between services, objects coming and going."""
    rng = random.Random(11)
    objects: dict[str, dict[str, object]] = {kind: {} for kind in _SIZES}
    for kind, size in _SIZES.items():
        for index in range(size):
            obj = _random_objects(rng, kind, index, 0)
            objects[kind][object_key(obj)] = obj
    store = StateStore()
    store.accept("c1", "one", Snapshot(seq=1, taken_at="t", **_lists(objects)))
    for seq in range(2, 300):
        upserted: dict[str, list[object]] = {}
        deleted: dict[str, list[str]] = {}
        for kind in rng.sample(sorted(_SIZES), rng.randint(1, 4)):
            touched: set[str] = set()
            for index in rng.sample(range(_SIZES[kind] + 2), rng.randint(1, 5)):
                obj = _random_objects(rng, kind, index, seq)
                key = object_key(obj)
                if key in touched:  # a delta names a key once, as the Agent's diff does
                    continue
                touched.add(key)
                if rng.random() < 0.25:
                    objects[kind].pop(key, None)
                    deleted.setdefault(kind, []).append(key)
                else:
                    objects[kind][key] = obj
                    upserted.setdefault(kind, []).append(obj)
        state = store.accept(
            "c1",
            "one",
            SnapshotDelta(
                seq=seq,
                base_seq=seq - 1,
                taken_at="t",
                upserted=ObjectSet(**upserted),  # type: ignore[arg-type]
                deleted=deleted,
            ),
        )
        fresh = StateStore().accept("c1", "one", Snapshot(seq=seq, taken_at="t", **_lists(objects)))
        assert _rows_by_key(state) == _rows_by_key(fresh), f"after delta {seq}"
        # What requests read is kept with the rows and updated per delta: it agrees too.
        for plural, query in _QUERIES:
            listing = KINDS[plural].listing
            kept = listing.page_tables([state.tables[plural]], query)
            assert kept == listing.page(fresh.rows[plural], query), (seq, plural, query)
        assert overview(1, [state]) == overview(1, [fresh])


def _lists(objects: dict[str, dict[str, object]]) -> dict[str, list[object]]:
    return {kind: list(items.values()) for kind, items in objects.items()}


def test_a_pod_status_change_rebuilds_no_node_or_namespace_row() -> None:
    store = StateStore()
    pod = Pod(uid="a", name="a", namespace="ns", node_name="n1", phase="Running")
    state = store.accept(
        "c1", "one", Snapshot(seq=1, taken_at="t", pods=[pod], nodes=[Node(uid="n", name="n1")])
    )
    node_row, namespace_rows = state.rows["nodes"][0], state.rows["namespaces"]
    restarted = msgspec.structs.replace(pod, status="CrashLoopBackOff", restarts=4)
    state = store.accept(
        "c1",
        "one",
        SnapshotDelta(seq=2, base_seq=1, taken_at="t", upserted=ObjectSet(pods=[restarted])),
    )
    assert state.rows["nodes"][0] is node_row
    assert state.rows["namespaces"] is namespace_rows
    assert state.rows["pods"][0].restarts == 4
    finished = msgspec.structs.replace(restarted, phase="Succeeded")
    state = store.accept(
        "c1",
        "one",
        SnapshotDelta(seq=3, base_seq=2, taken_at="t", upserted=ObjectSet(pods=[finished])),
    )
    assert state.rows["nodes"][0].pod_count == 1  # requests no longer count, the pod still does


def test_a_full_snapshot_keeps_what_requests_read_derived() -> None:
    store = StateStore()
    state = store.accept("c1", "one", _full(1, [_pod("a"), _pod("b")]))
    table = state.tables["pods"]
    names = Derivation(lambda rows: sorted(row.name for row in rows))
    assert table.derive("names", names) == ["a", "b"]
    state = store.accept("c1", "one", _full(2, [_pod("c")]))
    assert state.tables["pods"] is table
    assert table.kept() == ["names"]
    assert table.derive("names", names) == ["c"]  # derived again from the new rows
