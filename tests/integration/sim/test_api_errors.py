"""Bad requests get the API server's status codes and `Status` bodies, never a 500."""

from __future__ import annotations

import base64
import json
import ssl
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import SimCluster

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def http(fast_sim: SimCluster) -> Iterator[httpx.Client]:
    config: Any = fast_sim.config
    cluster = config["clusters"][0]["cluster"]
    token = config["users"][0]["user"]["token"]
    with tempfile.NamedTemporaryFile("wb", suffix=".pem") as ca:
        ca.write(base64.b64decode(cluster["certificate-authority-data"]))
        ca.flush()
        context = ssl.create_default_context(cafile=ca.name)
    with httpx.Client(
        base_url=cluster["server"],
        verify=context,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ) as session:
        yield session


def _status(response: httpx.Response, code: int, reason: str) -> dict[str, Any]:
    assert response.status_code == code, response.text
    body: dict[str, Any] = response.json()
    assert body["kind"] == "Status" and body["apiVersion"] == "v1"
    assert body["status"] == "Failure" and body["code"] == code and body["reason"] == reason
    return body


def test_not_found(http: httpx.Client) -> None:
    body = _status(http.get("/apis/apps/v1/namespaces/shop/deployments/nope"), 404, "NotFound")
    assert body["message"] == 'deployments.apps "nope" not found'
    assert body["details"] == {"name": "nope", "group": "apps", "kind": "deployments"}
    body = _status(http.get("/apis/no.such.group/v1/things"), 404, "NotFound")
    assert body["message"] == "the server could not find the requested resource"


def test_already_exists_and_conflict(http: httpx.Client) -> None:
    configmap = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dup-errors"}}
    first = http.post("/api/v1/namespaces/default/configmaps", json=configmap)
    assert first.status_code == 201
    body = _status(
        http.post("/api/v1/namespaces/default/configmaps", json=configmap), 409, "AlreadyExists"
    )
    assert body["message"] == 'configmaps "dup-errors" already exists'
    stale = {**first.json(), "data": {"k": "v"}}
    assert http.put("/api/v1/namespaces/default/configmaps/dup-errors", json=stale).is_success
    body = _status(
        http.put("/api/v1/namespaces/default/configmaps/dup-errors", json=stale), 409, "Conflict"
    )
    assert body["message"] == (
        'Operation cannot be fulfilled on configmaps "dup-errors": the object has been '
        "modified; please apply your changes to the latest version and try again"
    )
    http.delete("/api/v1/namespaces/default/configmaps/dup-errors")


def test_invalid_with_causes(http: httpx.Client) -> None:
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "bad"},
        "spec": {
            "replicas": -1,
            "selector": {"matchLabels": {"app": "x"}},
            "template": {
                "metadata": {"labels": {"app": "y"}},
                "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            },
        },
    }
    body = _status(
        http.post("/apis/apps/v1/namespaces/default/deployments", json=deployment), 422, "Invalid"
    )
    fields = {cause["field"]: cause["reason"] for cause in body["details"]["causes"]}
    assert fields == {
        "spec.replicas": "FieldValueInvalid",
        "spec.template.metadata.labels": "FieldValueInvalid",
    }
    assert body["message"].startswith(
        'Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater'
    )
    assert body["details"]["group"] == "apps" and body["details"]["kind"] == "Deployment"


def test_gone_for_stale_watch_and_continue(http: httpx.Client) -> None:
    watch = http.get("/api/v1/pods", params={"watch": "1", "resourceVersion": "1"})
    event = json.loads(watch.text.splitlines()[0])
    assert event["type"] == "ERROR"
    assert event["object"]["code"] == 410 and event["object"]["reason"] == "Expired"
    token = (
        base64.urlsafe_b64encode(
            json.dumps({"v": "meta.k8s.io/v1", "rv": 1, "start": "a/b"}).encode()
        )
        .decode()
        .rstrip("=")
    )
    body = _status(
        http.get("/api/v1/pods", params={"limit": "5", "continue": token}), 410, "Expired"
    )
    assert "continue parameter is too old" in body["message"]


