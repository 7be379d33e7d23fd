"""Kubernetes events (core/v1). The Agent sends the newest N per cluster."""

from __future__ import annotations

from atlhyper.model.meta import NamespacedObject


class Event(NamespacedObject, kw_only=True):
    type: str = "Normal"
    reason: str = ""
    message: str = ""
    object_kind: str = ""
    object_namespace: str = ""
    object_name: str = ""
    object_uid: str = ""
    count: int = 1
    first_seen: str = ""
    last_seen: str = ""  # lastTimestamp, else eventTime, else creation time
    source: str = ""  # reporting component, e.g. kubelet
    source_host: str = ""
