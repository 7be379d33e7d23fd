"""Complete hours of SLO counts, kept in the Agent's memory: the recording rule behind the
1d/7d/30d windows of `slo.query_slo`.

An exact 30-day window needs every point of 30 days: about half a second per million rows, on
each query. The Agent only reads ClickHouse, so the rollup lives here: per kind, per item and per
hour, the requests, the errors and the latency bucket counts (per set of bounds), as `slo.warm`
read them with the very increases a direct read computes. A window is the sum of its hours plus
a fresh read of what is not held yet.

Memory: one row-major `array('d')` per item for requests and errors (2 per hour) and one per set
of bounds (len(bounds) + 1 per hour), over `keep_hours` (31 days: the 30-day window and a day of
margin): 5.8 KiB per number kept per hour, so about 41 KiB for a Traefik service (5 buckets)
and 163 KiB for a Linkerd workload (26 buckets; measured: 17 workloads, 2.6 MiB). Older hours
are dropped, and with them the items that had no traffic since.
"""

from __future__ import annotations

import asyncio
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TypeVar

HOUR = 3600
KEEP_HOURS = 31 * 24

Key = tuple[str, ...]
Bounds = tuple[float, ...]
_K = TypeVar("_K", Key, Bounds)


@dataclass
class Sums:
    """One item's totals over a run of hours."""

    requests: float = 0.0
    errors: float = 0.0
    latency: dict[Bounds, list[float]] = field(default_factory=dict)


