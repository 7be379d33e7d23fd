"""Everything a Master request handler may use, built once at start-up in `app.py`."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram

from atlhyper.master.audit import AuditLog
from atlhyper.master.auth import Accounts
from atlhyper.master.clusters import ClusterRegistry
from atlhyper.master.commands import CommandHub
from atlhyper.master.config import MasterSettings
from atlhyper.master.db import Database
from atlhyper.master.history.archive import EventArchive
from atlhyper.master.history.usage import UsageHistory
from atlhyper.master.hosts.registry import HostRegistry
from atlhyper.master.hosts.samples import HostSamples
from atlhyper.master.state import StateStore
from atlhyper.master.users import UserDirectory


class MasterMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.snapshots = Counter(
            "atlhyper_master_snapshots_total",
            "Agent snapshots received, by result.",
            ["result"],
            registry=registry,
        )
        self.ingest_bytes = Counter(
            "atlhyper_master_ingest_bytes_total",
            "Agent request bytes received, before decompression.",
            registry=registry,
        )
        self.ingest_seconds = Histogram(
            "atlhyper_master_ingest_seconds",
            "Time to decode and index one snapshot.",
            registry=registry,
        )


@dataclass
class Services:
    settings: MasterSettings
    db: Database
    accounts: Accounts
    users: UserDirectory
    clusters: ClusterRegistry
    state: StateStore
    audit: AuditLog
    commands: CommandHub
    registry: CollectorRegistry
    metrics: MasterMetrics
    events: EventArchive
    usage: UsageHistory
    hosts: HostRegistry
    host_samples: HostSamples
