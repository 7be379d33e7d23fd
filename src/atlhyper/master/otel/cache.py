"""Query results kept by key for a while, with one computation in flight per key.

Many people looking at the same view, or one page asking twice, cost one Agent command: a key
that is being computed is awaited, not computed again (single flight). The computation runs in its
own task, so a caller that goes away (a closed browser tab) cancels neither it nor the others
waiting for it. Failures are handed to everyone waiting but never kept.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class QueryCache:
    """An LRU of at most `max_entries` results, each kept for the seconds its `ttl` said."""

    def __init__(self, max_entries: int = 512, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._inflight: dict[Hashable, asyncio.Task[Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Any | None:
        """The live result under `key`, or None (an expired one is dropped)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any, ttl: float) -> None:
        if ttl <= 0:
            return
        self._entries[key] = (self._clock() + ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def get_or_run(
        self,
        key: Hashable,
        compute: Callable[[], Awaitable[T]],
        ttl: Callable[[T], float],
    ) -> T:
        """The cached result, the result of the computation already running, or a new one's.

        `ttl(result)` says how many seconds a fresh result stays; 0 keeps it not at all.
        """
        cached = self.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(compute())
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._settle(key, done, ttl))
        return await asyncio.shield(task)

    def _settle(self, key: Hashable, task: asyncio.Task[Any], ttl: Callable[[Any], float]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if task.cancelled() or task.exception() is not None:
            return  # retrieving the exception here also keeps asyncio from logging it
        self.put(key, task.result(), ttl(task.result()))
