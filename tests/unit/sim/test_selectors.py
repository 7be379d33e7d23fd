"""Selector grammar and matching, including the rules clients rely on implicitly."""

from __future__ import annotations

import pytest

from atlhyper.sim.errors import ApiError
from atlhyper.sim.selectors import parse_field_selector, parse_label_selector

LABELS = {"app": "web", "tier": "frontend", "example.com/team": "shop", "replicas": "3"}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("", True),
        ("app=web", True),
        ("app==web", True),
        ("app!=web", False),
        ("app!=db", True),
        ("missing!=x", True),
        ("app in (web, db)", True),
        ("app in (db)", False),
        ("app notin (db,cache)", True),
        ("missing notin (x)", True),
        ("app", True),
        ("!app", False),
        ("!missing", True),
        ("example.com/team=shop", True),
        ("app=web,tier in (frontend,backend),!missing", True),
        ("app=web,tier=backend", False),
        ("replicas>2", True),
        ("replicas<3", False),
        ("app>1", False),
        ("tier=", False),
    ],
)
def test_label_matching(selector: str, expected: bool) -> None:
    assert parse_label_selector(selector).matches(LABELS) is expected


def test_empty_value_matches_empty_label() -> None:
    assert parse_label_selector("tier=").matches({"tier": ""})


@pytest.mark.parametrize(
    "selector",
    [
        "app in (web",
        "app in web",
        "=web",
        "app=we b",
        "app=(",
        "bad key=x",
        "app in ()",
        "a,,b",
        "UPPER.example.com/x=y",
        "x>a",
    ],
)
def test_malformed_label_selectors_are_bad_requests(selector: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_label_selector(selector)
    assert caught.value.code == 400 and caught.value.reason == "BadRequest"


def test_field_selector_equality_and_inequality() -> None:
    values = {"metadata.name": "web-1", "spec.nodeName": "worker-1", "status.phase": "Running"}
    get = values.__getitem__
    known = values.__contains__
    assert parse_field_selector("metadata.name=web-1", known).matches(get)
    assert parse_field_selector("metadata.name==web-1,status.phase=Running", known).matches(get)
    assert not parse_field_selector("spec.nodeName!=worker-1", known).matches(get)
    assert parse_field_selector("spec.nodeName!=worker-2", known).matches(get)
    assert parse_field_selector("spec.nodeName=worker-1", known).value_of("spec.nodeName") == (
        "worker-1"
    )


def test_field_selector_escapes() -> None:
    selector = parse_field_selector(r"metadata.name=a\,b\=c\\d", lambda field: True)
    assert selector.matches({"metadata.name": "a,b=c\\d"}.__getitem__)


@pytest.mark.parametrize("selector", ["nofield", "=x", r"metadata.name=a\x"])
def test_malformed_field_selectors(selector: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_field_selector(selector, lambda field: True)
    assert caught.value.code == 400


def test_unsupported_field_is_rejected() -> None:
    with pytest.raises(ApiError) as caught:
        parse_field_selector("spec.foo=bar", lambda field: field == "metadata.name")
    assert "field label not supported: spec.foo" in caught.value.message
