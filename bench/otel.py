"""OTel queries on chdb at the issue's size: the Agent's real SQL over HTTP, against baselines.

The dataset (issue 7, "Performance"): 10M spans over the last hour (the goals are "over 1 h",
so the hour the summary and the searches read holds all of them: about 2,800 spans/s), 10M log
lines over the same hour, 6 h of node_exporter series for 100 nodes (15 s scrape, every group of
the hardware page), and 30 days of Traefik and Linkerd series at a 60 s scrape (the SLO windows),
with proxy restarts and a one-hour incident 6 h before the end. It is generated inside ClickHouse
(`atlhyper.sim.otel.bulk`), merged to one part per partition, and kept in `--data` with its
"now": a later run reuses it and queries as of that moment. `--scale` shrinks spans, logs and
nodes, and stretches the mesh scrape to 60 s / scale (at most 1 h) over the same 30 days.

The Agent's functions run exactly as in production: `OtelContext` with the Agent's
clickhouse-connect client over HTTP, served in-process by the sim's ClickHouse HTTP interface
over a chdb engine. Each is timed over `--runs` runs after one warm-up (median, p95), with the
statements it sent, their server-side time, the rows they read (each statement re-run once in
JSON format for ClickHouse's statistics) and the process' peak RSS while it ran (VmHWM, reset
before each measurement: Python, the HTTP server and chdb together). chdb's query condition
cache is off unless `--condition-cache`: it remembers which granules matched a predicate, so a
repeated search would be timed against its own earlier runs.

Baselines, same run, on the same engine (statements sent straight to chdb in JSON format, so
their statistics come with the timed run): the topology as the naive self-join of spans on
ParentSpanId = SpanId over the same hour (`--join-runs`, no warm-up, a 600 s limit), and the
log search as a `LIKE '%word%'` scan of the same predicate (`use_skip_indexes = 0`; on
ClickHouse 26.x the text index can also serve a LIKE, shown apart) against the same SQL with
`hasToken`. It prints, and asserts nothing: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, detect_schema
from atlhyper.agent.otel import apm, logs, nodes, rollup, slo, slo_hours, summary, traces
from atlhyper.agent.otel.context import OtelContext, iso
from atlhyper.model.commands import (
    METRIC_GROUPS,
    QueryLogsParams,
    QueryMetricsParams,
    QuerySloParams,
)
from atlhyper.model.otel import SloKind
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Result, Statement
from atlhyper.sim.clickhouse.server import ClickHouseHttp, Credentials
from atlhyper.sim.otel import bulk

DATABASE = "otel"
SPANS = 10_000_000
LOGS = 10_000_000
NODES = 100
NODE_HOURS = 6
NODE_SCRAPE = 15
SLO_DAYS = 30
MESH_SCRAPE = 60
INCIDENT = "svc-01"
#: Bump when the generated data changes shape, so an old cache is rebuilt.
DATASET_VERSION = 1
#: A query whose warm-up takes longer than this is timed SLOW_RUNS times only.
SLOW_SECONDS = 5.0
SLOW_RUNS = 3
_FORMAT = re.compile(r"\bFORMAT\s+\w+\s*;?\s*$", re.IGNORECASE)
_NS = 1_000_000_000


class RecordingEngine(Engine):
    """The sim's engine, adding fixed settings to every statement and keeping what ran while
    recording."""

    def __init__(self, path: Path, settings: dict[str, str]) -> None:
        self.extra = settings
        self._lock = threading.Lock()
        self._log: list[tuple[Statement, Result]] | None = None
        super().__init__(path, threads=2)

    def run(self, statement: Statement) -> Result:
        statement = dataclasses.replace(statement, settings={**self.extra, **statement.settings})
        result = super().run(statement)
        with self._lock:
            if self._log is not None:
                self._log.append((statement, result))
        return result

    def record(self) -> None:
        with self._lock:
            self._log = []

    def recorded(self) -> list[tuple[Statement, Result]]:
        with self._lock:
            found, self._log = self._log or [], None
        return found

    def statistics(self, statement: Statement) -> tuple[int, int]:
        """(rows, bytes) read by a statement, from ClickHouse's JSON statistics."""
        sql = statement.sql.decode() if isinstance(statement.sql, bytes) else statement.sql
        again = dataclasses.replace(statement, sql=_FORMAT.sub("", sql.rstrip()), fmt="JSON")
        found = json.loads(super().run(again).body or b"{}").get("statistics", {})
        return int(found.get("rows_read", 0)), int(found.get("bytes_read", 0))


