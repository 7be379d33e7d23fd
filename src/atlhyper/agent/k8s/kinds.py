"""The kinds the Agent watches. Adding a kind is one converter and one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from atlhyper.agent.k8s import convert, wire


@dataclass(frozen=True)
class WatchedKind:
    """How to list, watch and convert one kind.

    `field` is the Snapshot attribute the converted objects go to.
    """

    field: str
    path: str  # cluster-wide collection path
    wire_type: type[Any]
    convert: Callable[[Any], Any]


WATCHED_KINDS: tuple[WatchedKind, ...] = (
    WatchedKind("nodes", "/api/v1/nodes", wire.Node, convert.node),
    WatchedKind("namespaces", "/api/v1/namespaces", wire.Namespace, convert.namespace),
    WatchedKind("pods", "/api/v1/pods", wire.Pod, convert.pod),
)
