"""One cluster's rows of one kind, and what requests derive from them, kept as the rows change.

At 150,000 pods any pass over every row costs tens of milliseconds in Python, and sorting them
about 0.1 s (mostly computing keys). So what listing and the overview need (a sorted order per
sort key, an index per filter, the search texts, sums) is derived once and then kept: when a
delta replaces some rows, the state hands the table the rows it removed and added, and each kept
value is updated for those alone. A value no request read for HOT_SECONDS is dropped instead,
and derived again, in full, by the next request that reads it.

Values are updated in place, as part of applying a snapshot (which never awaits), so a request
always sees values that agree with the rows.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

RowT = TypeVar("RowT")
V = TypeVar("V")

#: A kept value is updated while a request read it in this many seconds; then it is dropped.
HOT_SECONDS = 300.0
#: Searches whose matches are kept per table, newest first.
KEPT_SEARCHES = 4


@dataclass(frozen=True)
class Derivation(Generic[RowT, V]):
    """How a value is derived from a table's rows.

    `build` reads every row. `update(value, removed, added)` brings a value up to date after a
    change that removed and added those rows (a changed row is removed in its old form and added
    in its new one) and returns it; without it, the value is built again.
    """

    build: Callable[[list[RowT]], V]
    update: Callable[[V, list[RowT], list[RowT]], V] | None = None


class RowTable(Generic[RowT]):
    """The rows (any order) and the kept values, by name: `derive` builds a value on first read."""

    def __init__(
        self, rows: list[RowT] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rows: list[RowT] = rows if rows is not None else []
        self.clock = clock
        self._values: dict[str, Any] = {}
        self._derivations: dict[str, Derivation[RowT, Any]] = {}
        self._read_at: dict[str, float] = {}

    def derive(self, name: str, derivation: Derivation[RowT, V]) -> V:
        """The value `name`; a name always stands for the same derivation."""
        if name not in self._values:
            self._values[name] = derivation.build(self.rows)
            self._derivations[name] = derivation
        self._read_at[name] = self.clock()
        return cast(V, self._values[name])

    def replace(
        self, rows: list[RowT], change: tuple[list[RowT], list[RowT]] | None = None
    ) -> None:
        """New rows; `change` is (removed, added) when they differ from the old ones by those
        alone, None when they may differ in any way (every kept value is then built again)."""
        self.rows = rows
        now = self.clock()
        for name, read_at in list(self._read_at.items()):
            derivation = self._derivations[name]
            if now - read_at > HOT_SECONDS:
                del self._read_at[name], self._derivations[name], self._values[name]
            elif change is not None and derivation.update is not None:
                self._values[name] = derivation.update(self._values[name], *change)
            else:
                self._values[name] = derivation.build(rows)

    def kept(self) -> list[str]:
        """The names of the values kept now."""
        return sorted(self._values)


class SortedRows(Generic[RowT]):
    """Rows in ascending order of `key`, with their keys, which must tell any two rows apart
    (and be hashable).

    An update bisects the keys for each row removed and added. A row whose key did not change
    takes its old row's place (a pod whose status changed, in an order by name); the others are
    dropped and inserted, copying the runs between them at once (memory copies, not a Python
    step per row). That is a few milliseconds for 1,500 changes among 150,000 rows, against
    0.1-0.6 s to sort them again.
    """

    __slots__ = ("key", "keys", "rows")

    def __init__(self, rows: list[RowT], key: Callable[[RowT], Any]) -> None:
        self.key = key
        self.keys: list[Any] = []
        self.rows: list[RowT] = []
        self._sort(rows)

    def _sort(self, rows: list[RowT]) -> SortedRows[RowT]:
        keys = list(map(self.key, rows))
        order = sorted(range(len(rows)), key=keys.__getitem__)
        self.keys = [keys[i] for i in order]
        self.rows = [rows[i] for i in order]
        return self

    def update(self, removed: list[RowT], added: list[RowT]) -> SortedRows[RowT]:
        key, keys, rows = self.key, self.keys, self.rows
        fresh = {key(row): row for row in added}
        places = []
        for row in removed:
            k = key(row)
            at = bisect_left(keys, k)
            if at == len(rows) or rows[at] is not row or len(fresh) < len(added):
                # Keys that do not tell rows apart cannot be bisected to a row: sort again.
                gone = set(map(id, removed))
                return self._sort([row for row in rows if id(row) not in gone] + added)
            places.append((at, k))
        # (position in the old lists, 0 insert before it | 1 drop it, key, row): distinct keys
        # and positions, so sorting these never compares rows.
        steps: list[tuple[int, int, Any, Any]] = []
        for at, k in places:
            same = fresh.pop(k, None)
            if same is None:
                steps.append((at, 1, None, None))
            else:
                rows[at] = same
        steps += ((bisect_left(keys, k), 0, k, row) for k, row in fresh.items())
        if not steps:
            return self
        steps.sort()
        new_keys: list[Any] = []
        new_rows: list[RowT] = []
        cursor = 0
        for at, drop, k, row in steps:
            new_keys += keys[cursor:at]
            new_rows += rows[cursor:at]
            if drop:
                cursor = at + 1
            else:
                cursor = at
                new_keys.append(k)
                new_rows.append(row)
        new_keys += keys[cursor:]
        new_rows += rows[cursor:]
        self.keys, self.rows = new_keys, new_rows
        return self


def sorted_rows(key: Callable[[RowT], Any]) -> Derivation[RowT, SortedRows[RowT]]:
    return Derivation(
        lambda rows: SortedRows(rows, key), lambda kept, gone, new: kept.update(gone, new)
    )


#: A filter's rows by value: value → id(row) → row (a dict, so a row leaves in O(1)).
Index = dict[Hashable, dict[int, Any]]


def index(value: Callable[[RowT], Hashable]) -> Derivation[RowT, Index]:
    def build(rows: list[RowT]) -> Index:
        return update({}, [], rows)

    def update(kept: Index, removed: list[RowT], added: list[RowT]) -> Index:
        for row in removed:
            found = value(row)
            bucket = kept.get(found, {})
            bucket.pop(id(row), None)
            if not bucket:
                kept.pop(found, None)
        for row in added:
            kept.setdefault(value(row), {})[id(row)] = row
        return kept

    return Derivation(build, update)


class SearchTexts(Generic[RowT]):
    """Every row's search text, and the matches of the last few searches.

    The texts sit in two aligned lists that a search scans together (a removed row's place is
    taken by the last one, so an update costs O(change)); at 150,000 rows a scan still costs
    10-25 ms. The matches of the last KEPT_SEARCHES needles are kept and updated with the rows,
    so the same search again (the UI refreshing it, paging or sorting its results) costs what it
    matches.
    """

    __slots__ = ("at", "found", "rows", "text", "texts")

    def __init__(self, rows: list[RowT], text: Callable[[RowT], str]) -> None:
        self.text = text
        self.rows = list(rows)
        self.texts = list(map(text, rows))
        self.at = {id(row): i for i, row in enumerate(self.rows)}
        self.found: dict[str, dict[int, RowT]] = {}  # needle → id(row) → row, oldest first

    def update(self, removed: list[RowT], added: list[RowT]) -> SearchTexts[RowT]:
        rows, texts, at = self.rows, self.texts, self.at
        for row in removed:
            i = at.pop(id(row), None)
            if i is None:
                continue
            last_row, last_text = rows.pop(), texts.pop()
            if i < len(rows):
                rows[i], texts[i] = last_row, last_text
                at[id(last_row)] = i
            for found in self.found.values():
                found.pop(id(row), None)
        for row in added:
            at[id(row)] = len(rows)
            rows.append(row)
            text = self.text(row)
            texts.append(text)
            for needle, found in self.found.items():
                if needle in text:
                    found[id(row)] = row
        return self

    def matching(self, needle: str, among: dict[int, RowT] | None = None) -> list[RowT]:
        """The rows whose text holds `needle` (any order), of `among` (id → row) when given."""
        found = self.found.pop(needle, None)
        if found is None and among is not None:  # a filter's rows: scan those alone
            texts, at = self.texts, self.at
            return [row for key, row in among.items() if needle in texts[at[key]]]
        if found is None:
            found = {
                id(row): row
                for row, text in zip(self.rows, self.texts, strict=True)
                if needle in text
            }
            while len(self.found) >= KEPT_SEARCHES:
                del self.found[next(iter(self.found))]
        self.found[needle] = found  # now the newest
        if among is None:
            return list(found.values())
        if len(among) < len(found):
            return [row for key, row in among.items() if key in found]
        return [row for key, row in found.items() if key in among]


def search_texts(text: Callable[[RowT], str]) -> Derivation[RowT, SearchTexts[RowT]]:
    return Derivation(
        lambda rows: SearchTexts(rows, text), lambda kept, gone, new: kept.update(gone, new)
    )