# ---------------------------------------------------------------- the dataset


SLO_KINDS: tuple[SloKind, ...] = ("ingress", "service")


def _sizes(scale: float) -> dict[str, Any]:
    return {
        "version": DATASET_VERSION,
        "scale": scale,
        "spans": round(SPANS * scale),
        "logs": round(LOGS * scale),
        "nodes": max(2, round(NODES * scale)),
        "mesh_scrape": min(3600, round(MESH_SCRAPE / scale)),
    }


def _build(engine: Engine, sizes: dict[str, Any], seed: int) -> dict[str, Any]:
    end_ns = time.time_ns() // _NS * _NS
    engine.run_script(schema.statements("current", DATABASE))
    topology = bulk.bench_topology(services=20, nodes=sizes["nodes"], seed=seed)
    print(
        f"generating: {sizes['spans']:,} spans and {sizes['logs']:,} log lines over 1 h, "
        f"{sizes['nodes']} nodes over {NODE_HOURS} h, {SLO_DAYS} days of Traefik and Linkerd "
        f"at {sizes['mesh_scrape']} s …",
        flush=True,
    )
    started = time.monotonic()
    made = bulk.generate(
        engine,
        DATABASE,
        topology,
        spans=sizes["spans"],
        hours=1,
        end_ns=end_ns,
        seed=seed,
        logs=sizes["logs"],
        metric_hours=NODE_HOURS,
        metric_scrape_seconds=NODE_SCRAPE,
    )
    print(f"  spans, logs, node series: {made}", flush=True)
    incident = bulk.Incident(INCIDENT, 0.25, end_ns - 6 * 3600 * _NS, end_ns - 5 * 3600 * _NS)
    mesh = bulk.generate_mesh(
        engine,
        DATABASE,
        topology,
        spans=sizes["spans"],
        hours=1,
        days=SLO_DAYS,
        end_ns=end_ns,
        seed=seed,
        scrape_seconds=sizes["mesh_scrape"],
        incident=incident,
    )
    print(f"  mesh: {mesh}", flush=True)
    merge = time.monotonic()
    for table in (
        schema.TRACES,
        schema.TRACE_ID_TS,
        schema.LOGS,
        schema.SUM,
        schema.GAUGE,
        schema.HISTOGRAM,
    ):
        engine.run(Statement(f"OPTIMIZE TABLE {DATABASE}.{table} FINAL"))
    seconds = {
        **made.seconds,
        "mesh": mesh.seconds,
        "merge": time.monotonic() - merge,
        "total": time.monotonic() - started,
    }
    print(f"  merged to one part per partition in {seconds['merge']:.0f} s", flush=True)
    return {
        **sizes,
        "seed": seed,
        "end_ns": end_ns,
        "nodes_names": [[node.name, node.ip] for node in topology.nodes],
        "ingress": f"bench-{topology.entry}-8080@kubernetes",
        "incident": INCIDENT,
        "rows": {"spans": made.spans, "logs": made.logs, "node_metrics": made.metrics},
        "mesh": {
            "series": mesh.series,
            "counters": mesh.counters,
            "histograms": mesh.histograms,
        },
        "seconds": seconds,
        "engine": engine.version,
    }


