"""Turning an agent's push body into a snapshot or a delta."""

from __future__ import annotations

import msgspec

from atlhyper.model import Snapshot, SnapshotDelta
from atlhyper.wire import BodyError, decode


class SnapshotHeader(msgspec.Struct):
    type: str = "full"


def decode_snapshot(raw: bytes) -> Snapshot | SnapshotDelta:
    """A push body: a full snapshot, or a delta when its `type` is "delta".

    The envelope pass only skims the body (msgspec skips undeclared fields without building
    them); it lets a full snapshot omit `type` and keeps error messages naming the exact field.
    """
    kind = decode(raw, SnapshotHeader).type
    if kind == "full":
        return decode(raw, Snapshot)
    if kind == "delta":
        return decode(raw, SnapshotDelta)
    raise BodyError(400, f"invalid snapshot: `type` must be 'full' or 'delta', got {kind!r}")
