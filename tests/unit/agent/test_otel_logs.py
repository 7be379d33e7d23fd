"""Log search over HTTP against chdb, for both schema generations: the rows found are exactly
the rows a Python filter finds in what was written; facets and histogram add up to the total;
hostile text is only text; the token index serves the search."""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from atlhyper.agent.clickhouse import OtelSchema
from atlhyper.agent.otel import logs
from atlhyper.agent.otel.context import OtelContext, iso
from atlhyper.model.commands import QueryLogsParams
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel import topology
from atlhyper.sim.otel.generator import OtelGenerator, write
from atlhyper.sim.otel.traces import timestamp
from tests.unit.agent.conftest import connect
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
#: Hand-written bodies next to the generated ones: unicode, punctuation, SQL, quotes.
ODD_BODIES = (
    "Café crème brûlée served",
    "naïve ÜBER test",
    "under_score x%y at 100%",
    'payload said "hello world" twice',
    "it's fine, isn't it",
    "DROP TABLE otel_logs; -- not really",
    "日本語 テキスト ok",
)
HOSTILE = (
    "'; DROP TABLE otel_logs; --",
    "%",
    "_",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    "{w0:String}",
    "日本語",
    "ÜBER",
    "%' OR Body LIKE '%",
)


@dataclass
class Dataset:
    ctx: OtelContext
    generation: schema.Generation
    rows: list[dict[str, Any]]
    start: datetime
    end: datetime

    def params(self, **extra: Any) -> QueryLogsParams:
        return msgspec.convert(
            {"start": iso(self.start), "end": iso(self.end), **extra}, QueryLogsParams
        )


@pytest.fixture(scope="module")
async def data(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Dataset]:
    end_ns = time.time_ns() // (60 * _NS) * 60 * _NS
    start_ns = end_ns - 10 * 60 * _NS
    generator = OtelGenerator(topology.demo_topology(), 11, start_ns, generation)
    batch, scrapes = generator.window(start_ns, end_ns, 3.0, 60.0)
    odd = [
        {
            **batch.logs[index],
            "Timestamp": timestamp(start_ns + (index + 1) * 7 * _NS),
            "Body": body,
            "TraceId": "",
            "SpanId": "",
        }
        for index, body in enumerate(ODD_BODIES)
    ]
    batch.logs.extend(odd)
    write(chdb_engine, otel_database, batch, scrapes[:1])
    ctx = await connect(clickhouse_http, otel_database)
    start = datetime.fromtimestamp(start_ns / _NS, UTC)
    # Logs are written when a span ends, a little after the last trace starts.
    yield Dataset(ctx, generation, batch.logs, start, start + timedelta(minutes=11))
    ctx.client.close()


# ---------------------------------------------------------------- the reference filter


_WORD = re.compile(r"[0-9A-Za-z\u0080-\U0010ffff]+")


def _lower(text: str) -> str:
    """ClickHouse's lower(): ASCII letters only."""
    return "".join(c.lower() if c.isascii() else c for c in text)


def _matches(q: str) -> Callable[[dict[str, Any]], bool]:
    words = {_lower(w) for w in _WORD.findall(q)}
    phrases = [p.strip() for p in re.findall(r'"([^"]*)"', q) if p.strip()]
    if not words and q.strip():
        phrases = phrases or [q.strip().strip('"') or q.strip()]

    def match(row: dict[str, Any]) -> bool:
        body = row["Body"]
        found = {_lower(w) for w in _WORD.findall(body)}
        return words <= found and all(_lower(p) in _lower(body) for p in phrases)

    return match


def _time(row: dict[str, Any]) -> str:
    return str(row["Timestamp"]).replace(" ", "T") + "Z"


