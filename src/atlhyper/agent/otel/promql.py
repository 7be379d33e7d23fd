"""Prometheus-style arithmetic over the exporter's metric tables (OTEL_CLICKHOUSE.md §2): metric
names in both spellings, reset-safe counter increases, and histogram percentiles.

A counter's increase follows Prometheus's `increase()`: each point adds its value minus the
previous one, or its whole value when the counter restarted from zero (a drop, or a StartTimeUnix
after the previous point). `deltaSumTimestamp` would drop that post-restart value, and `max - min`
is wrong across any restart. A series' first point counts in full only when the series started
inside the range read (its StartTimeUnix there; collectors that leave it 0 lose that point, as
Prometheus does). Points of delta temporality are summed as they are.

The reading is two GROUP BYs, so a month of points never sits in memory as arrays:

1. per series, time bucket and StartTimeUnix (a *segment*: one run of the counter inside one
   bucket): the first and last point, the largest value and, for histograms, the least and
   largest count of each bucket (those of its first and last point: a run only grows);
   order-independent aggregates, so parts can be read in any order;
2. per series: its segments in time order, giving each bucket's increase (the rise inside each
   segment plus the step from the previous segment) and the seconds it covers.

A restart inside a segment that leaves StartTimeUnix unchanged shows as a last value under the
largest one: a counter counts it as one restart, a histogram keeps the rise before it. With
StartTimeUnix set on restarts (the prometheus receiver does), or buckets no wider than the
scrape interval, the result is exactly Prometheus's.

`increases()` returns that second SELECT. Its callers bind `{since:UInt32}` (the first second
read), `{width:UInt32}` and `{offset:UInt32}` (bucket `b` holds the seconds t with
`intDiv(t + offset, width) = b`), and read per series the carried labels and the arrays `_b`
(bucket), `_d` (increase: Float64, or Array(UInt64) per histogram bucket with +Inf last) and `_dt`
(seconds covered) — filtered with `arrayFilter(… _b)` or unrolled with ARRAY JOIN.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

#: Seconds read before a range so its first point has a previous one (a few scrape intervals).
LOOKBACK = 600

#: One series: the same job, name, target and labels.
SERIES = "cityHash64(ServiceName, MetricName, ResourceAttributes, Attributes)"
#: The metric name without the `_total` suffix, whichever way the collector wrote it.
BASE_NAME = "replaceRegexpOne(MetricName, '_total$', '')"


def names(*metrics: str) -> list[str]:
    """Both spellings of each counter name: with and without `_total`."""
    found: list[str] = []
    for metric in metrics:
        base = metric.removesuffix("_total")
        for name in (base, f"{base}_total"):
            if name not in found:
                found.append(name)
    return found


def base_name(metric: str) -> str:
    return metric.removesuffix("_total")


def bucket_offset(until: int, width: int) -> int:
    """The `offset` putting bucket boundaries at `until`, `until - width`, …"""
    return (width - until % width) % width


_T = "toUInt32(toUnixTimestamp(TimeUnix))"

#: Level 1 for Value series: one row per segment.
_VALUE_SEGMENTS = (
    f"min({_T}) AS t0, max({_T}) AS t1, argMin(toFloat64(Value), {_T}) AS v0, "
    f"argMax(toFloat64(Value), {_T}) AS v1, max(toFloat64(Value)) AS top, "
    "{total} AS total"
)
#: Level 1 for histograms: counts decide restarts. A run's buckets only grow, so their least
#: and largest values are those at its first and last point (without copying arrays per row).
_HISTOGRAM_SEGMENTS = (
    f"min({_T}) AS t0, max({_T}) AS t1, argMin(Count, {_T}) AS v0, argMax(Count, {_T}) AS v1, "
    "max(Count) AS top, minForEach(BucketCounts) AS c0, maxForEach(BucketCounts) AS c1, "
    "sumForEachIf(BucketCounts, AggregationTemporality = 1) AS ctotal"
)

#: Level 2, shared: the segments of one series in time order, each one's previous segment by
#: shifting the arrays (a lambda capturing an array column would copy it per element).
_ORDERED = (
    "arraySort(s -> (s.2, s.1), groupArray(({fields}))) AS _s, "
    "arrayMap(s -> s.1, _s) AS _b, "
    "arrayMap(s -> s.2, _s) AS _t0, arrayMap(s -> s.3, _s) AS _t1, "
    "arrayMap(s -> s.4, _s) AS _v0, arrayMap(s -> s.5, _s) AS _v1, "
    "arrayMap(s -> s.6, _s) AS _top, arrayMap(s -> s.7, _s) AS _st, "
    "arrayPushFront(arrayPopBack(_t1), toUInt32(0)) AS _pt1, "
    "arrayPushFront(arrayPopBack(_v1), {zero}) AS _pv1, "
    # The step from the previous segment restarts the count: the first segment (in full only
    # when the series started inside the range), a drop, or a start after the previous point.
    "arrayMap((i, st, t0, v0, pt1, pv1) -> if(i = 1, st >= {{since:UInt32}} AND st <= t0, "
    "v0 < pv1 OR st > pt1), arrayEnumerate(_s), _st, _t0, _v0, _pt1, _pv1) AS _fresh, "
    "arrayMap((i, fresh, st, t0, t1, pt1) -> toUInt32(if(i = 1, if(fresh, t1 - st, t1 - t0), "
    "t1 - pt1)), arrayEnumerate(_s), _fresh, _st, _t0, _t1, _pt1) AS _dt"
)


def increases(
    table: str,
    where: str,
    carry: Mapping[str, str],
    histogram: bool = False,
    temporality: bool = True,
    series: str = SERIES,
) -> str:
    """SELECT of one row per series matching `where` in `table`: `carry` (name → expression of
    the series' labels), `_b`, `_d`, `_dt`. `temporality`: the table has
    AggregationTemporality (not the gauge table, whose untyped counters are cumulative).
    `series` may drop what `where` already fixes (hashing the resource map costs reading it)."""
    carried = ", ".join(f"any({expression}) AS {name}" for name, expression in carry.items())
    again = ", ".join(f"any({name}) AS {name}" for name in carry)
    delta = "any(AggregationTemporality) = 1" if temporality else "0"
    total = "sumIf(toFloat64(Value), AggregationTemporality = 1)" if temporality else "0."
    if histogram:
        series = (
            "cityHash64(ServiceName, MetricName, ResourceAttributes, Attributes, ExplicitBounds)"
        )
    level1 = (
        f"SELECT {series} AS _sid, intDiv({_T} + {{offset:UInt32}}, {{width:UInt32}}) AS _bucket, "
        f"toUInt32(toUnixTimestamp(StartTimeUnix)) AS _start, {delta} AS _delta, {carried}, "
        + (_HISTOGRAM_SEGMENTS if histogram else _VALUE_SEGMENTS.format(total=total))
        + " "
        f"FROM {table} WHERE {where} GROUP BY _sid, _bucket, _start"
    )
    if histogram:
        ordered = _ORDERED.format(
            fields="_bucket, t0, t1, v0, v1, top, _start, c0, c1, ctotal", zero="toUInt64(0)"
        )
        d = (
            "arrayMap(s -> s.8, _s) AS _c0, arrayMap(s -> s.9, _s) AS _c1, "
            "arrayPushFront(arrayPopBack(_c1), emptyArrayUInt64()) AS _pc1, "
            # Rise inside each segment (across a restart unseen in StartTimeUnix: from its
            # least to its largest counts) …
            f"arrayMap((c0, c1) -> arrayMap((p, q) -> {_clamp('p - q')}, c1, c0), _c0, _c1) "
            "AS _in, "
            # … plus the step from the previous segment: a bucket going down is a restart too.
            "arrayMap((i, fresh, c0, pc1) -> if(i = 1, if(fresh, c0, arrayMap(x -> toUInt64(0), "
            "c0)), if(fresh OR length(c0) != length(pc1) "
            "OR arrayExists((x, y) -> x < y, c0, arrayResize(pc1, length(c0))), c0, "
            f"arrayMap((p, q) -> {_clamp('p - q')}, c0, arrayResize(pc1, length(c0))))), "
            "arrayEnumerate(_s), _fresh, _c0, _pc1) AS _step, "
            "if(any(_delta), arrayMap(s -> s.10, _s), "
            "arrayMap((a, b) -> arrayMap((x, y) -> x + y, a, b), _in, _step)) AS _d"
        )
    else:
        ordered = _ORDERED.format(
            fields="_bucket, t0, t1, v0, v1, top, _start, total", zero="toFloat64(0)"
        )
        d = (
            "if(any(_delta), arrayMap(s -> s.8, _s), "
            "arrayMap((i, fresh, v0, v1, top, pv1) -> "
            # rise inside the segment (through its largest point if it restarted unseen) …
            "if(top > v1, top - v0 + v1, v1 - v0) "
            # … plus the step from the previous segment.
            "+ if(i = 1, if(fresh, v0, 0), if(fresh, v0, v0 - pv1)), "
            "arrayEnumerate(_s), _fresh, _v0, _v1, _top, _pv1)) AS _d"
        )
    return f"SELECT _sid, {again}, {ordered}, {d} FROM ({level1}) GROUP BY _sid"


def _clamp(expression: str) -> str:
    """`expression` over UInt64 bucket counts, computed signed and floored at 0."""
    for name in "pq":
        expression = expression.replace(name, f"toInt64({name})")
    return f"toUInt64(greatest(0, {expression}))"


def increase_since(param: str) -> str:
    """A series' increase over its buckets from `{param:UInt32}` on."""
    return f"arraySum(arrayFilter((d, b) -> b >= {{{param}:UInt32}}, _d, _b))"


def buckets_since(param: str) -> str:
    """A histogram series' per-bucket increase over its buckets from `{param:UInt32}` on."""
    return f"arrayReduce('sumForEach', arrayFilter((d, b) -> b >= {{{param}:UInt32}}, _d, _b))"


def quantile(q: float, bounds: Sequence[float], counts: Sequence[int]) -> float:
    """Prometheus's `histogram_quantile`: the bucket holding rank q·total, interpolated linearly
    between its bounds (0 below the first); the largest finite bound when the rank falls in +Inf.
    `counts` are per bucket with +Inf last; 0.0 without observations."""
    total = sum(counts)
    if total <= 0 or not bounds:
        return 0.0
    rank = q * total
    below = 0.0
    for index, count in enumerate(counts):
        if count > 0 and below + count >= rank:
            if index >= len(bounds):
                return float(bounds[-1])
            lower = float(bounds[index - 1]) if index > 0 else min(0.0, float(bounds[0]))
            upper = float(bounds[index])
            return lower + (upper - lower) * max(0.0, rank - below) / count
        below += count
    return float(bounds[-1])


def cumulative(counts: Iterable[int], bounds: Sequence[float]) -> list[int]:
    """Observations at or under each finite bound (the +Inf bucket left out)."""
    found: list[int] = []
    running = 0
    for count, _ in zip(counts, bounds, strict=False):
        running += int(count)
        found.append(running)
    return found + [running] * (len(bounds) - len(found))


def add_buckets(into: list[int], more: Sequence[int]) -> list[int]:
    """Per-bucket sum of two count lists (the shorter padded with zeros)."""
    if len(more) > len(into):
        into = into + [0] * (len(more) - len(into))
    return [a + int(b) for a, b in zip(into, [*more, *[0] * (len(into) - len(more))], strict=True)]