def open_dataset(
    data: Path, scale: float, seed: int, settings: dict[str, str]
) -> tuple[RecordingEngine, dict[str, Any]]:
    """The cached dataset in `data`, or a new one when absent or of other sizes."""
    sizes = _sizes(scale)
    meta_path = data / "dataset.json"
    meta: dict[str, Any] = {}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if {k: meta.get(k) for k in sizes} != sizes or meta.get("seed") != seed:
            print(f"{data} holds another dataset ({meta.get('scale')}); rebuilding", flush=True)
            meta = {}
    if not meta:
        shutil.rmtree(data / "chdb", ignore_errors=True)
        meta_path.unlink(missing_ok=True)
    engine = RecordingEngine(data / "chdb", settings)
    if not meta:
        meta = _build(engine, sizes, seed)
        data.mkdir(parents=True, exist_ok=True)
        meta_path.write_text(json.dumps(meta, indent=2))
    else:
        print(f"reusing the dataset in {data} (generated in {meta['seconds']['total']:.0f} s)")
    return engine, meta


# ---------------------------------------------------------------- measuring


def _rss_reset() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def _rss_peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Figure:
    name: str
    goal_ms: float | None
    times: list[float]  # ms, end to end
    server: list[float]  # ms, chdb's own time summed over the statements of a call
    statements: int
    rows_read: int | None
    bytes_read: int | None
    peak_mib: float
    size: str  # what came back
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95)


async def agent_call(
    engine: RecordingEngine,
    name: str,
    call: Callable[[int], Awaitable[Any]],
    runs: int,
    goal_ms: float | None,
    describe: Callable[[Any], str],
    note: str = "",
) -> Figure | None:
    """One warm-up, then `runs` timed calls (`call(i)` may vary its argument with i). A call
    that fails is reported, and the figure is None."""
    try:
        return await _agent_call(engine, name, call, runs, goal_ms, describe, note)
    except Exception as exc:  # an Agent function still being written, a limit hit
        engine.recorded()
        print(f"  {name:<46} FAILED: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        return None


async def _agent_call(
    engine: RecordingEngine,
    name: str,
    call: Callable[[int], Awaitable[Any]],
    runs: int,
    goal_ms: float | None,
    describe: Callable[[Any], str],
    note: str,
) -> Figure:
    started = time.perf_counter()
    await call(0)
    if time.perf_counter() - started > SLOW_SECONDS:
        runs = min(runs, SLOW_RUNS)
    times, server = [], []
    statements: list[tuple[Statement, Result]] = []
    result: Any = None
    _rss_reset()
    for i in range(1, runs + 1):
        engine.record()
        started = time.perf_counter()
        result = await call(i)
        times.append((time.perf_counter() - started) * 1000)
        statements = engine.recorded()
        server.append(sum(r.elapsed for _, r in statements) * 1000)
    peak = _rss_peak_mib()
    read = [await asyncio.to_thread(engine.statistics, s) for s, _ in statements]
    figure = Figure(
        name,
        goal_ms,
        times,
        server,
        len(statements),
        sum(r for r, _ in read),
        sum(b for _, b in read),
        peak,
        describe(result),
        note,
    )
    _print_figure(figure)
    return figure


def direct(
    engine: RecordingEngine,
    name: str,
    statements: list[Statement],
    runs: int,
    warm_up: bool = True,
    note: str = "",
) -> Figure:
    """Statements sent straight to chdb in JSON format, timed together: a baseline."""
    statements = [dataclasses.replace(s, fmt="JSON") for s in statements]
    if warm_up:
        for statement in statements:
            engine.run(statement)
    times, server = [], []
    answers: list[dict[str, Any]] = []
    _rss_reset()
    for _ in range(runs):
        started = time.perf_counter()
        answers = [json.loads(engine.run(s).body) for s in statements]
        times.append((time.perf_counter() - started) * 1000)
        server.append(sum(a["statistics"]["elapsed"] for a in answers) * 1000)
    peak = _rss_peak_mib()
    figure = Figure(
        name,
        None,
        times,
        server,
        len(statements),
        sum(a["statistics"]["rows_read"] for a in answers),
        sum(a["statistics"]["bytes_read"] for a in answers),
        peak,
        " + ".join(f"{a['rows']} rows" for a in answers),
        note,
    )
    _print_figure(figure)
    return figure


def _print_figure(f: Figure) -> None:
    goal = f"≤ {f.goal_ms:,.0f} ms" if f.goal_ms else ""
    verdict = ""
    if f.goal_ms:
        verdict = "met" if f.median <= f.goal_ms else "MISSED"
    rows = f"{f.rows_read:,}" if f.rows_read is not None else "?"
    print(
        f"  {f.name:<46} {len(f.times):>3} {f.median:>9,.1f} {f.p95:>9,.1f}"
        f" {statistics.median(f.server):>9,.1f}"
        f" {f.statements:>4} {rows:>12} {f.peak_mib:>8,.0f}  {goal:>11} {verdict:<6}  {f.size}"
        + (f"  [{f.note}]" if f.note else ""),
        flush=True,
    )


def _header(title: str) -> None:
    print(f"\n{title}")
    print(
        f"  {'query':<46} {'N':>3} {'p50 ms':>9} {'p95 ms':>9} {'chdb ms':>9} {'SQL':>4}"
        f" {'rows read':>12}"
        f" {'peak MiB':>8}  {'goal':>11} {'':<6}  result"
    )


# ---------------------------------------------------------------- the run


def serve(engine: Engine) -> tuple[str, str, uvicorn.Server, threading.Thread]:
    """The sim's ClickHouse HTTP interface over `engine`, on loopback, in a thread."""
    # A TCP socket, so asyncio sets TCP_NODELAY (a plain socket() costs ~40 ms per answer).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    password = secrets.token_urlsafe(12)
    app = ClickHouseHttp(engine, Credentials("bench", password), "default")
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None, access_log=False))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", password, server, thread


