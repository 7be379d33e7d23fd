"""Wiring of the Agent process: kube client → reflectors → snapshot builder → scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator

import structlog
import uvicorn
from litestar import Litestar, MediaType, Response, get
from litestar.handlers import HTTPRouteHandler
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from atlhyper.agent.clickhouse import ClickHouse, OtelSchema
from atlhyper.agent.clickhouse import service as clickhouse_service
from atlhyper.agent.commands.context import ActionContext
from atlhyper.agent.commands.service import CommandRunner
from atlhyper.agent.config import AgentSettings
from atlhyper.agent.gateway import Gateway
from atlhyper.agent.hosts import HostForwarder
from atlhyper.agent.k8s.api import KubeApi
from atlhyper.agent.k8s.client import kube_client, load_kubeconfig
from atlhyper.agent.k8s.discovery import ResourceMap
from atlhyper.agent.k8s.kinds import POLLED_KINDS, WATCHED_KINDS
from atlhyper.agent.k8s.poller import Poller
from atlhyper.agent.k8s.reflector import Reflector
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.agent.otel import context as otel_context
from atlhyper.agent.otel import slo_hours
from atlhyper.agent.otel.rollup import ApmRollup
from atlhyper.agent.otel.summary import SummaryCache
from atlhyper.agent.scheduler import Scheduler
from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.config import ConfigError
from atlhyper.logs import configure_logging

log = structlog.get_logger(__name__)


class _EmbeddedServer(uvicorn.Server):
    """uvicorn inside the Agent's own loop; the Agent, not uvicorn, owns signal handling."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def health_app(registry: CollectorRegistry, *routes: HTTPRouteHandler) -> Litestar:
    """/healthz, /metrics, and `routes` (the collectors' POST /agent/hosts)."""

    @get("/healthz", media_type=MediaType.TEXT)
    async def healthz() -> str:
        return "ok"

    @get("/metrics")
    async def metrics() -> Response[bytes]:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return Litestar([healthz, metrics, *routes], openapi_config=None, logging_config=None)


def otel_context_factory(
    settings: AgentSettings, reflectors: list[Reflector]
) -> clickhouse_service.ContextFactory:
    """OtelContexts that look Kubernetes names up in the reflectors' caches (no API call) and
    hold the SLO hours and the APM minutes for the Agent's lifetime (both filled by the
    summary's refresh)."""
    caches = {reflector.field: reflector for reflector in reflectors}

    def make(client: ClickHouse, schema: OtelSchema) -> otel_context.OtelContext:
        return otel_context.OtelContext(
            client,
            schema,
            settings.clickhouse_database,
            node_names_by_ip=lambda: otel_context.node_names_by_ip(caches["nodes"].cache.values()),
            ingress_hosts=lambda: otel_context.traefik_hosts(caches["ingresses"].cache.values()),
            slo_hours=slo_hours.per_kind(),
            apm_rollup=ApmRollup(),
        )

    return make


async def serve(settings: AgentSettings) -> None:
    kubeconfig = load_kubeconfig(settings.kubeconfig, settings.kube_context)
    registry = CollectorRegistry()
    metrics = AgentMetrics(registry)
    kube = kube_client(kubeconfig, settings.kube_context)
    reflectors = [
        Reflector(
            kube,
            kind,
            metrics,
            page_size=settings.list_page_size,
            watch_timeout=(settings.watch_timeout, 2 * settings.watch_timeout),
        )
        for kind in WATCHED_KINDS
    ]
    pollers = [
        Poller(kube, kind, metrics, settings.snapshot_interval, settings.list_page_size)
        for kind in POLLED_KINDS
    ]
    newest = {
        kind.field: (settings.event_limit, kind.newest_first)
        for kind in WATCHED_KINDS
        if kind.newest_first is not None
    }
    gateway = Gateway(settings, metrics)
    kube_api = KubeApi(kube)
    clickhouse = clickhouse_service.config_from(settings)
    actions = ActionContext(
        kube_api,
        ResourceMap(kube_api),
        allow_secret_reveal=settings.allow_secret_reveal,
        max_output_bytes=settings.max_output_bytes,
        otel_unready=(
            ""
            if clickhouse is None
            else f"ClickHouse at {clickhouse.endpoint} has not answered with its OTel tables yet"
        ),
    )
    summary = (
        None
        if clickhouse is None
        else SummaryCache(
            window_seconds=settings.otel_window_seconds,
            refresh_seconds=settings.otel_refresh_seconds,
            timeout_seconds=settings.otel_timeout_seconds,
        )
    )
    scheduler = Scheduler(
        SnapshotBuilder(
            [*reflectors, *pollers],
            settings.full_snapshot_interval,
            newest,
            otel=summary.current if summary else None,
        ),
        gateway,
        metrics,
        settings.snapshot_interval,
        settings.heartbeat_interval,
        runner=CommandRunner(actions),
        command_concurrency=settings.command_concurrency,
        command_poll_wait=settings.command_poll_wait,
    )
    server = _EmbeddedServer(
        uvicorn.Config(
            health_app(
                registry,
                HostForwarder(settings.token.get_secret_value(), gateway, registry).route(),
            ),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
        )
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    tasks = [
        asyncio.create_task(coro)
        for coro in (
            *(reflector.run() for reflector in reflectors),
            *(poller.run() for poller in pollers),
            scheduler.snapshots(),
            scheduler.heartbeats(),
            scheduler.commands("ops"),
            scheduler.commands("ai"),
        )
    ]
    if clickhouse is not None:

        def otel_ready(ctx: otel_context.OtelContext) -> None:
            actions.otel = ctx

        lifetime = clickhouse_service.run(
            clickhouse,
            cache=summary,
            context=otel_context_factory(settings, reflectors),
            on_ready=otel_ready,
        )
        tasks.append(asyncio.create_task(lifetime))
    server_task = asyncio.create_task(server.serve())
    log.info(
        "agent started", master=str(settings.master_url), kinds=[k.field for k in WATCHED_KINDS]
    )
    stopped = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait(
        [stopped, server_task, *tasks], return_when=asyncio.FIRST_COMPLETED
    )
    errors = [exc for task in done if task is not stopped and (exc := task.exception())]
    log.info("agent stopping")
    server.should_exit = True
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, server_task, return_exceptions=True)
    await gateway.close()
    await kube.aclose()
    if errors:
        raise errors[0]


def run(settings: AgentSettings) -> None:
    configure_logging(settings.log_level, settings.log_format)
    try:
        asyncio.run(serve(settings))
    except ConfigError as exc:
        print(f"atlhyper agent: invalid configuration: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
