"""Alembic environment: runs on the connection the Master hands over at start-up."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from atlhyper.master.db.tables import Base

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run from the Master at start-up, with its connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
