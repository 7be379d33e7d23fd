"""Rows for the events table: newest first by default."""

from __future__ import annotations

from atlhyper.master.views.common import NamespacedRow
from atlhyper.master.views.paging import namespaced_listing
from atlhyper.model import Event


class EventRow(NamespacedRow):
    type: str
    reason: str
    object: str  # "Pod/web-1"
    object_kind: str
    object_name: str
    message: str
    count: int
    first_seen: str
    last_seen: str
    source: str
    created_at: str


def event_rows(cid: str, cname: str, items: list[Event]) -> list[EventRow]:
    return [
        EventRow(
            cid,
            cname,
            e.uid,
            e.namespace,
            e.name,
            e.type,
            e.reason,
            f"{e.object_kind.lower()}/{e.object_name}",
            e.object_kind,
            e.object_name,
            e.message,
            e.count,
            e.first_seen,
            e.last_seen,
            e.source,
            e.created_at,
        )
        for e in items
    ]


EVENT_LISTING = namespaced_listing(
    {
        "lastSeen": lambda r: r.last_seen,
        "type": lambda r: r.type,
        "reason": lambda r: r.reason,
        "count": lambda r: r.count,
    },
    {
        "type": lambda r: r.type,
        "reason": lambda r: r.reason,
        "objectKind": lambda r: r.object_kind,
        "objectName": lambda r: r.object_name,
    },
    lambda r: f"{r.reason} {r.object} {r.message}",
    default_sort="lastSeen",
    inverted_keys=frozenset({"age", "lastSeen"}),
)
