"""Server-side filter, search, sort and pagination."""

from __future__ import annotations

import pytest

from atlhyper.master.errors import ApiError
from atlhyper.master.views.paging import ListQuery
from atlhyper.master.views.pods import POD_LISTING, pod_rows
from atlhyper.model import Pod


def _rows() -> list:
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
