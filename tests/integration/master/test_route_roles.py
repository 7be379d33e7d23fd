"""Every route of the Master, for every role and for anonymous callers: none is left unchecked.

Routes are enumerated from the application itself, so a new route is covered the day it is added;
a route that declares neither a role nor that it is public fails this test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from atlhyper.master.app import create_app
from atlhyper.master.auth import Role
from atlhyper.master.config import MasterSettings
from tests.conftest import Master

pytestmark = pytest.mark.integration

_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    role: Role | None  # None: public
    agent: bool  # needs a cluster token
    host: bool  # needs a host token


def _routes() -> list[Route]:
    app = create_app(MasterSettings(database_url="sqlite+aiosqlite:///:memory:"))
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            methods = sorted(set(handler.http_methods) - {"OPTIONS", "HEAD"})
            for method in methods:
                role = handler.opt.get("role")
                public = bool(handler.opt.get("exclude_from_auth"))
                assert public or isinstance(role, Role), f"{method} {route.path} declares no role"
                found.append(
                    Route(
                        method,
                        route.path,
                        None if public else role,
                        bool(handler.opt.get("agent")),
                        bool(handler.opt.get("host")),
                    )
                )
    return found


ROUTES = _routes()


def _concrete(path: str) -> str:
    return _PARAM.sub(lambda m: {"cluster": "*", "path": "pods"}.get(m.group(1), "x"), path)


@pytest.fixture(scope="module")
def users(master: Master) -> dict[Role, str]:
    passwords = {role: f"{role.name}-password-1" for role in (Role.viewer, Role.operator)}
    with master.login() as admin:
        for role, password in passwords.items():
            created = admin.post(
                "/api/v3/users",
                json={"username": f"rt-{role.name}", "password": password, "role": role.name},
            )
            assert created.status_code in (201, 409), created.text
    return passwords


@pytest.fixture
def session_for(master: Master, users: dict[Role, str]) -> Iterator[dict[Role, httpx.Client]]:
    clients = {role: master.login(f"rt-{role.name}", password) for role, password in users.items()}
    clients[Role.admin] = master.login()
    yield clients
    for client in clients.values():
        client.close()


def _call(client: httpx.Client, route: Route) -> httpx.Response:
    body = {} if route.method in ("POST", "PUT", "PATCH", "DELETE") else None
    return client.request(route.method, _concrete(route.path), json=body)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_route_checks_its_callers(
    route: Route, master: Master, session_for: dict[Role, httpx.Client]
) -> None:
    with httpx.Client(base_url=master.url, timeout=10) as anonymous:
        answer = _call(anonymous, route)
    assert answer.status_code < 500, answer.text
    if route.agent:
        assert answer.status_code == 401
        assert "cluster token" in answer.json()["error"]["message"]
        return
    if route.host:
        assert answer.status_code == 401
        assert "host token" in answer.json()["error"]["message"]
        return
    if route.role is None:
        assert answer.status_code not in (401, 403), answer.text
        return
    assert answer.status_code == 401, answer.text
    for role, client in session_for.items():
        if route.path == "/api/v3/auth/logout":
            continue  # would end the session the other checks use; covered elsewhere
        answer = _call(client, route)
        assert answer.status_code < 500, (role, answer.text)
        if role < route.role:
            assert answer.status_code == 403, (role, answer.text)
            assert f"needs the {route.role.name} role" in answer.json()["error"]["message"]
        else:
            assert answer.status_code not in (401, 403), (role, answer.text)


def test_every_role_is_exercised() -> None:
    assert {r.role for r in ROUTES} >= {None, Role.viewer, Role.operator, Role.admin}
    assert any(r.agent for r in ROUTES) and any(r.host for r in ROUTES)


def test_otel_views_are_for_viewers_and_slo_targets_for_operators() -> None:
    base = "/api/v3/clusters/{cluster}"
    otel = {
        (r.method, _PARAM.sub(lambda m: "{" + m.group(1) + "}", r.path)[len(base) :]): r.role
        for r in ROUTES
        if re.match(
            r"^/api/v3/clusters/\{cluster[^}]*\}/(apm|traces|logs|node-metrics|slo)", r.path
        )
    }
    assert otel == {
        ("GET", "/apm"): Role.viewer,
        ("GET", "/apm/services/{service}"): Role.viewer,
        ("GET", "/traces"): Role.viewer,
        ("GET", "/traces/{trace_id}"): Role.viewer,
        ("GET", "/traces/{trace_id}/spans/{span_id}"): Role.viewer,
        ("GET", "/logs"): Role.viewer,
        ("GET", "/node-metrics"): Role.viewer,
        ("GET", "/node-metrics/{node}"): Role.viewer,
        ("GET", "/slo"): Role.viewer,
        ("GET", "/slo/detail"): Role.viewer,
        ("PUT", "/slo/targets"): Role.operator,
        ("DELETE", "/slo/targets"): Role.operator,
    }
