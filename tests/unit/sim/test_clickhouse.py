"""The sim's ClickHouse: the exporter's DDL in both generations, and the HTTP interface as
clickhouse-connect uses it (query, command, insert, parameters, errors, limits)."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import clickhouse_connect
import httpx
import pytest
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import DatabaseError

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import ClickHouseError, Engine, Statement
from tests.unit.conftest import ClickHouseHttpServer


def _columns(engine: Engine, database: str, table: str) -> dict[str, str]:
    body = engine.run(
        Statement(
            "SELECT name, type FROM system.columns WHERE database = {db:String} "
            "AND table = {t:String}",
            params={"db": database, "t": table},
        )
    ).body.decode()
    return dict(line.split("\t", 1) for line in body.splitlines())


@pytest.mark.parametrize("generation", ["current", "legacy"])
def test_schema_creates_every_table(
    chdb_engine: Engine, fresh_database: str, generation: schema.Generation
) -> None:
    chdb_engine.run_script(schema.statements(generation, fresh_database))
    chdb_engine.run_script(schema.statements(generation, fresh_database))  # idempotent
    tables = chdb_engine.run(
        Statement(
            "SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name",
            params={"db": fresh_database},
        )
    ).body.decode()
    assert tables.split() == sorted(
        [
            schema.LOGS,
            schema.EXP_HISTOGRAM[generation],
            schema.GAUGE,
            schema.HISTOGRAM,
            schema.SUM,
            schema.SUMMARY,
            schema.TRACES,
            schema.TRACE_ID_TS,
            f"{schema.TRACE_ID_TS}_mv",
        ]
    )
    traces = _columns(chdb_engine, fresh_database, schema.TRACES)
    logs = _columns(chdb_engine, fresh_database, schema.LOGS)
    gauge = _columns(chdb_engine, fresh_database, schema.GAUGE)
    if generation == "current":
        assert traces["Duration"] == "UInt64"
        assert gauge["TimeUnix"] == "DateTime"
        assert "TimestampTime" not in logs
        assert "__otel_materialized_k8s.namespace.name" in logs
    else:
        assert traces["Duration"] == "Int64"
        assert gauge["TimeUnix"] == "DateTime64(9)"
        assert logs["TimestampTime"] == "DateTime"
    assert traces["ResourceAttributes"] == "Map(LowCardinality(String), String)"
    assert traces["Events.Timestamp"] == "Array(DateTime64(9))"


def test_trace_id_view_bounds_each_trace(chdb_engine: Engine, fresh_database: str) -> None:
    chdb_engine.run_script(schema.statements("current", fresh_database))
    chdb_engine.run(
        Statement(
            f"INSERT INTO {fresh_database}.otel_traces (Timestamp, TraceId, SpanId, Duration) "
            "VALUES ('2026-01-01 00:00:01.5', 'ab', '1', 10), ('2026-01-01 00:00:03', 'ab', '2', 5)"
        )
    )
    body = chdb_engine.run(
        Statement(
            f"SELECT min(Start), max(End) FROM {fresh_database}.otel_traces_trace_id_ts "
            "WHERE TraceId = 'ab'"
        )
    ).body
    assert body == b"2026-01-01 00:00:01\t2026-01-01 00:00:03\n"


def test_engine_reports_clickhouse_errors(chdb_engine: Engine) -> None:
    with pytest.raises(ClickHouseError) as caught:
        chdb_engine.run(Statement("SELECT * FROM no_such_table"))
    assert caught.value.code == 60
    assert caught.value.name == "UNKNOWN_TABLE"


def test_engine_binds_parameters_as_values(chdb_engine: Engine) -> None:
    """Values are in ClickHouse's escaped text form (as clickhouse-connect sends them)."""
    hostile = "x' OR 1=1; DROP TABLE t --"
    body = chdb_engine.run(
        Statement("SELECT {v:String} AS v", "JSONEachRow", params={"v": hostile})
    ).body
    assert json.loads(body) == {"v": hostile}


@pytest.fixture
def client(clickhouse_http: ClickHouseHttpServer, fresh_database: str) -> Client:
    admin = clickhouse_connect.get_client(
        host=clickhouse_http.host,
        port=clickhouse_http.port,
        username=clickhouse_http.user,
        password=clickhouse_http.password,
    )
    admin.command(f"CREATE DATABASE {fresh_database}")
    return clickhouse_connect.get_client(
        host=clickhouse_http.host,
        port=clickhouse_http.port,
        username=clickhouse_http.user,
        password=clickhouse_http.password,
        database=fresh_database,
    )


