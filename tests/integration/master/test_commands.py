"""Commands through a real Master: create, long-poll delivery, results, waiting, cancel, timeout.

The Agent side is driven by hand over HTTP with a cluster token, so each step can be checked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Master, ProcessFactory, start_master

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def quick_master(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> Master:
    """A Master that times commands out without a grace period."""
    return start_master(
        processes,
        tmp_path_factory.mktemp("commands"),
        env={"MASTER_COMMAND_RESULT_GRACE_SECONDS": "0"},
    )


@pytest.fixture(scope="module")
def admin(quick_master: Master) -> Iterator[httpx.Client]:
    with quick_master.login() as client:
        yield client


@pytest.fixture(scope="module")
def clusters(admin: httpx.Client) -> list[dict[str, str]]:
    return [admin.post("/api/v3/clusters", json={"name": n}).json() for n in ("cmd-a", "cmd-b")]


class FakeAgent:
    def __init__(self, master: Master, token: str) -> None:
        self.client = httpx.Client(
            base_url=master.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def poll(self, queue: str = "ops", wait: float = 5) -> list[dict[str, Any]]:
        response = self.client.get("/agent/commands", params={"queue": queue, "wait": wait})
        if response.status_code == 204:
            return []
        response.raise_for_status()
        return response.json()["commands"]  # type: ignore[no-any-return]

    def report(self, command_id: str, status: str = "success", **extra: Any) -> httpx.Response:
        now = datetime.now(UTC).isoformat()
        body = {"commandId": command_id, "status": status, "startedAt": now, "finishedAt": now}
        return self.client.post("/agent/result", json={**body, **extra})


def _scale(admin: httpx.Client, cluster_id: str, **extra: Any) -> dict[str, Any]:
    body = {
        "clusterId": cluster_id,
        "action": "scale",
        "target": {"kind": "Deployment", "namespace": "shop", "name": "web"},
        "params": {"replicas": 3},
        **extra,
    }
    response = admin.post("/api/v3/commands", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_round_trip_with_wait(
    quick_master: Master, admin: httpx.Client, clusters: list[dict[str, str]]
) -> None:
    agent = FakeAgent(quick_master, clusters[0]["token"])
    created = _scale(admin, clusters[0]["id"], dryRun=True)
    assert created["status"] == "pending"
    assert created["result"] is None

    delivered = agent.poll()
    assert [c["id"] for c in delivered] == [created["id"]]
    command = delivered[0]
    assert command["action"] == "scale"
    assert command["dryRun"] is True
    assert command["target"] == {"kind": "Deployment", "name": "web", "namespace": "shop"}
    assert command["createdBy"] == "admin"

    waited: dict[str, Any] = {}

    def wait_for_result() -> None:
        waited.update(admin.get(f"/api/v3/commands/{created['id']}", params={"wait": 20}).json())

    waiter = threading.Thread(target=wait_for_result)
    waiter.start()
    time.sleep(0.5)
    assert agent.report(created["id"], output={"replicas": {"from": 1, "to": 3}}).status_code == 204
    waiter.join(timeout=20)
    assert waited["status"] == "success"
    assert waited["result"]["output"] == {"replicas": {"from": 1, "to": 3}}


def test_long_poll_answers_204_then_wakes_on_a_new_command(
    quick_master: Master, admin: httpx.Client, clusters: list[dict[str, str]]
) -> None:
    agent = FakeAgent(quick_master, clusters[0]["token"])
    started = time.monotonic()
    assert agent.poll(wait=1) == []
    assert time.monotonic() - started >= 0.9

    got: list[dict[str, Any]] = []
    poller = threading.Thread(target=lambda: got.extend(agent.poll(wait=20)))
    poller.start()
    time.sleep(0.5)
    created = _scale(admin, clusters[0]["id"])
    poller.join(timeout=20)
    assert [c["id"] for c in got] == [created["id"]]
    agent.report(created["id"])


def test_a_token_sees_only_its_own_commands(
    quick_master: Master, admin: httpx.Client, clusters: list[dict[str, str]]
) -> None:
    a, b = (FakeAgent(quick_master, c["token"]) for c in clusters)
    created = _scale(admin, clusters[0]["id"])
    assert b.poll(wait=0.5) == []
    assert [c["id"] for c in a.poll()] == [created["id"]]
    refused = b.report(created["id"])
    assert refused.status_code == 404
    assert "no command" in refused.json()["error"]["message"]
    assert a.report(created["id"]).status_code == 204
    again = a.report(created["id"])
    assert again.status_code == 409


def test_cancel_only_while_pending(
    quick_master: Master, admin: httpx.Client, clusters: list[dict[str, str]]
) -> None:
    agent = FakeAgent(quick_master, clusters[1]["token"])
    first = _scale(admin, clusters[1]["id"])
    cancelled = admin.post(f"/api/v3/commands/{first['id']}/cancel", json={})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert agent.poll(wait=0.5) == []

    second = _scale(admin, clusters[1]["id"])
    assert [c["id"] for c in agent.poll()] == [second["id"]]
    refused = admin.post(f"/api/v3/commands/{second['id']}/cancel", json={})
    assert refused.status_code == 409
    agent.report(second["id"], status="failed", error="boom")
    assert admin.get(f"/api/v3/commands/{second['id']}").json()["result"]["error"] == "boom"


def test_unanswered_command_times_out(
    quick_master: Master, admin: httpx.Client, clusters: list[dict[str, str]]
) -> None:
    created = _scale(admin, clusters[1]["id"], timeoutSeconds=1)
    final = admin.get(f"/api/v3/commands/{created['id']}", params={"wait": 10}).json()
    assert final["status"] == "timeout"
    assert "no result from the agent" in final["result"]["error"]


def test_history_filters(admin: httpx.Client, clusters: list[dict[str, str]]) -> None:
    page = admin.get(
        "/api/v3/commands", params={"cluster": clusters[1]["id"], "status": "cancelled"}
    ).json()
    assert page["total"] >= 1
    assert all(item["status"] == "cancelled" for item in page["items"])
    assert all(item["clusterId"] == clusters[1]["id"] for item in page["items"])

    mine = admin.get("/api/v3/commands", params={"createdBy": "admin"}).json()
    assert mine["total"] >= 1
    assert all(item["createdBy"] == "admin" for item in mine["items"])
    nobody = admin.get("/api/v3/commands", params={"createdBy": "nobody"}).json()
    assert nobody == {"items": [], "total": 0, "limit": 50, "offset": 0}


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"action": "explode", "target": {"kind": "Pod", "name": "x"}}, 422, "unknown action"),
        (
            {"action": "scale", "target": {"kind": "Pod", "name": "x"}, "params": {"replicas": 1}},
            422,
            "works on Deployment",
        ),
        (
            {
                "action": "scale",
                "target": {"kind": "Deployment", "name": "x"},
                "params": {"replicas": "many"},
            },
            422,
            "$.replicas",
        ),
        ({"action": "cordon", "target": {"kind": "Node"}}, 422, "needs target.name"),
        (
            {"action": "cordon", "target": {"kind": "Node", "name": "n"}, "timeoutSeconds": 0},
            400,
            "timeoutSeconds",
        ),
        (
            {"action": "cordon", "target": {"kind": "Node", "name": "n"}, "queue": "vip"},
            400,
            "queue",
        ),
        ({"action": "cordon", "target": {"kind": "Node", "name": "n"}, "bogus": 1}, 400, "bogus"),
    ],
)
def test_bad_commands_are_refused(
    admin: httpx.Client,
    clusters: list[dict[str, str]],
    body: dict[str, Any],
    status: int,
    fragment: str,
) -> None:
    response = admin.post("/api/v3/commands", json={"clusterId": clusters[0]["id"], **body})
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]


def test_unknown_cluster_and_command(admin: httpx.Client) -> None:
    response = admin.post(
        "/api/v3/commands",
        json={"clusterId": "nope", "action": "cordon", "target": {"kind": "Node", "name": "n"}},
    )
    assert response.status_code == 404
    assert admin.get("/api/v3/commands/missing").status_code == 404


def test_bad_results_are_refused(quick_master: Master, clusters: list[dict[str, str]]) -> None:
    agent = FakeAgent(quick_master, clusters[0]["token"])
    wrong_status = agent.client.post(
        "/agent/result",
        json={"commandId": "x", "status": "great", "startedAt": "", "finishedAt": ""},
    )
    assert wrong_status.status_code == 400
    assert "$.status" in wrong_status.json()["error"]["message"]
    assert agent.client.get("/agent/commands", params={"queue": "vip"}).status_code == 400
    assert agent.client.get("/agent/commands", params={"wait": 999}).status_code == 400


def test_pending_commands_survive_a_restart(processes: ProcessFactory, tmp_path: Path) -> None:
    first = start_master(processes, tmp_path)
    with first.login() as admin:
        cluster = admin.post("/api/v3/clusters", json={"name": "survivor"}).json()
        created = _scale(admin, cluster["id"])
    first.proc.stop()
    again = start_master(processes, tmp_path, port=int(first.url.rsplit(":", 1)[1]))
    agent = FakeAgent(again, cluster["token"])
    assert [c["id"] for c in agent.poll()] == [created["id"]]
