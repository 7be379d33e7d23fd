"""The Agent's ClickHouse client over HTTP: server-side binding only, limits from config, schema
generation detection, and surviving a ClickHouse that is down."""

from __future__ import annotations

import asyncio

import pytest

from atlhyper.agent.clickhouse import (
    ClickHouse,
    ClickHouseConfig,
    ClickHouseError,
    detect_schema,
    span_kinds,
    status_codes,
)
from atlhyper.agent.clickhouse import service as clickhouse_service
from atlhyper.agent.clickhouse.client import check_parameters
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from tests.conftest import free_port
from tests.unit.conftest import ClickHouseHttpServer


def _client(server: ClickHouseHttpServer, database: str = "default", **extra: object) -> ClickHouse:
    return ClickHouse(
        ClickHouseConfig(
            endpoint=server.url,
            database=database,
            user=server.user,
            password=server.password,
            **extra,  # type: ignore[arg-type]
        )
    )


@pytest.mark.parametrize(
    ("sql", "params", "problem"),
    [
        ("SELECT {a:String}", {}, "no value for placeholder"),
        ("SELECT 1", {"a": "x"}, "without a placeholder"),
        ("SELECT %(a)s", {"a": "x"}, "placeholders"),
        ("SELECT {a:String}, %s", {"a": "x"}, "placeholders"),
    ],
)
def test_only_server_side_binding(sql: str, params: dict[str, object], problem: str) -> None:
    with pytest.raises(ClickHouseError, match=problem):
        check_parameters(sql, params)


async def test_hostile_values_stay_values(clickhouse_http: ClickHouseHttpServer) -> None:
    client = _client(clickhouse_http)
    hostile = "'); DROP TABLE otel_traces; --"
    rows = await client.query(
        "SELECT {v:String} AS v, {kinds:Array(String)} AS kinds",
        {"v": hostile, "kinds": list(span_kinds("Server"))},
    )
    assert rows.dicts() == [{"v": hostile, "kinds": ["Server", "SPAN_KIND_SERVER"]}]
    client.close()


async def test_query_timeout_comes_from_config(clickhouse_http: ClickHouseHttpServer) -> None:
    client = _client(clickhouse_http, query_timeout=1.0)
    with pytest.raises(ClickHouseError) as caught:
        await client.query("SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) = 1")
    assert caught.value.code == 159
    client.close()


@pytest.mark.parametrize("generation", ["current", "legacy"])
async def test_detects_the_schema_generation(
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
    fresh_database: str,
    generation: schema.Generation,
) -> None:
    chdb_engine.run_script(schema.statements(generation, fresh_database))
    client = _client(clickhouse_http, fresh_database)
    detected = await detect_schema(client, fresh_database)
    assert detected.generation == generation
    assert detected.exp_histogram_table == schema.EXP_HISTOGRAM[generation]
    assert detected.logs_timestamp_time == (generation == "legacy")
    assert detected.metric_time_type == ("DateTime" if generation == "current" else "DateTime64(9)")
    assert not detected.json_maps
    assert {schema.TRACES, schema.LOGS, schema.GAUGE} <= detected.tables
    client.close()


async def test_empty_database(clickhouse_http: ClickHouseHttpServer) -> None:
    client = _client(clickhouse_http)
    assert (await detect_schema(client, "no_such_database")).generation == "empty"
    client.close()


def test_enum_spellings() -> None:
    assert span_kinds("Server", "Consumer") == (
        "Server",
        "SPAN_KIND_SERVER",
        "Consumer",
        "SPAN_KIND_CONSUMER",
    )
    assert status_codes("Error") == ("Error", "STATUS_CODE_ERROR")


async def test_clickhouse_down() -> None:
    config = ClickHouseConfig(endpoint=f"http://127.0.0.1:{free_port()}", connect_timeout=1)
    client = ClickHouse(config)
    assert not await client.ping()
    with pytest.raises(ClickHouseError):
        await client.query("SELECT 1")
    lifetime = asyncio.create_task(clickhouse_service.run(config, retry_seconds=0.1))
    await asyncio.sleep(1.0)
    assert not lifetime.done()  # keeps retrying instead of failing the Agent
    lifetime.cancel()
    with pytest.raises(asyncio.CancelledError):
        await lifetime
