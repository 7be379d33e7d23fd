"""The protobuf bodies kubectl's typed clients send, decoded into JSON shapes."""

from __future__ import annotations

import pytest

from atlhyper.sim import protobuf
from atlhyper.sim.errors import ApiError


def _field(number: int, payload: bytes) -> bytes:
    return bytes([number << 3 | 2, len(payload)]) + payload


def _varint(number: int, value: int) -> bytes:
    return bytes([number << 3, value])


def _envelope(api_version: str, kind: str, raw: bytes) -> bytes:
    type_meta = _field(1, api_version.encode()) + _field(2, kind.encode())
    return b"k8s\x00" + _field(1, type_meta) + _field(2, raw)


def test_eviction_with_delete_options() -> None:
    meta = _field(1, b"web-1") + _field(3, b"shop")
    options = _varint(1, 30) + _field(4, b"Foreground") + _field(5, b"All")
    body = _envelope("policy/v1", "Eviction", _field(1, meta) + _field(2, options))
    assert protobuf.decode(body) == {
        "kind": "Eviction",
        "apiVersion": "policy/v1",
        "metadata": {"name": "web-1", "namespace": "shop"},
        "deleteOptions": {
            "kind": "DeleteOptions",
            "apiVersion": "v1",
            "gracePeriodSeconds": 30,
            "propagationPolicy": "Foreground",
            "dryRun": ["All"],
        },
    }


def test_namespace_with_labels() -> None:
    label = _field(1, b"team") + _field(2, b"a")
    meta = _field(1, b"dev") + _field(11, label)
    decoded = protobuf.decode(_envelope("v1", "Namespace", _field(1, meta)))
    assert decoded["metadata"] == {"name": "dev", "labels": {"team": "a"}}


def test_other_kinds_and_garbage_are_client_errors() -> None:
    with pytest.raises(ApiError) as unsupported:
        protobuf.decode(_envelope("apps/v1", "Deployment", b""))
    assert unsupported.value.code == 415
    with pytest.raises(ApiError) as garbage:
        protobuf.decode(b"not protobuf")
    assert garbage.value.code == 400
    with pytest.raises(ApiError) as truncated:
        protobuf.decode(b"k8s\x00\x0a\xff")
    assert truncated.value.code == 400
