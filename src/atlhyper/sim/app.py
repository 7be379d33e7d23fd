"""`atlhyper sim`: wires store, controller, API and server, and runs until SIGTERM or SIGINT.

The kubeconfig is the readiness signal: it is written only once the server accepts connections,
and removed on exit, so whoever waits for it never connects to a server that is not there.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import signal
import socket
import ssl
import sys
import time
from collections.abc import Callable, Iterator

import structlog
import uvicorn

from atlhyper.logs import configure_logging
from atlhyper.sim import kubeconfig, profiles, tls
from atlhyper.sim.api import ApiSettings, KubeApi
from atlhyper.sim.catalog import builtin_kinds
from atlhyper.sim.cluster import Cluster
from atlhyper.sim.config import SimSettings
from atlhyper.sim.controllers.base import Timing
from atlhyper.sim.controllers.manager import Manager
from atlhyper.sim.kinds import Registry
from atlhyper.sim.store import Store

log = structlog.get_logger("atlhyper.sim")

#: Watches fall too far behind after this many undelivered events and are ended.
MAX_PENDING_EVENTS = 100_000


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the sim owns SIGTERM/SIGINT and exits 0."""

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


def run(settings: SimSettings) -> None:
    configure_logging(settings.log_level, settings.log_format)
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop ships with uvicorn[standard]
        asyncio.run(_main(settings))
    else:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(_main(settings))


async def _main(settings: SimSettings) -> None:
    settings.kubeconfig.unlink(missing_ok=True)
    registry = Registry(builtin_kinds())
    store = Store(registry, settings.watch_history)
    rng = random.Random(settings.seed)
    started = time.monotonic()
    active = settings.scenarios()
    profiles.build(store, registry, settings.profile, settings.nodes, settings.pods, rng, active)
    log.info(
        "cluster built",
        profile=settings.profile,
        scenarios=",".join(active) or "healthy",
        **{kind.plural: store.count(kind) for kind in registry.kinds},
        seconds=round(time.monotonic() - started, 2),
    )
    cluster = Cluster(store, registry, rng)

    sock = _bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    cert = tls.generate(settings.host) if settings.tls else None
    url = f"{'https' if cert else 'http'}://{host}:{port}"
    token = secrets.token_urlsafe(32)
    if cert is None:
        log.warning("plain HTTP: requests are not authenticated (kubectl sends no token over HTTP)")
    api = KubeApi(
        cluster,
        ApiSettings(
            token=token if cert else None,
            server_url=url,
            bookmark_interval=settings.watch_bookmark_seconds,
            max_pending_events=MAX_PENDING_EVENTS,
        ),
    )
    config = uvicorn.Config(
        api,
        lifespan="off",
        http="httptools",
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
        ssl_context_factory=_context_factory(cert) if cert else None,
    )
    server = _Server(config)
    timing = Timing(
        pod_start=settings.pod_start_seconds,
        pod_stop=settings.pod_stop_seconds,
        scale=settings.time_scale,
        job_seconds=settings.job_seconds,
        hpa_seconds=settings.hpa_seconds,
    )
    controller = Manager(
        cluster,
        rng,
        timing,
        api.usage,
        eviction_storm="eviction-storm" in active,
        churn_per_second=settings.churn_per_second,
    )
    controller.start()

    def stop() -> None:
        log.info("stopping")
        server.should_exit = True
        store.close_watchers()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    written = kubeconfig.render(url, token, cert.ca_pem if cert else None)
    clickhouse = None
    try:
        if settings.clickhouse_port:
            from atlhyper.sim.clickhouse import serve as clickhouse_serve

            ch_sock = _bind(settings.host, settings.clickhouse_port)
            clickhouse = await clickhouse_serve.start(settings, store, registry, ch_sock)
            print(
                f"clickhouse: {clickhouse.url} user {clickhouse.user} "
                f"password {clickhouse.password}",
                flush=True,
            )
        ready = asyncio.create_task(server.ready.wait())
        await asyncio.wait({ready, serving}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if server.started:
            kubeconfig.write(settings.kubeconfig, written)
            print(f"kubeconfig: {settings.kubeconfig}", flush=True)
            print(f"server: {url}", flush=True)
            log.info("serving", url=url, kubeconfig=str(settings.kubeconfig))
        await serving
    finally:
        if clickhouse is not None:
            await clickhouse.stop()
        controller.stop()
        kubeconfig.remove_if_ours(settings.kubeconfig, written)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    if not server.started:
        sys.exit(1)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets made as TCP; without it a
    # response written as header + body waits on Nagle and the client's delayed ACK (~40 ms).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        log.error("cannot listen", host=host, port=port, error=str(exc))
        raise SystemExit(f"atlhyper sim: cannot listen on {host}:{port}: {exc}") from None
    sock.set_inheritable(True)
    return sock


def _context_factory(
    cert: tls.ServingCert,
) -> Callable[[uvicorn.Config, Callable[[], ssl.SSLContext]], ssl.SSLContext]:
    def factory(config: uvicorn.Config, default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
        return cert.server_context()

    return factory
