"""Batches close when full or when the upload interval has passed since their first sample."""

from __future__ import annotations

from datetime import UTC, datetime

from atlhyper.collector.batcher import Batcher
from atlhyper.model.hosts import HostSample


def _sample() -> HostSample:
    return HostSample(time=datetime.now(UTC))


def test_batch_closes_at_max_size() -> None:
    batcher = Batcher(max_size=3, interval=1000)
    assert batcher.add(_sample(), 0) is None
    assert batcher.add(_sample(), 1) is None
    closed = batcher.add(_sample(), 2)
    assert closed is not None and len(closed) == 3
    assert batcher.samples == []


def test_batch_closes_when_the_interval_has_passed() -> None:
    batcher = Batcher(max_size=100, interval=30)
    tick = 5.0
    sizes = []
    for n in range(1, 15):
        closed = batcher.add(_sample(), n * tick)
        if closed:
            sizes.append(len(closed))
    # samples at 5..35 (opened at 5, closed at 35 ≥ 5 + 30), then 40..70
    assert sizes == [7, 7]


def test_float_ticks_just_short_of_the_deadline_still_close() -> None:
    batcher = Batcher(max_size=100, interval=0.6)
    assert 18 * 0.1 - 12 * 0.1 < 0.6  # how the loop computes ticks: start + n * interval
    closed = None
    for n in range(12, 19):
        closed = closed or batcher.add(_sample(), n * 0.1)
    assert closed is not None and len(closed) == 7


def test_flush_returns_the_partial_batch_once() -> None:
    batcher = Batcher(max_size=10, interval=100)
    batcher.add(_sample(), 0)
    batcher.add(_sample(), 1)
    partial = batcher.flush()
    assert partial is not None and len(partial) == 2
    assert batcher.flush() is None
