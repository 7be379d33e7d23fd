"""History routes: archived Kubernetes events, the events about one object, usage over time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter

from atlhyper.master.api.deps import one_cluster
from atlhyper.master.api.params import MAX_SPAN, named_ranges, rfc3339, time_window
from atlhyper.master.auth import VIEWER
from atlhyper.master.clusters import ClusterRecord
from atlhyper.master.db.tables import K8sEvent
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.history.archive import EventQuery, event_fields, parse_time
from atlhyper.master.history.usage import MIN_STEP, UsageKind, UsagePoint, default_step
from atlhyper.master.services import Services
from atlhyper.master.state import ClusterState
from atlhyper.master.views.paging import MAX_LIMIT
from atlhyper.model import Event, Node, Pod

MAX_QUERY_LENGTH = 200
MAX_SPAN_SECONDS = int(MAX_SPAN.total_seconds())
RANGES = named_ranges("1h", "6h", "24h", "7d", "30d")
USAGE_KINDS: dict[str, UsageKind] = {"nodes": "node", "pods": "pod"}


class StoredEvent(msgspec.Struct, rename="camel"):
    """A Kubernetes event as archived; times are RFC 3339 in UTC."""

    cluster_id: str
    cluster_name: str
    uid: str
    namespace: str
    name: str
    type: str
    reason: str
    message: str
    object_kind: str
    object_namespace: str
    object_name: str
    object_uid: str
    count: int
    first_seen: str
    last_seen: str
    source: str


class EventHistoryPage(msgspec.Struct, rename="camel"):
    items: list[StoredEvent]
    total: int
    limit: int
    offset: int


class ObjectEvent(StoredEvent, rename="camel"):
    live: bool  # still held by the Agent's latest snapshot, not only in the archive


class ObjectEvents(msgspec.Struct, rename="camel"):
    kind: str
    namespace: str
    name: str
    items: list[ObjectEvent]


class UsageSeries(msgspec.Struct, rename="camel"):
    """Usage of one node or pod in buckets of `step` seconds, oldest first.

    For a pod, requests and limits are the sums over its app containers (a limit only when every
    container has one). For a node, the request is the sum of the requests of the pods placed on
    it and the limit is its allocatable capacity. None when unknown.
    """

    kind: str
    namespace: str
    name: str
    start: int
    end: int
    step: int
    points: list[UsagePoint]
    cpu_request_millicores: int | None = None
    cpu_limit_millicores: int | None = None
    memory_request_bytes: int | None = None
    memory_limit_bytes: int | None = None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _stored(row: K8sEvent, cluster_name: str) -> dict[str, Any]:
    """The fields of an archived event."""
    return {
        "cluster_id": row.cluster_id,
        "cluster_name": cluster_name,
        **event_fields(row),
        "first_seen": _iso(row.first_seen),
        "last_seen": _iso(row.last_seen),
    }


def _live(event: Event, record: ClusterRecord) -> dict[str, Any]:
    """The fields of an event in the latest snapshot, with its times written like archived ones."""

    def time_of(text: str) -> str:
        moment = parse_time(text)
        return _iso(moment) if moment else text

    return {
        "cluster_id": record.id,
        "cluster_name": record.name,
        **event_fields(event),
        "first_seen": time_of(event.first_seen or event.created_at),
        "last_seen": time_of(event.last_seen),
    }


@get(
    "/api/v3/clusters/{cluster:str}/event-history",
    opt=VIEWER,
    operation_id="list_event_history",
    summary="Archived Kubernetes events, newest first; `cluster` may be `*` for every cluster.",
    responses=ERROR_RESPONSES,
)
async def event_history(
    cluster: FromPath[str],
    services: NamedDependency[Services],
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
    namespace: FromQuery[str | None] = None,
    event_type: Annotated[
        str | None, QueryParameter(name="type", description="Normal, Warning")
    ] = None,
    reason: FromQuery[str | None] = None,
    object_kind: Annotated[
        str | None, QueryParameter(name="objectKind", description="e.g. Pod")
    ] = None,
    object_name: Annotated[str | None, QueryParameter(name="objectName")] = None,
    q: Annotated[
        str | None,
        QueryParameter(
            description="Text in the reason, the object's kind or name, or the message."
        ),
    ] = None,
    since: Annotated[
        str | None, QueryParameter(description="RFC 3339; last seen at or after.")
    ] = None,
    until: Annotated[str | None, QueryParameter(description="RFC 3339; last seen before.")] = None,
) -> EventHistoryPage:
    if q is not None and len(q) > MAX_QUERY_LENGTH:
        raise ApiError(400, f"q is longer than {MAX_QUERY_LENGTH} characters")
    query = EventQuery(
        cluster_id=None if cluster == "*" else one_cluster(services, cluster).id,
        namespace=namespace or None,
        type=event_type or None,
        reason=reason or None,
        object_kind=object_kind or None,
        object_name=object_name or None,
        q=q or None,
        since=None if since is None else rfc3339("since", since),
        until=None if until is None else rfc3339("until", until),
    )
    rows, total = await services.events.search(query, limit, offset)
    names = {record.id: record.name for record in services.clusters.all()}
    return EventHistoryPage(
        items=[StoredEvent(**_stored(row, names.get(row.cluster_id, ""))) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@get(
    "/api/v3/clusters/{cluster:str}/object-events",
    opt=VIEWER,
    operation_id="list_object_events",
    summary="The events about one object, live and archived, newest first.",
    responses=ERROR_RESPONSES,
)
async def object_events(
    cluster: FromPath[str],
    services: NamedDependency[Services],
    kind: Annotated[
        str | None, QueryParameter(description="The Kubernetes Kind, e.g. Pod.")
    ] = None,
    name: FromQuery[str | None] = None,
    namespace: Annotated[str, QueryParameter(description="Empty for cluster-scoped kinds.")] = "",
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 100,
) -> ObjectEvents:
    """Live events come from the latest snapshot; the archive adds the ones Kubernetes dropped."""
    record = one_cluster(services, cluster)
    if not kind:
        raise ApiError(400, "kind is required: the object's Kubernetes Kind, e.g. Pod or Node")
    if not name:
        raise ApiError(400, "name is required: the object's name")
    merged: dict[str, ObjectEvent] = {}
    state = services.state.get(record.id)
    if state is not None:
        for event in state.objects.get("events", {}).values():
            if (event.object_kind, event.object_namespace, event.object_name) == (
                kind,
                namespace,
                name,
            ):
                merged[event.uid] = ObjectEvent(**_live(event, record), live=True)
    for row in await services.events.about(record.id, kind, namespace, name, limit):
        if row.uid not in merged:
            merged[row.uid] = ObjectEvent(**_stored(row, record.name), live=False)
    oldest = datetime.min.replace(tzinfo=UTC)
    items = sorted(merged.values(), key=lambda e: parse_time(e.last_seen) or oldest, reverse=True)
    return ObjectEvents(kind=kind, namespace=namespace, name=name, items=items[:limit])


def _requests_and_limits(
    state: ClusterState | None, kind: UsageKind, namespace: str, name: str
) -> dict[str, int | None]:
    def known(value: int) -> int | None:
        return value or None

    if state is None:
        return {}
    if kind == "pod":
        pod: Pod | None = state.find("pods", namespace, name)
        if pod is None:
            return {}
        app = [c for c in pod.containers if not c.init]
        cpu_limited = all(c.cpu_limit_millicores for c in app)
        mem_limited = all(c.memory_limit_bytes for c in app)
        return {
            "cpu_request_millicores": known(sum(c.cpu_request_millicores for c in app)),
            "memory_request_bytes": known(sum(c.memory_request_bytes for c in app)),
            "cpu_limit_millicores": known(sum(c.cpu_limit_millicores for c in app))
            if cpu_limited
            else None,
            "memory_limit_bytes": known(sum(c.memory_limit_bytes for c in app))
            if mem_limited
            else None,
        }
    node: Node | None = state.find("nodes", "", name)
    if node is None:
        return {}
    row = next((r for r in state.rows.get("nodes", []) if r.name == name), None)
    return {
        "cpu_request_millicores": known(row.cpu_requests_millicores) if row else None,
        "memory_request_bytes": known(row.memory_requests_bytes) if row else None,
        "cpu_limit_millicores": known(node.cpu_allocatable_millicores),
        "memory_limit_bytes": known(node.memory_allocatable_bytes),
    }


def _window(range_: str | None, start: str | None, end: str | None) -> tuple[int, int]:
    """In whole epoch seconds; a range ends at the current second."""
    now = datetime.now(UTC).replace(microsecond=0)
    first, last = time_window(range_, start, end, now, RANGES)
    return int(first.timestamp()), int(last.timestamp())


@get(
    "/api/v3/clusters/{cluster:str}/usage-history/{kind:str}",
    opt=VIEWER,
    operation_id="get_usage_history",
    summary="CPU and memory of one node or pod over time (kind: nodes or pods).",
    responses=ERROR_RESPONSES,
)
async def usage_history(
    cluster: FromPath[str],
    kind: FromPath[str],
    services: NamedDependency[Services],
    name: FromQuery[str | None] = None,
    namespace: Annotated[str | None, QueryParameter(description="Required for pods.")] = None,
    range_: Annotated[
        str | None,
        QueryParameter(name="range", description="One of 1h, 6h, 24h, 7d, 30d (default 1h)."),
    ] = None,
    start: Annotated[str | None, QueryParameter(description="RFC 3339; instead of range.")] = None,
    end: Annotated[str | None, QueryParameter(description="RFC 3339; instead of range.")] = None,
    step: Annotated[
        int | None,
        QueryParameter(
            ge=MIN_STEP,
            le=MAX_SPAN_SECONDS,
            description="Seconds per point; by default the series has at most about 360 points.",
        ),
    ] = None,
) -> UsageSeries:
    usage_kind = USAGE_KINDS.get(kind)
    if usage_kind is None:
        raise ApiError(404, f"no usage history for {kind!r}; valid kinds: {', '.join(USAGE_KINDS)}")
    record = one_cluster(services, cluster)
    if not name:
        raise ApiError(400, f"name is required: the name of one of the cluster's {kind}")
    if usage_kind == "pod" and not namespace:
        raise ApiError(400, "namespace is required for pods")
    where = (namespace or "") if usage_kind == "pod" else ""
    begin, finish = _window(range_, start, end)
    step = step or default_step(finish - begin)
    points = await services.usage.series(record.id, usage_kind, where, name, begin, finish, step)
    return UsageSeries(
        kind=kind,
        namespace=where,
        name=name,
        start=begin,
        end=finish,
        step=step,
        points=points,
        **_requests_and_limits(services.state.get(record.id), usage_kind, where, name),
    )


ROUTES = [event_history, object_events, usage_history]
