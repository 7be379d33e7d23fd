"""Wire and domain models shared by the Agent and the Master.

One definition per concept, camelCase on the wire (msgspec `rename="camel"`). The same Structs are
the Agent's cache entries, the snapshot payload, and the Master's in-memory state.
"""

from atlhyper.model.resources import ContainerInfo, Namespace, Node, NodeTaint, Pod
from atlhyper.model.snapshot import Heartbeat, IngestAck, Snapshot

__all__ = [
    "ContainerInfo",
    "Heartbeat",
    "IngestAck",
    "Namespace",
    "Node",
    "NodeTaint",
    "Pod",
    "Snapshot",
]
