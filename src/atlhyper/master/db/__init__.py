"""Persistence: SQLAlchemy tables, the async engine, and Alembic migrations run at start-up."""

from atlhyper.master.db.engine import Database

__all__ = ["Database"]