def _expected(data: Dataset, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    return sorted((row for row in data.rows if keep(row)), key=_time, reverse=True)


async def _all_items(data: Dataset, **params: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    while True:
        page = await logs.query_logs(data.ctx, data.params(limit=1000, offset=len(found), **params))
        found += [(item.time, item.body) for item in page.items]
        if len(page.items) < 1000:
            return found


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize(
    "q",
    [
        "deadline exceeded",
        "DEADLINE",
        "upstream connect",
        '"connect error"',
        '"error connect"',
        "POST items",
        '"hello world"',
        "café",
        "ÜBER",
        "über",
        "score",
        "under_score",
        "100",
        "it's",
        "日本語",
        "nothing-like-this-anywhere",
    ],
)
async def test_full_text_finds_exactly_the_rows(data: Dataset, q: str) -> None:
    expected = _expected(data, _matches(q))
    page = await logs.query_logs(data.ctx, data.params(q=q, limit=1000))
    assert page.total == len(expected)
    assert [(item.time, item.body) for item in page.items] == [
        (_time(row), row["Body"]) for row in expected[:1000]
    ]
    assert sum(bucket.count for bucket in page.histogram) == page.total


async def test_generated_words_are_found(data: Dataset) -> None:
    """The searches above find something on the generated bodies, not just the odd ones."""
    page = await logs.query_logs(data.ctx, data.params(q="deadline exceeded"))
    assert page.total > 0
    assert all("deadline exceeded" in item.body for item in page.items)


async def test_filters_match_python(data: Dataset) -> None:
    some = next(row for row in data.rows if row["SeverityText"] == "ERROR" and row["TraceId"])
    namespace = some["ResourceAttributes"]["k8s.namespace.name"]
    pod = some["ResourceAttributes"]["k8s.pod.name"]
    cases: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        ({"services": ["cart", "web"]}, lambda r: r["ServiceName"] in {"cart", "web"}),
        ({"severities": ["ERROR"]}, lambda r: r["SeverityText"] == "ERROR"),
        ({"severities": ["WARN", "INFO"]}, lambda r: r["SeverityText"] in {"WARN", "INFO"}),
        (
            {"namespace": namespace},
            lambda r: r["ResourceAttributes"]["k8s.namespace.name"] == namespace,
        ),
        ({"pod": pod}, lambda r: r["ResourceAttributes"]["k8s.pod.name"] == pod),
        ({"traceId": some["TraceId"].upper()}, lambda r: r["TraceId"] == some["TraceId"]),
        (
            {"q": "GET", "services": ["catalog"], "severities": ["INFO", "WARN"]},
            lambda r: (
                _matches("GET")(r)
                and r["ServiceName"] == "catalog"
                and r["SeverityText"] in {"INFO", "WARN"}
            ),
        ),
    ]
    for params, keep in cases:
        expected = _expected(data, keep)
        assert expected, params
        found = await _all_items(data, **params)
        assert found == [(_time(row), row["Body"]) for row in expected], params


async def test_facets_and_histogram_add_up(data: Dataset) -> None:
    page = await logs.query_logs(data.ctx, data.params(services=["web", "catalog", "cart"]))
    kept = [row for row in data.rows if row["ServiceName"] in {"web", "catalog", "cart"}]
    assert page.total == len(kept)
    assert sum(bucket.count for bucket in page.histogram) == page.total
    assert sum(bucket.errors for bucket in page.histogram) == sum(
        row["SeverityNumber"] >= 17 for row in kept
    )
    assert len(page.histogram) == 11 * 60 // page.step_seconds
    assert [b.time for b in page.histogram] == sorted(b.time for b in page.histogram)
    expected = {
        "service": Counter(row["ServiceName"] for row in kept),
        "severity": Counter(row["SeverityText"] for row in kept),
        "namespace": Counter(row["ResourceAttributes"]["k8s.namespace.name"] for row in kept),
        "pod": Counter(row["ResourceAttributes"]["k8s.pod.name"] for row in kept),
    }
    for name, counts in expected.items():
        facet = page.facets[name]
        assert {v.value: v.count for v in facet} == dict(counts.most_common(20)), name
        assert [v.count for v in facet] == sorted((v.count for v in facet), reverse=True)
        if len(counts) <= 20:
            assert sum(v.count for v in facet) == page.total


async def test_paging_is_newest_first_and_contiguous(data: Dataset) -> None:
    whole = await logs.query_logs(data.ctx, data.params(limit=60))
    first = await logs.query_logs(data.ctx, data.params(limit=25))
    second = await logs.query_logs(data.ctx, data.params(limit=35, offset=25))
    assert whole.total == first.total == second.total == len(data.rows)
    assert [i.time for i in first.items + second.items] == [i.time for i in whole.items]
    assert [i.time for i in whole.items] == sorted((i.time for i in whole.items), reverse=True)
    newest = whole.items[0]
    assert newest.namespace and newest.pod and newest.attributes["http.route"]


@pytest.mark.parametrize("q", HOSTILE)
async def test_hostile_text_is_only_text(data: Dataset, q: str) -> None:
    page = await logs.query_logs(data.ctx, data.params(q=q, limit=1000))
    expected = _expected(data, _matches(q))
    assert page.total == len(expected)
    assert {item.body for item in page.items} == {row["Body"] for row in expected}
    if q.startswith("'; DROP"):  # the words of the one body that says so, nothing else
        assert [item.body for item in page.items] == ["DROP TABLE otel_logs; -- not really"]
    if q in ("{w0:String}", "' OR 1=1 --", "%' OR Body LIKE '%"):
        assert page.total == 0
    still = await data.ctx.client.query(f"SELECT count() FROM {data.ctx.table('otel_logs')}")
    assert still.rows[0][0] == len(data.rows)


async def test_token_index_serves_the_search(data: Dataset) -> None:
    params = data.params(q='deadline "context deadline"', services=["cart"])
    condition, values = logs.where(data.ctx, params, data.start, data.end)
    assert "hasToken(lower(Body), {w0:String})" in condition
    plan = await data.ctx.client.query(
        f"EXPLAIN indexes = 1 SELECT Body FROM {data.ctx.table('otel_logs')} WHERE {condition}",
        values,
    )
    text = "\n".join(str(row[0]) for row in plan.rows)
    assert "idx_lower_body" in text, text


# ---------------------------------------------------------------- schema-dependent SQL


async def test_materialized_columns_give_what_the_map_gives(data: Dataset) -> None:
    """Namespace and pod read from the newest tables' columns, and the page read in key order,
    find exactly what the map and a plain sort find."""
    detected = data.ctx.schema
    if data.generation == "current":
        assert {logs.NAMESPACE, logs.POD} <= detected.logs_materialized
        assert detected.logs_sorting_key.startswith("toStartOfFiveMinutes(Timestamp),")
    else:
        assert not detected.logs_materialized
        assert detected.logs_sorting_key.startswith("ServiceName,")
    plain = dataclasses.replace(
        data.ctx,
        schema=dataclasses.replace(
            detected, logs_materialized=frozenset(), logs_sorting_key="", settings=frozenset()
        ),
    )
    some = next(row for row in data.rows if row["TraceId"])
    resource = some["ResourceAttributes"]
    for params in (
        {},
        {"q": "GET", "limit": 30, "offset": 7},
        {"namespace": resource["k8s.namespace.name"]},
        {"pod": resource["k8s.pod.name"], "severities": ["INFO", "ERROR"]},
        {"services": ["web", "cart"], "limit": 1000},
    ):
        found = await logs.query_logs(data.ctx, data.params(**params))
        assert found == await logs.query_logs(plain, data.params(**params)), params
        assert found.total > 0, params


async def test_page_is_read_in_key_order(data: Dataset) -> None:
    condition, values = logs.where(data.ctx, data.params(q="GET"), data.start, data.end)
    sql = logs.page_sql(data.ctx.schema, data.ctx.table("otel_logs"), condition)
    plan = await data.ctx.client.query(
        f"EXPLAIN actions = 1 {sql}", {**values, "limit": 10, "offset": 0}
    )
    text = "\n".join(str(row[0]) for row in plan.rows)
    if data.generation == "current":
        assert "Read type: InReverseOrder" in text, text
        assert sql.endswith("SETTINGS read_in_order_use_buffering = 0")
    else:  # keyed by ServiceName first: every match is sorted
        assert "InReverseOrder" not in text, text
        assert "SETTINGS" not in sql


@pytest.mark.parametrize(
    ("key", "order"),
    [
        (
            "toStartOfFiveMinutes(Timestamp), ServiceName, Timestamp",
            "toStartOfFiveMinutes(Timestamp) DESC, Timestamp DESC",
        ),
        ("toStartOfHour(Timestamp), ServiceName", "toStartOfHour(Timestamp) DESC, Timestamp DESC"),
        ("Timestamp, ServiceName", "Timestamp DESC"),
        ("ServiceName, TimestampTime, Timestamp", "Timestamp DESC"),
        ("toStartOfInterval(Timestamp, toIntervalMinute(5)), ServiceName", "Timestamp DESC"),
        ("toStartOfFiveMinutes(TimestampTime), ServiceName", "Timestamp DESC"),
        ("", "Timestamp DESC"),
    ],
)
@pytest.mark.parametrize("known", [frozenset({"read_in_order_use_buffering"}), frozenset()])
def test_page_order_follows_the_key(key: str, order: str, known: frozenset[str]) -> None:
    table = OtelSchema(frozenset(), "DateTime", False, None, False, "UInt64")
    sql = logs.page_sql(dataclasses.replace(table, logs_sorting_key=key, settings=known), "t", "1")
    assert f"ORDER BY {order} LIMIT" in sql
    in_key_order = order != "Timestamp DESC" or key.startswith("Timestamp,")
    assert sql.endswith(" SETTINGS read_in_order_use_buffering = 0") == bool(in_key_order and known)
    assert "ResourceAttributes['k8s.namespace.name'], ResourceAttributes['k8s.pod.name']" in sql
    columns = dataclasses.replace(table, logs_materialized=frozenset({logs.NAMESPACE, logs.POD}))
    assert "`__otel_materialized_k8s.pod.name`, LogAttributes" in logs.page_sql(columns, "t", "1")


async def test_facets_keep_their_largest_values(
    data: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facets are cut to FACET_SIZE values (largest first, then by value); the histogram is not."""
    monkeypatch.setattr(logs, "FACET_SIZE", 2)
    page = await logs.query_logs(data.ctx, data.params(stepSeconds=30))
    assert len(page.histogram) == 22 and sum(b.count for b in page.histogram) == len(data.rows)
    assert sum(bucket.count > 0 for bucket in page.histogram) > 2
    counts = {
        "service": Counter(row["ServiceName"] for row in data.rows),
        "severity": Counter(row["SeverityText"] for row in data.rows),
        "namespace": Counter(row["ResourceAttributes"]["k8s.namespace.name"] for row in data.rows),
        "pod": Counter(row["ResourceAttributes"]["k8s.pod.name"] for row in data.rows),
    }
    for name, counted in counts.items():
        largest = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:2]
        assert [(v.value, v.count) for v in page.facets[name]] == largest, name
    assert all(len(counts[name]) > 2 for name in ("service", "severity", "pod"))  # were cut
