"""Writes generated OTel data into the engine: a backfill at start, then a batch every interval.

Batches are bounded (traces per second times interval), so the demo stays light on two cores:
at the default 4 traces/s a 3-node demo writes about 20 spans, 10 logs and 100 metric rows a
second.
The backfill covers the last N hours at a quarter of the rate, with scrapes every minute.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import msgspec
import structlog

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import ClickHouseError, Engine, Statement
from atlhyper.sim.otel.metrics import MetricGenerator, Tables
from atlhyper.sim.otel.topology import Topology
from atlhyper.sim.otel.traces import Batch, SpanGenerator, Truth

log = structlog.get_logger("atlhyper.sim.otel")

_NS = 1_000_000_000
_encoder = msgspec.json.Encoder()
#: Rows per INSERT, so one statement never holds a large body in memory.
_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class Written:
    spans: int = 0
    logs: int = 0
    metrics: int = 0

    def __add__(self, other: Written) -> Written:
        return Written(
            self.spans + other.spans, self.logs + other.logs, self.metrics + other.metrics
        )


class OtelGenerator:
    """Spans, logs and metrics for `topology`, deterministic for a seed and a start time."""

    def __init__(
        self,
        topology: Topology,
        seed: int,
        start_ns: int,
        generation: schema.Generation = "current",
        truth: Truth | None = None,
        cluster: str = "sim",
    ) -> None:
        self.rng = random.Random(seed)
        self.truth = truth
        self.spans = SpanGenerator(topology, schema.SPELLINGS[generation], self.rng, cluster, truth)
        self.metrics = MetricGenerator(topology, self.rng, start_ns)

    def follow(self, topology: Topology) -> None:
        self.spans.follow(topology)
        self.metrics.follow(topology)

    def window(
        self, start_ns: int, end_ns: int, traces_per_second: float, scrape_seconds: float
    ) -> tuple[Batch, list[Tables]]:
        """Traces starting in [start, end) at a Poisson rate, and scrapes every interval."""
        batch = Batch()
        scrapes: list[Tables] = []
        next_scrape = start_ns + int(scrape_seconds * _NS)
        at = float(start_ns)
        while traces_per_second > 0:
            at += self.rng.expovariate(traces_per_second) * _NS
            if at >= end_ns:
                break
            while next_scrape <= at:
                self.metrics.count(batch)
                batch.requests.clear()
                batch.ingress.clear()
                scrapes.append(self.metrics.scrape(next_scrape))
                next_scrape += int(scrape_seconds * _NS)
            self.spans.trace(int(at), batch)
        self.metrics.count(batch)
        while next_scrape <= end_ns:
            scrapes.append(self.metrics.scrape(next_scrape))
            next_scrape += int(scrape_seconds * _NS)
        return batch, scrapes


def insert_rows(engine: Engine, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """INSERT … FORMAT JSONEachRow in chunks; returns the rows written."""
    written = 0
    chunk: list[bytes] = []
    for row in rows:
        chunk.append(_encoder.encode(row))
        if len(chunk) == _CHUNK:
            written += _insert(engine, table, chunk)
            chunk = []
    if chunk:
        written += _insert(engine, table, chunk)
    return written


def _insert(engine: Engine, table: str, lines: list[bytes]) -> int:
    body = b"\n".join(lines)
    engine.run(Statement(f"INSERT INTO {table} FORMAT JSONEachRow\n".encode() + body))
    return len(lines)


def write(engine: Engine, database: str, batch: Batch, scrapes: list[Tables]) -> Written:
    spans = insert_rows(engine, f"{database}.{schema.TRACES}", batch.spans)
    logs = insert_rows(engine, f"{database}.{schema.LOGS}", batch.logs)
    metrics = 0
    for name, field in (
        (schema.GAUGE, "gauge"),
        (schema.SUM, "sum"),
        (schema.HISTOGRAM, "histogram"),
    ):
        rows = (row for tables in scrapes for row in getattr(tables, field))
        metrics += insert_rows(engine, f"{database}.{name}", rows)
    return Written(spans, logs, metrics)


async def run(
    engine: Engine,
    database: str,
    topology: Callable[[], Topology],
    seed: int,
    traces_per_second: float,
    interval: float,
    backfill_hours: float,
) -> None:
    """Generate until cancelled: the backfill first, then one batch per `interval`.

    `topology` is read again before every batch, so replaced or scaled pods show up.
    """
    now_ns = time.time_ns()
    start_ns = now_ns - int(backfill_hours * 3600 * _NS)
    generator = OtelGenerator(topology(), seed, start_ns)
    if backfill_hours > 0:
        started = time.monotonic()
        total = Written()
        step = 600 * _NS  # ten minutes per write keeps each statement small
        at = start_ns
        while at < now_ns:
            end = min(at + step, now_ns)
            batch, scrapes = generator.window(at, end, traces_per_second / 4, 60.0)
            total = total + await asyncio.to_thread(write, engine, database, batch, scrapes)
            at = end
        log.info(
            "otel backfill written",
            hours=backfill_hours,
            spans=total.spans,
            logs=total.logs,
            metrics=total.metrics,
            seconds=round(time.monotonic() - started, 1),
        )
    last = now_ns
    while True:
        await asyncio.sleep(max(0.0, interval - (time.time_ns() - last) / _NS))
        now = time.time_ns()
        generator.follow(topology())
        batch, scrapes = generator.window(last, now, traces_per_second, interval)
        last = now
        try:
            await asyncio.to_thread(write, engine, database, batch, scrapes)
        except ClickHouseError as exc:
            log.warning("otel batch not written", error=exc.message)
        except Exception:  # a bug here must not end the generator (or the sim) silently
            log.exception("otel batch failed")
