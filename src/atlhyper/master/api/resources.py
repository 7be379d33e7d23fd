"""List and detail routes for every kind in `views.kinds.KINDS`.

The handlers are generated from the kind table so that each kind gets precise OpenAPI types
(its own page and object schema, its own filters) without a hand-written route per kind.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, QueryParameter

from atlhyper.master.api.deps import cluster_states
from atlhyper.master.auth import VIEWER
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.services import Services
from atlhyper.master.views.kinds import KINDS, ResourceKind
from atlhyper.master.views.overview import Overview, overview
from atlhyper.master.views.paging import MAX_LIMIT, ListQuery
from atlhyper.model import KIND_NAMES

MAX_QUERY_LENGTH = 200


def _list_handler(kind: ResourceKind) -> HTTPRouteHandler:
    filter_names = list(kind.listing.filters)

    async def handler(cluster: str, services: Services, **params: Any) -> Any:
        q = params["q"]
        if q is not None and len(q) > MAX_QUERY_LENGTH:
            raise ApiError(400, f"q is longer than {MAX_QUERY_LENGTH} characters")
        query = ListQuery(
            limit=params["limit"],
            offset=params["offset"],
            sort=params["sort"],
            q=q,
            filters={name: params[name] for name in filter_names if params[name] is not None},
        )
        tables = [state.tables[kind.plural] for state in cluster_states(services, cluster)]
        items, total = kind.listing.page_tables(tables, query)
        return kind.page_type(items=items, total=total, limit=query.limit, offset=query.offset)

    keyword = inspect.Parameter.KEYWORD_ONLY
    sort_help = (
        "One of: " + ", ".join(sorted(kind.listing.sort_keys)) + "; prefix '-' for descending."
    )
    params = [
        inspect.Parameter("cluster", keyword, annotation=FromPath[str]),
        inspect.Parameter("services", keyword, annotation=NamedDependency[Services]),
        inspect.Parameter(
            "limit",
            keyword,
            annotation=Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)],
            default=50,
        ),
        inspect.Parameter(
            "offset", keyword, annotation=Annotated[int, QueryParameter(ge=0)], default=0
        ),
        inspect.Parameter(
            "sort",
            keyword,
            annotation=Annotated[str | None, QueryParameter(description=sort_help)],
            default=None,
        ),
        inspect.Parameter(
            "q",
            keyword,
            annotation=Annotated[str | None, QueryParameter(description="Search text.")],
            default=None,
        ),
        *(
            inspect.Parameter(
                name, keyword, annotation=Annotated[str | None, QueryParameter()], default=None
            )
            for name in filter_names
        ),
    ]
    return _route(
        handler,
        params,
        kind.page_type,
        f"/api/v3/clusters/{{cluster:str}}/{kind.plural}",
        f"list_{kind.plural}",
        f"List {kind.plural}; `cluster` may be `*` for every cluster.",
    )


def _detail_handler(kind: ResourceKind) -> HTTPRouteHandler:
    async def handler(cluster: str, name: str, services: Services, namespace: str = "") -> Any:
        if cluster == "*":
            raise ApiError(400, "name one cluster to read a single object")
        for state in cluster_states(services, cluster):
            found = state.find(kind.plural, namespace, name)
            if found is not None:
                return found
        where = f"{namespace}/{name}" if namespace else name
        raise ApiError(404, f"no {kind.plural} object {where!r} in cluster {cluster!r}")

    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter("cluster", keyword, annotation=FromPath[str]),
        inspect.Parameter("name", keyword, annotation=FromPath[str]),
        inspect.Parameter("services", keyword, annotation=NamedDependency[Services]),
    ]
    path = f"/api/v3/clusters/{{cluster:str}}/{kind.plural}/{{name:str}}"
    if kind.namespaced:
        params.append(inspect.Parameter("namespace", keyword, annotation=FromPath[str]))
        path = f"/api/v3/clusters/{{cluster:str}}/{kind.plural}/{{namespace:str}}/{{name:str}}"
    return _route(
        handler, params, kind.object_type, path, f"get_{kind.plural}", f"One {kind.plural} object."
    )


def _route(
    handler: Callable[..., Any],
    params: list[inspect.Parameter],
    returns: type[Any],
    path: str,
    operation_id: str,
    summary: str,
) -> HTTPRouteHandler:
    handler.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    handler.__annotations__ = {p.name: p.annotation for p in params} | {"return": returns}
    handler.__name__ = operation_id
    return get(
        path, opt=VIEWER, operation_id=operation_id, summary=summary, responses=ERROR_RESPONSES
    )(handler)


class StateObjects(msgspec.Struct, rename="camel"):
    """Every object of one kind as the Master holds it, and the snapshot it came from."""

    seq: int
    kind: str
    items: list[Any]


@get(
    "/api/v3/clusters/{cluster:str}/state/{kind:str}",
    opt=VIEWER,
    operation_id="get_state_objects",
    summary="Every object of one kind (the full models behind the detail routes), by key.",
    responses=ERROR_RESPONSES,
)
async def state_objects(
    cluster: FromPath[str], kind: FromPath[str], services: NamedDependency[Services]
) -> StateObjects:
    """For consistency checks and exports: the same objects the detail routes serve, at once."""
    if cluster == "*":
        raise ApiError(400, "name one cluster to read its state")
    if kind not in KIND_NAMES:
        raise ApiError(404, f"unknown kind {kind!r}; known kinds: {', '.join(KIND_NAMES)}")
    states = list(cluster_states(services, cluster))
    if not states:
        raise ApiError(404, f"cluster {cluster!r} has sent no snapshot yet")
    state = states[0]
    objects = state.objects.get(kind, {})
    return StateObjects(seq=state.seq, kind=kind, items=[objects[key] for key in sorted(objects)])


@get("/api/v3/clusters/{cluster:str}/{kind:str}", opt=VIEWER, include_in_schema=False)
async def unknown_kind(kind: FromPath[str]) -> None:
    raise ApiError(404, f"unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")


@get("/api/v3/clusters/{cluster:str}/overview", opt=VIEWER, responses=ERROR_RESPONSES)
async def read_overview(cluster: FromPath[str], services: NamedDependency[Services]) -> Overview:
    """Health, counts, capacity against requests and usage, and the latest warning events, for
    one cluster or for the whole fleet (`*`)."""
    states = list(cluster_states(services, cluster))
    return overview(len(services.clusters.all()) if cluster == "*" else 1, states)


ROUTES = [
    read_overview,
    *(_list_handler(kind) for kind in KINDS.values()),
    *(_detail_handler(kind) for kind in KINDS.values()),
    state_objects,
    unknown_kind,
]
