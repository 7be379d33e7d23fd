"""Users, roles, password changes, API tokens and the audit log, against a real Master."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Master

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        yield client


def _create(admin: httpx.Client, username: str, role: str, password: str = "password-123") -> None:
    response = admin.post(
        "/api/v3/users", json={"username": username, "password": password, "role": role}
    )
    assert response.status_code == 201, response.text


def test_roles_gate_what_a_user_may_do(master: Master, admin: httpx.Client) -> None:
    cluster = admin.post("/api/v3/clusters", json={"name": "roles-demo"}).json()
    _create(admin, "viv", "viewer")
    _create(admin, "opal", "operator")
    scale = {
        "clusterId": cluster["id"],
        "action": "scale",
        "target": {"kind": "Deployment", "namespace": "shop", "name": "web"},
        "params": {"replicas": 2},
    }
    logs = {
        **scale,
        "action": "get_logs",
        "target": {"kind": "Pod", "namespace": "shop", "name": "w"},
        "params": {},
    }
    with master.login("viv", "password-123") as viewer:
        assert viewer.get("/api/v3/clusters").status_code == 200
        refused = viewer.post("/api/v3/commands", json=scale)
        assert refused.status_code == 403
        assert "scale needs the operator role; you are viewer" in refused.json()["error"]["message"]
        assert viewer.post("/api/v3/commands", json=logs).status_code == 201
        assert viewer.get("/api/v3/users").status_code == 403
    with master.login("opal", "password-123") as operator:
        assert operator.post("/api/v3/commands", json=scale).status_code == 201
        reveal = {
            **scale,
            "action": "get_secret",
            "target": {"kind": "Secret", "namespace": "shop", "name": "s"},
            "params": {"reveal": True},
        }
        assert operator.post("/api/v3/commands", json=reveal).status_code == 403
        assert operator.post("/api/v3/clusters", json={"name": "nope"}).status_code == 403


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"username": "bad name", "password": "password-123"}, 422, "a username is"),
        ({"username": "shorty", "password": "short"}, 422, "at least 8"),
        (
            {"username": "rolez", "password": "password-123", "role": "god"},
            422,
            "unknown role 'god'",
        ),
        ({"username": "admin", "password": "password-123"}, 409, "already exists"),
        ({"username": "x"}, 400, "password"),
    ],
)
def test_bad_user_requests(
    admin: httpx.Client, payload: dict[str, str], status: int, fragment: str
) -> None:
    response = admin.post("/api/v3/users", json=payload)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]


def test_admin_cannot_lock_the_door_behind_them(admin: httpx.Client) -> None:
    assert admin.delete("/api/v3/users/admin").status_code == 409
    demoted = admin.patch("/api/v3/users/admin", json={"role": "viewer"})
    assert demoted.status_code == 409
    assert admin.delete("/api/v3/users/nobody").status_code == 404


def test_password_change_ends_other_sessions(master: Master, admin: httpx.Client) -> None:
    _create(admin, "pat", "viewer", "first-password")
    first = master.login("pat", "first-password")
    second = master.login("pat", "first-password")
    wrong = first.post(
        "/api/v3/auth/password",
        json={"currentPassword": "nope-nope", "newPassword": "second-password"},
    )
    assert wrong.status_code == 403
    too_short = first.post(
        "/api/v3/auth/password", json={"currentPassword": "first-password", "newPassword": "x"}
    )
    assert too_short.status_code == 422
    changed = first.post(
        "/api/v3/auth/password",
        json={"currentPassword": "first-password", "newPassword": "second-password"},
    )
    assert changed.status_code == 204
    assert first.get("/api/v3/auth/me").status_code == 200
    assert second.get("/api/v3/auth/me").status_code == 401
    master.login("pat", "second-password").close()


def test_api_tokens_act_with_at_most_their_role(master: Master, admin: httpx.Client) -> None:
    _create(admin, "scripty", "operator")
    with master.login("scripty", "password-123") as user:
        too_strong = user.post("/api/v3/tokens", json={"name": "ci", "role": "admin"})
        assert too_strong.status_code == 403
        created = user.post("/api/v3/tokens", json={"name": "ci", "role": "viewer"}).json()
        token, token_id = created["token"], created["info"]["id"]
        assert token.startswith("aht_")
        assert token not in user.get("/api/v3/tokens").text
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{master.url}/api/v3/clusters", headers=headers).status_code == 200
    refused = httpx.post(
        f"{master.url}/api/v3/commands",
        headers=headers,
        json={"clusterId": "x", "action": "cordon", "target": {"kind": "Node", "name": "n"}},
    )
    assert refused.status_code in (403, 404)
    with master.login("scripty", "password-123") as user:
        assert user.delete(f"/api/v3/tokens/{token_id}").status_code == 204
    revoked = httpx.get(f"{master.url}/api/v3/clusters", headers=headers)
    assert revoked.status_code == 401
    assert "API token" in revoked.json()["error"]["message"]


def test_audit_records_and_filters(admin: httpx.Client) -> None:
    _create(admin, "audited", "viewer")
    page = admin.get("/api/v3/audit", params={"action": "user.create", "q": "audited"}).json()
    assert page["total"] == 1
    entry = page["items"][0]
    assert (entry["actor"], entry["target"], entry["result"]) == (
        "admin",
        "user/audited",
        "success",
    )
    assert entry["clientIp"] == "127.0.0.1"
    prefixed = admin.get("/api/v3/audit", params={"action": "user.", "limit": 500}).json()
    assert {item["action"] for item in prefixed["items"]} <= {
        "user.create",
        "user.update",
        "user.delete",
        "user.password",
    }
    assert admin.get("/api/v3/audit", params={"since": "yesterday"}).status_code == 400
