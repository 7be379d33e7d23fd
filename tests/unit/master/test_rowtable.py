"""Values kept with a table's rows: updated for the rows a change removed and added, or dropped."""

from __future__ import annotations

import random

from atlhyper.master.views.rowtable import (
    HOT_SECONDS,
    KEPT_SEARCHES,
    Derivation,
    RowTable,
    SearchTexts,
    SortedRows,
)


def test_values_read_lately_are_updated_others_dropped() -> None:
    clock = [0.0]
    table: RowTable[int] = RowTable([1, 2, 3], clock=lambda: clock[0])
    calls: list[str] = []

    def build(rows: list[int]) -> int:
        calls.append("build")
        return sum(rows)

    def update(total: int, removed: list[int], added: list[int]) -> int:
        calls.append("update")
        return total - sum(removed) + sum(added)

    total = Derivation(build, update)
    assert table.derive("total", total) == 6
    assert table.derive("total", total) == 6
    table.replace([1, 3, 10], ([2], [10]))  # read just now: updated at once
    assert table.derive("total", total) == 14
    table.replace([5], None)  # any change at all: built again
    assert table.derive("total", total) == 5
    assert calls == ["build", "update", "build"]
    clock[0] += HOT_SECONDS + 1
    table.replace([7], ([5], [7]))  # not read for a while: dropped, built on the next read
    assert table.kept() == []
    assert table.derive("total", total) == 7
    assert calls == ["build", "update", "build", "build"]


def test_sorted_rows_updated_by_bisecting_equal_sorting_again() -> None:
    rng = random.Random(3)
    rows = [(rng.randint(0, 50), f"r{i}") for i in range(300)]
    kept = SortedRows(rows, key=lambda row: row)
    for _ in range(200):
        removed = rng.sample(rows, rng.randint(0, 20))
        added = [(rng.randint(0, 50), f"n{rng.random()}") for _ in range(rng.randint(0, 20))]
        gone = set(map(id, removed))
        rows = [row for row in rows if id(row) not in gone] + added
        kept.update(removed, added)
        assert kept.rows == sorted(rows)
        assert kept.keys == sorted(rows)


def test_sorted_rows_keep_in_place_the_rows_whose_key_did_not_change() -> None:
    """Rows replaced as a delta replaces them: same name, a value that may or may not move the
    row. The kept order holds exactly the current row objects, in order."""
    rng = random.Random(8)

    def key(row: tuple[str, int]) -> tuple[int, str]:
        return row[1] // 10, row[0]

    current = {f"r{i}": (f"r{i}", rng.randint(0, 99)) for i in range(200)}
    kept = SortedRows(list(current.values()), key)
    for _ in range(100):
        removed, added = [], []
        for name in rng.sample(sorted(current), rng.randint(0, 30)):
            removed.append(current[name])
            current[name] = (name, rng.randint(0, 99))
            added.append(current[name])
        kept.update(removed, added)
        expected = sorted(current.values(), key=key)
        assert [id(row) for row in kept.rows] == [id(row) for row in expected]
        assert kept.keys == [key(row) for row in expected]


def test_sorted_rows_whose_keys_collide_are_sorted_again() -> None:
    """Keys that do not tell rows apart cannot be bisected to the row: sort again instead."""
    a, b, c = ("x", 1), ("x", 2), ("y", 3)
    kept = SortedRows([a, b, c], key=lambda row: row[0])
    kept.update([b], [("a", 4)])
    assert kept.rows == [("a", 4), a, c]


def test_search_texts_and_kept_matches_follow_removals_and_additions() -> None:
    rng = random.Random(5)
    rows = [f"row-{i}" for i in range(50)]
    kept = SearchTexts(rows, text=str.upper)
    for step in range(100):
        removed = rng.sample(rows, rng.randint(0, 10))
        added = [f"new-{step}-{i}" for i in range(rng.randint(0, 10))]
        gone = set(map(id, removed))
        rows = [row for row in rows if id(row) not in gone] + added
        kept.update(removed, added)
        assert sorted(kept.matching("ROW-1")) == sorted(r for r in rows if "ROW-1" in r.upper())
        among = {id(row): row for row in rows[::3]}
        assert sorted(kept.matching("NEW", among)) == sorted(r for r in rows[::3] if "new" in r)
        assert sorted(kept.matching("ROW-1", among)) == sorted(  # kept since it was searched
            r for r in rows[::3] if "ROW-1" in r.upper()
        )
        assert "ROW-1" in kept.found and "NEW" not in kept.found


def test_only_the_last_few_searches_are_kept() -> None:
    kept = SearchTexts([f"row-{i}" for i in range(20)], text=str)
    for needle in ("row-1", "row-2", "row-3", "row-4", "row-1", "row-5"):
        kept.matching(needle)
    assert list(kept.found) == ["row-3", "row-4", "row-1", "row-5"][-KEPT_SEARCHES:]
