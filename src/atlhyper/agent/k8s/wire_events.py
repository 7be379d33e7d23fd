"""Wire structs for core/v1 Events and metrics.k8s.io usage."""

from __future__ import annotations

import msgspec

from atlhyper.agent.k8s.wire import ObjectMeta
from atlhyper.agent.k8s.wire_workloads import ObjectReference


class EventSource(msgspec.Struct, gc=False):
    component: str = ""
    host: str = ""


class Event(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    involvedObject: ObjectReference = msgspec.field(default_factory=ObjectReference)  # noqa: N815
    type: str = "Normal"
    reason: str = ""
    message: str = ""
    count: int | None = None
    firstTimestamp: str | None = None  # noqa: N815
    lastTimestamp: str | None = None  # noqa: N815
    eventTime: str | None = None  # noqa: N815
    source: EventSource = msgspec.field(default_factory=EventSource)
    reportingComponent: str = ""  # noqa: N815
    reportingInstance: str = ""  # noqa: N815


class Usage(msgspec.Struct, gc=False):
    cpu: str = ""
    memory: str = ""


class NodeMetrics(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    timestamp: str = ""
    window: str = ""
    usage: Usage = msgspec.field(default_factory=Usage)


class ContainerMetrics(msgspec.Struct, gc=False):
    name: str = ""
    usage: Usage = msgspec.field(default_factory=Usage)


class PodMetrics(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    timestamp: str = ""
    containers: list[ContainerMetrics] = []
