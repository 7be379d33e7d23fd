"""The Master's HTTP API against a real Master process: auth, errors and agent ingest."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import msgspec
import pytest
import zstandard

from tests.conftest import Master, ProcessFactory, start_master

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def admin(master: Master) -> Iterator[httpx.Client]:
    with master.login() as client:
        yield client


@pytest.fixture(scope="module")
def two_clusters(admin: httpx.Client) -> list[dict[str, str]]:
    return [
        admin.post("/api/v3/clusters", json={"name": name}).json() for name in ("api-a", "api-b")
    ]


def _snapshot(seq: int, pod_names: list[str]) -> bytes:
    return msgspec.json.encode(
        {
            "seq": seq,
            "takenAt": datetime.now(UTC).isoformat(),
            "agentVersion": "test",
            "pods": [
                {"uid": f"uid-{name}", "name": name, "namespace": "default", "status": "Running"}
                for name in pod_names
            ],
        }
    )


def _push(master: Master, token: str, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{master.url}/agent/snapshot",
        content=body,
        headers={"Authorization": f"Bearer {token}", **headers},
        timeout=10,
    )


def _error(response: httpx.Response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


def test_every_api_route_refuses_anonymous_callers(master: Master) -> None:
    spec = httpx.get(f"{master.url}/api/openapi.json").json()
    checked = 0
    for path, operations in spec["paths"].items():
        concrete = (
            path.replace("{cluster}", "x").replace("{namespace}", "ns").replace("{name}", "n")
        )
        for method in operations:
            if path == "/api/v3/auth/login" or not path.startswith("/api/v3/"):
                continue
            response = httpx.request(method.upper(), f"{master.url}{concrete}", json={})
            assert response.status_code == 401, (method, path, response.text)
            assert _error(response)["code"] == "unauthorized"
            checked += 1
    assert checked >= 8


def test_login_sets_a_strict_http_only_cookie(master: Master) -> None:
    response = httpx.post(
        f"{master.url}/api/v3/auth/login",
        json={"username": "admin", "password": master.admin_password},
    )
    assert response.status_code == 200
    assert response.json() == {"username": "admin", "role": "admin"}
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_wrong_password_is_401_with_a_message(master: Master) -> None:
    response = httpx.post(
        f"{master.url}/api/v3/auth/login", json={"username": "admin", "password": "nope-nope"}
    )
    assert response.status_code == 401
    assert _error(response)["message"] == "wrong username or password"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "fragment"),
    [
        (b"{not json", "application/json", 400, ""),
        (b'{"username": 5, "password": "x"}', "application/json", 400, "username"),
        (b'{"username": "admin"}', "application/json", 400, "password"),
    ],
)
def test_bad_login_bodies(
    master: Master, body: bytes, content_type: str, status: int, fragment: str
) -> None:
    response = httpx.post(
        f"{master.url}/api/v3/auth/login", content=body, headers={"content-type": content_type}
    )
    assert response.status_code == status
    assert fragment in _error(response)["message"]


def test_logout_ends_the_session(master: Master) -> None:
    client = master.login()
    assert client.get("/api/v3/auth/me").status_code == 200
    assert client.post("/api/v3/auth/logout", json={}).status_code == 204
    client.cookies.clear()
    assert client.get("/api/v3/auth/me").status_code == 401


def test_cookie_mutation_without_json_content_type_is_refused(admin: httpx.Client) -> None:
    response = admin.post(
        "/api/v3/clusters", content=b"name=evil", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert "application/json" in _error(response)["message"]


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"name": "Bad Name!"}, 422, "lowercase"),
        ({"name": ""}, 422, "lowercase"),
        ({"name": 12}, 400, "name"),
        ({}, 400, "name"),
    ],
)
def test_bad_cluster_names(
    admin: httpx.Client, payload: dict[str, object], status: int, fragment: str
) -> None:
    response = admin.post("/api/v3/clusters", json=payload)
    assert response.status_code == status
    assert fragment in _error(response)["message"]


def test_duplicate_cluster_name_is_409(admin: httpx.Client) -> None:
    assert admin.post("/api/v3/clusters", json={"name": "dupe"}).status_code == 201
    response = admin.post("/api/v3/clusters", json={"name": "dupe"})
    assert response.status_code == 409
    assert "already exists" in _error(response)["message"]


def test_token_is_shown_once_and_never_listed(
    admin: httpx.Client, two_clusters: list[dict[str, str]]
) -> None:
    assert all(cluster["token"].startswith("ahc_") for cluster in two_clusters)
    listing = admin.get("/api/v3/clusters").text
    assert all(cluster["token"] not in listing for cluster in two_clusters)


def test_a_token_writes_only_its_own_cluster(
    master: Master, admin: httpx.Client, two_clusters: list[dict[str, str]]
) -> None:
    a, b = two_clusters
    assert _push(master, a["token"], _snapshot(1, ["only-in-a"])).json() == {"acceptedSeq": 1}
    assert _push(master, b["token"], _snapshot(1, ["only-in-b"])).status_code == 200
    a_pods = admin.get(f"/api/v3/clusters/{a['id']}/pods").json()["items"]
    b_pods = admin.get(f"/api/v3/clusters/{b['id']}/pods").json()["items"]
    assert [p["name"] for p in a_pods] == ["only-in-a"]
    assert [p["name"] for p in b_pods] == ["only-in-b"]


def test_cluster_token_cannot_read_the_ui_api(
    master: Master, two_clusters: list[dict[str, str]]
) -> None:
    token = two_clusters[0]["token"]
    response = httpx.get(
        f"{master.url}/api/v3/clusters", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("headers", "status", "fragment"),
    [
        ({}, 401, "Bearer"),
        ({"Authorization": "Bearer ahc_wrong"}, 401, "unknown or revoked"),
        ({"Authorization": "Basic abc"}, 401, "Bearer"),
    ],
)
def test_agent_routes_need_a_cluster_token(
    master: Master, headers: dict[str, str], status: int, fragment: str
) -> None:
    response = httpx.post(f"{master.url}/agent/snapshot", content=_snapshot(1, []), headers=headers)
    assert response.status_code == status
    assert fragment in _error(response)["message"]


def test_bad_snapshots_get_4xx_never_500(
    master: Master, two_clusters: list[dict[str, str]]
) -> None:
    token = two_clusters[0]["token"]
    cases: list[tuple[bytes, dict[str, str], int, str]] = [
        (b"{oops", {}, 400, "malformed JSON"),
        (msgspec.json.encode({"seq": "x", "takenAt": "t"}), {}, 400, "$.seq"),
        (msgspec.json.encode({"seq": 1, "takenAt": "t", "pods": [{"name": "x"}]}), {}, 400, "uid"),
        (msgspec.json.encode({"seq": 1, "takenAt": "t", "widgets": []}), {}, 400, "widgets"),
        (
            gzip.compress(b"\0" * (80 * 1024 * 1024)),
            {"Content-Encoding": "gzip"},
            413,
            "decompressed",
        ),
        (
            zstandard.compress(b"\0" * (80 * 1024 * 1024)),
            {"Content-Encoding": "zstd"},
            413,
            "decompressed",
        ),
        (b"garbage", {"Content-Encoding": "zstd"}, 400, "zstd"),
        (b"{}", {"Content-Encoding": "br"}, 415, "br"),
    ]
    for body, headers, status, fragment in cases:
        response = _push(master, token, body, **headers)
        assert response.status_code == status, (fragment, response.text)
        assert fragment in _error(response)["message"]


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        ("/api/v3/clusters/*/pods?limit=0", 400, "limit"),
        ("/api/v3/clusters/*/pods?limit=abc", 400, "limit"),
        ("/api/v3/clusters/*/pods?offset=-3", 400, "offset"),
        ("/api/v3/clusters/*/pods?sort=colour", 400, "cannot sort by 'colour'"),
        ("/api/v3/clusters/*/pods?q=" + "x" * 300, 400, "q is longer"),
        ("/api/v3/clusters/*/widgets", 404, "unknown kind 'widgets'"),
        ("/api/v3/clusters/nope/pods", 404, "no cluster with id 'nope'"),
        ("/api/v3/clusters/*/pods/default/x", 400, "name one cluster"),
        ("/api/v3/nothing-here", 404, ""),
    ],
)
def test_bad_list_parameters(admin: httpx.Client, path: str, status: int, fragment: str) -> None:
    response = admin.get(path)
    assert response.status_code == status, response.text
    assert fragment in _error(response)["message"]


def test_health_metrics_and_docs_are_served(master: Master) -> None:
    assert httpx.get(f"{master.url}/healthz").text == "ok"
    assert "atlhyper_master_snapshots_total" in httpx.get(f"{master.url}/metrics").text
    assert httpx.get(f"{master.url}/api/docs").status_code == 200
    assert "/api/v3/clusters" in httpx.get(f"{master.url}/api/openapi.json").json()["paths"]


def test_rate_limit_and_restart_keep_state(processes: ProcessFactory, tmp_path: Path) -> None:
    """A separate Master: failed logins are limited, and users and clusters survive a restart."""
    own = start_master(processes, tmp_path)
    with own.login() as client:
        created = client.post("/api/v3/clusters", json={"name": "survivor"}).json()
    for _ in range(10):
        httpx.post(
            f"{own.url}/api/v3/auth/login", json={"username": "admin", "password": "wrong!!"}
        )
    limited = httpx.post(
        f"{own.url}/api/v3/auth/login", json={"username": "admin", "password": own.admin_password}
    )
    assert limited.status_code == 429
    assert "too many failed logins" in _error(limited)["message"]

    own.proc.stop()
    again = start_master(
        processes, tmp_path, port=int(own.url.rsplit(":", 1)[1]), password="ignored-now"
    )
    with again.login(password=own.admin_password) as client:
        names = [c["name"] for c in client.get("/api/v3/clusters").json()["items"]]
    assert names == ["survivor"]
    accepted = _push(again, created["token"], _snapshot(1, ["after-restart"]))
    assert accepted.status_code == 200


def test_rotate_and_revoke_a_cluster_token(master: Master, admin: httpx.Client) -> None:
    cluster = admin.post("/api/v3/clusters", json={"name": "rotating"}).json()
    old = cluster["token"]
    assert _push(master, old, _snapshot(1, ["before"])).status_code == 200

    rotated = admin.post(f"/api/v3/clusters/{cluster['id']}/token", json={})
    assert rotated.status_code == 200
    new = rotated.json()["token"]
    assert new != old and new.startswith("ahc_")
    assert _push(master, old, _snapshot(2, [])).status_code == 401
    assert _push(master, new, _snapshot(1, ["after"])).status_code == 200

    assert admin.delete(f"/api/v3/clusters/{cluster['id']}/token").status_code == 204
    refused = _push(master, new, _snapshot(2, []))
    assert refused.status_code == 401
    assert "unknown or revoked" in _error(refused)["message"]
    # The cluster and what it last sent are still there.
    pods = admin.get(f"/api/v3/clusters/{cluster['id']}/pods").json()["items"]
    assert [p["name"] for p in pods] == ["after"]
    assert admin.post("/api/v3/clusters/nope/token", json={}).status_code == 404
    assert admin.delete("/api/v3/clusters/nope/token").status_code == 404
    audit = admin.get("/api/v3/audit", params={"action": "cluster.token.", "q": cluster["id"]})
    assert {e["action"] for e in audit.json()["items"]} == {
        "cluster.token.rotate",
        "cluster.token.revoke",
    }
