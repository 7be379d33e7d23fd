"""Events and metrics.k8s.io usage → compact models."""

from __future__ import annotations

from atlhyper.agent.k8s import wire_events as w
from atlhyper.agent.k8s.convert import meta_fields
from atlhyper.agent.k8s.quantity import count, millicores
from atlhyper.model import ContainerUsage, Event, NodeUsage, PodUsage


def event(obj: w.Event) -> Event:
    meta, involved = obj.metadata, obj.involvedObject
    created = meta.creationTimestamp or ""
    return Event(
        **meta_fields(meta),
        type=obj.type,
        reason=obj.reason,
        message=obj.message,
        object_kind=involved.kind,
        object_namespace=involved.namespace,
        object_name=involved.name,
        object_uid=involved.uid,
        count=obj.count or 1,
        first_seen=obj.firstTimestamp or obj.eventTime or created,
        last_seen=obj.lastTimestamp or obj.eventTime or created,
        source=obj.source.component or obj.reportingComponent,
        source_host=obj.source.host or obj.reportingInstance,
    )


def node_usage(obj: w.NodeMetrics) -> NodeUsage:
    return NodeUsage(
        name=obj.metadata.name,
        cpu_millicores=millicores(obj.usage.cpu),
        memory_bytes=count(obj.usage.memory),
        timestamp=obj.timestamp,
        window=obj.window,
    )


def pod_usage(obj: w.PodMetrics) -> PodUsage:
    containers = [
        ContainerUsage(c.name, millicores(c.usage.cpu), count(c.usage.memory))
        for c in obj.containers
    ]
    return PodUsage(
        namespace=obj.metadata.namespace,
        name=obj.metadata.name,
        cpu_millicores=sum(c.cpu_millicores for c in containers),
        memory_bytes=sum(c.memory_bytes for c in containers),
        timestamp=obj.timestamp,
        containers=containers,
    )
