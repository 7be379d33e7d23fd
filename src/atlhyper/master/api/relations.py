"""What one object is connected to (owners, pods, Services, Ingresses, autoscalers, mounts…).

Two routes, as the detail routes: cluster-scoped kinds omit the namespace. The static `relations`
segment sits where the other routes put the kind, so no kind can be named `relations`.
"""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency
from litestar.params import FromPath

from atlhyper.master.api.deps import cluster_states
from atlhyper.master.auth import VIEWER
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.services import Services
from atlhyper.master.views.kinds import KINDS
from atlhyper.master.views.relations import Relations, relations

_PATH = "/api/v3/clusters/{cluster:str}/relations/{kind:str}"


def _relations(services: Services, cluster: str, kind: str, namespace: str, name: str) -> Relations:
    if cluster == "*":
        raise ApiError(400, "name one cluster to read an object's relations")
    resource = KINDS.get(kind)
    if resource is None:
        raise ApiError(404, f"unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    if resource.namespaced != bool(namespace):
        scope, form = (
            ("namespaced", "{namespace}/{name}")
            if resource.namespaced
            else ("cluster-scoped", "{name}")
        )
        raise ApiError(
            404, f"{kind} are {scope}: use /api/v3/clusters/{{cluster}}/relations/{kind}/{form}"
        )
    for state in cluster_states(services, cluster):
        found = state.find(kind, namespace, name)
        if found is not None:
            return relations(state.objects, kind, found)
    where = f"{namespace}/{name}" if namespace else name
    raise ApiError(404, f"no {kind} object {where!r} in cluster {cluster!r}")


@get(
    f"{_PATH}/{{name:str}}",
    opt=VIEWER,
    operation_id="get_relations",
    summary="What a cluster-scoped object (a node, a volume…) is connected to.",
    responses=ERROR_RESPONSES,
)
async def cluster_scoped_relations(
    cluster: FromPath[str],
    kind: FromPath[str],
    name: FromPath[str],
    services: NamedDependency[Services],
) -> Relations:
    return _relations(services, cluster, kind, "", name)


@get(
    f"{_PATH}/{{namespace:str}}/{{name:str}}",
    opt=VIEWER,
    operation_id="get_namespaced_relations",
    summary="What a namespaced object (a pod, a deployment, a service…) is connected to.",
    responses=ERROR_RESPONSES,
)
async def namespaced_relations(
    cluster: FromPath[str],
    kind: FromPath[str],
    namespace: FromPath[str],
    name: FromPath[str],
    services: NamedDependency[Services],
) -> Relations:
    return _relations(services, cluster, kind, namespace, name)


ROUTES = [cluster_scoped_relations, namespaced_relations]
