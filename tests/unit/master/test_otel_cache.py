"""The query cache: expiry, LRU bound, single flight, failures not kept, callers that leave, and
the TTL rule for recent and settled ranges."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from atlhyper.master.otel.cache import QueryCache
from atlhyper.master.otel.ranges import RECENT_TTL, SETTLED_TTL, ttl_for


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_results_expire_after_their_ttl() -> None:
    clock = Clock()
    cache = QueryCache(clock=clock)
    calls = 0

    async def compute() -> int:
        nonlocal calls
        calls += 1
        return calls

    assert await cache.get_or_run("k", compute, lambda _: 30) == 1
    clock.now = 29.9
    assert await cache.get_or_run("k", compute, lambda _: 30) == 1
    clock.now = 30.0
    assert await cache.get_or_run("k", compute, lambda _: 30) == 2
    assert await cache.get_or_run("other", compute, lambda _: 0) == 3  # ttl 0: not kept
    assert await cache.get_or_run("other", compute, lambda _: 0) == 4


def test_the_least_recently_used_entry_goes_first() -> None:
    cache = QueryCache(max_entries=2, clock=Clock())
    cache.put("a", 1, 10)
    cache.put("b", 2, 10)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3, 10)
    assert len(cache) == 2
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == (1, 3)


async def test_identical_concurrent_requests_share_one_computation() -> None:
    cache = QueryCache()
    release = asyncio.Event()
    calls = 0

    async def compute() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        return "answer"

    waiting = [asyncio.create_task(cache.get_or_run("k", compute, lambda _: 30)) for _ in range(5)]
    await asyncio.sleep(0.01)
    release.set()
    assert await asyncio.gather(*waiting) == ["answer"] * 5
    assert calls == 1


async def test_a_failure_reaches_every_waiter_and_is_not_kept() -> None:
    cache = QueryCache()
    release = asyncio.Event()
    calls = 0

    async def compute() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        if calls == 1:
            raise RuntimeError("agent failed")
        return "second try"

    waiting = [asyncio.create_task(cache.get_or_run("k", compute, lambda _: 30)) for _ in range(3)]
    await asyncio.sleep(0.01)
    release.set()
    outcomes = await asyncio.gather(*waiting, return_exceptions=True)
    assert [str(o) for o in outcomes] == ["agent failed"] * 3
    assert await cache.get_or_run("k", compute, lambda _: 30) == "second try"
    assert calls == 2


async def test_a_caller_that_leaves_cancels_nobody_else() -> None:
    cache = QueryCache()
    release = asyncio.Event()

    async def compute() -> str:
        await release.wait()
        return "done"

    leaving = asyncio.create_task(cache.get_or_run("k", compute, lambda _: 30))
    staying = asyncio.create_task(cache.get_or_run("k", compute, lambda _: 30))
    await asyncio.sleep(0.01)
    leaving.cancel()
    release.set()
    assert await staying == "done"
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert cache.get("k") == "done"  # the computation finished and was kept


def test_recent_ranges_are_kept_briefly_settled_ones_longer() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert ttl_for(now, now) == RECENT_TTL == 30
    assert ttl_for(now - timedelta(minutes=4), now) == RECENT_TTL
    assert ttl_for(now + timedelta(hours=1), now) == RECENT_TTL
    assert ttl_for(now - timedelta(minutes=5), now) == SETTLED_TTL == 600
