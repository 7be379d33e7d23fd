"""Usage noise stays out of deltas: only a real move replaces the cached object."""

from __future__ import annotations

from atlhyper.agent.k8s.poller import moved
from atlhyper.model.cluster import NodeUsage, PodUsage

MIB = 1024 * 1024


def test_small_wobble_is_not_a_move() -> None:
    before = PodUsage(namespace="a", name="p", cpu_millicores=200, memory_bytes=500 * MIB)
    after = PodUsage(namespace="a", name="p", cpu_millicores=205, memory_bytes=510 * MIB)
    assert not moved(before, after)


def test_real_changes_are_moves() -> None:
    before = NodeUsage(name="n", cpu_millicores=1000, memory_bytes=4000 * MIB)
    assert moved(before, NodeUsage(name="n", cpu_millicores=1100, memory_bytes=4000 * MIB))
    assert moved(before, NodeUsage(name="n", cpu_millicores=1000, memory_bytes=4400 * MIB))


def test_tiny_values_use_the_absolute_floor() -> None:
    before = PodUsage(namespace="a", name="p", cpu_millicores=1, memory_bytes=1 * MIB)
    assert not moved(
        before, PodUsage(namespace="a", name="p", cpu_millicores=4, memory_bytes=3 * MIB)
    )
    assert moved(before, PodUsage(namespace="a", name="p", cpu_millicores=9, memory_bytes=1 * MIB))
