"""Server-side filter, search, sort and pagination over view rows.

A request reads one `RowTable` per cluster, whose kept values (see `rowtable`) let a page cost
what it matches rather than what the cluster holds:
- filters: the smallest bucket of the kept indexes, then the search and the other filters;
- a search: a scan of the kept search texts (no text built per request);
- a small match is sorted; a large one (or every row) is read from the kept order of the sort
  key, skipping rows that do not match, until the page is full;
- several clusters: their ordered streams are merged, lazily.
The page is exactly what filtering, searching and stably sorting every row would give.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Container, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Generic, TypeVar

import msgspec

from atlhyper.master.errors import ApiError
from atlhyper.master.views.rowtable import RowTable, index, search_texts, sorted_rows

RowT = TypeVar("RowT")

MAX_LIMIT = 500
#: Matches up to this many, or an eighth of the rows, are sorted; more are read from the kept
#: order (which costs at most one pass over it).
_SORT_AT_MOST = 2000

#: Matching rows (any order), and a test of `id(row)` for them when one is at hand.
Matched = tuple[Collection[Any], Container[int] | None]


@dataclass(frozen=True, slots=True)
class ListQuery:
    limit: int = 50
    offset: int = 0
    sort: str | None = None
    q: str | None = None
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing(Generic[RowT]):
    """How one kind's rows are filtered, searched and sorted.

    Sort keys must tell apart any two rows of one cluster (they end with the name), so that a
    kept order is exact and descending is ascending reversed.
    """

    default_sort: str
    sort_keys: dict[str, Callable[[RowT], Any]]
    filters: dict[str, Callable[[RowT], str]]
    search_text: Callable[[RowT], str]
    # Keys whose natural order is the reverse of their value's, e.g. "age" ascending means
    # youngest first, which is the newest creation time first.
    inverted_keys: frozenset[str] = frozenset({"age"})

    def page(self, rows: Sequence[RowT], query: ListQuery) -> tuple[list[RowT], int]:
        """One page of matching `rows` and how many match in all (nothing is kept)."""
        return self.page_tables([RowTable(list(rows))], query)

    def page_tables(
        self, tables: Sequence[RowTable[RowT]], query: ListQuery
    ) -> tuple[list[RowT], int]:
        """One page of the matching rows of every table, and how many match in all."""
        if not 1 <= query.limit <= MAX_LIMIT:
            raise ApiError(400, f"limit must be between 1 and {MAX_LIMIT}, got {query.limit}")
        if query.offset < 0:
            raise ApiError(400, f"offset must be 0 or more, got {query.offset}")
        sort = query.sort or self.default_sort
        name = sort.removeprefix("-")
        descending = sort.startswith("-") != (name in self.inverted_keys)
        key = self.sort_keys.get(name)
        if key is None:
            raise ApiError(
                400,
                f"cannot sort by {sort!r}; sort by one of: {', '.join(sorted(self.sort_keys))}"
                " (prefix '-' for descending)",
            )
        total = 0
        streams: list[Iterable[RowT]] = []
        for table in tables:
            matched = self._matching(table, query)
            total += len(table.rows if matched is None else matched[0])
            streams.append(self._ordered(table, matched, name, key, descending))
        merged = (
            streams[0] if len(streams) == 1 else heapq.merge(*streams, key=key, reverse=descending)
        )
        return list(islice(merged, query.offset, query.offset + query.limit)), total

    def _matching(self, table: RowTable[RowT], query: ListQuery) -> Matched | None:
        """The rows that pass the filters and the search; None: every row."""
        filters = dict(query.filters)
        candidates: dict[int, RowT] | None = None
        if filters:
            buckets = {
                name: table.derive(f"index:{name}", index(self.filters[name])).get(wanted, {})
                for name, wanted in filters.items()
            }
            smallest = min(buckets, key=lambda name: len(buckets[name]))
            candidates = buckets[smallest]
            del filters[smallest]
        found: Collection[RowT]
        members: Container[int] | None = None
        if query.q:
            needle = query.q.lower()
            found = table.derive("search", search_texts(self.search_text)).matching(
                needle, candidates
            )
        elif candidates is not None:
            found, members = candidates.values(), candidates
        else:
            return None
        for name, wanted in filters.items():
            getter = self.filters[name]
            found, members = [row for row in found if getter(row) == wanted], None
        return found, members

    def _ordered(
        self,
        table: RowTable[RowT],
        matched: Matched | None,
        name: str,
        key: Callable[[RowT], Any],
        descending: bool,
    ) -> Iterable[RowT]:
        """The matching rows in the order asked, as a lazy stream when there are many."""
        if matched is not None and len(matched[0]) <= max(_SORT_AT_MOST, len(table.rows) // 8):
            return sorted(matched[0], key=key, reverse=descending)
        order = table.derive(f"order:{name}", sorted_rows(key)).rows
        ordered = reversed(order) if descending else order
        if matched is None or len(matched[0]) == len(table.rows):
            return ordered
        rows, members = matched
        wanted = set(map(id, rows)) if members is None else members
        return (row for row in ordered if id(row) in wanted)


def page_type(row_type: type[Any]) -> type[Any]:
    """`{Kind}Page{items, total, limit, offset}` for a row type, for precise OpenAPI schemas."""
    name = row_type.__name__.removesuffix("Row") + "Page"
    return msgspec.defstruct(
        name,
        [("items", list[row_type]), ("total", int), ("limit", int), ("offset", int)],  # type: ignore[valid-type]
        rename="camel",
        module=row_type.__module__,
    )


def namespaced_listing(
    sort_keys: dict[str, Callable[[Any], Any]],
    filters: dict[str, Callable[[Any], str]],
    search: Callable[[Any], str],
    default_sort: str = "namespace",
    inverted_keys: frozenset[str] = frozenset({"age"}),
) -> Listing[Any]:
    """A Listing with the keys every namespaced row has (name, namespace, age, cluster)."""
    base: dict[str, Callable[[Any], Any]] = {
        "name": lambda row: (row.name, row.namespace),
        "namespace": lambda row: (row.namespace, row.name),
        "age": lambda row: (row.created_at, row.namespace, row.name),
        "cluster": lambda row: (row.cluster_name, row.namespace, row.name),
    }
    return Listing(
        default_sort=default_sort,
        sort_keys=base | {key: _then_name(get) for key, get in sort_keys.items()},
        filters={"namespace": lambda row: row.namespace} | filters,
        search_text=lambda row: f"{row.name} {row.namespace} {search(row)}".lower(),
        inverted_keys=inverted_keys,
    )


def cluster_listing(
    sort_keys: dict[str, Callable[[Any], Any]],
    filters: dict[str, Callable[[Any], str]],
    search: Callable[[Any], str],
) -> Listing[Any]:
    """A Listing for cluster-scoped rows (name, age, cluster)."""
    base: dict[str, Callable[[Any], Any]] = {
        "name": lambda row: row.name,
        "age": lambda row: (row.created_at, row.name),
        "cluster": lambda row: (row.cluster_name, row.name),
    }
    return Listing(
        default_sort="name",
        sort_keys=base | {key: _then_name(get) for key, get in sort_keys.items()},
        filters=filters,
        search_text=lambda row: f"{row.name} {search(row)}".lower(),
    )


def _then_name(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Ties broken by namespace and name, so pages are stable."""
    return lambda row: (get(row), getattr(row, "namespace", ""), row.name)
