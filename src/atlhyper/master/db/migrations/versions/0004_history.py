"""Kubernetes events kept beyond the API server's hour, and node/pod usage history.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "k8s_events",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("cluster_id", sa.String(32), nullable=False),
        sa.Column("uid", sa.String(128), nullable=False),
        sa.Column("namespace", sa.String(253), nullable=False),
        sa.Column("name", sa.String(253), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(128), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("object_kind", sa.String(64), nullable=False),
        sa.Column("object_namespace", sa.String(253), nullable=False),
        sa.Column("object_name", sa.String(253), nullable=False),
        sa.Column("object_uid", sa.String(128), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
        sa.Column("source", sa.String(253), nullable=False),
        sa.UniqueConstraint("cluster_id", "uid", name="uq_k8s_events_cluster_uid"),
    )
    op.create_index(
        "ix_k8s_events_object",
        "k8s_events",
        ["cluster_id", "object_kind", "object_namespace", "object_name", "last_seen"],
    )
    op.create_index("ix_k8s_events_last_seen", "k8s_events", ["last_seen"])

    op.create_table(
        "usage_samples",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("cluster_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("namespace", sa.String(253), nullable=False),
        sa.Column("name", sa.String(253), nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("resolution", sa.Integer, nullable=False),
        sa.Column("cpu_avg", sa.Float, nullable=False),
        sa.Column("cpu_max", sa.Float, nullable=False),
        sa.Column("mem_avg", sa.Float, nullable=False),
        sa.Column("mem_max", sa.Float, nullable=False),
    )
    op.create_index(
        "ix_usage_samples_object",
        "usage_samples",
        ["cluster_id", "kind", "namespace", "name", "at"],
    )
    op.create_index("ix_usage_samples_resolution_at", "usage_samples", ["resolution", "at"])


def downgrade() -> None:
    op.drop_table("usage_samples")
    op.drop_table("k8s_events")
