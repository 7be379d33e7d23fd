"""Server-side filter, search, sort and pagination over view rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec

from atlhyper.master.errors import ApiError

RowT = TypeVar("RowT")

MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class ListQuery:
    limit: int = 50
    offset: int = 0
    sort: str | None = None
    q: str | None = None
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing(Generic[RowT]):
    """How one kind's rows are filtered, searched and sorted."""

    default_sort: str
    sort_keys: dict[str, Callable[[RowT], Any]]
    filters: dict[str, Callable[[RowT], str]]
    search_text: Callable[[RowT], str]
    # Keys whose natural order is the reverse of their value's, e.g. "age" ascending means
    # youngest first, which is the newest creation time first.
    inverted_keys: frozenset[str] = frozenset({"age"})

    def page(self, rows: Sequence[RowT], query: ListQuery) -> tuple[list[RowT], int]:
        """Return one page of matching rows and how many rows match in all."""
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
        matching: list[RowT] = list(rows)
        for name, wanted in query.filters.items():
            getter = self.filters[name]
            matching = [row for row in matching if getter(row) == wanted]
        if query.q:
            needle = query.q.lower()
            matching = [row for row in matching if needle in self.search_text(row)]
        matching.sort(key=key, reverse=descending)
        return matching[query.offset : query.offset + query.limit], len(matching)


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
