"""Store semantics: resourceVersions, key-ordered pages, watch translation and compaction."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from atlhyper.sim import listing, objects
from atlhyper.sim.catalog import builtin_kinds
from atlhyper.sim.cluster import Cluster
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Registry
from atlhyper.sim.profiles import build
from atlhyper.sim.selectors import parse_label_selector
from atlhyper.sim.store import Filter, Store


def _cluster(history: int = 100) -> tuple[Cluster, Registry]:
    registry = Registry(builtin_kinds())
    store = Store(registry, history)
    rng = random.Random(7)
    for name in ("a", "b"):
        store.load(
            registry.by_kind("Namespace"),
            objects.namespace_object(name, "2024-01-01T00:00:00Z", rng),
        )
    store.seal()
    return Cluster(store, registry, rng), registry


def _pod(name: str, app: str = "web") -> dict[str, Any]:
    return {
        "metadata": {"name": name, "labels": {"app": app}},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }


async def test_create_fills_metadata_and_defaults() -> None:
    cluster, registry = _cluster()
    pods = registry.by_kind("Pod")
    entry = cluster.create(pods, "a", _pod("one"))
    obj = entry.decode()
    assert obj["kind"] == "Pod" and obj["apiVersion"] == "v1"
    assert obj["metadata"]["uid"] and obj["metadata"]["creationTimestamp"].endswith("Z")
    assert obj["metadata"]["resourceVersion"] == str(cluster.store.rv)
    assert obj["spec"]["restartPolicy"] == "Always"
    assert obj["spec"]["containers"][0]["imagePullPolicy"] == "Always"
    assert obj["status"] == {"phase": "Pending", "qosClass": "BestEffort"}
    with pytest.raises(ApiError) as duplicate:
        cluster.create(pods, "a", _pod("one"))
    assert duplicate.value.code == 409
    with pytest.raises(ApiError) as missing_ns:
        cluster.create(pods, "zzz", _pod("one"))
    assert missing_ns.value.code == 404 and "namespaces" in missing_ns.value.message


async def test_pages_follow_key_order_and_continue_tokens_round_trip() -> None:
    cluster, registry = _cluster()
    pods = registry.by_kind("Pod")
    for namespace in ("b", "a"):
        for index in range(5):
            cluster.create(pods, namespace, _pod(f"p{index}"))
    store = cluster.store
    seen = []
    after = None
    while True:
        items, last, remaining = store.page(Filter(pods, None), after, 3)
        seen.extend(entry.key for entry in items)
        if last is None:
            break
        assert remaining == 10 - len(seen)
        rv, after = listing.decode_continue(listing.encode_continue(store.rv, last))
        assert rv == store.rv
    assert seen == sorted(seen) and len(seen) == 10
    only_b, last, _ = store.page(Filter(pods, "b"), None, 0)
    assert [e.namespace for e in only_b] == ["b"] * 5 and last is None


def test_bad_continue_token_is_rejected() -> None:
    with pytest.raises(ApiError) as caught:
        listing.decode_continue("!!!")
    assert caught.value.code == 400


async def test_watch_translates_updates_for_selective_watchers() -> None:
    cluster, registry = _cluster()
    pods = registry.by_kind("Pod")
    store = cluster.store
    start = store.rv
    watcher = store.watch(Filter(pods, "a", parse_label_selector("app=web")), start, 100)
    cluster.create(pods, "a", _pod("one", app="db"))  # not selected: nothing
    cluster.mutate(
        pods, "a", "one", lambda obj: bool(obj["metadata"]["labels"].update(app="web")) or True
    )
    cluster.mutate(
        pods, "a", "one", lambda obj: bool(obj["metadata"]["labels"].update(app="db")) or True
    )
    events = []
    while not watcher.queue.empty():
        item = watcher.queue.get_nowait()
        assert item is not None
        events.append(item[0])
    assert events == ["ADDED", "DELETED"]
    replay = store.watch(Filter(pods, "a", parse_label_selector("app=web")), start, 100)
    assert [kind for kind, _ in replay.initial] == ["ADDED", "DELETED"]


async def test_old_resource_versions_expire() -> None:
    cluster, registry = _cluster(history=2)
    pods = registry.by_kind("Pod")
    start = cluster.store.rv
    for index in range(4):
        cluster.create(pods, "a", _pod(f"p{index}"))
    with pytest.raises(ApiError) as gone:
        cluster.store.watch(Filter(pods, None), start, 10)
    assert gone.value.code == 410 and gone.value.reason == "Expired"
    recent = cluster.store.watch(Filter(pods, None), cluster.store.rv - 1, 10)
    assert len(recent.initial) == 1


async def test_overflowing_watcher_is_closed() -> None:
    cluster, registry = _cluster()
    pods = registry.by_kind("Pod")
    watcher = cluster.store.watch(Filter(pods, None), cluster.store.rv, 2)
    for index in range(3):
        cluster.create(pods, "a", _pod(f"p{index}"))
    assert watcher.closed
    await asyncio.sleep(0)


def test_profiles_are_repeatable_and_sized() -> None:
    names = []
    for _ in range(2):
        registry = Registry(builtin_kinds())
        store = Store(registry, 10)
        build(store, registry, "demo", None, None, random.Random(3))
        names.append(sorted(e.name for e in store.entries(registry.by_kind("Pod"))))
    assert names[0] == names[1] and 25 <= len(names[0]) <= 40
    registry = Registry(builtin_kinds())
    store = Store(registry, 10)
    build(store, registry, "scale", 20, 600, random.Random(1))
    assert store.count(registry.by_kind("Node")) == 20
    assert store.count(registry.by_kind("Pod")) == 600


def test_objects_created_after_the_build_get_fresh_uids() -> None:
    """The cluster goes on drawing from the build's generator: a restarted one gave the first
    Deployment created at run time the uid of a loaded one, and the two then fought over each
    other's ReplicaSets (a revision bumped a million times, the sim's loop starved)."""
    registry = Registry(builtin_kinds())
    store = Store(registry, 10)
    rng = random.Random(3)
    build(store, registry, "demo", None, None, rng)
    loaded = {entry.uid for kind in registry.kinds for entry in store.entries(kind)}
    cluster = Cluster(store, registry, rng)
    config_maps = registry.by_kind("ConfigMap")
    created = [
        cluster.create(config_maps, "default", {"metadata": {"name": f"c{i}"}}).uid
        for i in range(200)
    ]
    assert not loaded & set(created)


def test_dependents_index_follows_owner_references() -> None:
    cluster, registry = _cluster()
    pods = registry.by_kind("Pod")
    owner = cluster.create(registry.by_kind("ConfigMap"), "a", {"metadata": {"name": "owner"}})
    ref = {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner.uid}
    child = _pod("child")
    child["metadata"]["ownerReferences"] = [ref]
    cluster.create(pods, "a", child)
    assert [e.name for _, e in cluster.store.dependents(owner.uid)] == ["child"]
    assert cluster.store.has_uid(owner.uid)

    def orphan(obj: dict[str, Any]) -> bool:
        obj["metadata"].pop("ownerReferences")
        return True

    cluster.mutate(pods, "a", "child", orphan)
    assert cluster.store.dependents(owner.uid) == []
    cluster.delete(registry.by_kind("ConfigMap"), "a", "owner")
    assert not cluster.store.has_uid(owner.uid)


def test_generation_bumps_on_spec_changes_only() -> None:
    cluster, registry = _cluster()
    deployments = registry.by_kind("Deployment")
    body = {
        "metadata": {"name": "d"},
        "spec": {
            "selector": {"matchLabels": {"app": "d"}},
            "template": {
                "metadata": {"labels": {"app": "d"}},
                "spec": {"containers": [{"name": "c", "image": "nginx:1"}]},
            },
        },
    }
    created = cluster.create(deployments, "a", body).decode()
    assert created["metadata"]["generation"] == 1
    assert created["spec"]["strategy"]["rollingUpdate"] == {
        "maxUnavailable": "25%",
        "maxSurge": "25%",
    }
    labelled = {**created, "metadata": {**created["metadata"], "labels": {"x": "y"}}}
    updated = cluster.update(deployments, "a", "d", labelled).decode()
    assert updated["metadata"]["generation"] == 1
    updated["spec"]["replicas"] = 4
    assert cluster.update(deployments, "a", "d", updated).decode()["metadata"]["generation"] == 2
    with pytest.raises(ApiError) as stale:
        cluster.update(deployments, "a", "d", updated)
    assert stale.value.code == 409
