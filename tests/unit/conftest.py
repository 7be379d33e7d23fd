"""In-process ClickHouse for unit tests: one chdb engine per test session (chdb allows one engine
per process), served over ClickHouse's HTTP interface on a loopback thread.

Tests isolate themselves by database name (`fresh_database`), never by engine.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.clickhouse.server import ClickHouseHttp, Credentials

USER, PASSWORD = "tester", "s3cret'pw"


@pytest.fixture(scope="session")
def chdb_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = Engine(tmp_path_factory.mktemp("chdb") / "data", threads=2)
    yield engine
    engine.close()


@pytest.fixture
def fresh_database() -> str:
    return f"t_{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class ClickHouseHttpServer:
    url: str
    host: str
    port: int
    user: str = USER
    password: str = PASSWORD


@pytest.fixture(scope="session")
def clickhouse_http(chdb_engine: Engine) -> Iterator[ClickHouseHttpServer]:
    # A TCP socket, so asyncio sets TCP_NODELAY (a plain socket() costs ~40 ms per answer).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = ClickHouseHttp(chdb_engine, Credentials(USER, PASSWORD), "default")
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None, access_log=False))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.02)
    yield ClickHouseHttpServer(f"http://127.0.0.1:{port}", "127.0.0.1", port)
    server.should_exit = True
    thread.join(10)
