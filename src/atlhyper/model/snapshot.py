"""What the Agent sends the Master: snapshots and heartbeats."""

from __future__ import annotations

import msgspec

from atlhyper.model.resources import Namespace, Node, Pod


class Snapshot(msgspec.Struct, rename="camel", omit_defaults=True, forbid_unknown_fields=True):
    """The whole observed state of one cluster at `takenAt`.

    `seq` grows by one per snapshot the Agent builds; the Master answers with the last seq it
    accepted, so the Agent knows what the Master holds.
    """

    seq: int
    taken_at: str
    agent_version: str = ""
    pods: list[Pod] = []
    nodes: list[Node] = []
    namespaces: list[Namespace] = []


class Heartbeat(msgspec.Struct, rename="camel", omit_defaults=True, forbid_unknown_fields=True):
    agent_version: str
    sent_at: str
    capabilities: list[str] = []
    unavailable_kinds: list[str] = []


class IngestAck(msgspec.Struct, rename="camel"):
    accepted_seq: int