class SloHours:
    """The hours [start, end) of one kind (epoch seconds on hour boundaries; end 0: never
    filled). Fills take `lock`, so one runs at a time; `replace` and `sums` never await, so a
    reader sees the hours before or after a fill, never half of one."""

    def __init__(self, keep_hours: int = KEEP_HOURS) -> None:
        self.lock = asyncio.Lock()
        self.keep_hours = keep_hours
        self.start = 0
        self.end = 0
        self._counts: dict[Key, array[float]] = {}  # requests, errors per hour
        self._latency: dict[Key, dict[Bounds, array[float]]] = {}

    def replace(
        self,
        start: int,
        stop: int,
        counts: Mapping[tuple[Key, int], tuple[float, float]],
        latency: Mapping[tuple[Key, int], Mapping[Bounds, Sequence[int]]],
    ) -> None:
        """Hours [start, stop) become what a read found, keyed by (item, hour start); an hour it
        did not find is zero. A start outside the held hours (before them, or after a gap)
        starts over from it. Hours beyond `keep_hours` are then dropped."""
        if not self.end or not self.start <= start <= self.end:
            self._counts.clear()
            self._latency.clear()
            self.start = self.end = start
        self.end = max(self.end, stop)
        first, last = self._row(start), self._row(stop)
        for values, width in self._arrays():
            values.extend(_zeros(self._row(self.end) * width - len(values)))
            values[first * width : last * width] = _zeros((last - first) * width)
        for (key, at), (requests, errors) in counts.items():
            if start <= at < stop:
                row = self._row(at)
                self._new(self._counts, key, 2)[2 * row : 2 * row + 2] = array(
                    "d", (requests, errors)
                )
        for (key, at), found in latency.items():
            if start <= at < stop:
                row = self._row(at)
                for bounds, buckets in found.items():
                    width = len(bounds) + 1
                    values = self._new(self._latency.setdefault(key, {}), bounds, width)
                    values[row * width : (row + 1) * width] = array("d", _fit(buckets, width))
        self._drop()

    def sums(self, starts: Sequence[int], stop: int) -> dict[Key, list[Sums]]:
        """Each item's totals over [start, stop) for each start, within the held hours."""
        rows = [self._row(min(max(at, self.start), self.end)) for at in starts]
        end = self._row(min(max(stop, self.start), self.end))
        latest_first = sorted(range(len(starts)), key=lambda i: -rows[i])
        found: dict[Key, list[Sums]] = {}
        for key in self.held_keys():
            counts = self._counts.get(key, array("d"))
            latency = self._latency.get(key, {})
            # Each hour is added once: the latest window's hours, then the next one's rest, …
            upper, requests, errors = end, 0.0, 0.0
            buckets = {bounds: [0.0] * (len(bounds) + 1) for bounds in latency}
            totals = [Sums() for _ in starts]
            for i in latest_first:
                lower = min(rows[i], upper)
                requests += sum(counts[2 * lower : 2 * upper : 2])
                errors += sum(counts[2 * lower + 1 : 2 * upper : 2])
                for bounds, values in latency.items():
                    buckets[bounds] = _add_columns(buckets[bounds], values, lower, upper)
                totals[i] = Sums(requests, errors, dict(buckets))
                upper = lower
            found[key] = totals
        return found

    def runs(self, keys: Iterable[Key], edges: Sequence[int]) -> list[Sums]:
        """The totals of `keys` together over each [edges[i], edges[i + 1]), within the held
        hours (the buckets of one item's series)."""
        rows = [self._row(min(max(at, self.start), self.end)) for at in edges]
        found = [Sums() for _ in pairwise(rows)]
        for key in keys:
            counts = self._counts.get(key, array("d"))
            latency = self._latency.get(key, {})
            for totals, (lower, upper) in zip(found, pairwise(rows), strict=True):
                totals.requests += sum(counts[2 * lower : 2 * upper : 2])
                totals.errors += sum(counts[2 * lower + 1 : 2 * upper : 2])
                for bounds, values in latency.items():
                    held = totals.latency.get(bounds, [0.0] * (len(bounds) + 1))
                    totals.latency[bounds] = _add_columns(held, values, lower, upper)
        return found

    def held_keys(self) -> set[Key]:
        """The items with held hours."""
        return self._counts.keys() | self._latency.keys()

    def nbytes(self) -> int:
        return sum(values.itemsize * len(values) for values, _ in self._arrays())

    def _row(self, at: int) -> int:
        return (at - self.start) // HOUR

    def _new(self, arrays: dict[_K, array[float]], key: _K, width: int) -> array[float]:
        """`arrays[key]`, made (zero for every held hour) when absent."""
        if key not in arrays:
            arrays[key] = _zeros(self._row(self.end) * width)
        return arrays[key]

    def _arrays(self) -> Iterator[tuple[array[float], int]]:
        for values in self._counts.values():
            yield values, 2
        for by_bounds in self._latency.values():
            for bounds, values in by_bounds.items():
                yield values, len(bounds) + 1

    def _drop(self) -> None:
        excess = self._row(self.end) - self.keep_hours
        if excess <= 0:
            return
        for values, width in self._arrays():
            del values[: excess * width]
        self.start += excess * HOUR
        for key in [key for key, values in self._counts.items() if not any(values)]:
            del self._counts[key]
        for key, by_bounds in list(self._latency.items()):
            for bounds in [b for b, values in by_bounds.items() if not any(values)]:
                del by_bounds[bounds]
            if not by_bounds:
                del self._latency[key]


def per_kind() -> dict[str, SloHours]:
    """Empty hours for each kind `slo.query_slo` serves."""
    return {"ingress": SloHours(), "service": SloHours()}


def _zeros(count: int) -> array[float]:
    return array("d", bytes(8 * max(0, count)))


def _fit(buckets: Sequence[int], width: int) -> list[int]:
    """`width` bucket counts: padded with zeros, anything past the last one added to it (the
    exporter writes len(bounds) + 1, +Inf last)."""
    fitted = [int(count) for count in buckets[: width - 1]] + [sum(buckets[width - 1 :])]
    return fitted + [0] * (width - len(fitted))


def _add_columns(totals: list[float], values: array[float], lower: int, upper: int) -> list[float]:
    """`totals` plus each column's sum over rows [lower, upper) of a row-major array."""
    width = len(totals)
    return [
        total + sum(values[lower * width + column : upper * width : width])
        for column, total in enumerate(totals)
    ]