def test_http_query_command_insert(client: Client) -> None:
    client.command(
        "CREATE TABLE t (id UInt64, name LowCardinality(String), "
        "attrs Map(LowCardinality(String), String), at DateTime64(9), xs Array(Float64)) "
        "ENGINE = MergeTree ORDER BY id"
    )
    at = dt.datetime(2026, 1, 2, 3, 4, 5, 678901)
    summary = client.insert(
        "t",
        [[1, "a", {"k": "v"}, at, [0.5, 1.0]], [2, "b", {}, at, []]],
        column_names=["id", "name", "attrs", "at", "xs"],
    )
    assert summary.written_rows == 2
    rows = client.query("SELECT * FROM t ORDER BY id").result_rows
    assert rows == [(1, "a", {"k": "v"}, at, [0.5, 1.0]), (2, "b", {}, at, [])]
    assert client.command("SELECT count() FROM t") == 2
    assert client.command("SELECT name FROM t WHERE id = 99") == ""
    assert client.server_version.startswith("26.")


def test_http_parameters_stay_values(client: Client) -> None:
    hostile = "a' OR '1'='1'; DROP DATABASE default; --\\\t\n"
    rows = client.query(
        "SELECT {v:String} AS v, {n:UInt32} + 1 AS n, {xs:Array(String)} AS xs",
        parameters={"v": hostile, "n": 41, "xs": ["x'y", "z"]},
    ).result_rows
    assert rows == [(hostile, 42, ["x'y", "z"])]


def test_http_errors_are_clickhouse_errors(client: Client) -> None:
    with pytest.raises(DatabaseError, match=r"Code: 60\. DB::Exception: .*UNKNOWN_TABLE") as e:
        client.query("SELECT * FROM missing")
    assert "code: 60" in str(e.value)
    with pytest.raises(DatabaseError, match="Code: 62"):
        client.command("SELEC 1")


def test_http_timeout_cuts_a_slow_query(client: Client) -> None:
    with pytest.raises(DatabaseError, match="TIMEOUT_EXCEEDED"):
        client.query(
            "SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) = 1",
            settings={"max_execution_time": 1},
        )


def test_http_memory_limit(client: Client) -> None:
    with pytest.raises(DatabaseError, match="MEMORY_LIMIT_EXCEEDED"):
        client.query(
            "SELECT groupArray(number) FROM numbers(50000000)",
            settings={"max_memory_usage": 20_000_000},
        )


def test_http_refuses_a_wrong_password(clickhouse_http: ClickHouseHttpServer) -> None:
    with pytest.raises(DatabaseError, match="516"):
        clickhouse_connect.get_client(
            host=clickhouse_http.host,
            port=clickhouse_http.port,
            username=clickhouse_http.user,
            password="wrong",
        )


def test_http_ping_and_uncompressed_client(clickhouse_http: ClickHouseHttpServer) -> None:
    client = clickhouse_connect.get_client(
        host=clickhouse_http.host,
        port=clickhouse_http.port,
        username=clickhouse_http.user,
        password=clickhouse_http.password,
        compress=False,
    )
    assert client.ping()
    assert client.query("SELECT 'é' AS s").result_rows == [("é",)]


def test_http_compression_and_headers(clickhouse_http: ClickHouseHttpServer) -> None:
    auth = (clickhouse_http.user, clickhouse_http.password)
    with httpx.Client(base_url=clickhouse_http.url, auth=auth) as http:
        assert http.get("/ping").text == "Ok.\n"
        http.post("/", content="CREATE TABLE IF NOT EXISTS gz (s String) ENGINE = Memory")
        inserted = http.post(
            "/",
            params={"query": "INSERT INTO gz FORMAT TabSeparated"},
            content=gzip.compress(b"packed\n"),
            headers={"Content-Encoding": "gzip"},
        )
        assert inserted.status_code == 200
        assert json.loads(inserted.headers["X-ClickHouse-Summary"])["written_rows"] == "1"
        answer = http.post(
            "/",
            params={"enable_http_compression": "1", "param_s": "packed"},
            content="SELECT count() FROM gz WHERE s = {s:String}",
            headers={"Accept-Encoding": "gzip"},
        )
        assert answer.headers["Content-Encoding"] == "gzip"
        assert answer.text == "1\n"  # httpx decodes gzip
        assert answer.headers["X-ClickHouse-Format"] == "TabSeparated"
        assert answer.headers["X-ClickHouse-Query-Id"]
        failed = http.post("/", content="SELECT nope()")
        assert failed.status_code == 404
        assert failed.headers["X-ClickHouse-Exception-Code"] == "46"
        assert failed.text.startswith("Code: 46. DB::Exception:")
        denied = httpx.post(clickhouse_http.url, content="SELECT 1")
        assert denied.status_code == 403
        assert denied.headers["X-ClickHouse-Exception-Code"] == "516"


def test_http_refuses_a_corrupt_body(clickhouse_http: ClickHouseHttpServer) -> None:
    auth = (clickhouse_http.user, clickhouse_http.password)
    answer = httpx.post(
        clickhouse_http.url,
        auth=auth,
        content=b"not gzip",
        headers={"Content-Encoding": "gzip"},
    )
    assert answer.status_code == 400
    assert answer.headers["X-ClickHouse-Exception-Code"] == "271"
