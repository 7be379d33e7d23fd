"""Log search on `otel_logs`: full text through the token index, filters, facets, histogram.

Every word of `q` becomes `hasToken(lower(Body), {wN:String})`, the form the exporter's token
(or text) index on `lower(Body)` serves; a "quoted phrase" adds an exact, case-insensitive
`positionCaseInsensitive` check on top of its words' tokens. Words are what ClickHouse calls
tokens: runs of ASCII letters and digits, any non-ASCII byte counting as a letter, lowercased the
way `lower()` does (ASCII only). Text without a single token ("%", "_") is looked for as it is.
All values are bound as parameters: `q` can never become SQL.

The items, the histogram (its counts add up to the total) and the facets are three queries run
concurrently under the same WHERE.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from datetime import datetime
from typing import Any

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
NAMESPACE = "ResourceAttributes['k8s.namespace.name']"
POD = "ResourceAttributes['k8s.pod.name']"


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
        clauses.append(f"{NAMESPACE} = {{namespace:String}}")
        values["namespace"] = params.namespace
    if params.pod:
        clauses.append(f"{POD} = {{pod:String}}")
        values["pod"] = params.pod
    if params.trace_id:
        clauses.append("TraceId = {trace_id:String}")
        values["trace_id"] = params.trace_id.lower()
    return " AND ".join(clauses), values


def _time_text(nanoseconds: int) -> str:
    seconds, fraction = divmod(int(nanoseconds), 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{fraction:09d}Z"


async def query_logs(ctx: OtelContext, params: QueryLogsParams) -> LogsPage:
    start, end = time_range(params.start, params.end)
    step = step_for(start, end, params.step_seconds)
    condition, values = where(ctx, params, start, end)
    table = ctx.table("otel_logs")
    items, histogram, facets = await asyncio.gather(
        ctx.client.query(
            "SELECT toUnixTimestamp64Nano(Timestamp), ServiceName, SeverityText, Body, TraceId, "
            f"SpanId, {NAMESPACE}, {POD}, LogAttributes FROM {table} WHERE {condition} "
            "ORDER BY Timestamp DESC LIMIT {limit:UInt32} OFFSET {offset:UInt32}",
            {**values, "limit": params.limit, "offset": params.offset},
        ),
        ctx.client.query(
            "SELECT intDiv(toUnixTimestamp(Timestamp), {step:UInt32}) * {step:UInt32} AS bucket, "
            "count(), "
            "countIf(SeverityNumber >= {error:UInt8}) "
            f"FROM {table} WHERE {condition} GROUP BY bucket",
            {**values, "step": step, "error": ERROR_SEVERITY},
        ),
        ctx.client.query(
            "SELECT facet.1 AS name, facet.2 AS value, count() AS n "
            f"FROM {table} ARRAY JOIN [('service', toString(ServiceName)), "
            f"('severity', toString(SeverityText)), ('namespace', {NAMESPACE}), "
            f"('pod', {POD})] AS facet WHERE {condition} "
            "GROUP BY name, value ORDER BY name, n DESC, value LIMIT {size:UInt32} BY name",
            {**values, "size": FACET_SIZE},
        ),
    )
    counts = {int(bucket): (int(n), int(errors)) for bucket, n, errors in histogram.rows}
    buckets = [
        HistogramBucket(time=float(at), count=n, errors=errors)
        for at in range(int(start.timestamp()) // step * step, math.ceil(end.timestamp()), step)
        for n, errors in (counts.get(at, (0, 0)),)
    ]
    found_facets: dict[str, list[FacetValue]] = {
        name: [] for name in ("service", "severity", "namespace", "pod")
    }
    for name, value, n in facets.rows:
        if value:
            found_facets[name].append(FacetValue(value=value, count=int(n)))
    return LogsPage(
        items=[
            LogRow(
                time=_time_text(ns),
                service=service,
                severity=severity,
                body=body,
                trace_id=trace_id,
                span_id=span_id,
                namespace=namespace,
                pod=pod,
                attributes=dict(attributes),
            )
            for ns, service, severity, body, trace_id, span_id, namespace, pod, attributes in (
                items.rows
            )
        ],
        total=sum(n for n, _ in counts.values()),
        step_seconds=step,
        histogram=buckets,
        facets=found_facets,
    )
