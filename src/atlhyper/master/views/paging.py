"""Server-side filter, search, sort and pagination over view rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

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