def always(function: Callable[..., Awaitable[Any]], *args: Any) -> Callable[[int], Awaitable[Any]]:
    """A call that ignores its run number."""
    return lambda _: function(*args)


def _one(engine: Engine, sql: str) -> str:
    return engine.run(Statement(sql)).body.decode().strip()


def _json_rows(engine: Engine, sql: str) -> list[dict[str, Any]]:
    body = engine.run(Statement(sql, fmt="JSONEachRow")).body.decode()
    return [json.loads(line) for line in body.splitlines()]


async def run(engine: RecordingEngine, meta: dict[str, Any], args: argparse.Namespace) -> None:
    url, password, server, thread = serve(engine)
    client = ClickHouse(ClickHouseConfig(url, DATABASE, "bench", password, query_timeout=120.0))
    now = datetime.fromtimestamp(meta["end_ns"] / _NS, UTC)
    start, end = now - timedelta(hours=1), now
    names_by_ip = {ip: name for name, ip in meta["nodes_names"]}
    hosts = {meta["ingress"]: ["bench.example.com"]}
    ctx = OtelContext(
        client,
        await detect_schema(client, DATABASE),
        DATABASE,
        node_names_by_ip=lambda: names_by_ip,
        ingress_hosts=lambda: hosts,
    )
    runs = args.runs
    figures: dict[str, Figure | None] = {}
    join_failure: tuple[float, str] | None = None
    try:
        _header(f"the Agent's queries over HTTP, as of {iso(now)} ({runs} runs after one warm-up)")
        figures["services"] = await agent_call(
            engine,
            "apm.services (1 h)",
            lambda _: apm.services(ctx, start, end),
            runs,
            1000,
            lambda r: f"{len(r)} services",
        )
        figures["edges"] = await agent_call(
            engine,
            "apm.edges (1 h, the topology)",
            lambda _: apm.edges(ctx, start, end),
            runs,
            1000,
            lambda r: f"{len(r)} edges",
        )
        # The summary reads services and edges from the Agent's per-minute rollup: one fill of
        # the hour at start, then each refresh reads the minutes since the last one.
        figures["rollup cold"] = await agent_call(
            engine,
            "rollup: first fill (1 h)",
            lambda _: rollup.ApmRollup().refresh(ctx, start, end),
            max(3, runs // 3),
            None,
            lambda _: "",
            "once, at the Agent's start",
        )
        step = timedelta(minutes=5)  # AGENT_OTEL_REFRESH_SECONDS' default
        prepared = [rollup.ApmRollup() for _ in range(runs + 1)]  # the warm-up uses one too
        for held in prepared:
            await held.refresh(ctx, start - step, end - step)
        figures["rollup refresh"] = await agent_call(
            engine,
            "rollup: refresh, 5 min after the last (1 h)",
            lambda i: prepared[i].refresh(ctx, start, end),
            runs,
            1000,
            lambda _: f"{len(prepared[-1].services())} services, {len(prepared[-1].edges())} edges",
            "what each summary refresh reads",
        )
        held = prepared[-1]
        figures["rollup answer"] = await agent_call(
            engine,
            "rollup: services() + edges() (1 h)",
            lambda _: asyncio.sleep(0, (held.services(), held.edges())),
            runs,
            1000,
            lambda r: f"{len(r[0])} services, {len(r[1])} edges",
        )
        with_rollup = dataclasses.replace(ctx, apm_rollup=held)
        figures["ingresses"] = await agent_call(
            engine,
            "slo.ingresses (1 h)",
            lambda _: slo.ingresses(ctx, start, end),
            runs,
            None,
            lambda r: f"{len(r)} ingresses",
        )
        figures["mesh"] = await agent_call(
            engine,
            "slo.mesh (1 h)",
            lambda _: slo.mesh(ctx, start, end),
            runs,
            None,
            lambda r: f"{len(r[0])} workloads, {len(r[1])} edges",
        )
        figures["hardware"] = await agent_call(
            engine,
            "nodes.hardware",
            lambda _: nodes.hardware(ctx, now),
            runs,
            None,
            lambda r: f"{len(r)} nodes",
        )
        figures["summary"] = await agent_call(
            engine,
            "summary.compute (rollup warm, all at once)",
            lambda _: summary.compute(with_rollup, start, end),
            max(3, runs // 3),
            None,
            lambda r: f"{len(r.services)} services, {len(r.edges)} edges",
            "a refresh right after the last",
        )

        trace_ids = [
            row["TraceId"]
            for row in _json_rows(
                engine,
                f"SELECT DISTINCT TraceId FROM {DATABASE}.{schema.TRACE_ID_TS} "
                f"ORDER BY cityHash64(TraceId) LIMIT {runs + 1}",
            )
        ]
        figures["trace"] = await agent_call(
            engine,
            "traces.trace_detail (a random known id)",
            lambda i: traces.trace_detail(ctx, trace_ids[i % len(trace_ids)]),
            runs,
            100,
            lambda r: f"{len(r.spans)} spans, {len(r.logs)} logs",
            "a different id each run",
        )

        rare = _one(
            engine,
            f"SELECT extract(Body, 'order ([0-9]+)') FROM {DATABASE}.{schema.LOGS} "
            "WHERE SeverityText = 'DEBUG' ORDER BY cityHash64(SpanId) LIMIT 1",
        )
        words = {bulk.COMMON_WORD: "~1 % of lines", rare: "rare"}
        matches = {
            word: int(
                _one(
                    engine,
                    f"SELECT count() FROM {DATABASE}.{schema.LOGS} "
                    f"WHERE hasToken(lower(Body), '{word}')",
                )
            )
            for word in words
        }
        for word, what in words.items():
            params = QueryLogsParams(start=iso(start), end=iso(end), q=word, limit=100)
            figures[f"logs {word}"] = await agent_call(
                engine,
                f"logs.query_logs q={word!r} ({what})",
                always(logs.query_logs, ctx, params),
                runs,
                500,
                lambda r: f"{r.total:,} of {meta['rows']['logs']:,} lines",
                f"{matches[word]:,} lines hold it",
            )

        for kind in SLO_KINDS:
            params_slo = QuerySloParams(start=iso(start), end=iso(end), kind=kind)
            figures[f"slo {kind}"] = await agent_call(
                engine,
                f"slo.query_slo kind={kind} (cold: direct 30-day read)",
                always(slo.query_slo, ctx, params_slo, now),
                runs,
                None,
                lambda r: f"{len(r.items)} items",
                "the fallback until the hourly cache is warm",
            )
        # The Agent keeps closed hours in memory (slo_hours), filled off the request path by the
        # summary loop: the first fill reads 30 days once, each later one the last 2 hours.
        warm_ctx = dataclasses.replace(ctx, slo_hours=slo_hours.per_kind())
        started = time.perf_counter()
        await slo.warm(warm_ctx, now)
        first_fill = time.perf_counter() - started
        print(f"  {'slo.warm: first fill, 30 days, both kinds':<46} {first_fill:9.1f} s")
        figures["slo refill"] = await agent_call(
            engine,
            "slo.warm again (a refresh: the last 2 h)",
            lambda _: slo.warm(warm_ctx, now),
            runs,
            None,
            lambda r: "",
            "once per summary refresh",
        )
        for kind in SLO_KINDS:
            params_slo = QuerySloParams(start=iso(start), end=iso(end), kind=kind)
            figures[f"slo {kind} warm"] = await agent_call(
                engine,
                f"slo.query_slo kind={kind} (1d/7d/30d, all)",
                always(slo.query_slo, warm_ctx, params_slo, now),
                runs,
                2000,
                lambda r: f"{len(r.items)} items",
                "cached hours + the open hour",
            )
        month = QuerySloParams(
            start=iso(now - timedelta(days=SLO_DAYS)),
            end=iso(now),
            kind="service",
            name=f"bench/{meta['incident']}",
        )
        figures["slo one"] = await agent_call(
            engine,
            f"slo.query_slo bench/{meta['incident']} + 30 d series",
            lambda _: slo.query_slo(warm_ctx, month, now),
            runs,
            2000,
            lambda r: f"{sum(len(i.series) for i in r.items)} buckets",
        )
        node = meta["nodes_names"][len(meta["nodes_names"]) // 2][0]
        metrics = QueryMetricsParams(
            start=iso(now - timedelta(hours=NODE_HOURS)),
            end=iso(now),
            node=node,
            metrics=list(METRIC_GROUPS),
        )
        figures["node"] = await agent_call(
            engine,
            f"nodes.query_metrics {node} 6 h, all groups",
            lambda _: nodes.query_metrics(ctx, metrics),
            runs,
            None,
            lambda r: f"{len(r.series)} series, {sum(len(s.points) for s in r.series):,} pts",
        )

        _header("baselines, same engine, statements straight to chdb")
        window = {"start": iso(start).rstrip("Z"), "end": iso(end).rstrip("Z")}
        bind = {k: v.replace("T", " ") for k, v in window.items()}
        span_time = (
            "{t}.Timestamp >= {{start:DateTime64(9)}} AND {t}.Timestamp < {{end:DateTime64(9)}}"
        )
        join = Statement(
            "SELECT parent.ServiceName AS caller, child.ServiceName AS callee, count() AS calls "
            f"FROM {DATABASE}.{schema.TRACES} AS child JOIN {DATABASE}.{schema.TRACES} AS parent "
            "ON child.ParentSpanId = parent.SpanId AND child.TraceId = parent.TraceId "
            f"WHERE {span_time.format(t='child')} AND {span_time.format(t='parent')} "
            "AND parent.ServiceName != child.ServiceName GROUP BY caller, callee",
            params=bind,
            settings={"max_execution_time": "600", "max_memory_usage": str(16 * 1024**3)},
        )
        started = time.perf_counter()
        try:
            figures["join"] = direct(
                engine, "naive self-join topology (1 h)", [join], args.join_runs, warm_up=False
            )
        except Exception as exc:  # a timeout or memory limit is a result here
            message = str(exc).splitlines()[0][:300]
            join_failure = (time.perf_counter() - started, message)
            print(f"  naive self-join FAILED after {join_failure[0]:,.1f} s: {message}")
        for word, what in words.items():
            predicate = {
                "like": "lower(Body) LIKE {pattern:String}",
                "token": "hasToken(lower(Body), {word:String})",
            }
            for how, condition in predicate.items():
                where = (
                    "Timestamp >= {start:DateTime64(9)} AND Timestamp < {end:DateTime64(9)} "
                    f"AND {condition}"
                )
                values = {**bind, "pattern": f"%{word}%", "word": word}
                values = {k: v for k, v in values.items() if "{" + k + ":" in where}
                page = Statement(
                    "SELECT Timestamp, ServiceName, SeverityText, Body, TraceId FROM "
                    f"{DATABASE}.{schema.LOGS} WHERE {where} ORDER BY Timestamp DESC LIMIT 100",
                    params=values,
                )
                total = Statement(
                    f"SELECT count() FROM {DATABASE}.{schema.LOGS} WHERE {where}", params=values
                )
                variants = [("", {"use_skip_indexes": "0"})] if how == "like" else [("", {})]
                if how == "like":
                    variants.append((" (text index on)", {}))
                for label, settings in variants:
                    statements = [dataclasses.replace(s, settings=settings) for s in (page, total)]
                    title = (
                        f"LIKE '%{word}%' scan, page + count{label}"
                        if how == "like"
                        else f"hasToken '{word}', page + count"
                    )
                    figures[f"{how}{label} {word}"] = direct(
                        engine, title, statements, runs, note=what
                    )
    finally:
        client.close()
        server.should_exit = True
        thread.join(10)

    print("\nratios (baseline p50 / ours p50, same run)")
    naive, edges = figures.get("join"), figures["edges"]
    if naive and edges:
        print(
            f"  topology: naive self-join {naive.median / 1000:,.1f} s vs apm.edges "
            f"{edges.median:,.0f} ms: {naive.median / edges.median:,.1f}x"
            f" (rows read {naive.rows_read:,} vs {edges.rows_read:,})"
        )
    elif edges and join_failure:
        spent, message = join_failure
        print(
            f"  topology: the naive self-join failed after {spent:,.1f} s ({message}): "
            f"at least {spent * 1000 / edges.median:,.1f}x apm.edges ({edges.median:,.0f} ms)"
        )
    for word, what in words.items():
        scan, token = figures[f"like {word}"], figures[f"token {word}"]
        ours = figures[f"logs {word}"]
        if scan and token:
            line = (
                f"  log search {word!r} ({what}): LIKE scan {scan.median:,.0f} ms vs hasToken "
                f"{token.median:,.1f} ms: {scan.median / token.median:,.1f}x"
            )
            if ours:
                line += (
                    f"; vs logs.query_logs {ours.median:,.0f} ms (page, total, histogram, "
                    f"facets): {scan.median / ours.median:,.1f}x"
                )
            print(line)


def _dataset_report(engine: Engine, meta: dict[str, Any]) -> None:
    tables = _json_rows(
        engine,
        "SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, count() AS parts "
        f"FROM system.parts WHERE active AND database = '{DATABASE}' GROUP BY table ORDER BY table",
    )
    print(f"\ndataset (chdb {meta['engine']}, scale {meta['scale']:g}):")
    for t in tables:
        print(
            f"  {t['table']:<28} {int(t['rows']):>12,} rows {int(t['bytes']) / 1024**2:>9,.0f} MiB"
            f" {t['parts']} parts"
        )
    seconds = ", ".join(f"{k} {v:,.0f} s" for k, v in meta["seconds"].items())
    print(f"  generated in: {seconds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="0.01 for a smoke run")
    parser.add_argument("--data", type=Path, default=None, help="dataset cache directory")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each query")
    parser.add_argument("--join-runs", type=int, default=3, help="runs of the naive self-join")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--condition-cache", action="store_true", help="keep chdb's on")
    parser.add_argument("--generate-only", action="store_true", help="build the dataset, stop")
    args = parser.parse_args()
    data = args.data or Path(tempfile.gettempdir()) / f"atlhyper-bench-otel-{args.scale:g}"
    settings = {} if args.condition_cache else {"use_query_condition_cache": "0"}
    load = os.getloadavg()
    engine, meta = open_dataset(data, args.scale, args.seed, settings)
    try:
        _dataset_report(engine, meta)
        print(f"  process RSS with the engine open: {_rss_mib():,.0f} MiB")
        if args.generate_only:
            return
        print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        asyncio.run(run(engine, meta, args))
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        engine.close()


if __name__ == "__main__":
    main()
