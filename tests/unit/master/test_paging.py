"""Server-side filter, search, sort and pagination."""

from __future__ import annotations

import random
from collections.abc import Iterable

import pytest

from atlhyper.master.errors import ApiError
from atlhyper.master.views import paging
from atlhyper.master.views.paging import ListQuery
from atlhyper.master.views.pods import POD_LISTING, PodRow, pod_rows
from atlhyper.master.views.rowtable import RowTable
from atlhyper.model import Pod


def _rows() -> list[PodRow]:
    pods = [
        Pod(
            uid=f"u{i}",
            name=f"web-{i}",
            namespace="shop" if i % 2 else "default",
            status="Running" if i % 3 else "CrashLoopBackOff",
            restarts=i,
            node_name=f"node-{i % 2}",
            created_at=f"2026-01-01T00:00:{i:02d}Z",
        )
        for i in range(10)
    ]
    return pod_rows("c1", "one", pods)


def test_filter_search_sort_page() -> None:
    page, total = POD_LISTING.page(
        _rows(), ListQuery(limit=2, offset=1, sort="-restarts", filters={"namespace": "shop"})
    )
    assert total == 5
    assert [row.name for row in page] == ["web-7", "web-5"]


def test_search_is_case_insensitive_across_fields() -> None:
    page, total = POD_LISTING.page(_rows(), ListQuery(q="NODE-1"))
    assert total == 5
    assert all(row.node == "node-1" for row in page)


def test_age_ascending_means_youngest_first() -> None:
    page, _ = POD_LISTING.page(_rows(), ListQuery(sort="age", limit=3))
    assert [row.name for row in page] == ["web-9", "web-8", "web-7"]


def test_status_filter() -> None:
    _, total = POD_LISTING.page(_rows(), ListQuery(filters={"status": "CrashLoopBackOff"}))
    assert total == 4


def test_ready_is_shaped_for_the_table() -> None:
    row = _rows()[0]
    assert row.ready == "0/0"
    assert row.cluster_name == "one"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (ListQuery(sort="colour"), "cannot sort by 'colour'"),
        (ListQuery(limit=0), "limit must be between 1 and 500"),
        (ListQuery(limit=501), "limit must be between 1 and 500"),
        (ListQuery(offset=-1), "offset must be 0 or more"),
    ],
)
def test_bad_parameters(query: ListQuery, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        POD_LISTING.page(_rows(), query)
    assert caught.value.status == 400
    assert message in caught.value.message


# --- kept orders and indexes --------------------------------------------------------------------


def _reference(rows: list[PodRow], query: ListQuery) -> tuple[list[PodRow], int]:
    """Filter, search and sort every row, as the listing did before it kept anything."""
    sort = query.sort or POD_LISTING.default_sort
    name = sort.removeprefix("-")
    descending = sort.startswith("-") != (name in POD_LISTING.inverted_keys)
    matching = [
        row
        for row in rows
        if all(POD_LISTING.filters[f](row) == wanted for f, wanted in query.filters.items())
        and (not query.q or query.q.lower() in POD_LISTING.search_text(row))
    ]
    matching.sort(key=POD_LISTING.sort_keys[name], reverse=descending)
    return matching[query.offset : query.offset + query.limit], len(matching)


def _cluster_rows(rng: random.Random, cluster: str, names: Iterable[int]) -> list[PodRow]:
    pods = [
        Pod(
            uid=f"{cluster}-{i}",
            name=f"web-{i}",
            namespace=rng.choice(("shop", "default", "kube-system")),
            status=rng.choice(("Running", "Running", "Running", "CrashLoopBackOff", "Pending")),
            restarts=rng.randint(0, 3),
            node_name=rng.choice(("node-1", "node-2", "")),
            created_at=f"2026-01-01T00:00:{rng.randint(0, 59):02d}Z",
        )
        for i in names
    ]
    return pod_rows(cluster, cluster, pods)


def _change(rng: random.Random, table: RowTable[PodRow], cluster: str, size: int) -> None:
    """Some rows replaced, some deleted, some added, as a delta does; the table told which."""
    rows = {row.name: row for row in table.rows}
    names = rng.sample(range(size * 2), rng.randint(1, size // 4))
    removed = [rows.pop(f"web-{i}") for i in names if f"web-{i}" in rows]
    kept = [i for i in names if rng.random() < 0.8]
    added = _cluster_rows(rng, cluster, kept)
    rows.update((row.name, row) for row in added)
    table.replace(list(rows.values()), (removed, added))


def _random_query(rng: random.Random) -> ListQuery:
    filters = {
        name: rng.choice(values)
        for name, values in (
            ("namespace", ("shop", "default", "kube-system", "none")),
            ("status", ("Running", "CrashLoopBackOff", "Pending")),
            ("node", ("node-1", "node-2", "")),
        )
        if rng.random() < 0.3
    }
    return ListQuery(
        limit=rng.choice((1, 5, 50)),
        offset=rng.choice((0, 0, 3, 40, 200)),
        sort=rng.choice((None, *POD_LISTING.sort_keys, *(f"-{k}" for k in POD_LISTING.sort_keys))),
        q=rng.choice((None, None, "WEB-1", "node-2", "kube")),
        filters=filters,
    )


@pytest.mark.parametrize(("size", "sort_at_most"), [(40, 2000), (400, 20)])
def test_kept_orders_and_indexes_give_what_sorting_everything_gives(
    size: int, sort_at_most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages from several clusters' tables (small matches sorted, large ones read from the kept
    orders), as the rows change and the kept values are updated, dropped and derived again,
    equal filtering and sorting every row per request."""
    monkeypatch.setattr(paging, "_SORT_AT_MOST", sort_at_most)
    rng = random.Random(size)
    clock = [0.0]
    tables = {
        name: RowTable(_cluster_rows(rng, name, range(size)), clock=lambda: clock[0])
        for name in ("c1", "c2", "c3")
    }
    for step in range(240):
        if step % 10 == 9:  # the rows change: what requests read is updated, or dropped
            clock[0] += rng.choice((1, 100))
            name = rng.choice(sorted(tables))
            _change(rng, tables[name], name, size)
        query = _random_query(rng)
        picked = [tables[name] for name in sorted(rng.sample(sorted(tables), rng.randint(1, 3)))]
        expected = _reference([row for table in picked for row in table.rows], query)
        assert POD_LISTING.page_tables(picked, query) == expected, query
