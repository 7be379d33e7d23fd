"""Host registry and host metric samples (a TimescaleDB hypertable when the extension exists).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
import structlog
from alembic import op

log = structlog.get_logger(__name__)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
METRICS = (
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
# One chunk per day of epoch milliseconds.
CHUNK_MS = 86_400_000


def upgrade() -> None:
    op.create_table(
        "hosts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(253), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_sample_at", TS, nullable=True),
        sa.Column("cluster_id", sa.String(32), nullable=True),
        sa.Column("node_name", sa.String(253), nullable=False),
        sa.Column("hostname", sa.String(253), nullable=False),
        sa.Column("machine_id", sa.String(64), nullable=False),
        sa.Column("os", sa.String(128), nullable=False),
        sa.Column("kernel", sa.String(128), nullable=False),
        sa.Column("arch", sa.String(32), nullable=False),
        sa.Column("cpu_count", sa.Integer, nullable=True),
        sa.Column("collector_version", sa.String(64), nullable=False),
        sa.UniqueConstraint("cluster_id", "node_name", name="uq_hosts_cluster_node"),
    )
    metric_columns = [
        sa.Column(name + suffix, sa.Float, nullable=True)
        for name in METRICS
        for suffix in ("", "_max")
    ]
    op.create_table(
        "host_samples",
        sa.Column("host_id", sa.String(32), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("resolution", sa.Integer, nullable=False),
        sa.Column("sample_count", sa.Integer, nullable=False),
        *metric_columns,
        sa.Column("detail", sa.LargeBinary, nullable=True),
        sa.PrimaryKeyConstraint("host_id", "at_ms", "resolution", name="pk_host_samples"),
    )
    op.create_index("ix_host_samples_resolution_at", "host_samples", ["resolution", "at_ms"])

    _hypertable(op.get_bind())


def _hypertable(bind: sa.Connection) -> None:
    """Make host_samples a hypertable when TimescaleDB can be used; else it stays a plain table.

    The extension must be installed and preloaded, and creating it needs the right privileges;
    any failure leaves the (already complete) plain table in place.
    """
    if bind.dialect.name != "postgresql":
        return
    available = bind.scalar(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")
    )
    preloaded = bind.scalar(sa.text("SELECT current_setting('shared_preload_libraries', true)"))
    if not available or "timescaledb" not in (preloaded or ""):
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS timescaledb"))
            bind.execute(
                sa.text(
                    "SELECT create_hypertable('host_samples', 'at_ms',"
                    f" chunk_time_interval => {CHUNK_MS}::bigint, if_not_exists => TRUE)"
                )
            )
    except sa.exc.DBAPIError as exc:
        log.warning("host_samples stays a plain table: TimescaleDB failed", error=str(exc))


def downgrade() -> None:
    op.drop_table("host_samples")
    op.drop_table("hosts")
