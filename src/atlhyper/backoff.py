"""Exponential backoff with full jitter, for loops that run for the life of a process.

Retry libraries wrap one call; these loops instead keep trying forever and must forget past
failures once a call succeeds, so the state lives with the loop.
"""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, base: float = 0.5, cap: float = 30.0) -> None:
        self.base = base
        self.cap = cap
        self.failures = 0

    def next_delay(self) -> float:
        """Seconds to wait after one more failure: uniform in [0, min(cap, base·2^n)]."""
        ceiling = min(self.cap, self.base * (2**self.failures))
        self.failures += 1
        return random.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0
