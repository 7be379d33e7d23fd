"""Building snapshots from the watch caches: no API call, just the cached models."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from atlhyper import __version__
from atlhyper.agent.k8s.reflector import Reflector
from atlhyper.model import Snapshot


class SnapshotBuilder:
    def __init__(self, reflectors: Iterable[Reflector]) -> None:
        self.reflectors = list(reflectors)
        self.seq = 0

    def build(self) -> Snapshot:
        self.seq += 1
        contents = {r.kind.field: list(r.cache.values()) for r in self.reflectors}
        return Snapshot(
            seq=self.seq,
            taken_at=datetime.now(UTC).isoformat(),
            agent_version=__version__,
            **contents,
        )

    def unavailable_kinds(self) -> list[str]:
        return [r.kind.field for r in self.reflectors if not r.available]
