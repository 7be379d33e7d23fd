"""The cluster registry as seen by users."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from atlhyper.master.api.deps import UserRequest, audit
from atlhyper.master.auth import ADMIN, VIEWER
from atlhyper.master.clusters import ClusterRecord
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.services import Services


class ClusterInfo(msgspec.Struct, rename="camel"):
    id: str
    name: str
    status: str  # pending (never seen) | online | offline
    last_seen: datetime | None
    agent_version: str
    capabilities: list[str]
    pod_count: int
    node_count: int
    created_at: datetime
    unavailable_kinds: list[str] = []  # kinds the cluster refuses the Agent (404/403)


class ClusterList(msgspec.Struct):
    items: list[ClusterInfo]


class ClusterCreate(msgspec.Struct):
    name: str


class ClusterCreated(msgspec.Struct):
    """The only response that ever shows the cluster's token."""

    id: str
    name: str
    token: str


def cluster_status(record: ClusterRecord, services: Services) -> str:
    """pending (never seen), online, or offline (silent for `cluster_offline_seconds`)."""
    if record.last_seen is None:
        return "pending"
    offline_after = timedelta(seconds=services.settings.cluster_offline_seconds)
    return "online" if datetime.now(UTC) - record.last_seen < offline_after else "offline"


def cluster_info(record: ClusterRecord, services: Services) -> ClusterInfo:
    state = services.state.get(record.id)
    return ClusterInfo(
        id=record.id,
        name=record.name,
        status=cluster_status(record, services),
        last_seen=record.last_seen,
        agent_version=record.agent_version,
        capabilities=list(record.capabilities),
        pod_count=state.count("pods") if state else 0,
        node_count=state.count("nodes") if state else 0,
        created_at=record.created_at,
        unavailable_kinds=list(record.unavailable_kinds),
    )


@get("/api/v3/clusters", opt=VIEWER, responses=ERROR_RESPONSES)
async def list_clusters(services: NamedDependency[Services]) -> ClusterList:
    return ClusterList([cluster_info(record, services) for record in services.clusters.all()])


@post("/api/v3/clusters", opt=ADMIN, status_code=201, responses=ERROR_RESPONSES)
async def create_cluster(
    data: JSONBody[ClusterCreate], request: UserRequest, services: NamedDependency[Services]
) -> ClusterCreated:
    record, token = await services.clusters.create(data.name)
    await audit(request, services, "cluster.create", f"cluster/{record.id}", {"name": data.name})
    return ClusterCreated(record.id, record.name, token)


@post(
    "/api/v3/clusters/{cluster_id:str}/token",
    opt=ADMIN,
    status_code=200,
    responses=ERROR_RESPONSES,
)
async def rotate_cluster_token(
    cluster_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> ClusterCreated:
    """A new agent token, shown only here; the old one stops working at once."""
    record = services.clusters.get(cluster_id)
    if record is None:
        raise ApiError(404, f"no cluster with id {cluster_id!r}")
    token = await services.clusters.rotate_token(cluster_id)
    await audit(request, services, "cluster.token.rotate", f"cluster/{cluster_id}")
    return ClusterCreated(record.id, record.name, token)


@delete(
    "/api/v3/clusters/{cluster_id:str}/token",
    opt=ADMIN,
    status_code=204,
    responses=ERROR_RESPONSES,
)
async def revoke_cluster_token(
    cluster_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> None:
    """Cut the cluster's Agent off until its token is rotated; its data stays."""
    await services.clusters.revoke_token(cluster_id)
    await audit(request, services, "cluster.token.revoke", f"cluster/{cluster_id}")
