"""Master views at scale: the pods list and the overview over 150,000 pods, p50 and p99.

    .venv/bin/python bench/master_views.py [--pods 150000] [--clusters 1] [--requests 200]

One state of `--pods` pods (split over `--clusters`; with more than one, the queries read every
cluster, `*`), with about 1,500 nodes, a Deployment, two ReplicaSets, a Service and its endpoints
per 8 pods, usage and events (bench/fleet.py). Each pods query asks for a page of 50:

- in-process, on a StateStore holding the state: the view cost alone;
- over HTTP, against a real Master that was pushed the same snapshot: what the UI sees, with the
  Master's CPU per request; then again while a 1 % delta arrives every `--delta-interval` s.

Baselines, in the same run and on the same state:
- recompute: the founding design, building the pod rows from the raw objects on every request,
  then filtering, searching, sorting and slicing them (the overview: from the raw objects too);
- sort per request: rows kept per cluster, but every request filters and sorts all of them (the
  Master before kept orders and indexes).
It also prints the cost of a 1 % delta at this size, before requests derived anything and after.
It prints, and asserts nothing: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from fleet import Cluster, MasterProcess, cluster, encode, percentile, push

from atlhyper.master.state import ClusterState, StateStore
from atlhyper.master.views.overview import overview
from atlhyper.master.views.paging import Listing, ListQuery
from atlhyper.master.views.pods import POD_LISTING, pod_rows

RUNNING_IN_TEAM_7 = {"namespace": "team-7", "status": "Running"}
SHAPES: list[tuple[str, ListQuery]] = [
    ("namespace", ListQuery(filters={"namespace": "team-7"})),
    ("namespace + Running, -age", ListQuery(sort="-age", filters=RUNNING_IN_TEAM_7)),
    ("status Running, by name", ListQuery(sort="name", filters={"status": "Running"})),
    ("CrashLoop, -restarts", ListQuery(sort="-restarts", filters={"status": "CrashLoopBackOff"})),
    ("search 'svc-12'", ListQuery(q="svc-12")),
    ("search, new each time", ListQuery(q="svc-1000-")),  # svc-1000-, svc-1001-, …
    ("search + node, -cpu", ListQuery(sort="-cpu", q="team-3", filters={"node": "node-0042"})),
    ("no filter, -cpu", ListQuery(sort="-cpu")),
]
OVERVIEW_KINDS = ("pods", "podmetrics", "nodes", "nodemetrics", "deployments", "statefulsets")
OVERVIEW_KINDS += ("daemonsets", "events")


def sort_per_request(
    listing: Listing[Any], rows: Sequence[Any], query: ListQuery
) -> tuple[list[Any], int]:
    """Filter, search and sort every row (the listing before it kept orders and indexes)."""
    sort = query.sort or listing.default_sort
    name = sort.removeprefix("-")
    descending = sort.startswith("-") != (name in listing.inverted_keys)
    matching = list(rows)
    for field, wanted in query.filters.items():
        getter = listing.filters[field]
        matching = [row for row in matching if getter(row) == wanted]
    if query.q:
        needle = query.q.lower()
        matching = [row for row in matching if needle in listing.search_text(row)]
    matching.sort(key=listing.sort_keys[name], reverse=descending)
    return matching[query.offset : query.offset + query.limit], len(matching)


def recompute(states: list[ClusterState], query: ListQuery) -> tuple[list[Any], int]:
    """The founding design: pod rows from the raw objects, per request."""
    rows = [
        row
        for s in states
        for row in pod_rows(
            s.cluster_id, s.cluster_name, list(s.objects["pods"].values()), s.objects["podmetrics"]
        )
    ]
    return sort_per_request(POD_LISTING, rows, query)


def overview_recompute(states: list[ClusterState]) -> Any:
    """The overview from the raw objects: every row it reads built afresh."""
    fresh = []
    for s in states:
        state = ClusterState(
            s.cluster_id,
            s.cluster_name,
            s.seq,
            s.received_at,
            {kind: s.objects[kind] for kind in OVERVIEW_KINDS},
        )
        state.rebuild()
        fresh.append(state)
    return overview(len(states), fresh)


def nth(query: ListQuery, n: int) -> ListQuery:
    """The n-th request of a shape: the same query, but a search for one Deployment's pods
    ("svc-1000-") asks for another Deployment each time, so no kept search helps."""
    if query.q and query.q.startswith("svc-1000-"):
        return ListQuery(query.limit, query.offset, query.sort, f"svc-{1001 + n}-", query.filters)
    return query


def timed(fn: Callable[[int], Any], times: int) -> tuple[list[float], list[float]]:
    """Milliseconds per call: wall (what a request waits for, preemption included) and CPU (the
    work alone, steadier on a shared machine). `fn` gets the call's number."""
    walls, cpus = [], []
    for n in range(times):
        started, cpu = time.perf_counter(), time.process_time()
        fn(n)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def params(query: ListQuery) -> dict[str, Any]:
    found: dict[str, Any] = {"limit": query.limit, "offset": query.offset, **query.filters}
    if query.sort:
        found["sort"] = query.sort
    if query.q:
        found["q"] = query.q
    return found


