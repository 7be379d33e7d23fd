"""Log search on `otel_logs`: full text through the token index, filters, facets, histogram.

Every word of `q` becomes `hasToken(lower(Body), {wN:String})`, the form the exporter's token
(or text) index on `lower(Body)` serves; a "quoted phrase" adds an exact, case-insensitive
`positionCaseInsensitive` check on top of its words' tokens. Words are what ClickHouse calls
tokens: runs of ASCII letters and digits, any non-ASCII byte counting as a letter, lowercased the
way `lower()` does (ASCII only). Text without a single token ("%", "_") is looked for as it is.
All values are bound as parameters: `q` can never become SQL.

Two statements run concurrently under the same WHERE: the page of rows (read in key order
where the key allows, see `page_sql`), and one scan that counts the histogram (its counts add
up to the total) and the four facets as GROUPING SETS. Namespace and pod come from the newest
tables' materialised columns where they exist: reading the resource map of every match costs
ten times the rest of the search.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from atlhyper.agent.clickhouse import OtelSchema
from atlhyper.agent.otel.context import OtelContext, step_for, time_range
from atlhyper.model.commands import QueryLogsParams
from atlhyper.model.otel import FacetValue, HistogramBucket, LogRow, LogsPage

#: A token as hasToken sees it: separators are the ASCII characters other than letters/digits.
_TOKEN = re.compile(r"[0-9A-Za-z\u0080-\U0010ffff]+")
_PHRASE = re.compile(r'"([^"]*)"')
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: More words than this make a slower query, not a better search.
MAX_WORDS = 32
FACET_SIZE = 20
#: SeverityNumber of ERROR and worse (OpenTelemetry log data model).
ERROR_SEVERITY = 17
#: SeverityText as the params spell it → its SeverityNumber range (1-4 TRACE, 5-8 DEBUG, …).
_LEVELS = {"TRACE": 1, "DEBUG": 2, "INFO": 3, "WARN": 4, "ERROR": 5, "FATAL": 6}
NAMESPACE = "k8s.namespace.name"
POD = "k8s.pod.name"
FACETS = ("service", "severity", "namespace", "pod")
#: A sorting key's first expression that orders rows as Timestamp does (a monotonic rounding).
_TIME_KEY = re.compile(r"(?:toStartOf\w+|toDateTime|toDate)\(Timestamp\)|Timestamp")
#: ClickHouse 24.7+: reading threads buffer ahead of the merge of a read in key order.
_IN_ORDER = "read_in_order_use_buffering"


def ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def tokens(text: str) -> list[str]:
    """The words of `text` as hasToken matches them against `lower(Body)`."""
    return [ascii_lower(word) for word in _TOKEN.findall(text)]


def parse_query(q: str) -> tuple[list[str], list[str]]:
    """(words, phrases): every word of `q` (phrases' words included, once each) and the quoted
    phrases. Text with no word at all is one phrase, so "%" finds a literal "%"."""
    phrases = [p.strip() for p in _PHRASE.findall(q) if p.strip()]
    words: list[str] = []
    for word in tokens(q):
        if word not in words:
            words.append(word)
    if not words and q.strip():
        unquoted = q.strip()
        phrases = phrases or [unquoted.strip('"') or unquoted]
    return words[:MAX_WORDS], phrases


def where(
    ctx: OtelContext, params: QueryLogsParams, start: datetime, end: datetime
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (without the keyword) of a search, and its parameters."""
    clauses = ["Timestamp >= {start:DateTime64(9)}", "Timestamp < {end:DateTime64(9)}"]
    values: dict[str, Any] = {"start": start, "end": end}
    if ctx.schema.logs_timestamp_time:
        # Older tables are keyed and partitioned by TimestampTime (= toDateTime(Timestamp)):
        # the same bounds on it let ClickHouse skip parts; Timestamp alone decides the rows.
        clauses.append(
            "TimestampTime >= toDateTime({start:DateTime64(9)}) "
            "AND TimestampTime <= toDateTime({end:DateTime64(9)})"
        )
    words, phrases = parse_query(params.q)
    for index, word in enumerate(words):
        clauses.append(f"hasToken(lower(Body), {{w{index}:String}})")
        values[f"w{index}"] = word
    for index, phrase in enumerate(phrases):
        clauses.append(f"positionCaseInsensitive(Body, {{p{index}:String}}) > 0")
        values[f"p{index}"] = phrase
    if params.services:
        clauses.append("ServiceName IN {services:Array(String)}")
        values["services"] = list(params.services)
    if params.severities:
        clauses.append(
            "(upper(SeverityText) IN {severities:Array(String)} OR "
            "(SeverityNumber > 0 AND intDiv(SeverityNumber + 3, 4) IN {levels:Array(UInt8)}))"
        )
        values["severities"] = list(params.severities)
        values["levels"] = [_LEVELS[s] for s in params.severities]
    if params.namespace:
        clauses.append(f"{ctx.schema.logs_resource(NAMESPACE)} = {{namespace:String}}")
        values["namespace"] = params.namespace
    if params.pod:
        clauses.append(f"{ctx.schema.logs_resource(POD)} = {{pod:String}}")
        values["pod"] = params.pod
    if params.trace_id:
        clauses.append("TraceId = {trace_id:String}")
        values["trace_id"] = params.trace_id.lower()
    return " AND ".join(clauses), values


def page_sql(schema: OtelSchema, table: str, condition: str) -> str:
    """One page of rows, newest first; binds `limit` and `offset` besides the condition's values.

    Where the key's first expression is a rounding of Timestamp (the newest tables), ordering by
    it first is the same order, and one ClickHouse can read in: backwards through the key,
    stopping at the page instead of sorting every match. Buffering is turned off there (where
    the server has the setting): its reading threads would run through the whole range before
    the merge stopped them.
    """
    order, settings = "Timestamp DESC", ""
    first = schema.logs_sorting_key.split(",")[0].strip()
    if _TIME_KEY.fullmatch(first):
        if first != "Timestamp":
            order = f"{first} DESC, Timestamp DESC"
        if _IN_ORDER in schema.settings:
            settings = f" SETTINGS {_IN_ORDER} = 0"
    return (
        "SELECT toUnixTimestamp64Nano(Timestamp), ServiceName, SeverityText, Body, TraceId, "
        f"SpanId, {schema.logs_resource(NAMESPACE)}, {schema.logs_resource(POD)}, LogAttributes "
        f"FROM {table} WHERE {condition} "
        f"ORDER BY {order} LIMIT {{limit:UInt32}} OFFSET {{offset:UInt32}}{settings}"
    )


def summary_sql(schema: OtelSchema, table: str, condition: str) -> str:
    """One scan for the histogram and the facets: rows (facet, bucket, value, count, errors),
    facet "histogram" with every bucket, the others with their FACET_SIZE largest values.
    Binds `step`, `error` and `size` besides the condition's values."""
    namespace, pod = schema.logs_resource(NAMESPACE), schema.logs_resource(POD)
    return (
        "SELECT multiIf(grouping(bucket) = 0, 'histogram', grouping(service) = 0, 'service', "
        "grouping(severity) = 0, 'severity', grouping(namespace) = 0, 'namespace', 'pod') "
        "AS facet, bucket, multiIf(facet = 'service', service, facet = 'severity', severity, "
        "facet = 'namespace', namespace, facet = 'pod', pod, '') AS value, count() AS n, "
        "countIf(SeverityNumber >= {error:UInt8}) "
        "FROM (SELECT intDiv(toUnixTimestamp(Timestamp), {step:UInt32}) * {step:UInt32} "
        "AS bucket, toString(ServiceName) AS service, toString(SeverityText) AS severity, "
        f"toString({namespace}) AS namespace, toString({pod}) AS pod, SeverityNumber "
        f"FROM {table} WHERE {condition}) "
        "GROUP BY GROUPING SETS ((bucket), (service), (severity), (namespace), (pod)) "
        # Buckets differ, so LIMIT BY keeps all of them; a facet's rows all have bucket 0.
        "ORDER BY facet, n DESC, value LIMIT {size:UInt32} BY facet, bucket "
        "SETTINGS force_grouping_standard_compatibility = 1"
    )


def _time_text(nanoseconds: int) -> str:
    seconds, fraction = divmod(int(nanoseconds), 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{fraction:09d}Z"


def log_row(row: Sequence[Any], time_text: Callable[[int], str] = _time_text) -> LogRow:
    """A row selected as `page_sql` selects it (Timestamp in nanoseconds, ServiceName, severity,
    Body, TraceId, SpanId, namespace, pod, LogAttributes); its time in nanoseconds unless told."""
    ns, service, severity, body, trace_id, span_id, namespace, pod, attributes = row
    return LogRow(
        time=time_text(ns),
        service=service,
        severity=severity,
        body=body,
        trace_id=trace_id,
        span_id=span_id,
        namespace=namespace,
        pod=pod,
        attributes=dict(attributes),
    )


async def query_logs(ctx: OtelContext, params: QueryLogsParams) -> LogsPage:
    start, end = time_range(params.start, params.end)
    step = step_for(start, end, params.step_seconds)
    condition, values = where(ctx, params, start, end)
    table = ctx.table("otel_logs")
    items, summary = await asyncio.gather(
        ctx.client.query(
            page_sql(ctx.schema, table, condition),
            {**values, "limit": params.limit, "offset": params.offset},
        ),
        ctx.client.query(
            summary_sql(ctx.schema, table, condition),
            {**values, "step": step, "error": ERROR_SEVERITY, "size": FACET_SIZE},
        ),
    )
    counts: dict[int, tuple[int, int]] = {}
    found_facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    for facet, bucket, value, n, errors in summary.rows:
        if facet == "histogram":
            counts[int(bucket)] = (int(n), int(errors))
        elif value:
            found_facets[facet].append(FacetValue(value=value, count=int(n)))
    buckets = [
        HistogramBucket(time=float(at), count=n, errors=errors)
        for at in range(int(start.timestamp()) // step * step, math.ceil(end.timestamp()), step)
        for n, errors in (counts.get(at, (0, 0)),)
    ]
    return LogsPage(
        items=[log_row(row) for row in items.rows],
        total=sum(n for n, _ in counts.values()),
        step_seconds=step,
        histogram=buckets,
        facets=found_facets,
    )
