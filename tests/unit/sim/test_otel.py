"""The OTel generator against SQL on what it wrote: the truth it reports is what ClickHouse
computes, for both schema generations, and the metrics agree with the spans."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Statement
from atlhyper.sim.otel import topology
from atlhyper.sim.otel.generator import OtelGenerator, write
from atlhyper.sim.otel.traces import Truth

HOUR_NS = 3600 * 1_000_000_000
#: The generator's truth is exact for counts and for `quantileExact`; ClickHouse's default
#: `quantile` (reservoir sampling, interpolated) must land within this relative distance of it,
#: for p99 only where a service has enough requests for a stable tail.
RESERVOIR_TOLERANCE = 0.05
STABLE_TAIL = 1000


def _rows(engine: Engine, sql: str, **params: str) -> list[dict[str, Any]]:
    body = engine.run(Statement(sql, "JSONEachRow", params=params)).body
    return [json.loads(line) for line in body.splitlines()]


def test_topology_follows_the_demo_profile() -> None:
    topo = topology.demo_topology()
    assert set(topo.services) == {
        "web",
        "catalog",
        "cart",
        "checkout",
        "payments-api",
        "fraud-detector",
    }
    assert ("checkout", "payments-api") in topo.edges()
    assert ("payments-api", "postgres") in topo.edges()
    assert len(topo.nodes) == 3
    assert all(pod.node and pod.ip for s in topo.services.values() for pod in s.pods)


@pytest.mark.parametrize("generation", ["current", "legacy"])
def test_truth_matches_sql(
    chdb_engine: Engine, fresh_database: str, generation: schema.Generation
) -> None:
    chdb_engine.run_script(schema.statements(generation, fresh_database))
    topo = topology.demo_topology()
    truth = Truth()
    end = time.time_ns()
    generator = OtelGenerator(topo, 42, end - HOUR_NS, generation, truth)
    batch, scrapes = generator.window(end - HOUR_NS // 4, end, 3.0, 30.0)
    written = write(chdb_engine, fresh_database, batch, scrapes)
    assert written.spans == truth.spans > 10_000
    spelling = schema.SPELLINGS[generation]
    server, error = spelling.kinds["Server"], spelling.statuses["Error"]

    measured = {
        row["ServiceName"]: row
        for row in _rows(
            chdb_engine,
            f"SELECT ServiceName, count() AS n, countIf(StatusCode = {{e:String}}) AS errors, "
            "quantileExact(0.5)(Duration) AS p50, quantileExact(0.99)(Duration) AS p99, "
            "quantile(0.5)(Duration) AS r50, quantile(0.99)(Duration) AS r99 "
            f"FROM {fresh_database}.otel_traces WHERE SpanKind = {{k:String}} GROUP BY ServiceName",
            e=error,
            k=server,
        )
    }
    assert set(measured) == set(topo.services)
    for name, expected in truth.services.items():
        row = measured[name]
        assert int(row["n"]) == expected.requests
        assert int(row["errors"]) == expected.errors  # error rate: exact
        assert float(row["p50"]) == expected.quantile(0.5)
        assert float(row["p99"]) == expected.quantile(0.99)
        for column, q in (("r50", 0.5), ("r99", 0.99)):
            if q > 0.5 and expected.requests < STABLE_TAIL:
                continue
            assert abs(float(row[column]) / expected.quantile(q) - 1) < RESERVOIR_TOLERANCE
    assert 0 < truth.services["payments-api"].error_rate < 0.1

    edges = _rows(
        chdb_engine,
        "SELECT c.ServiceName AS caller, s.ServiceName AS callee, count() AS n "
        f"FROM {fresh_database}.otel_traces AS c "
        f"JOIN {fresh_database}.otel_traces AS s ON s.ParentSpanId = c.SpanId "
        "WHERE s.SpanKind = {k:String} GROUP BY caller, callee",
        k=server,
    )
    edges += _rows(
        chdb_engine,
        "SELECT ServiceName AS caller, SpanAttributes['peer.service'] AS callee, count() AS n "
        f"FROM {fresh_database}.otel_traces WHERE SpanAttributes['db.system'] != '' "
        "GROUP BY caller, callee",
    )
    assert {(e["caller"], e["callee"]): int(e["n"]) for e in edges} == dict(truth.edges)

    orphans = _rows(
        chdb_engine,
        f"SELECT count() AS n FROM {fresh_database}.otel_logs "
        f"WHERE TraceId NOT IN (SELECT TraceId FROM {fresh_database}.otel_traces)",
    )
    assert int(orphans[0]["n"]) == 0


def test_metrics_agree_with_spans(chdb_engine: Engine, fresh_database: str) -> None:
    chdb_engine.run_script(schema.statements("current", fresh_database))
    topo = topology.demo_topology()
    truth = Truth()
    end = time.time_ns()
    generator = OtelGenerator(topo, 7, end - HOUR_NS, truth=truth)
    generator.metrics.reset_probability = 0.0
    batch, scrapes = generator.window(end - HOUR_NS // 6, end, 2.0, 30.0)
    write(chdb_engine, fresh_database, batch, scrapes)
    inbound = {
        row["dep"]: int(float(row["n"]))
        for row in _rows(
            chdb_engine,
            "SELECT dep, sum(v) AS n FROM (SELECT Attributes['deployment'] AS dep, "
            "argMax(Value, TimeUnix) AS v "
            f"FROM {fresh_database}.otel_metrics_sum WHERE MetricName = 'request_total' "
            "AND Attributes['direction'] = 'inbound' GROUP BY Attributes) GROUP BY dep",
        )
    }
    assert inbound == {name: t.requests for name, t in truth.services.items()}
    latest = _rows(
        chdb_engine,
        "SELECT sum(c) AS n, sum(b) AS buckets FROM (SELECT argMax(Count, TimeUnix) AS c, "
        "arraySum(argMax(BucketCounts, TimeUnix)) AS b "
        f"FROM {fresh_database}.otel_metrics_histogram "
        "WHERE MetricName = 'traefik_service_request_duration_seconds' GROUP BY Attributes)",
    )
    assert int(latest[0]["n"]) == int(latest[0]["buckets"]) == truth.traces
    bounds = _rows(
        chdb_engine,
        f"SELECT DISTINCT ExplicitBounds AS b FROM {fresh_database}.otel_metrics_histogram "
        "WHERE MetricName = 'traefik_service_request_duration_seconds'",
    )
    assert bounds == [{"b": [0.1, 0.3, 1.2, 5]}]
    node_rows = _rows(
        chdb_engine,
        "SELECT ResourceAttributes['service.instance.id'] AS instance, "
        "uniqExact(MetricName) AS names "
        f"FROM {fresh_database}.otel_metrics_gauge WHERE ServiceName = 'node-exporter' "
        "GROUP BY instance",
    )
    assert {row["instance"] for row in node_rows} == {f"{n.ip}:9100" for n in topo.nodes}
    untyped = _rows(
        chdb_engine,
        f"SELECT count() AS n FROM {fresh_database}.otel_metrics_gauge "
        "WHERE MetricName = 'node_vmstat_pgfault'",
    )
    assert int(untyped[0]["n"]) > 0


def test_counters_reset_and_restart_from_zero(chdb_engine: Engine, fresh_database: str) -> None:
    chdb_engine.run_script(schema.statements("current", fresh_database))
    end = time.time_ns()
    generator = OtelGenerator(topology.demo_topology(), 3, end - HOUR_NS)
    generator.metrics.reset_probability = 0.05
    batch, scrapes = generator.window(end - HOUR_NS // 2, end, 1.0, 30.0)
    write(chdb_engine, fresh_database, batch, scrapes)
    drops = _rows(
        chdb_engine,
        "SELECT count() AS n FROM (SELECT arrayDifference(groupArray(Value)) AS d FROM "
        f"(SELECT Attributes, ResourceAttributes, Value, TimeUnix FROM {fresh_database}."
        "otel_metrics_sum WHERE MetricName = 'request_total' ORDER BY TimeUnix) "
        "GROUP BY Attributes, ResourceAttributes) WHERE arrayExists(x -> x < 0, d)",
    )
    assert int(drops[0]["n"]) > 0
