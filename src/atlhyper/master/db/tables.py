"""Tables that survive a Master restart. Change them only through a new Alembic revision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserSession(Base):
    """A login. Only the SHA-256 of the cookie value is stored."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    client_ip: Mapped[str] = mapped_column(String(64), default="")


class Cluster(Base):
    """A registered cluster. Only the SHA-256 of its agent token is stored."""

    __tablename__ = "clusters"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(63), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    agent_version: Mapped[str] = mapped_column(String(64), default="")
    capabilities: Mapped[list[str]] = mapped_column(JSON, default=list)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_actor", "actor"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255), default="")
    params: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    result: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    client_ip: Mapped[str] = mapped_column(String(64), default="")


class CommandRow(Base):
    """A command and, once the Agent answers, its result."""

    __tablename__ = "commands"
    __table_args__ = (
        Index("ix_commands_cluster_status", "cluster_id", "status"),
        Index("ix_commands_created_at", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(32))
    queue: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(32))
    target_kind: Mapped[str] = mapped_column(String(64))
    target_namespace: Mapped[str] = mapped_column(String(253))
    target_name: Mapped[str] = mapped_column(String(253))
    params: Mapped[dict[str, object]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(8))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    timeout_seconds: Mapped[int] = mapped_column()
    dry_run: Mapped[bool] = mapped_column()
    # pending → delivered → success | failed | timeout | rejected; pending → cancelled
    status: Mapped[str] = mapped_column(String(16))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    output: Mapped[object | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


class ApiToken(Base):
    """A token for scripts, acting as its user with at most `role`; stored hashed."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# SQLite numbers rows only through an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit one.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class K8sEvent(Base):
    """A Kubernetes event, kept long after the API server forgets it (one row per uid)."""

    __tablename__ = "k8s_events"
    __table_args__ = (
        UniqueConstraint("cluster_id", "uid", name="uq_k8s_events_cluster_uid"),
        Index(
            "ix_k8s_events_object",
            "cluster_id",
            "object_kind",
            "object_namespace",
            "object_name",
            "last_seen",
        ),
        Index("ix_k8s_events_last_seen", "last_seen"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(32))
    uid: Mapped[str] = mapped_column(String(128))
    namespace: Mapped[str] = mapped_column(String(253))
    name: Mapped[str] = mapped_column(String(253))
    type: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(128))
    message: Mapped[str] = mapped_column(Text)
    object_kind: Mapped[str] = mapped_column(String(64))
    object_namespace: Mapped[str] = mapped_column(String(253))
    object_name: Mapped[str] = mapped_column(String(253))
    object_uid: Mapped[str] = mapped_column(String(128))
    count: Mapped[int] = mapped_column()
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(253))


class UsageSample(Base):
    """CPU and memory of one node or pod over `resolution` seconds from `at` (epoch seconds).

    Raw rows stand for one sampling interval; rolled-up rows for an hour (resolution 3600).
    """

    __tablename__ = "usage_samples"
    __table_args__ = (
        Index("ix_usage_samples_object", "cluster_id", "kind", "namespace", "name", "at"),
        Index("ix_usage_samples_resolution_at", "resolution", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))  # node | pod
    namespace: Mapped[str] = mapped_column(String(253))  # '' for nodes
    name: Mapped[str] = mapped_column(String(253))
    at: Mapped[int] = mapped_column(BigInteger)
    resolution: Mapped[int] = mapped_column()
    cpu_avg: Mapped[float] = mapped_column(Float)  # millicores
    cpu_max: Mapped[float] = mapped_column(Float)
    mem_avg: Mapped[float] = mapped_column(Float)  # bytes
    mem_max: Mapped[float] = mapped_column(Float)


class Host(Base):
    """A machine that sends host metrics.

    A host-mode host is registered by an admin and has a token (stored hashed); a cluster-mode
    host is registered implicitly by its Agent's forward, keyed by (cluster, node name), and has
    no token of its own. The other columns describe the machine as its last batch did.
    """

    __tablename__ = "hosts"
    __table_args__ = (UniqueConstraint("cluster_id", "node_name", name="uq_hosts_cluster_node"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(253), unique=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_sample_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cluster_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    node_name: Mapped[str] = mapped_column(String(253), default="")
    hostname: Mapped[str] = mapped_column(String(253), default="")
    machine_id: Mapped[str] = mapped_column(String(64), default="")
    os: Mapped[str] = mapped_column(String(128), default="")
    kernel: Mapped[str] = mapped_column(String(128), default="")
    arch: Mapped[str] = mapped_column(String(32), default="")
    cpu_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    collector_version: Mapped[str] = mapped_column(String(64), default="")


#: The headline metrics of a host sample, each stored as an average and a maximum column.
HOST_METRICS = (
    "cpu_percent",
    "memory_used_bytes",
    "memory_total_bytes",
    "disk_read_bps",
    "disk_write_bps",
    "net_rx_bps",
    "net_tx_bps",
    "load1",
    "swap_used_bytes",
)


class HostSampleRow(Base):
    """Host metrics from `at_ms` (epoch milliseconds) on, at one resolution.

    Resolution 0 is a sample as taken (its `detail` holds the whole sample, zstd-compressed
    JSON); 60 and 3600 are rolled-up minutes and hours, whose metric columns hold the average
    over `sample_count` samples and whose `…_max` columns hold the peak. The primary key starts
    with (host, time), so it is also the index every per-host range query reads; it includes the
    time column, as a TimescaleDB hypertable requires of unique indexes.
    """

    __tablename__ = "host_samples"
    __table_args__ = (Index("ix_host_samples_resolution_at", "resolution", "at_ms"),)

    host_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at_ms: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    resolution: Mapped[int] = mapped_column(Integer, primary_key=True)
    sample_count: Mapped[int] = mapped_column(Integer)
    cpu_percent: Mapped[float | None] = mapped_column(Float, nullable=True)
    cpu_percent_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    memory_used_bytes: Mapped[float | None] = mapped_column(Float, nullable=True)
    memory_used_bytes_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    memory_total_bytes: Mapped[float | None] = mapped_column(Float, nullable=True)
    memory_total_bytes_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    disk_read_bps: Mapped[float | None] = mapped_column(Float, nullable=True)
    disk_read_bps_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    disk_write_bps: Mapped[float | None] = mapped_column(Float, nullable=True)
    disk_write_bps_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    net_rx_bps: Mapped[float | None] = mapped_column(Float, nullable=True)
    net_rx_bps_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    net_tx_bps: Mapped[float | None] = mapped_column(Float, nullable=True)
    net_tx_bps_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    load1: Mapped[float | None] = mapped_column(Float, nullable=True)
    load1_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    swap_used_bytes: Mapped[float | None] = mapped_column(Float, nullable=True)
    swap_used_bytes_max: Mapped[float | None] = mapped_column(Float, nullable=True)
    detail: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SloTargetRow(Base):
    """An SLO target someone set for one ingress backend or mesh workload of a cluster.

    Items without a row use the default target (`atlhyper.master.otel.slo.DEFAULT_TARGET`).
    """

    __tablename__ = "slo_targets"

    cluster_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # ingress | service
    name: Mapped[str] = mapped_column(String(512), primary_key=True)
    availability: Mapped[float] = mapped_column(Float)
    latency_ms: Mapped[float] = mapped_column(Float)
    latency_objective: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
