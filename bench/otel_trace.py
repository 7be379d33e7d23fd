"""Trace by id on the `otel.py` dataset: the Agent's call, and where its time goes.

`bench/otel.py` times `traces.trace_detail` among a dozen other queries (~12 min on a built
dataset); this script times only it, on the same dataset (`--data`, built by
`otel.py --generate-only`), so a change to the trace read can be judged in a minute.

1. The Agent's calls as in production (clickhouse-connect over HTTP to the sim's ClickHouse
   interface over chdb), a different known trace id each run: the trace (against the 100 ms
   goal), and one span of it opened (its attribute maps).
2. Where the time goes: the spans statement with a choice of columns, sent straight to chdb
   together with the logs statement (as the Agent sends them: at once), each against the read
   of every column (the attribute maps too, as the Agent read a trace before it left them to
   `span_attributes`) in the same run. The spans of a trace sit in a few dozen granules of the
   exporter's (ServiceName, SpanName, time) key; what a granule costs is mostly the width read.

Every id is read once before timing, so the figures are with the page cache warm for these
granules; with `--cold` each figure reads ids nothing in this process has read (as `otel.py`
does), so a figure includes what the trace's granules cost to fetch. On a VM that reclaims page
cache (this one runs DAMON) that is disk time and varies from run to run. It prints, and asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from otel import (  # the bench directory is not a package
    DATABASE,
    RecordingEngine,
    _header,
    _json_rows,
    agent_call,
    open_dataset,
    serve,
)

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, detect_schema
from atlhyper.agent.otel import traces
from atlhyper.agent.otel.context import OtelContext
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Statement

_BOUNDS = (
    "WITH (SELECT (toDateTime64(toDateTime(min(Start)), 9), "
    "toDateTime64(toDateTime(max(End)), 9) + toIntervalSecond({margin:UInt32})) "
    f"FROM {schema.TRACE_ID_TS} WHERE TraceId = {{trace_id:String}}) AS bounds SELECT"
)
_WHERE = "TraceId = {trace_id:String} AND Timestamp >= bounds.1 AND Timestamp < bounds.2"
_WATERFALL = (
    "SpanId, ParentSpanId, ServiceName, SpanName, SpanKind, toUnixTimestamp64Nano(Timestamp), "
    "Duration, StatusCode, StatusMessage"
)
_EVENTS = (
    "arrayMap(t -> toUnixTimestamp64Nano(t), `Events.Timestamp`), `Events.Name`, "
    "`Events.Attributes`"
)
#: The spans statement's columns, from what the Agent reads down to what a waterfall needs.
_FULL = f"{_WATERFALL}, SpanAttributes, ResourceAttributes, {_EVENTS}"
SPAN_COLUMNS = {
    "every column, the attribute maps too": _FULL,
    "without ResourceAttributes": f"{_WATERFALL}, SpanAttributes, {_EVENTS}",
    "without SpanAttributes": f"{_WATERFALL}, ResourceAttributes, {_EVENTS}",
    "no attribute maps (the Agent's read)": f"{_WATERFALL}, {_EVENTS}",
    "no maps, no events": _WATERFALL,
}
#: The logs statement's columns, with the materialised k8s columns the dataset has (as the Agent).
_LOGS = (
    "toUnixTimestamp64Nano(Timestamp), ServiceName, SeverityText, Body, SpanId, "
    "`__otel_materialized_k8s.namespace.name`, `__otel_materialized_k8s.pod.name`, LogAttributes"
)


def _statement(sql: str, trace_id: str, margin: int) -> Statement:
    params = {"trace_id": trace_id, "margin": str(margin)}
    return Statement(sql, fmt="JSON", database=DATABASE, params=params)


def _together(
    engine: RecordingEngine, pool: ThreadPoolExecutor, columns: str, trace_id: str
) -> float:
    """Milliseconds for the spans statement with `columns` and the logs statement, sent at once."""
    spans = _statement(
        f"{_BOUNDS} {columns} FROM {schema.TRACES} WHERE {_WHERE} ORDER BY Timestamp LIMIT 20000",
        trace_id,
        int(traces.BOUND_MARGIN.total_seconds()),
    )
    logs = _statement(
        f"{_BOUNDS} {_LOGS} FROM {schema.LOGS} WHERE {_WHERE} ORDER BY Timestamp LIMIT 1000",
        trace_id,
        int((traces.BOUND_MARGIN + traces.LOG_MARGIN).total_seconds()),
    )
    started = time.perf_counter()
    answers = [pool.submit(engine.run, s) for s in (spans, logs)]
    for answer in answers:
        json.loads(answer.result().body)
    return (time.perf_counter() - started) * 1000


async def _agent(
    engine: RecordingEngine, trace_ids: list[str], opened_ids: list[str], runs: int, note: str
) -> None:
    url, password, server, _ = serve(engine)
    client = ClickHouse(ClickHouseConfig(url, DATABASE, "bench", password, query_timeout=120.0))
    ctx = OtelContext(client, await detect_schema(client, DATABASE), DATABASE)
    try:
        _header("the Agent's call over HTTP")
        await agent_call(
            engine,
            "traces.trace_detail (a known id per run)",
            lambda i: traces.trace_detail(ctx, trace_ids[i % len(trace_ids)]),
            runs,
            100,
            lambda r: f"{len(r.spans)} spans, {len(r.logs)} logs",
            note,
        )
        opened = [
            (trace_id, (await traces.trace_detail(ctx, trace_id)).spans[-1].span_id)
            for trace_id in opened_ids
        ]
        await agent_call(
            engine,
            "traces.span_attributes (a span opened)",
            lambda i: traces.span_attributes(ctx, *opened[i % len(opened)]),
            runs,
            None,
            lambda r: f"{len(r.attributes)} + {len(r.resource)} attributes",
            "the last span of each trace, after the trace",
        )
    finally:
        client.close()
        server.should_exit = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a dataset built by otel.py")
    parser.add_argument("--scale", type=float, default=1.0, help="the dataset's --scale")
    parser.add_argument("--seed", type=int, default=1, help="the dataset's --seed")
    parser.add_argument("--runs", type=int, default=30, help="trace ids timed per figure")
    parser.add_argument("--cold", action="store_true", help="ids not read before, per figure")
    args = parser.parse_args()
    if not (args.data / "dataset.json").exists():
        sys.exit(f"{args.data} holds no dataset: build one with bench/otel.py --generate-only")
    engine, _ = open_dataset(args.data, args.scale, args.seed, {"use_query_condition_cache": "0"})
    try:
        figures = 2 + len(SPAN_COLUMNS)
        count = (args.runs + 1) * (figures if args.cold else 1)
        known = [
            row["TraceId"]
            for row in _json_rows(
                engine,
                f"SELECT DISTINCT TraceId FROM {DATABASE}.{schema.TRACE_ID_TS} "
                f"ORDER BY cityHash64(TraceId, 2) LIMIT {count}",
            )
        ]
        # One slice of ids per figure when cold; the same ids, read once first, when warm.
        slices = [known[i::figures] for i in range(figures)] if args.cold else [known] * figures
        with ThreadPoolExecutor(2) as pool:
            if not args.cold:
                for trace_id in known:  # warm the page cache for these granules
                    _together(engine, pool, _FULL, trace_id)
            note = "ids not read before" if args.cold else "page cache warm for these ids"
            asyncio.run(_agent(engine, slices[0], slices[1], args.runs, note))
            print(
                "\nthe spans statement with these columns and the logs statement, sent at once, "
                "straight to chdb:"
            )
            medians: dict[str, float] = {}
            for (name, columns), trace_ids in zip(SPAN_COLUMNS.items(), slices[2:], strict=True):
                times = [_together(engine, pool, columns, trace_id) for trace_id in trace_ids]
                medians[name] = statistics.median(times)
                ratio = medians[next(iter(medians))] / medians[name]
                print(f"  {name:<40} p50 {medians[name]:6.1f} ms   {ratio:4.2f}x the full read")
    finally:
        engine.close()


if __name__ == "__main__":
    main()
