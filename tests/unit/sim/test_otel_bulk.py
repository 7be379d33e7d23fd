"""The SQL bulk generator (the benchmark dataset) on a small size: consistent trees, error
propagation, logs per span, node series with reboots, and determinism."""

from __future__ import annotations

import time

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Statement
from atlhyper.sim.otel import bulk

END_NS = (time.time_ns() // 1_000_000_000) * 1_000_000_000


def _one(engine: Engine, sql: str) -> int:
    return int(float(engine.run(Statement(sql)).body))


def _generate(engine: Engine, database: str) -> bulk.BulkResult:
    engine.run_script(schema.statements("current", database))
    topology = bulk.bench_topology(services=12, nodes=6, seed=3)
    return bulk.generate(engine, database, topology, spans=20_000, hours=0.5, end_ns=END_NS, seed=5)


def test_bulk_dataset_is_consistent(chdb_engine: Engine, fresh_database: str) -> None:
    result = _generate(chdb_engine, fresh_database)
    db = fresh_database
    assert 18_000 < result.spans < 22_000
    orphans = _one(
        chdb_engine,
        f"SELECT count() FROM {db}.otel_traces AS c LEFT ANTI JOIN {db}.otel_traces AS p "
        "ON c.ParentSpanId = p.SpanId AND c.TraceId = p.TraceId WHERE c.ParentSpanId != ''",
    )
    assert orphans == 0
    outside = _one(
        chdb_engine,
        f"SELECT count() FROM {db}.otel_traces AS c JOIN {db}.otel_traces AS p "
        "ON c.ParentSpanId = p.SpanId AND c.TraceId = p.TraceId "
        "WHERE c.Timestamp < p.Timestamp OR toUnixTimestamp64Nano(c.Timestamp) + c.Duration > "
        "toUnixTimestamp64Nano(p.Timestamp) + p.Duration + 1000",
    )
    assert outside == 0
    unpropagated = _one(
        chdb_engine,
        f"SELECT count() FROM {db}.otel_traces AS c JOIN {db}.otel_traces AS p "
        "ON c.ParentSpanId = p.SpanId AND c.TraceId = p.TraceId "
        "WHERE c.StatusCode = 'Error' AND p.StatusCode != 'Error'",
    )
    assert unpropagated == 0
    assert _one(chdb_engine, f"SELECT countIf(length(Events.Name) > 0) FROM {db}.otel_traces") > 0
    servers = _one(chdb_engine, f"SELECT countIf(SpanKind = 'Server') FROM {db}.otel_traces")
    assert result.logs == 2 * servers
    instances = _one(
        chdb_engine,
        f"SELECT uniqExact(ResourceAttributes['service.instance.id']) FROM {db}.otel_metrics_sum",
    )
    assert instances == 6
    rebooted = _one(
        chdb_engine,
        "SELECT countIf(arrayExists(x -> x < 0, d)) FROM (SELECT arrayDifference(groupArray(Value))"
        f" AS d FROM (SELECT * FROM {db}.otel_metrics_sum WHERE MetricName = "
        "'node_context_switches_total' ORDER BY TimeUnix) GROUP BY ResourceAttributes)",
    )
    assert rebooted == 2  # nodes 0 and 3 of 6


def test_bulk_is_deterministic(chdb_engine: Engine) -> None:
    fingerprints = set()
    for database in ("bulk_a", "bulk_b"):
        chdb_engine.run(Statement(f"DROP DATABASE IF EXISTS {database}"))
        _generate(chdb_engine, database)
        fingerprints.add(
            _one(
                chdb_engine,
                f"SELECT sum(cityHash64(TraceId, SpanId, Duration) % 1000000) "
                f"FROM {database}.otel_traces",
            )
        )
    assert len(fingerprints) == 1
