"""Agent ingest: every request carries its cluster's token, which alone names the cluster."""

from __future__ import annotations

import time
from typing import Any

from litestar import Request, post
from litestar.di import NamedDependency

from atlhyper.master.clusters import ClusterRecord
from atlhyper.master.errors import ApiError
from atlhyper.master.history.archive import received_events
from atlhyper.master.ingest import decode_snapshot
from atlhyper.master.services import Services
from atlhyper.model import Heartbeat, IngestAck
from atlhyper.wire import BodyError, decode, decompress

AGENT = {"exclude_from_auth": True, "agent": True}


def cluster_of(request: Request[Any, Any, Any], services: Services) -> ClusterRecord:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "send the cluster token as 'Authorization: Bearer <token>'")
    record = services.clusters.by_token(token.strip())
    if record is None:
        raise ApiError(401, "unknown or revoked cluster token")
    return record


async def read_body(request: Request[Any, Any, Any], services: Services) -> bytes:
    body = await request.body()
    services.metrics.ingest_bytes.inc(len(body))
    return decompress(
        body, request.headers.get("content-encoding"), services.settings.max_body_bytes
    )


@post("/agent/snapshot", opt=AGENT, status_code=200, include_in_schema=False)
async def push_snapshot(
    request: Request[Any, Any, Any], services: NamedDependency[Services]
) -> IngestAck:
    """A full snapshot (`"type": "full"`) or a delta (`"type": "delta"`).

    A delta whose `baseSeq` is not the snapshot the Master holds gets 409: send a full one.
    """
    record = cluster_of(request, services)
    started = time.perf_counter()
    try:
        raw = await read_body(request, services)
        snapshot = decode_snapshot(raw)
        services.state.accept(record.id, record.name, snapshot)
        services.events.offer(record.id, received_events(snapshot))
    except BodyError as exc:  # ApiError included
        services.metrics.snapshots.labels("conflict" if exc.status == 409 else "rejected").inc()
        raise
    services.clusters.seen(record)
    services.metrics.snapshots.labels("accepted").inc()
    services.metrics.ingest_seconds.observe(time.perf_counter() - started)
    return IngestAck(accepted_seq=snapshot.seq)


@post("/agent/heartbeat", opt=AGENT, status_code=200, include_in_schema=False)
async def heartbeat(
    request: Request[Any, Any, Any], services: NamedDependency[Services]
) -> IngestAck:
    record = cluster_of(request, services)
    beat = decode(await read_body(request, services), Heartbeat)
    record.unavailable_kinds = tuple(beat.unavailable_kinds)
    await services.clusters.heartbeat(record, beat.agent_version, beat.capabilities)
    return IngestAck(accepted_seq=services.state.last_seq(record.id) or 0)