def row(cells: Sequence[object], widths: Sequence[int]) -> str:
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def apply_deltas(
    store: StateStore,
    clusters: list[Cluster],
    ids: list[str],
    rounds: int,
    master: MasterProcess | None,
    client: httpx.Client | None,
    tokens: list[str],
) -> tuple[float, float]:
    """Apply `rounds` 1 % deltas per cluster in-process (and push them to the Master):
    (in-process CPU ms, Master CPU ms) per delta."""
    local = remote = 0.0
    for _ in range(rounds):
        for c, cid, token in zip(clusters, ids, tokens, strict=True):
            delta = c.delta(0.01)
            started = time.process_time()
            store.accept(cid, c.name, delta)
            local += time.process_time() - started
            if master and client:
                body, _ = encode(delta)
                before = master.cpu_seconds()
                push(client, token, body)
                remote += master.cpu_seconds() - before
    count = rounds * len(clusters)
    return local * 1000 / count, remote * 1000 / count


def in_process(states: list[ClusterState], args: argparse.Namespace) -> None:
    tables = [s.tables["pods"] for s in states]
    rows = [r for s in states for r in s.rows["pods"]]
    print(f"\npods page of 50, in-process, {args.requests} requests per query (ms)")
    widths = [30, 8, 8, 8, 13, 10, 10]
    print(
        row(
            ["query (matches)", "p50", "p99", "CPU p99", "sort/request", "recompute", "ratio"],
            widths,
        )
    )
    print(row(["", "", "", "", "p50", "p50", "vs ours"], widths))
    every: list[float] = []
    every_cpu: list[float] = []
    for label, query in SHAPES:
        ours = POD_LISTING.page_tables(tables, query)  # derives what it reads, as a first request
        assert ours == sort_per_request(POD_LISTING, rows, query), label
        laps, cpus = timed(
            lambda n, q=query: POD_LISTING.page_tables(tables, nth(q, n)), args.requests
        )
        every += laps
        every_cpu += cpus
        kept, _ = timed(
            lambda n, q=query: sort_per_request(POD_LISTING, rows, nth(q, n)), args.requests // 20
        )
        base, _ = timed(lambda n, q=query: recompute(states, nth(q, n)), args.baseline_requests)
        print(row([f"{label} ({ours[1]:,})", *_cells(laps, cpus, kept, base)], widths))
    print(row(["all queries", *_cells(every, every_cpu), "", "", ""], widths))
    laps, cpus = timed(lambda n: overview(len(states), states), args.requests)
    base, _ = timed(lambda n: overview_recompute(states), args.baseline_requests)
    print(row(["overview", *_cells(laps, cpus, None, base)], widths))


