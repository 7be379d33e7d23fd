"""What the Agent's OTel tests share: databases of the exporter's tables in the session's chdb
engine (`tests/unit/conftest.py`), and OtelContexts reading them over HTTP as the Agent does.

A module's dataset is written once per schema generation: its fixture is module-scoped and takes
`generation` and `otel_database`, which are module-scoped too.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, OtelSchema, detect_schema
from atlhyper.agent.otel.context import OtelContext
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Statement
from tests.unit.conftest import ClickHouseHttpServer

#: Traefik's service label of the demo topology's entry → its Ingress hosts.
HOSTS = {"shop-web-80@kubernetes": ["shop.example.com"]}


@pytest.fixture(scope="module", params=["current", "legacy"])
def generation(request: pytest.FixtureRequest) -> schema.Generation:
    """Each schema generation the exporter writes, in turn."""
    generation: schema.Generation = request.param
    return generation


@pytest.fixture(scope="module")
def otel_database(chdb_engine: Engine, generation: schema.Generation) -> str:
    """A new database with the exporter's tables of `generation`, for one module."""
    return create_database(chdb_engine, generation)


def create_database(engine: Engine, generation: schema.Generation) -> str:
    """A new database with the exporter's tables of `generation`."""
    database = f"t_{uuid.uuid4().hex[:12]}"
    engine.run_script(schema.statements(generation, database))
    return database


def clickhouse_config(server: ClickHouseHttpServer, database: str) -> ClickHouseConfig:
    """The Agent's settings for `database` behind the test HTTP server."""
    return ClickHouseConfig(
        endpoint=server.url, database=database, user=server.user, password=server.password
    )


async def connect(
    server: ClickHouseHttpServer,
    database: str,
    client_class: type[ClickHouse] = ClickHouse,
    **lookups: Any,
) -> OtelContext:
    """The Agent's context over `database`: a new client (close it: `ctx.client.close()`) and
    the schema it detects. `lookups`: OtelContext's Kubernetes lookups."""
    client = client_class(clickhouse_config(server, database))
    return OtelContext(client, await detect_schema(client, database), database, **lookups)


def idle_context() -> OtelContext:
    """A context no query reaches (nothing listens on port 9), with the traces table only."""
    client = ClickHouse(ClickHouseConfig(endpoint="http://127.0.0.1:9"))
    tables = frozenset({"otel_traces"})
    return OtelContext(client, OtelSchema(tables, "DateTime", False, None, False, "UInt64"))


def row_ns(text: str) -> int:
    """Nanoseconds since the epoch of a row's `Timestamp` text (`sim.otel.traces.timestamp`)."""
    seconds, _, fraction = text.partition(".")
    moment = datetime.strptime(seconds, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1_000_000_000 + int(fraction.ljust(9, "0"))


def counter_drops(engine: Engine, database: str, metric: str) -> int:
    """Series of `metric` in the sum table whose value goes down at least once (restarts)."""
    found = engine.run(
        Statement(
            "SELECT count() FROM (SELECT arrayDifference(arrayMap(p -> p.2, arraySort(groupArray("
            f"(TimeUnix, Value))))) AS d FROM {database}.{schema.SUM} "
            f"WHERE MetricName = '{metric}' GROUP BY ResourceAttributes, Attributes) "
            "WHERE arrayExists(x -> x < 0, d)"
        )
    )
    return int(found.body)
