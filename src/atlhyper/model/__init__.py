"""Wire and domain models shared by the Agent and the Master.

One definition per concept, camelCase on the wire (msgspec `rename="camel"`). The same Structs are
the Agent's cache entries, the snapshot payload, and the Master's in-memory state. Resources live
in area modules (`cluster`, `workloads`, `network`, `storage`, `events`), all re-exported by
`resources`. Host metrics (`hosts`) travel from collectors through the Agent or straight to the
Master.
"""

from atlhyper.model.hosts import HostBatch, HostInfo, HostSample
from atlhyper.model.resources import *  # noqa: F403
from atlhyper.model.resources import __all__ as _resources
from atlhyper.model.snapshot import (
    KIND_NAMES,
    Heartbeat,
    IngestAck,
    ObjectSet,
    Snapshot,
    SnapshotBody,
    SnapshotDelta,
    objects_of,
)

__all__ = [
    *_resources,
    "KIND_NAMES",
    "Heartbeat",
    "HostBatch",
    "HostInfo",
    "HostSample",
    "IngestAck",
    "ObjectSet",
    "Snapshot",
    "SnapshotBody",
    "SnapshotDelta",
    "objects_of",
]
