"""The Kubernetes REST API over the store: routing, auth, verbs, and errors as `Status`.

URL shapes served (core group at `/api/v1`, other groups at `/apis/{group}/{version}`):
`{plural}` (cluster-scoped collection, or a namespaced kind across all namespaces),
`{plural}/{name}`, `namespaces/{ns}/{plural}` and `namespaces/{ns}/{plural}/{name}`, each also
under the legacy `watch/` prefix, plus subresources (`status`, `scale`, `eviction`, `binding`,
`log`) and the computed `metrics.k8s.io/v1beta1` NodeMetrics and PodMetrics. Every failure is a
`Status` with the right code; an unexpected exception is logged and answered with a 500 `Status`,
never a traceback.
"""

from __future__ import annotations

import functools
import hmac
import time
from dataclasses import dataclass
from typing import Any

import msgspec
import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
)

from atlhyper.sim import discovery, errors, listing, logs, metrics, openapi, subresources
from atlhyper.sim.cluster import Cluster, PatchOptions
from atlhyper.sim.errors import ApiError
from atlhyper.sim.http import Receive, Request, Scope, Send, respond, respond_error
from atlhyper.sim.kinds import Kind
from atlhyper.sim.patch import PATCH_TYPES
from atlhyper.sim.selectors import parse_field_selector, parse_label_selector
from atlhyper.sim.store import Entry, Filter, Watcher
from atlhyper.sim.watch import WatchOptions, stream

log = structlog.get_logger("atlhyper.sim.api")

_encoder = msgspec.json.Encoder()
_OPEN_PATHS = ("/healthz", "/livez", "/readyz")
_NAMESPACE_SUBS = ("status", "finalize")
#: A real API server ends watches after a random 30 to 60 min; one fixed bound is enough here.
_MAX_WATCH_SECONDS = 1800.0


@dataclass(frozen=True, slots=True)
class ApiSettings:
    #: None: no authentication, as on the API server's old insecure port.
    token: str | None
    server_url: str
    bookmark_interval: float
    max_pending_events: int


@dataclass(frozen=True, slots=True)
class _Target:
    kind: Kind
    namespace: str | None  # None: across all namespaces (or cluster-scoped)
    name: str
    watch: bool
    subresource: str = ""


class _Metrics:
    def __init__(self, registry: CollectorRegistry, api: KubeApi) -> None:
        self.requests = Counter(
            "sim_apiserver_requests",
            "Kubernetes API requests served, by verb, resource and HTTP code.",
            ["verb", "resource", "code"],
            registry=registry,
        )
        self.watches = Gauge("sim_apiserver_watches", "Open WATCH streams.", registry=registry)
        self.watches.set_function(api.cluster.store.watcher_count)
        objects = Gauge(
            "sim_store_objects",
            "Objects held by the simulated cluster.",
            ["kind"],
            registry=registry,
        )
        store = api.cluster.store
        for kind in api.cluster.registry.kinds:
            objects.labels(kind=kind.kind).set_function(functools.partial(store.count, kind))
        rv = Gauge("sim_store_resource_version", "Current resourceVersion.", registry=registry)
        rv.set_function(lambda: api.cluster.store.rv)


