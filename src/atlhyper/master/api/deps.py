"""Typed access to what handlers need."""

from __future__ import annotations

from typing import Any

from litestar import Request

from atlhyper.master.auth import CurrentUser
from atlhyper.master.clusters import ClusterRecord
from atlhyper.master.errors import ApiError
from atlhyper.master.services import Services
from atlhyper.master.state import ClusterState

UserRequest = Request[CurrentUser, str, Any]


def client_ip(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else ""


def current_user(request: UserRequest) -> CurrentUser:
    user = request.scope.get("user")
    if not isinstance(user, CurrentUser):
        raise ApiError(401, "log in first")
    return user


async def audit(
    request: UserRequest,
    services: Services,
    action: str,
    target: str,
    params: dict[str, Any] | None = None,
) -> None:
    """Log that the current user did `action` to `target`, and from which address."""
    await services.audit.record(
        current_user(request).username,
        action,
        target=target,
        params=params,
        client_ip=client_ip(request),
    )


def known_cluster(services: Services, cluster: str) -> ClusterRecord:
    """The registered cluster with this id; 404 naming it otherwise."""
    record = services.clusters.get(cluster)
    if record is None:
        raise ApiError(404, f"no cluster with id {cluster!r}; GET /api/v3/clusters lists them")
    return record


def one_cluster(services: Services, cluster: str) -> ClusterRecord:
    """The registered cluster a route about one cluster names: 400 for `*`, 404 when unknown."""
    if cluster == "*":
        raise ApiError(
            400, "name one cluster; `*` is not allowed here", details={"field": "cluster"}
        )
    return known_cluster(services, cluster)


def cluster_states(services: Services, cluster: str) -> list[ClusterState]:
    """The states a request names: one cluster (none before its first snapshot), or every
    cluster for `*`."""
    if cluster == "*":
        return [state for r in services.clusters.all() if (state := services.state.get(r.id))]
    state = services.state.get(known_cluster(services, cluster).id)
    return [state] if state else []
