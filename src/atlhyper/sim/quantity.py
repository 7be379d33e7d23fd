"""Kubernetes resource quantities (`250m`, `1.5`, `128Mi`, `2G`) to numbers and back."""

from __future__ import annotations

import re

_SUFFIX = {
    "n": 1e-9,
    "u": 1e-6,
    "m": 1e-3,
    "": 1.0,
    "k": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "P": 1e15,
    "E": 1e18,
    "Ki": 2.0**10,
    "Mi": 2.0**20,
    "Gi": 2.0**30,
    "Ti": 2.0**40,
    "Pi": 2.0**50,
    "Ei": 2.0**60,
}
_QUANTITY = re.compile(
    r"^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$"
)


def parse(value: object) -> float:
    """The quantity's value in base units (cores, bytes); 0 for anything unparseable."""
    if isinstance(value, int | float):
        return float(value)
    match = _QUANTITY.match(str(value).strip()) if value is not None else None
    if match is None:
        return 0.0
    try:
        return float(match.group(1)) * _SUFFIX[match.group(2) or ""]
    except ValueError:
        return 0.0


def nanocores(cores: float) -> str:
    """CPU as metrics-server reports it (`123456789n`)."""
    return f"{max(int(cores * 1e9), 0)}n"


def kibibytes(size: float) -> str:
    """Memory as metrics-server reports it (`123456Ki`)."""
    return f"{max(int(size / 1024), 0)}Ki"
