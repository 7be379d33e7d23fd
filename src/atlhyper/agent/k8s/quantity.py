"""Kubernetes resource quantities ("250m", "16Gi", "1e9") as plain numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_SUFFIXES = {
    "Ki": Decimal(1024),
    "Mi": Decimal(1024**2),
    "Gi": Decimal(1024**3),
    "Ti": Decimal(1024**4),
    "Pi": Decimal(1024**5),
    "Ei": Decimal(1024**6),
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "k": Decimal(10**3),
    "M": Decimal(10**6),
    "G": Decimal(10**9),
    "T": Decimal(10**12),
    "P": Decimal(10**15),
    "E": Decimal(10**18),
}


def parse_quantity(text: str) -> Decimal:
    """Parse a quantity; raises ValueError naming the text when it is not one."""
    value = text.strip()
    for suffix in ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"):
        if value.endswith(suffix):
            return _number(value[: -len(suffix)], text) * _SUFFIXES[suffix]
    if value and value[-1] in "numkMGTPE" and not _is_exponent(value):
        return _number(value[:-1], text) * _SUFFIXES[value[-1]]
    return _number(value, text)


def _is_exponent(value: str) -> bool:
    """'1E3' is an exponent, 'E' alone at the end is exa."""
    head, _, tail = value.upper().rpartition("E")
    return bool(head) and tail.lstrip("+-").isdigit()


def _number(digits: str, original: str) -> Decimal:
    try:
        number = Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"not a Kubernetes quantity: {original!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a Kubernetes quantity: {original!r}")
    return number


def millicores(text: str | None) -> int:
    """CPU in millicores; 0 when absent or unparsable (a bad value must not drop the object)."""
    if not text:
        return 0
    try:
        return int(parse_quantity(text) * 1000)
    except ValueError:
        return 0


def count(text: str | None) -> int:
    """Bytes or a plain count; 0 when absent or unparsable."""
    if not text:
        return 0
    try:
        return int(parse_quantity(text))
    except ValueError:
        return 0
