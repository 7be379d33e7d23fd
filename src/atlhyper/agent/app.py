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
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from atlhyper.agent.config import AgentSettings
from atlhyper.agent.gateway import Gateway
from atlhyper.agent.k8s.client import kube_client, load_kubeconfig
from atlhyper.agent.k8s.kinds import WATCHED_KINDS
from atlhyper.agent.k8s.reflector import Reflector
from atlhyper.agent.metrics import AgentMetrics
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


def health_app(registry: CollectorRegistry) -> Litestar:
    @get("/healthz", media_type=MediaType.TEXT)
    async def healthz() -> str:
        return "ok"

    @get("/metrics")
    async def metrics() -> Response[bytes]:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return Litestar([healthz, metrics], openapi_config=None, logging_config=None)


async def serve(settings: AgentSettings) -> None:
    kubeconfig = load_kubeconfig(settings.kubeconfig, settings.kube_context)
    registry = CollectorRegistry()
    metrics = AgentMetrics(registry)
    kube = kube_client(kubeconfig, settings.kube_context)
    reflectors = [
        Reflector(kube, kind, metrics, page_size=settings.list_page_size) for kind in WATCHED_KINDS
    ]
    gateway = Gateway(settings, metrics)
    scheduler = Scheduler(
        SnapshotBuilder(reflectors),
        gateway,
        metrics,
        settings.snapshot_interval,
        settings.heartbeat_interval,
    )
    server = _EmbeddedServer(
        uvicorn.Config(
            health_app(registry),
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
            scheduler.snapshots(),
            scheduler.heartbeats(),
        )
    ]
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