def _cells(
    laps: list[float],
    cpus: list[float],
    kept: list[float] | None = None,
    base: list[float] | None = None,
) -> list[str]:
    p50 = percentile(laps, 50)
    cells = [f"{p50:.2f}", f"{percentile(laps, 99):.2f}", f"{percentile(cpus, 99):.2f}"]
    if base is not None:
        cells += [
            f"{percentile(kept, 50):.1f}" if kept else "",
            f"{percentile(base, 50):,.0f}",
            f"{percentile(base, 50) / max(p50, 0.001):,.0f}x",
        ]
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pods", type=int, default=150_000)
    parser.add_argument("--clusters", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per query")
    parser.add_argument("--baseline-requests", type=int, default=3)
    parser.add_argument("--no-http", action="store_true", help="in-process only")
    parser.add_argument(
        "--http-only", action="store_true", help="no in-process tables (to measure any Master)"
    )
    parser.add_argument("--delta-interval", type=float, default=10.0)
    parser.add_argument("--window", type=float, default=30.0, help="seconds of queries + deltas")
    args = parser.parse_args()
    per_cluster = args.pods // args.clusters
    started = time.process_time()
    clusters = [cluster(f"big-{i}", per_cluster, seed=i + 1) for i in range(args.clusters)]
    fulls = [c.full() for c in clusters]
    print(
        f"state: {args.pods:,} pods in {args.clusters} cluster(s), "
        f"{sum(len(c.objects['nodes']) for c in clusters):,} nodes, "
        f"{sum(len(c.objects['deployments']) for c in clusters):,} deployments "
        f"(generated in {time.process_time() - started:.1f} s)"
    )

    store = StateStore()
    started = time.process_time()
    ids = [f"c{i}" for i in range(args.clusters)]
    for cid, c, full in zip(ids, clusters, fulls, strict=True):
        store.accept(cid, c.name, full)
    print(f"in-process full snapshot apply: {time.process_time() - started:.2f} s CPU")
    gc.collect()
    gc.freeze()

    master: MasterProcess | None = None
    client: httpx.Client | None = None
    tokens = [""] * args.clusters
    remote_ids = ids
    if not args.no_http:
        work = Path(tempfile.mkdtemp(prefix="atlhyper-views-"))
        master = MasterProcess(work)
        client = httpx.Client(base_url=master.url, timeout=600)
        registered = [master.register(c.name) for c in clusters]
        remote_ids = [cid for cid, _ in registered]
        tokens = [token for _, token in registered]
        cpu = master.cpu_seconds()
        wire = 0
        for token, full in zip(tokens, fulls, strict=True):
            body, _ = encode(full)
            wire += len(body)
            push(client, token, body)
        print(
            f"HTTP full snapshot push: {wire / 1e6:.1f} MB zstd, Master CPU "
            f"{master.cpu_seconds() - cpu:.2f} s, Master RSS {master.rss_mib():,.0f} MiB"
        )
    del fulls
    try:
        cold = apply_deltas(store, clusters, ids, 3, master, client, tokens)
        states = [s for cid in ids if (s := store.get(cid))]

        if not args.http_only:
            in_process(states, args)
            print(f"kept for the pods table: {', '.join(states[0].tables['pods'].kept())}")

        if master is not None and client is not None:
            http_queries(master, client, remote_ids, args)
        hot = apply_deltas(store, clusters, ids, 3, master, client, tokens)
        print(
            f"\n1 % delta at {per_cluster:,} pods per cluster: in-process {cold[0]:.0f} ms CPU "
            f"before any request, {hot[0]:.0f} ms with what requests read kept warm"
        )
        if master is not None:
            print(
                f"  Master CPU per delta push: {cold[1]:.0f} ms before any request, "
                f"{hot[1]:.0f} ms warm"
            )
        if master is not None and client is not None:
            under_deltas(master, client, clusters, remote_ids, tokens, args)
    finally:
        if client is not None:
            client.close()
        if master is not None:
            master.stop()


def http_queries(
    master: MasterProcess, client: httpx.Client, ids: list[str], args: argparse.Namespace
) -> None:
    where = f"/api/v3/clusters/{ids[0] if len(ids) == 1 else '*'}"
    for _, query in SHAPES:  # the first request derives what the query reads
        master.admin.get(f"{where}/pods", params=params(query))
    print(f"\npods page of 50 over HTTP, {args.requests} requests per query (ms)")
    widths = [30, 9, 9, 15]
    print(row(["query", "p50", "p99", "Master CPU/req"], widths))
    every: list[float] = []
    for label, query in SHAPES:
        laps, cpu = http_laps(master, f"{where}/pods", query, args.requests)
        every += laps
        print(row([label, *_http_cells(laps, cpu)], widths))
    print(row(["all queries", *_http_cells(every, None)], widths))
    laps, cpu = http_laps(master, f"{where}/overview", None, args.requests)
    print(row(["overview", *_http_cells(laps, cpu)], widths))
    laps, cpu = http_laps(master, "/api/v3/auth/me", None, args.requests)
    print(row(["floor: GET /api/v3/auth/me", *_http_cells(laps, cpu)], widths))


def _http_cells(laps: list[float], cpu: float | None) -> list[str]:
    cells = [f"{percentile(laps, 50):.2f}", f"{percentile(laps, 99):.2f}"]
    return [*cells, "" if cpu is None else f"{cpu:.2f}"]


def http_laps(
    master: MasterProcess, path: str, query: ListQuery | None, times: int
) -> tuple[list[float], float]:
    """Latencies (ms) and the Master's CPU per request (ms)."""
    cpu = master.cpu_seconds()
    laps = []
    for n in range(times):
        started = time.perf_counter()
        response = master.admin.get(path, params=params(nth(query, n)) if query else None)
        laps.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return laps, (master.cpu_seconds() - cpu) * 1000 / times


def under_deltas(
    master: MasterProcess,
    client: httpx.Client,
    clusters: list[Cluster],
    ids: list[str],
    tokens: list[str],
    args: argparse.Namespace,
) -> None:
    """Every query in turn for `--window` s while each cluster pushes a 1 % delta every
    `--delta-interval` s: what a user sees while the Master ingests."""
    rounds = max(1, int(args.window / args.delta_interval))
    bodies = [[encode(c.delta(0.01))[0] for c in clusters] for _ in range(rounds)]
    stop = threading.Event()

    def pusher() -> None:
        with httpx.Client(base_url=master.url, timeout=600) as pushing:
            for round_bodies in bodies:
                if stop.wait(args.delta_interval):
                    return
                for token, body in zip(tokens, round_bodies, strict=True):
                    push(pushing, token, body)

    cluster_path = ids[0] if len(ids) == 1 else "*"
    thread = threading.Thread(target=pusher)
    laps: list[float] = []
    overview_laps: list[float] = []
    thread.start()
    deadline = time.monotonic() + rounds * args.delta_interval + 1
    try:
        while time.monotonic() < deadline:
            for _, query in SHAPES:
                started = time.perf_counter()
                master.admin.get(
                    f"/api/v3/clusters/{cluster_path}/pods", params=params(nth(query, len(laps)))
                )
                laps.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            master.admin.get(f"/api/v3/clusters/{cluster_path}/overview")
            overview_laps.append((time.perf_counter() - started) * 1000)
    finally:
        stop.set()
        thread.join()
    print(
        f"\nover HTTP, {rounds} rounds of 1 % deltas arriving {args.delta_interval:.0f} s apart:\n"
        f"  pods pages p50 {percentile(laps, 50):.1f} ms, p99 {percentile(laps, 99):.1f} ms "
        f"({len(laps)} requests); overview p50 {percentile(overview_laps, 50):.1f} ms, "
        f"p99 {percentile(overview_laps, 99):.1f} ms"
    )


if __name__ == "__main__":
    main()
