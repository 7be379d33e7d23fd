"""Commands and their results.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "commands",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("cluster_id", sa.String(32), nullable=False),
        sa.Column("queue", sa.String(8), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target_kind", sa.String(64), nullable=False),
        sa.Column("target_namespace", sa.String(253), nullable=False),
        sa.Column("target_name", sa.String(253), nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("timeout_seconds", sa.Integer, nullable=False),
        sa.Column("dry_run", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("output", sa.JSON, nullable=True),
        sa.Column("error", sa.Text, nullable=False),
    )
    op.create_index("ix_commands_cluster_status", "commands", ["cluster_id", "status"])
    op.create_index("ix_commands_created_at", "commands", ["created_at"])


def downgrade() -> None:
    op.drop_table("commands")