class KubeApi:
    """The ASGI application."""

    def __init__(self, cluster: Cluster, settings: ApiSettings) -> None:
        self.cluster = cluster
        self.settings = settings
        self.usage = metrics.UsageModel(cluster.store, cluster.registry)
        self.metrics_registry = CollectorRegistry()
        self._metrics = _Metrics(self.metrics_registry, self)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request.from_scope(scope, receive)
        started = time.monotonic()
        verb, resource, code = request.method.lower(), "", 500
        try:
            if request.path in _OPEN_PATHS:
                code = 200
                await respond(send, 200, b"ok", "text/plain; charset=utf-8")
                return
            if request.path == "/metrics":
                code = 200
                body = generate_latest(self.metrics_registry)
                await respond(send, 200, body, CONTENT_TYPE_LATEST)
                return
            if not self._authorized(request):
                raise errors.unauthorized()
            verb, resource, code = await self._route(request, send)
        except ApiError as exc:
            code = exc.code
            await respond_error(send, exc)
        except Exception:
            log.exception("request failed", method=request.method, path=request.path)
            code = 500
            await respond_error(
                send,
                ApiError(500, "InternalError", "an internal error occurred; see the sim's log"),
            )
        finally:
            self._metrics.requests.labels(verb=verb, resource=resource, code=str(code)).inc()
            log.debug(
                "request",
                method=request.method,
                path=request.path,
                code=code,
                ms=round((time.monotonic() - started) * 1000, 1),
            )

    def _authorized(self, request: Request) -> bool:
        if self.settings.token is None:
            return True
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            token.strip().encode(), self.settings.token.encode()
        )

    # routing

    async def _route(self, request: Request, send: Send) -> tuple[str, str, int]:
        parts = [part for part in request.path.split("/") if part]
        if request.method == "GET":
            document = self._document(parts)
            if document is not None:
                await respond(send, 200, _encoder.encode(document))
                return "get", "discovery", 200
        if parts[:3] == ["apis", metrics.GROUP, metrics.VERSION] and len(parts) > 3:
            return await self._metrics_api(request, send, parts[3:])
        if len(parts) >= 3 and parts[:2] == ["api", "v1"]:
            target = self._target("", "v1", parts[2:])
        elif len(parts) >= 4 and parts[0] == "apis":
            target = self._target(parts[1], parts[2], parts[3:])
        else:
            raise errors.path_not_found()
        if target.subresource:
            return await self._subresource(request, send, target)
        return await self._serve(request, send, target)

    def _document(self, parts: list[str]) -> Any:
        registry = self.cluster.registry
        if parts == ["version"]:
            return discovery.version()
        if parts == ["api"]:
            return discovery.core_versions(self.settings.server_url.split("://", 1)[-1])
        if parts == ["apis"]:
            return discovery.group_list(registry)
        if parts == ["api", "v1"]:
            return discovery.resource_list(registry, "", "v1")
        if len(parts) == 2 and parts[0] == "apis":
            return discovery.group(registry, parts[1])
        if len(parts) == 3 and parts[0] == "apis":
            return discovery.resource_list(registry, parts[1], parts[2])
        if parts == ["openapi", "v3"]:
            return openapi.root(registry)
        if parts[:2] == ["openapi", "v3"] and len(parts) in (4, 5):
            group = parts[3] if parts[2] == "apis" and len(parts) == 5 else ""
            if (parts[2] == "api") == (len(parts) == 4):
                return openapi.group_version(registry, group, parts[-1])
        return None

    def _target(self, group: str, version: str, rest: list[str]) -> _Target:
        registry = self.cluster.registry
        watch = rest[0] == "watch"
        if watch:
            rest = rest[1:]
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            kind = registry.by_plural(group, version, rest[2])
            if kind is None and len(rest) == 3 and group == "" and rest[2] in _NAMESPACE_SUBS:
                namespaces = registry.by_kind("Namespace")
                return _Target(namespaces, "", rest[1], watch, rest[2])
            if kind is None and rest[2] == "bindings" and len(rest) == 3 and not group:
                return _Target(registry.by_kind("Pod"), rest[1], "", watch, "binding")
            if kind is not None and kind.namespaced and len(rest) <= 5:
                name = rest[3] if len(rest) >= 4 else ""
                return _Target(kind, rest[1], name, watch, rest[4] if len(rest) == 5 else "")
            raise errors.path_not_found()
        if 1 <= len(rest) <= 3:
            kind = registry.by_plural(group, version, rest[0])
            if kind is not None:
                name = rest[1] if len(rest) >= 2 else ""
                if kind.namespaced and name:
                    raise errors.path_not_found()
                return _Target(
                    kind,
                    None if kind.namespaced else "",
                    name,
                    watch,
                    rest[2] if len(rest) == 3 else "",
                )
        raise errors.path_not_found()

    async def _subresource(
        self, request: Request, send: Send, target: _Target
    ) -> tuple[str, str, int]:
        kind, sub, method = target.kind, target.subresource, request.method
        namespace, name = target.namespace or "", target.name
        resource = f"{kind.plural}/{sub}"
        if target.watch or sub not in discovery.subresources(kind):
            raise errors.path_not_found()
        if sub == "status":
            return await self._status(request, send, target, resource)
        if sub == "scale" and kind.scale is not None:
            if method == "GET":
                entry = self._get(kind, namespace, name)
                body = _encoder.encode(subresources.scale_of(kind, entry))
            elif method in ("PUT", "PATCH"):
                patch_type = _patch_type(request) if method == "PATCH" else None
                scale = subresources.write_scale(
                    self.cluster,
                    kind,
                    namespace,
                    name,
                    await request.json(),
                    patch_type,
                    _dry_run(request),
                )
                body = _encoder.encode(scale)
            else:
                raise errors.method_not_allowed(method)
            await respond(send, 200, body)
            return method.lower(), resource, 200
        if sub == "log" and method == "GET":
            options = logs.LogOptions.from_request(request)
            await logs.serve(
                send, request.receive, self.cluster.store, kind, namespace, name, options
            )
            return "get", resource, 200
        if sub == "eviction" and method == "POST":
            result = subresources.evict(
                self.cluster,
                kind,
                self.cluster.registry.by_kind("PodDisruptionBudget"),
                namespace,
                name,
                await request.json(),
            )
            await respond(send, 201, _encoder.encode(result))
            return "create", resource, 201
        if sub == "binding" and method == "POST":
            body = await request.json()
            if not name and isinstance(body, dict):
                name = str((body.get("metadata") or {}).get("name", ""))
            result = subresources.bind(
                self.cluster, kind, self.cluster.registry.by_kind("Node"), namespace, name, body
            )
            await respond(send, 201, _encoder.encode(result))
            return "create", resource, 201
        if sub == "finalize" and method == "PUT":
            entry = self.cluster.update(
                kind, namespace, name, await request.json(), _dry_run(request)
            )
            await self._object(request, send, kind, entry, 200)
            return "update", resource, 200
        raise errors.method_not_allowed(method)

    async def _status(
        self, request: Request, send: Send, target: _Target, resource: str
    ) -> tuple[str, str, int]:
        kind, method = target.kind, request.method
        namespace = target.namespace or ""
        if method == "GET":
            await self._object(request, send, kind, self._get(kind, namespace, target.name), 200)
            return "get", resource, 200
        if method == "PUT":
            entry = self.cluster.update(
                kind, namespace, target.name, await request.json(), _dry_run(request), status=True
            )
        elif method == "PATCH":
            entry, _ = self.cluster.patch(
                kind,
                namespace,
                target.name,
                _patch_type(request),
                await request.json(),
                self._patch_options(request, status=True),
            )
        else:
            raise errors.method_not_allowed(method)
        await self._object(request, send, kind, entry, 200)
        return method.lower(), resource, 200

    def _get(self, kind: Kind, namespace: str, name: str) -> Entry:
        found = self.cluster.store.get(kind, namespace, name)
        if found is None:
            raise errors.not_found(kind.plural, name, kind.group)
        return found

    def _patch_options(self, request: Request, status: bool = False) -> PatchOptions:
        return PatchOptions(
            dry_run=_dry_run(request),
            field_manager=request.query.get("fieldManager", ""),
            force=request.flag("force"),
            status=status,
        )

    async def _serve(self, request: Request, send: Send, target: _Target) -> tuple[str, str, int]:
        kind, method = target.kind, request.method
        resource = kind.plural
        if method == "GET" and (target.watch or request.flag("watch")):
            await self._watch(request, send, target)
            return "watch", resource, 200
        if not target.name:
            if method == "GET":
                await self._list(request, send, target)
                return "list", resource, 200
            if method == "POST" and target.namespace is not None:
                entry = self.cluster.create(
                    kind, target.namespace, await request.json(), dry_run=_dry_run(request)
                )
                await self._object(request, send, kind, entry, 201)
                return "create", resource, 201
            if method == "DELETE":
                await self._delete_collection(request, send, target)
                return "deletecollection", resource, 200
            raise errors.method_not_allowed(method)
        namespace = target.namespace or ""
        if method == "GET":
            await self._object(request, send, kind, self._get(kind, namespace, target.name), 200)
            return "get", resource, 200
        if method == "PUT":
            body = await request.json()
            entry = self.cluster.update(
                kind, namespace, target.name, body, dry_run=_dry_run(request)
            )
            await self._object(request, send, kind, entry, 200)
            return "update", resource, 200
        if method == "PATCH":
            entry, created = self.cluster.patch(
                kind,
                namespace,
                target.name,
                _patch_type(request),
                await request.json(),
                self._patch_options(request),
            )
            code = 201 if created else 200
            await self._object(request, send, kind, entry, code)
            return "patch", resource, code
        if method == "DELETE":
            options = await self._delete_options(request)
            entry = self.cluster.delete(
                kind, namespace, target.name, options, dry_run=_dry_run(request)
            )
            await self._object(request, send, kind, entry, 200)
            return "delete", resource, 200
        raise errors.method_not_allowed(method)

    async def _delete_options(self, request: Request) -> dict[str, Any]:
        options = await request.json(required=False) or {}
        if not isinstance(options, dict):
            raise errors.bad_request("the request body must be a DeleteOptions object")
        if "gracePeriodSeconds" in request.query:
            options["gracePeriodSeconds"] = request.int_param("gracePeriodSeconds")
        if "propagationPolicy" in request.query:
            options["propagationPolicy"] = request.query["propagationPolicy"]
        return options

    async def _delete_collection(self, request: Request, send: Send, target: _Target) -> None:
        options = await self._delete_options(request)
        flt = self._filter(request, target)
        entries, _, _ = self.cluster.store.page(flt, None, 0)
        deleted = self.cluster.delete_collection(target.kind, entries, options, _dry_run(request))
        metadata = listing.list_metadata(self.cluster.store.rv, "", None)
        await respond(send, 200, listing.list_body(target.kind, deleted, metadata))

    async def _metrics_api(
        self, request: Request, send: Send, rest: list[str]
    ) -> tuple[str, str, int]:
        if request.method != "GET":
            raise errors.method_not_allowed(request.method)
        store, registry = self.cluster.store, self.cluster.registry
        selector = parse_label_selector(request.query.get("labelSelector", ""))
        kind_name = "PodMetrics"
        single = False
        if rest[0] == "nodes" and len(rest) <= 2:
            kind_name = "NodeMetrics"
            nodes = registry.by_kind("Node")
            usage = self.usage.node_usage()
            single = len(rest) == 2
            if single:
                entry = store.get(nodes, "", rest[1])
                if entry is None or entry.name not in usage:
                    raise errors.not_found("nodes", rest[1], metrics.GROUP)
                items = [self.usage.node_metrics(entry, usage[entry.name])]
            else:
                items = [
                    self.usage.node_metrics(entry, usage[entry.name])
                    for entry in store.entries(nodes)
                    if selector.matches(entry.labels) and entry.name in usage
                ]
        else:
            pods = registry.by_kind("Pod")
            if rest[0] == "pods" and len(rest) == 1:
                namespace, name = None, ""
            elif rest[0] == "namespaces" and len(rest) in (3, 4) and rest[2] == "pods":
                namespace, name = rest[1], rest[3] if len(rest) == 4 else ""
            else:
                raise errors.path_not_found()
            single = bool(name)
            if single:
                entry = store.get(pods, namespace or "", name)
                if entry is None or not self.usage.running(entry):
                    raise errors.not_found("pods", name, metrics.GROUP)
                items = [self.usage.pod_metrics(entry)]
            else:
                items = [
                    self.usage.pod_metrics(entry)
                    for entry in store.entries(pods, namespace)
                    if self.usage.running(entry) and selector.matches(entry.labels)
                ]
        if single:
            await respond(send, 200, _encoder.encode(items[0]))
            return "get", kind_name, 200
        body = {
            "kind": f"{kind_name}List",
            "apiVersion": metrics.API_VERSION,
            "metadata": {},
            "items": items,
        }
        await respond(send, 200, _encoder.encode(body))
        return "list", kind_name, 200

    # verbs

    def _filter(self, request: Request, target: _Target) -> Filter:
        kind = target.kind
        return Filter(
            kind,
            target.namespace if kind.namespaced else None,
            parse_label_selector(request.query.get("labelSelector", "")),
            parse_field_selector(request.query.get("fieldSelector", ""), kind.supports_field),
        )

    async def _list(self, request: Request, send: Send, target: _Target) -> None:
        store = self.cluster.store
        accept = request.accept()
        flt = self._filter(request, target)
        limit = request.int_param("limit")
        _check_resource_version(request.query.get("resourceVersion", ""))
        after = None
        rv = store.rv
        token = request.query.get("continue", "")
        if token:
            rv, after = listing.decode_continue(token)
            if rv < store.compacted_rv(target.kind):
                raise errors.expired(
                    "The provided continue parameter is too old to display a consistent list "
                    "result. You can start a new list without the continue parameter."
                )
        items, last, remaining = store.page(flt, after, limit)
        next_token = listing.encode_continue(rv, last) if last is not None else ""
        metadata = listing.list_metadata(rv, next_token, remaining)
        if accept.table:
            body = listing.table_body(
                target.kind,
                [entry.decode() for entry in items],
                metadata,
                listing.include_object(request.query),
                accept.table_version,
            )
        else:
            body = listing.list_body(target.kind, items, metadata)
        await respond(send, 200, body)

    async def _watch(self, request: Request, send: Send, target: _Target) -> None:
        store = self.cluster.store
        accept = request.accept()
        flt = self._filter(request, target)
        if target.name:
            flt = Filter(
                target.kind,
                flt.namespace,
                flt.labels,
                parse_field_selector(
                    ",".join(
                        filter(
                            None,
                            [
                                request.query.get("fieldSelector", ""),
                                f"metadata.name={target.name}",
                            ],
                        )
                    ),
                    target.kind.supports_field,
                ),
            )
        rv_text = request.query.get("resourceVersion", "")
        _check_resource_version(rv_text)
        send_initial = request.query.get("sendInitialEvents", "").lower()
        since: int | None = None if rv_text in ("", "0") else int(rv_text)
        if send_initial == "true":
            since = None
        elif send_initial == "false" and since is None:
            since = store.rv
        timeout = float(request.int_param("timeoutSeconds", 0)) or _MAX_WATCH_SECONDS
        options = WatchOptions(
            timeout=min(timeout, _MAX_WATCH_SECONDS),
            bookmarks=request.flag("allowWatchBookmarks"),
            bookmark_interval=self.settings.bookmark_interval,
            initial_events_end=send_initial == "true" and request.flag("allowWatchBookmarks"),
            accept=accept,
            include_object=listing.include_object(request.query),
        )
        watcher: Watcher | None = None
        error: ApiError | None = None
        try:
            watcher = store.watch(flt, since, self.settings.max_pending_events)
        except ApiError as exc:
            error = exc
        await stream(send, request.receive, store, target.kind, options, watcher, error)

    async def _object(
        self, request: Request, send: Send, kind: Kind, entry: Entry, code: int
    ) -> None:
        accept = request.accept()
        if accept.table:
            body = listing.table_body(
                kind,
                [entry.decode()],
                {"resourceVersion": str(entry.rv)},
                listing.include_object(request.query),
                accept.table_version,
            )
        else:
            body = entry.raw
        await respond(send, code, body)


def _patch_type(request: Request) -> str:
    content_type = request.content_type
    if content_type not in PATCH_TYPES:
        raise errors.ApiError(
            415,
            "UnsupportedMediaType",
            f"the body of the request was in an unknown format - accepted media types include: "
            f"{', '.join(PATCH_TYPES)}",
        )
    return content_type


def _dry_run(request: Request) -> bool:
    value = request.query.get("dryRun", "")
    if value not in ("", "All"):
        raise errors.bad_request(f"dryRun: unsupported value {value!r}: only All is supported")
    return value == "All"


def _check_resource_version(text: str) -> None:
    if text and not text.isdigit():
        raise errors.bad_request(f"resourceVersion: invalid value {text!r}: must be an integer")
