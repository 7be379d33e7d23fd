"""Command validation shared by the Master and the Agent."""

from __future__ import annotations

import re

import pytest

from atlhyper.master.api.commands import masked_for_audit, required_role
from atlhyper.master.auth import Role
from atlhyper.model.commands import (
    InvalidCommand,
    ScaleParams,
    SecretParams,
    Target,
    check_target,
    parse_params,
)


def test_params_are_typed() -> None:
    assert parse_params("scale", {"replicas": 3}) == ScaleParams(replicas=3)


@pytest.mark.parametrize(
    ("action", "params", "fragment"),
    [
        ("scale", {"replicas": "three"}, "Expected `int`"),
        ("scale", {"replicas": -1}, ">= 0"),
        ("scale", {}, "missing required field `replicas`"),
        ("scale", {"replicas": 1, "extra": 1}, "unknown field `extra`"),
        ("get_logs", {"tailLines": 0}, ">= 1"),
        ("dynamic", {"path": "api/v1"}, "matching regex"),
        ("explode", {}, "unknown action 'explode'"),
    ],
)
def test_bad_params_name_the_problem(action: str, params: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidCommand, match=re.escape(fragment)):
        parse_params(action, params)


def test_target_kind_and_name_are_checked() -> None:
    with pytest.raises(InvalidCommand, match="scale works on Deployment, StatefulSet, ReplicaSet"):
        check_target("scale", Target(kind="Pod", name="x"))
    with pytest.raises(InvalidCommand, match=r"needs target\.name"):
        check_target("cordon", Target(kind="Node"))
    check_target("apply", Target(kind=""))  # apply takes its objects from the manifest


def test_roles_per_action() -> None:
    assert required_role("get_logs", parse_params("get_logs", {})) == Role.viewer
    assert required_role("scale", ScaleParams(replicas=1)) == Role.operator
    assert required_role("get_secret", SecretParams(reveal=False)) == Role.viewer
    assert required_role("get_secret", SecretParams(reveal=True)) == Role.admin


def test_audit_masks_secret_values_in_applied_manifests() -> None:
    manifest = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {mode: fast}\n"
    )
    masked = masked_for_audit("apply", {"manifest": manifest})["manifest"]
    assert "hunter2" not in masked
    assert "password: '***'" in masked
    assert "mode: fast" in masked
