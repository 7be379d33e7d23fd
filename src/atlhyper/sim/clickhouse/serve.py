"""Start and stop the sim's ClickHouse: engine, schema, HTTP server and OTel generator."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import structlog
import uvicorn

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import ClickHouseError, Engine
from atlhyper.sim.clickhouse.server import ClickHouseHttp, Credentials
from atlhyper.sim.config import SimSettings
from atlhyper.sim.kinds import Registry
from atlhyper.sim.otel import generator, topology
from atlhyper.sim.store import Store

log = structlog.get_logger("atlhyper.sim.clickhouse")


@dataclass
class RunningClickHouse:
    engine: Engine
    server: uvicorn.Server
    tasks: list[asyncio.Task[None]]
    url: str
    user: str
    password: str

    async def stop(self) -> None:
        self.server.should_exit = True
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.engine.close()


async def start(
    settings: SimSettings, store: Store, registry: Registry, sock: socket.socket
) -> RunningClickHouse:
    try:
        engine = await asyncio.to_thread(
            Engine, settings.clickhouse_dir, settings.clickhouse_threads
        )
        await asyncio.to_thread(
            engine.run_script, schema.statements("current", settings.clickhouse_database)
        )
    except ClickHouseError as exc:
        raise SystemExit(f"atlhyper sim: cannot start ClickHouse: {exc.message}") from None
    password = (
        settings.clickhouse_password.get_secret_value()
        if settings.clickhouse_password
        else secrets.token_urlsafe(16)
    )
    app = ClickHouseHttp(
        engine, Credentials(settings.clickhouse_user, password), settings.clickhouse_database
    )
    server = _Server(
        uvicorn.Config(app, lifespan="off", http="httptools", log_config=None, access_log=False)
    )
    tasks = [asyncio.create_task(server.serve(sockets=[sock]))]
    host, port = sock.getsockname()[:2]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    if settings.otel_traces_per_second > 0:
        tasks.append(
            asyncio.create_task(
                generator.run(
                    engine,
                    settings.clickhouse_database,
                    lambda: topology.from_store(store, registry),
                    settings.seed,
                    settings.otel_traces_per_second,
                    settings.otel_interval,
                    settings.otel_backfill_hours,
                )
            )
        )
    ready = asyncio.create_task(server.ready.wait())
    await asyncio.wait({ready, tasks[0]}, return_when=asyncio.FIRST_COMPLETED)
    ready.cancel()
    if not server.started:
        engine.close()
        raise SystemExit(f"atlhyper sim: ClickHouse did not start on {url}")
    log.info("clickhouse serving", url=url, engine=engine.version, user=settings.clickhouse_user)
    return RunningClickHouse(engine, server, tasks, url, settings.clickhouse_user, password)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling (the sim owns it), with a readiness event."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.ready.set()
