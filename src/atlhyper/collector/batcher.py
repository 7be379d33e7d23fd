"""Groups samples into batches: a batch closes when it is full or its upload interval is up."""

from __future__ import annotations

from atlhyper.model.hosts import HostSample

# Tick times are computed as start + n·interval; a float sum may land a hair short of the deadline.
_EPSILON = 1e-6


class Batcher:
    def __init__(self, max_size: int, interval: float) -> None:
        self.max_size = max_size
        self.interval = interval
        self.samples: list[HostSample] = []
        self.opened_at = 0.0

    def add(self, sample: HostSample, at: float) -> list[HostSample] | None:
        """Add a sample taken at monotonic time `at`; return the batch it closed, if any."""
        if not self.samples:
            self.opened_at = at
        self.samples.append(sample)
        if len(self.samples) >= self.max_size or at - self.opened_at + _EPSILON >= self.interval:
            return self.flush()
        return None

    def flush(self) -> list[HostSample] | None:
        """The samples gathered so far (None if there are none), starting a new batch."""
        samples, self.samples = self.samples, []
        return samples or None
