"""The Agent's Prometheus metrics, on a registry of its own."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class AgentMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.api_calls = Counter(
            "atlhyper_agent_kube_api_calls_total",
            "Calls to the Kubernetes API, by verb and kind.",
            ["verb", "kind"],
            registry=registry,
        )
        self.cache_objects = Gauge(
            "atlhyper_agent_cache_objects", "Objects held per kind.", ["kind"], registry=registry
        )
        self.watch_events = Counter(
            "atlhyper_agent_watch_events_total",
            "Watch events applied, by kind and type.",
            ["kind", "type"],
            registry=registry,
        )
        self.relists = Counter(
            "atlhyper_agent_relists_total",
            "Relists after 410 Gone, by kind.",
            ["kind"],
            registry=registry,
        )
        self.watch_errors = Counter(
            "atlhyper_agent_watch_errors_total",
            "Failed lists or watches, by kind.",
            ["kind"],
            registry=registry,
        )
        self.watch_restarts = Counter(
            "atlhyper_agent_watch_restarts_total",
            "Watch requests started (the first one and every resume), by kind.",
            ["kind"],
            registry=registry,
        )
        self.push_bytes = Counter(
            "atlhyper_agent_push_bytes_total",
            "Snapshot bytes sent to the Master, after compression, by type (full | delta).",
            ["type"],
            registry=registry,
        )
        self.push_raw_bytes = Counter(
            "atlhyper_agent_push_raw_bytes_total",
            "Snapshot bytes before compression, by type (full | delta).",
            ["type"],
            registry=registry,
        )
        self.push_seconds = Histogram(
            "atlhyper_agent_push_seconds",
            "Time to encode, compress and push one snapshot, including retries, by type.",
            ["type"],
            registry=registry,
        )
        self.pushes = Counter(
            "atlhyper_agent_pushes_total",
            "Snapshot pushes, by type (full | delta) and result (ok | conflict | failed).",
            ["type", "result"],
            registry=registry,
        )
        self.commands = Counter(
            "atlhyper_agent_commands_total",
            "Commands run, by action and result status.",
            ["action", "status"],
            registry=registry,
        )
        self.command_pickup_seconds = Histogram(
            "atlhyper_agent_command_pickup_seconds",
            "From a command's creation at the Master to its arrival at the Agent.",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30),
            registry=registry,
        )
