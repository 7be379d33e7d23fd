"""Small formatting helpers shared by the view modules: kubectl-style summaries of fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import msgspec


def labels_text(labels: Mapping[str, str]) -> str:
    """`a=1,b=2`, or `<none>` as kubectl prints an empty selector."""
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items())) or "<none>"


def joined(values: Iterable[str], empty: str = "<none>") -> str:
    return ",".join(values) or empty


def seconds_between(start: str, end: str) -> int | None:
    """Whole seconds between two RFC 3339 timestamps; None when either is missing or invalid."""
    if not start or not end:
        return None
    try:
        begin = datetime.fromisoformat(start.replace("Z", "+00:00"))
        finish = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return int((finish - begin).total_seconds())


def percent(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when `whole` is unknown."""
    return round(100 * part / whole, 1) if whole > 0 else None


class ClusterScopedRow(msgspec.Struct, rename="camel", gc=False):
    """What every table row starts with: where the object lives and who it is."""

    cluster: str
    cluster_name: str
    uid: str
    name: str


class NamespacedRow(msgspec.Struct, rename="camel", gc=False):
    """A row of a namespaced kind; fields in this order, so rows still build positionally."""

    cluster: str
    cluster_name: str
    uid: str
    namespace: str
    name: str
