"""The Kubernetes REST API over the store: routing, auth, verbs, and errors as `Status`.

URL shapes served (core group at `/api/v1`, other groups at `/apis/{group}/{version}`):
`{plural}` (cluster-scoped collection, or a namespaced kind across all namespaces),
`{plural}/{name}`, `namespaces/{ns}/{plural}` and `namespaces/{ns}/{plural}/{name}`, each also
under the legacy `watch/` prefix. Every failure is a `Status` with the right code; an unexpected
exception is logged and answered with a 500 `Status`, never a traceback.
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

from atlhyper.sim import discovery, errors, listing, openapi
from atlhyper.sim.cluster import Cluster
from atlhyper.sim.errors import ApiError
from atlhyper.sim.http import Receive, Request, Scope, Send, respond, respond_error
from atlhyper.sim.kinds import Kind
from atlhyper.sim.selectors import parse_field_selector, parse_label_selector
from atlhyper.sim.store import Entry, Filter, Watcher
from atlhyper.sim.watch import WatchOptions, stream

log = structlog.get_logger("atlhyper.sim.api")

_encoder = msgspec.json.Encoder()
_OPEN_PATHS = ("/healthz", "/livez", "/readyz")
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
        registry = self.cluster.registry
        document: Any = None
        if request.method == "GET":
            if parts == ["version"]:
                document = discovery.version()
            elif parts == ["api"]:
                document = discovery.core_versions(self.settings.server_url.split("://", 1)[-1])
            elif parts == ["apis"]:
                document = discovery.group_list(registry)
            elif parts == ["api", "v1"]:
                document = discovery.resource_list(registry, "", "v1")
            elif len(parts) == 2 and parts[0] == "apis":
                document = discovery.group(registry, parts[1])
            elif len(parts) == 3 and parts[0] == "apis":
                document = discovery.resource_list(registry, parts[1], parts[2])
            elif parts == ["openapi", "v3"]:
                document = openapi.root(registry)
            elif parts[:2] == ["openapi", "v3"] and len(parts) in (4, 5):
                group = parts[3] if parts[2] == "apis" and len(parts) == 5 else ""
                if (parts[2] == "api") == (len(parts) == 4):
                    document = openapi.group_version(registry, group, parts[-1])
            if document is not None:
                await respond(send, 200, _encoder.encode(document))
                return "get", "discovery", 200
        if len(parts) >= 3 and parts[:2] == ["api", "v1"]:
            target = self._target("", "v1", parts[2:])
        elif len(parts) >= 4 and parts[0] == "apis":
            target = self._target(parts[1], parts[2], parts[3:])
        else:
            raise errors.path_not_found()
        return await self._serve(request, send, target)

    def _target(self, group: str, version: str, rest: list[str]) -> _Target:
        registry = self.cluster.registry
        watch = rest[0] == "watch"
        if watch:
            rest = rest[1:]
        if len(rest) in (3, 4) and rest[0] == "namespaces":
            kind = registry.by_plural(group, version, rest[2])
            if kind is not None and kind.namespaced:
                return _Target(kind, rest[1], rest[3] if len(rest) == 4 else "", watch)
            raise errors.path_not_found()
        if len(rest) in (1, 2):
            kind = registry.by_plural(group, version, rest[0])
            if kind is not None:
                name = rest[1] if len(rest) == 2 else ""
                if kind.namespaced and name:
                    raise errors.path_not_found()
                return _Target(kind, None if kind.namespaced else "", name, watch)
        raise errors.path_not_found()

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
            raise errors.method_not_allowed(method)
        namespace = target.namespace or ""
        if method == "GET":
            found = self.cluster.store.get(kind, namespace, target.name)
            if found is None:
                raise errors.not_found(kind.plural, target.name, kind.group)
            await self._object(request, send, kind, found, 200)
            return "get", resource, 200
        if method == "PUT":
            body = await request.json()
            entry = self.cluster.update(
                kind, namespace, target.name, body, dry_run=_dry_run(request)
            )
            await self._object(request, send, kind, entry, 200)
            return "update", resource, 200
        if method == "DELETE":
            options = await request.json(required=False) or {}
            if not isinstance(options, dict):
                raise errors.bad_request("the request body must be a DeleteOptions object")
            if "gracePeriodSeconds" in request.query:
                options["gracePeriodSeconds"] = request.int_param("gracePeriodSeconds")
            entry = self.cluster.delete(
                kind, namespace, target.name, options, dry_run=_dry_run(request)
            )
            await self._object(request, send, kind, entry, 200)
            return "delete", resource, 200
        raise errors.method_not_allowed(method)

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


def _dry_run(request: Request) -> bool:
    value = request.query.get("dryRun", "")
    if value not in ("", "All"):
        raise errors.bad_request(f"dryRun: unsupported value {value!r}: only All is supported")
    return value == "All"


def _check_resource_version(text: str) -> None:
    if text and not text.isdigit():
        raise errors.bad_request(f"resourceVersion: invalid value {text!r}: must be an integer")