def test_too_many_requests_from_a_budget(http: httpx.Client) -> None:
    pods = http.get("/api/v1/namespaces/shop/pods", params={"labelSelector": "app=web"}).json()
    # The web budget keeps 2 of 3 pods: evicting all three must be refused at some point.
    codes = []
    for pod in pods["items"]:
        name = pod["metadata"]["name"]
        response = http.post(
            f"/api/v1/namespaces/shop/pods/{name}/eviction",
            json={
                "apiVersion": "policy/v1",
                "kind": "Eviction",
                "metadata": {"name": name},
                "deleteOptions": {"dryRun": ["All"]},
            },
        )
        codes.append(response.status_code)
        if response.status_code == 429:
            body = _status(response, 429, "TooManyRequests")
            assert body["message"] == (
                "Cannot evict pod as it would violate the pod's disruption budget."
            )
            assert body["details"]["causes"][0]["reason"] == "DisruptionBudget"
    assert 429 not in codes  # dry runs do not spend the budget…
    budget = http.get("/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web").json()
    assert budget["status"]["disruptionsAllowed"] == 1
    patch = {"spec": {"minAvailable": 3}}
    http.patch(
        "/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web",
        json=patch,
        headers={"Content-Type": "application/merge-patch+json"},
    ).raise_for_status()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            status = http.get("/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web").json()
            if status["status"].get("disruptionsAllowed") == 0:
                break
            time.sleep(0.1)
        name = pods["items"][0]["metadata"]["name"]
        response = http.post(
            f"/api/v1/namespaces/shop/pods/{name}/eviction",
            json={"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": name}},
        )
        _status(response, 429, "TooManyRequests")
    finally:
        http.patch(
            "/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web",
            json={"spec": {"minAvailable": 2}},
            headers={"Content-Type": "application/merge-patch+json"},
        )


def test_method_media_type_and_bad_request(http: httpx.Client) -> None:
    body = _status(
        http.post("/api/v1/namespaces/default/pods/some-pod", json={}), 405, "MethodNotAllowed"
    )
    assert "does not allow this method" in body["message"]
    _status(
        http.patch(
            "/api/v1/namespaces/shop/services/web",
            content=b"{}",
            headers={"Content-Type": "text/csv"},
        ),
        415,
        "UnsupportedMediaType",
    )
    _status(http.get("/api/v1/pods", params={"labelSelector": "app in (x"}), 400, "BadRequest")
    _status(http.get("/api/v1/pods", params={"limit": "many"}), 400, "BadRequest")
    _status(
        http.post(
            "/api/v1/namespaces/default/configmaps",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        ),
        400,
        "BadRequest",
    )
    _status(
        http.get("/api/v1/namespaces/shop/pods/web-x/log", params={"tailLines": "-3"}),
        400,
        "BadRequest",
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type"),
    [
        (
            "PATCH",
            "/apis/apps/v1/namespaces/shop/deployments/web",
            b"[1, 2]",
            "application/json-patch+json",
        ),
        (
            "PATCH",
            "/apis/apps/v1/namespaces/shop/deployments/web",
            b'[{"op": "remove", "path": "/nope/x"}]',
            "application/json-patch+json",
        ),
        (
            "PATCH",
            "/apis/apps/v1/namespaces/shop/deployments/web",
            b'"text"',
            "application/merge-patch+json",
        ),
        (
            "PATCH",
            "/apis/apps/v1/namespaces/shop/deployments/web/scale",
            b'{"spec": {"replicas": "x"}}',
            "application/merge-patch+json",
        ),
        ("PUT", "/apis/apps/v1/namespaces/shop/deployments/web", b"[]", "application/json"),
        ("POST", "/api/v1/namespaces/shop/pods/web/eviction", b"[]", "application/json"),
        ("POST", "/api/v1/namespaces/shop/pods", b'{"metadata": []}', "application/json"),
        (
            "PATCH",
            "/api/v1/namespaces/default/configmaps/x",
            b"a: [",
            "application/apply-patch+yaml",
        ),
        ("GET", "/api/v1/namespaces/shop/pods/redis-0/log?sinceTime=yesterday", b"", ""),
        (
            "POST",
            "/api/v1/namespaces/default/pods",
            b"k8s\x00\x0a\x02",
            "application/vnd.kubernetes.protobuf",
        ),
        (
            "DELETE",
            "/api/v1/namespaces/default/pods/x",
            b'{"propagationPolicy": "Sideways"}',
            "application/json",
        ),
    ],
)
def test_bad_input_is_a_client_error(
    http: httpx.Client, method: str, path: str, body: bytes, content_type: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = http.request(method, path, content=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["kind"] == "Status"
