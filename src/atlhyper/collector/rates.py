"""Per-second rates from the kernel's cumulative counters.

The kernel exposes totals since boot (bytes read, packets received, page faults); a rate is the
difference between two samples over the time between them. Counters do not only grow:
- a 32-bit counter (softnet_stat, diskstats' busy milliseconds) wraps to zero after 2³² and keeps
  counting: the difference modulo 2³² is the true increase;
- a counter restarts when its device is re-created (an interface or disk re-appears): no rate can
  be known for that interval, so it has none, and never a negative one.
A decrease is read as a wrap when the modular difference is below half the counter's range, and as
a reset otherwise. The first time a counter is seen it has no rate either.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def counter_delta(old: int, new: int, bits: int = 64) -> int | None:
    """How much a counter of `bits` bits grew from `old` to `new`; None after a reset."""
    if new >= old:
        return new - old
    wrapped = new + (1 << bits) - old
    return wrapped if 0 <= wrapped < 1 << (bits - 1) else None


class Rates:
    """Remembers each counter's last value and turns the next one into a rate.

    Call `begin(now)` once per sampling round with a monotonic time, then `rate(key, value)` for
    each counter. Counters not seen during a round (a device that disappeared) are forgotten at the
    next `begin`, so the table does not grow with short-lived devices.
    """

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[float, int]] = {}
        self._seen: set[Hashable] = set()
        self._now = 0.0

    def begin(self, now: float) -> None:
        for key in self._last.keys() - self._seen:
            del self._last[key]
        self._seen = set()
        self._now = now

    def rate(self, key: Hashable, value: int, bits: int = 64) -> float | None:
        self._seen.add(key)
        previous = self._last.get(key)
        self._last[key] = (self._now, value)
        if previous is None:
            return None
        then, old = previous
        elapsed = self._now - then
        if elapsed <= 0:
            return None
        delta = counter_delta(old, value, bits)
        return None if delta is None else delta / elapsed

    def __len__(self) -> int:
        return len(self._last)


def busy_percent(old: Sequence[float], new: Sequence[float]) -> tuple[float, list[float]] | None:
    """CPU busy share between two /proc/stat rows, and each field's share, in percent.

    Rows are (user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice), psutil's
    order. Guest time is already inside user and nice, so it is not counted twice; idle and iowait
    are not busy. A field that went backwards (iowait does on some kernels) counts as zero.
    """
    deltas = [max(0.0, b - a) for a, b in zip(old, new, strict=True)]
    total = sum(deltas[:8])
    if total <= 0:
        return None
    shares = [min(100.0, 100.0 * d / total) for d in deltas[:8]]
    busy = total - deltas[3] - deltas[4]
    return min(100.0, max(0.0, 100.0 * busy / total)), shares
