"""`atlhyper sim --clickhouse-port`: a real sim process serving chdb over ClickHouse's HTTP
interface, used through clickhouse-connect exactly as against a real server, with generated OTel
data arriving; and an Agent that detects the schema, or keeps running when ClickHouse is down."""

from __future__ import annotations

import re
import time

import clickhouse_connect
import pytest
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import DatabaseError

from tests.conftest import (
    CLICKHOUSE_PASSWORD,
    Master,
    OtelSim,
    ProcessFactory,
    free_port,
    start_agent,
    wait_for,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(otel_sim: OtelSim) -> Client:
    return clickhouse_connect.get_client(
        host="127.0.0.1",
        port=otel_sim.port,
        username="atlhyper",
        password=CLICKHOUSE_PASSWORD,
        database="otel",
    )


def test_query_command_insert_and_parameters(client: Client) -> None:
    assert client.ping()
    assert client.command("SELECT 1 + 1") == 2
    client.command("CREATE TABLE IF NOT EXISTS scratch (id UInt32, note String) ENGINE = Memory")
    summary = client.insert("scratch", [[1, "it's"], [2, "\\back"]], column_names=["id", "note"])
    assert summary.written_rows == 2
    rows = client.query(
        "SELECT id, note FROM scratch WHERE note = {note:String} OR id = {id:UInt32} ORDER BY id",
        parameters={"note": "it's", "id": 2},
    ).result_rows
    assert rows == [(1, "it's"), (2, "\\back")]
    hostile = "x' OR 1=1 --"
    assert client.query(
        "SELECT count() FROM scratch WHERE note = {n:String}", parameters={"n": hostile}
    ).result_rows == [(0,)]


def test_errors_and_limits(client: Client) -> None:
    with pytest.raises(DatabaseError, match=r"Code: 60\..*UNKNOWN_TABLE"):
        client.query("SELECT * FROM otel_nope")
    started = time.monotonic()
    with pytest.raises(DatabaseError, match="TIMEOUT_EXCEEDED"):
        client.query(
            "SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) = 1",
            settings={"max_execution_time": 1},
        )
    assert time.monotonic() - started < 10


def test_generated_data_arrives(client: Client) -> None:
    def counts() -> tuple[int, int, int]:
        return tuple(  # type: ignore[return-value]
            client.command(f"SELECT count() FROM {table}")
            for table in ("otel_traces", "otel_logs", "otel_metrics_sum")
        )

    wait_for(lambda: min(counts()) > 0, 60, "the backfill")
    first = counts()
    wait_for(lambda: all(b > a for a, b in zip(first, counts(), strict=True)), 30, "new batches")
    services = {
        row[0] for row in client.query("SELECT DISTINCT ServiceName FROM otel_traces").result_rows
    }
    assert {"web", "checkout", "payments-api"} <= services
    nodes = client.query(
        "SELECT uniqExact(ResourceAttributes['service.instance.id']) FROM otel_metrics_gauge "
        "WHERE MetricName = 'node_memory_MemAvailable_bytes'"
    ).result_rows
    assert nodes == [(3,)]


def test_agent_detects_the_schema_or_survives_without_clickhouse(
    processes: ProcessFactory, master: Master, otel_sim: OtelSim
) -> None:
    with master.login() as admin:
        # A unique name: a rerun must not meet the cluster its first attempt made.
        created = admin.post("/api/v3/clusters", json={"name": f"otel-it-{free_port()}"})
        created.raise_for_status()
        token = created.json()["token"]
    agent = start_agent(processes, master, otel_sim.sim, token, *otel_sim.agent_flags())
    # One condition on the whole line: the log may be read while the line is half written.
    wait_for(
        lambda: re.search(r"clickhouse schema detected.*generation=current", agent.proc.log_tail()),
        30,
        "the schema log",
    )
    agent.proc.stop()

    down = start_agent(
        processes,
        master,
        otel_sim.sim,
        token,
        "--clickhouse-endpoint",
        f"http://127.0.0.1:{free_port()}",
    )
    wait_for(lambda: "clickhouse not ready" in down.proc.log_tail(200), 30, "the warning")
    wait_for(
        lambda: down.metric("atlhyper_agent_pushes_total", type="full", result="ok") > 0,
        30,
        "a snapshot push without ClickHouse",
    )
    down.proc.assert_alive()
    down.proc.stop()
