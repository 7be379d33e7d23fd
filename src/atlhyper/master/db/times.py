"""Time values read back from the database."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything AtlHyper stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
