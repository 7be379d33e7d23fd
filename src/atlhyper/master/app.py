"""Wiring of the Master process: settings → services → Litestar app → uvicorn."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import structlog
import uvicorn
from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from prometheus_client import CollectorRegistry

from atlhyper import __version__
from atlhyper.logs import configure_logging
from atlhyper.master.api import (
    agent,
    agent_commands,
    audit,
    auth,
    clusters,
    commands,
    history,
    hosts,
    otel,
    relations,
    resources,
    system,
    users,
)
from atlhyper.master.audit import AuditLog
from atlhyper.master.auth import Accounts, SessionAuthMiddleware, role_guard
from atlhyper.master.clusters import ClusterRegistry
from atlhyper.master.commands import CommandHub
from atlhyper.master.config import MasterSettings
from atlhyper.master.db import Database
from atlhyper.master.errors import exception_handlers
from atlhyper.master.history.archive import EventArchive
from atlhyper.master.history.jobs import HistoryJobs
from atlhyper.master.history.usage import UsageHistory
from atlhyper.master.hosts.registry import HostRegistry
from atlhyper.master.hosts.rollup import HostRollup
from atlhyper.master.hosts.samples import HostSamples
from atlhyper.master.otel.service import OtelService
from atlhyper.master.services import MasterMetrics, Services
from atlhyper.master.state import StateStore
from atlhyper.master.users import UserDirectory
from atlhyper.master.web import web_ui

log = structlog.get_logger(__name__)

ROUTES = [
    system.healthz,
    system.metrics,
    auth.login,
    auth.logout,
    auth.me,
    clusters.list_clusters,
    clusters.create_cluster,
    clusters.rotate_cluster_token,
    clusters.revoke_cluster_token,
    agent.push_snapshot,
    agent.heartbeat,
    *users.ROUTES,
    audit.list_audit,
    *commands.ROUTES,
    *agent_commands.ROUTES,
    *history.ROUTES,
    *hosts.ROUTES,
    *otel.ROUTES,
    *relations.ROUTES,
    *resources.ROUTES,
    web_ui,
]


def build_services(settings: MasterSettings) -> Services:
    db = Database(settings.database_url)
    registry = CollectorRegistry()
    accounts = Accounts(db, timedelta(hours=settings.session_hours))
    return Services(
        settings=settings,
        db=db,
        accounts=accounts,
        users=UserDirectory(db, accounts.hasher),
        clusters=ClusterRegistry(db),
        state=StateStore(),
        audit=AuditLog(db),
        commands=CommandHub(
            db,
            settings.command_result_grace_seconds,
            retention=settings.command_retention,
            output_retention=settings.query_output_retention,
        ),
        registry=registry,
        metrics=MasterMetrics(registry),
        events=EventArchive(db, registry, settings.event_retention),
        usage=UsageHistory(
            db,
            sample_seconds=settings.usage_sample_seconds,
            raw_hours=settings.usage_raw_hours,
            retention=settings.usage_retention,
            stale_seconds=settings.cluster_offline_seconds,
        ),
        hosts=HostRegistry(db),
        host_samples=HostSamples(db, registry),
    )


async def _expire_commands(hub: CommandHub, every: float = 1.0) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            expired = await hub.expire_overdue()
        except Exception:
            log.exception("expiring overdue commands failed")
        else:
            if expired:
                log.info("commands timed out", count=expired)


def create_app(settings: MasterSettings, services: Services | None = None) -> Litestar:
    services = services or build_services(settings)
    otel_service = OtelService.build(services)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await services.db.migrate()
        await services.clusters.load()
        await services.commands.load()
        await services.hosts.load()
        await services.host_samples.load_latest(services.hosts.all())
        generated = await services.accounts.ensure_admin(
            settings.admin_password.get_secret_value() if settings.admin_password else None
        )
        if generated:
            # Printed once, to the terminal only: the log may be shipped elsewhere.
            print(f"First admin created. Login: admin / {generated}", file=sys.stdout, flush=True)
        log.info("master ready", host=settings.host, port=settings.port)
        expiry = asyncio.create_task(_expire_commands(services.commands))
        history_jobs = HistoryJobs(
            services.events,
            services.usage,
            services.clusters,
            services.state,
            services.commands,
            flush_seconds=settings.event_flush_seconds,
            maintenance_seconds=settings.history_maintenance_seconds,
        )
        history_jobs.start()
        host_rollup = HostRollup(
            services.db,
            raw_retention=settings.host_raw_retention,
            minute_retention=settings.host_minute_retention,
            retention=settings.host_retention,
        ).start(settings.host_rollup_seconds)
        try:
            yield
        finally:
            expiry.cancel()
            host_rollup.cancel()
            await asyncio.gather(host_rollup, return_exceptions=True)
            await history_jobs.stop()
            await services.db.close()

    app = Litestar(
        route_handlers=ROUTES,
        dependencies={
            "services": Provide(lambda: services, sync_to_thread=False),
            "otel_service": Provide(lambda: otel_service, sync_to_thread=False),
        },
        middleware=[
            DefineMiddleware(SessionAuthMiddleware, exclude=[r"^/api/(docs|openapi\.json)$"])
        ],
        guards=[role_guard],
        exception_handlers=exception_handlers,
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        # The web bundle is ~700 KB raw, ~200 KB gzipped; list pages shrink about as much.
        # Level 6 costs a third of level 9's CPU for nearly the same size.
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=1024, gzip_compress_level=6, exclude=[r"^/agent/"]
        ),
        openapi_config=OpenAPIConfig(
            title="AtlHyper Master API",
            version=__version__,
            openapi_router=Router(path="/api", route_handlers=[], opt={"exclude_from_auth": True}),
            render_plugins=[
                JsonRenderPlugin(path="/openapi.json"),
                SwaggerRenderPlugin(path="/docs"),
            ],
        ),
        logging_config=None,
        debug=False,
    )
    app.state.accounts = services.accounts
    app.state.users = services.users
    return app


def run(settings: MasterSettings) -> None:
    configure_logging(settings.log_level, settings.log_format)
    app = create_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
    )
