"""Snapshot builder: full first, deltas against the acknowledged snapshot, full after errors."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import msgspec

from atlhyper.agent.snapshot import SnapshotBuilder, diff
from atlhyper.model import Event, Namespace, Pod, Snapshot, SnapshotDelta
from atlhyper.model.otel import OtelSummary, SummaryStatus


@dataclass
class FakeSource:
    """A cache exactly like a reflector's: key → immutable model object."""

    field: str
    cache: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    synced: asyncio.Event = field(default_factory=asyncio.Event)


def _pod(name: str, version: str = "1") -> Pod:
    return Pod(uid=f"u-{name}", name=name, namespace="ns", resource_version=version)


def _builder(*sources: FakeSource, now: list[float] | None = None, **kw: Any) -> SnapshotBuilder:
    clock = now if now is not None else [0.0]
    return SnapshotBuilder(list(sources), clock=lambda: clock[0], **kw)


def test_diff_by_identity() -> None:
    a, b, c = _pod("a"), _pod("b"), _pod("c")
    b2 = _pod("b", "2")
    upserted, deleted = diff({"ns/a": a, "ns/b": b, "ns/c": c}, {"ns/a": a, "ns/b": b2, "ns/d": c})
    assert upserted == [b2, c]
    assert deleted == ["ns/c"]


def test_first_full_then_deltas_after_ack() -> None:
    pods = FakeSource("pods", {"ns/a": _pod("a"), "ns/b": _pod("b")})
    namespaces = FakeSource("namespaces", {"ns": Namespace(uid="n", name="ns")})
    builder = _builder(pods, namespaces)
    first = builder.build()
    assert isinstance(first, Snapshot)
    assert {p.name for p in first.pods} == {"a", "b"}
    builder.acknowledged(first.seq)

    pods.cache = {**pods.cache, "ns/b": _pod("b", "2"), "ns/c": _pod("c")}
    del pods.cache["ns/a"]
    second = builder.build()
    assert isinstance(second, SnapshotDelta)
    assert (second.seq, second.base_seq) == (2, 1)
    assert sorted(p.name for p in second.upserted.pods) == ["b", "c"]
    assert second.deleted == {"pods": ["ns/a"]}
    assert second.upserted.namespaces == []

    wire = msgspec.json.encode(second)
    assert b'"type":"delta"' in wire
    assert b'"baseSeq":1' in wire
    assert b"namespaces" not in wire  # unchanged kinds are omitted

    # A failed push (or a 409) resets the builder: the next snapshot is full.
    builder.reset()
    assert isinstance(builder.build(), Snapshot)


def test_delta_accumulates_everything_since_the_acknowledged_snapshot() -> None:
    pods = FakeSource("pods", {"ns/a": _pod("a")})
    builder = _builder(pods)
    builder.acknowledged(builder.build().seq)
    pods.cache = {"ns/a": _pod("a", "2")}
    unacked = builder.build()  # lost in flight: never acknowledged
    assert isinstance(unacked, SnapshotDelta)
    pods.cache = {"ns/a": pods.cache["ns/a"], "ns/b": _pod("b")}
    builder.acknowledged(99)  # an ack for something else forces a full snapshot
    assert isinstance(builder.build(), Snapshot)


def test_no_change_gives_an_empty_delta() -> None:
    pods = FakeSource("pods", {"ns/a": _pod("a")})
    builder = _builder(pods)
    builder.acknowledged(builder.build().seq)
    delta = builder.build()
    assert isinstance(delta, SnapshotDelta)
    assert delta.upserted.pods == [] and delta.deleted == {}


def test_full_snapshot_every_interval() -> None:
    now = [0.0]
    pods = FakeSource("pods", {"ns/a": _pod("a")})
    builder = _builder(pods, now=now, full_interval=60.0)
    builder.acknowledged(builder.build().seq)
    now[0] = 30.0
    snap = builder.build()
    assert isinstance(snap, SnapshotDelta)
    builder.acknowledged(snap.seq)
    now[0] = 61.0
    assert isinstance(builder.build(), Snapshot)


def test_events_are_capped_to_the_newest() -> None:
    events = FakeSource(
        "events",
        {
            f"ns/e{i}": Event(
                uid=str(i), name=f"e{i}", namespace="ns", last_seen=f"2026-01-01T00:00:{i:02d}Z"
            )
            for i in range(10)
        },
    )
    builder = _builder(events, newest={"events": (3, lambda e: e.last_seen)})
    snap = builder.build()
    assert isinstance(snap, Snapshot)
    assert sorted(e.name for e in snap.events) == ["e7", "e8", "e9"]


def test_capabilities_and_unavailable_kinds() -> None:
    pods, ingresses = FakeSource("pods"), FakeSource("ingresses", available=False)
    builder = _builder(pods, ingresses, FakeSource("jobs"))
    pods.synced.set()
    ingresses.synced.set()
    assert builder.capabilities() == ["pods"]  # jobs: not listed yet
    assert builder.unavailable_kinds() == ["ingresses"]


def test_gc_pause_nests_and_restores() -> None:
    import gc

    from atlhyper.agent.k8s.reflector import GcPause

    assert gc.isenabled()
    with GcPause.held():
        with GcPause.held():
            assert not gc.isenabled()
        assert not gc.isenabled()  # another LIST is still decoding
    assert gc.isenabled()


def _summary(status: SummaryStatus = "ok") -> OtelSummary:
    return OtelSummary(status=status, window_seconds=3600)


def test_full_snapshots_carry_the_otel_summary_and_deltas_only_a_new_one() -> None:
    pods = FakeSource("pods", {"ns/a": _pod("a")})
    current = [_summary("unavailable")]
    builder = SnapshotBuilder([pods], clock=lambda: 0.0, otel=lambda: current[0])
    first = builder.build()
    assert isinstance(first, Snapshot) and first.otel is current[0]
    builder.acknowledged(first.seq)

    same = builder.build()
    assert isinstance(same, SnapshotDelta) and same.otel is None
    assert b"otel" not in msgspec.json.encode(same)
    builder.acknowledged(same.seq)

    current[0] = _summary()  # refreshed: a new object
    changed = builder.build()
    assert isinstance(changed, SnapshotDelta) and changed.otel is current[0]
    assert b'"otel":{"status":"ok"' in msgspec.json.encode(changed)
    # Not acknowledged (lost): the next delta, still against the old base, carries it again.
    again = builder.build()
    assert isinstance(again, SnapshotDelta) and again.otel is current[0]
    builder.acknowledged(again.seq)
    after = builder.build()
    assert isinstance(after, SnapshotDelta) and after.otel is None

    # An equal but new object is a change too: the provider makes new ones only on change.
    current[0] = _summary()
    builder.acknowledged(after.seq)
    assert builder.build().otel is current[0]

    builder.reset()
    full = builder.build()
    assert isinstance(full, Snapshot) and full.otel is current[0]


def test_no_clickhouse_no_otel() -> None:
    builder = _builder(FakeSource("pods", {"ns/a": _pod("a")}))
    first = builder.build()
    assert isinstance(first, Snapshot) and first.otel is None
    assert b"otel" not in msgspec.json.encode(first)
    builder.acknowledged(first.seq)
    delta = builder.build()
    assert isinstance(delta, SnapshotDelta) and delta.otel is None
