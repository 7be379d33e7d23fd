"""Checking the query parameters of the OTel views before any command is built.

Each failure is a 400 naming the parameter (`details.field`), as in `api/params.py`; values are
only ever passed to the Agent as bound parameters, so odd text is harmless but still refused when
it cannot mean anything.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from atlhyper.master.errors import ApiError
from atlhyper.model.commands import METRIC_GROUPS

S = TypeVar("S", bound=msgspec.Struct)

TRACE_ID = re.compile(r"^[0-9a-fA-F]{16,32}$")
SPAN_ID = re.compile(r"^[0-9a-fA-F]{16}$")
RAW_METRIC = re.compile(r"^node_[A-Za-z0-9_]{1,120}$")
MAX_METRICS = 20
SEVERITIES = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")


def command_params(
    model: type[S], fields: dict[str, Any], names: dict[str, str] | None = None
) -> S:
    """`fields` (wire names) as the command's parameters; `names` maps a field to the query
    parameter it came from when they differ."""
    try:
        return msgspec.convert(fields, model)
    except msgspec.ValidationError as exc:
        found = re.search(r"\$\.(\w+)", str(exc))
        field = found.group(1) if found else ""
        name = (names or {}).get(field, field)
        raise ApiError(
            400, f"invalid {name or 'parameters'}: {exc}", details={"field": name}
        ) from None


def trace_id(text: str, name: str = "traceId") -> str:
    """A trace id in the lower case the exporter writes."""
    return _hex_id(text, name, TRACE_ID, "16 to 32")


def span_id(text: str, name: str = "spanId") -> str:
    """A span id in the lower case the exporter writes."""
    return _hex_id(text, name, SPAN_ID, "16")


def _hex_id(text: str, name: str, pattern: re.Pattern[str], digits: str) -> str:
    if not pattern.match(text):
        raise ApiError(
            400,
            f"{name} must be {digits} hexadecimal digits, got {text[:64]!r}",
            details={"field": name},
        )
    return text.lower()


def severities(values: list[str] | None) -> list[str]:
    found = sorted({value.upper() for value in values or []})
    for value in found:
        if value not in SEVERITIES:
            raise ApiError(
                400,
                f"severity must be one of {', '.join(SEVERITIES)}, got {value[:64]!r}",
                details={"field": "severity"},
            )
    return found


def metric_names(text: str | None) -> list[str]:
    """Comma-separated metric groups or raw `node_*` names; every group when empty."""
    if not text:
        return list(METRIC_GROUPS)
    names = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for name in names:
        if name not in METRIC_GROUPS and not RAW_METRIC.match(name):
            raise ApiError(
                400,
                f"unknown metric {name[:64]!r}; metrics are {', '.join(METRIC_GROUPS)}"
                " or a node_* metric name",
                details={"field": "metrics"},
            )
    if not names or len(names) > MAX_METRICS:
        raise ApiError(400, f"metrics takes 1 to {MAX_METRICS} names", details={"field": "metrics"})
    return names
