"""Label and field selectors with the API server's grammar and matching rules.

Clients (kubectl `-l`, informers, `kubectl delete` waiting on `metadata.name=`) send these verbatim,
so the subtle rules matter: `!=` and `notin` also match objects that lack the key, set values sit
inside parentheses whose commas do not split requirements, and field values may escape `,` `=` `\\`.
A malformed selector is a 400 `BadRequest`, as on a real server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from atlhyper.sim.errors import ApiError, bad_request

_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")
_KEY = r"[^\s!=<>(),]+"
_SET_RE = re.compile(rf"^(?P<key>{_KEY})\s+(?P<op>in|notin)\s*\((?P<values>[^()]*)\)$")
_CMP_RE = re.compile(rf"^(?P<key>{_KEY})\s*(?P<op>==|!=|=|>|<)\s*(?P<value>[^\s!=<>(),]*)$")
_EXISTS_RE = re.compile(rf"^(?P<neg>!)?\s*(?P<key>{_KEY})$")


@dataclass(frozen=True, slots=True)
class Requirement:
    """One label requirement; `op` is one of in, notin, exists, !exists, gt, lt."""

    key: str
    op: str
    values: frozenset[str] = frozenset()

    def matches(self, labels: Mapping[str, str]) -> bool:
        value = labels.get(self.key)
        if self.op == "in":
            return value is not None and value in self.values
        if self.op == "notin":
            return value is None or value not in self.values
        if self.op == "exists":
            return value is not None
        if self.op == "!exists":
            return value is None
        if value is None:
            return False
        try:
            number = int(value)
        except ValueError:
            return False
        bound = int(next(iter(self.values)))
        return number > bound if self.op == "gt" else number < bound


@dataclass(frozen=True, slots=True)
class LabelSelector:
    requirements: tuple[Requirement, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.requirements

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(requirement.matches(labels) for requirement in self.requirements)


@dataclass(frozen=True, slots=True)
class FieldTerm:
    field: str
    equal: bool
    value: str


@dataclass(frozen=True, slots=True)
class FieldSelector:
    terms: tuple[FieldTerm, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms

    def matches(self, get: Callable[[str], str]) -> bool:
        """`get(field)` returns the object's value for a field this selector names."""
        return all((get(term.field) == term.value) == term.equal for term in self.terms)

    def value_of(self, field: str) -> str | None:
        """The value an equality term pins `field` to, so a lookup can skip a scan."""
        for term in self.terms:
            if term.field == field and term.equal:
                return term.value
        return None


def parse_label_selector(text: str) -> LabelSelector:
    requirements = []
    for part in _split_outside_parens(text):
        part = part.strip()
        if not part:
            if text.strip():
                raise _label_error(text, "empty requirement")
            continue
        requirements.append(_parse_requirement(part))
    return LabelSelector(tuple(requirements))


def parse_field_selector(text: str, known: Callable[[str], bool]) -> FieldSelector:
    """Parse `text`; `known(field)` says whether the kind supports selecting on that field."""
    terms = []
    for part in _split_unescaped(text, ","):
        if not part.strip():
            continue
        term = _parse_term(part)
        if not known(term.field):
            raise bad_request(f"field label not supported: {term.field}")
        terms.append(term)
    return FieldSelector(tuple(terms))


def _parse_requirement(part: str) -> Requirement:
    if match := _SET_RE.match(part):
        key = _check_key(match["key"], part)
        values = [value.strip() for value in match["values"].split(",")]
        if match["op"] == "in" and values == [""]:
            raise _label_error(part, "for 'in', 'notin' operators, values set can't be empty")
        for value in values:
            _check_value(value, part)
        return Requirement(key, match["op"], frozenset(values))
    if match := _CMP_RE.match(part):
        key = _check_key(match["key"], part)
        op, value = match["op"], match["value"]
        if op in (">", "<"):
            if not re.fullmatch(r"-?\d+", value):
                raise _label_error(part, "for 'Gt', 'Lt' operators, the value must be an integer")
            return Requirement(key, "gt" if op == ">" else "lt", frozenset([value]))
        _check_value(value, part)
        return Requirement(key, "notin" if op == "!=" else "in", frozenset([value]))
    if match := _EXISTS_RE.match(part):
        key = _check_key(match["key"], part)
        return Requirement(key, "!exists" if match["neg"] else "exists")
    raise _label_error(part, "unable to parse requirement")


def _parse_term(part: str) -> FieldTerm:
    for op in ("!=", "==", "="):
        pieces = _split_unescaped(part, op, maxsplit=1)
        if len(pieces) == 2:
            field, value = pieces[0].strip(), _unescape(pieces[1].strip())
            if not field:
                break
            return FieldTerm(field, op != "!=", value)
    raise bad_request(f"invalid selector: '{part}'; can't understand '{part}'")


def _check_key(key: str, part: str) -> str:
    prefix, _, name = key.rpartition("/")
    if "/" in key and (not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.match(prefix)):
        raise _label_error(part, f"invalid label key {key!r}: prefix must be a DNS subdomain")
    if not _NAME.match(name):
        raise _label_error(
            part,
            f"invalid label key {key!r}: name part must consist of alphanumeric characters, "
            "'-', '_' or '.', and must start and end with an alphanumeric character",
        )
    return key


def _check_value(value: str, part: str) -> None:
    if len(value) > 63 or not _VALUE.match(value):
        raise _label_error(
            part,
            f"invalid label value {value!r}: must be 63 characters or less and consist of "
            "alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric",
        )


def _label_error(part: str, why: str) -> ApiError:
    return bad_request(f"unable to parse requirement: {part!r}: {why}")


def _split_outside_parens(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise _label_error(text, "unbalanced parentheses")
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    if depth:
        raise _label_error(text, "unbalanced parentheses")
    parts.append(text[start:])
    return parts


def _split_unescaped(text: str, separator: str, maxsplit: int = -1) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if text.startswith(separator, index) and (maxsplit < 0 or len(parts) < maxsplit):
            parts.append("".join(current))
            current = []
            index += len(separator)
            continue
        current.append(text[index])
        index += 1
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            following = value[index + 1]
            if following not in ",=\\":
                raise bad_request(f"invalid field selector value {value!r}: invalid escape")
            out.append(following)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def from_object(selector: object) -> LabelSelector | None:
    """A `metav1.LabelSelector` as matchable requirements; None (a nil selector) matches nothing."""
    if not isinstance(selector, dict):
        return None
    requirements = [
        Requirement(str(key), "in", frozenset({str(value)}))
        for key, value in (selector.get("matchLabels") or {}).items()
    ]
    ops = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!exists"}
    for expression in selector.get("matchExpressions") or []:
        if not isinstance(expression, dict) or expression.get("operator") not in ops:
            continue
        requirements.append(
            Requirement(
                str(expression.get("key", "")),
                ops[expression["operator"]],
                frozenset(str(v) for v in expression.get("values") or []),
            )
        )
    return LabelSelector(tuple(requirements))


def from_map(labels: object) -> LabelSelector | None:
    """A Service's `spec.selector` map; an empty or missing one selects nothing."""
    if not isinstance(labels, dict) or not labels:
        return None
    return LabelSelector(
        tuple(Requirement(str(k), "in", frozenset({str(v)})) for k, v in labels.items())
    )
