"""How the simulated kubelet reads a container's fate from its real spec."""

from __future__ import annotations

from atlhyper.sim.controllers.programs import program
from atlhyper.sim.controllers.scheduler import tolerates, untolerated
from atlhyper.sim.controllers.templates import int_or_percent, template_hash


def test_commands_exit_codes_and_oom() -> None:
    crash = program({"command": ["sh", "-c", "sleep 4; exit 1"], "image": "x"}, "Always", 5)
    assert (crash.run_seconds, crash.exit_code, crash.reason) == (4.0, 1, "Error")
    hog = program(
        {
            "command": ["stress", "--vm-bytes", "400M"],
            "image": "x",
            "resources": {"limits": {"memory": "256Mi"}},
        },
        "Always",
        5,
    )
    assert (hog.exit_code, hog.reason) == (137, "OOMKilled")
    fits = program(
        {
            "command": ["stress", "--vm-bytes", "100M"],
            "image": "x",
            "resources": {"limits": {"memory": "256Mi"}},
        },
        "Always",
        5,
    )
    assert fits.run_seconds is None
    job = program({"image": "x"}, "Never", 7)
    assert (job.run_seconds, job.exit_code, job.reason) == (7, 0, "Completed")


def test_image_pull_and_probe_failures() -> None:
    assert (
        "no such host" in program({"image": "registry.example.invalid/a:1"}, "Always", 1).pull_error
    )
    assert "not found" in program({"image": "nginx:does-not-exist"}, "Always", 1).pull_error
    assert program({"image": "nginx:1.27"}, "Always", 1).pull_error == ""
    probe = {"httpGet": {"path": "/ready", "port": 8081}}
    bad = program(
        {"image": "x", "ports": [{"containerPort": 8080}], "readinessProbe": probe},
        "Always",
        1,
        "10.0.0.5",
    )
    assert bad.probe_error == (
        'Get "http://10.0.0.5:8081/ready": dial tcp 10.0.0.5:8081: connect: connection refused'
    )
    named = {"httpGet": {"path": "/", "port": "http"}}
    good = program(
        {"image": "x", "ports": [{"name": "http", "containerPort": 80}], "readinessProbe": named},
        "Always",
        1,
    )
    assert good.probe_error == ""


def test_taints_and_tolerations() -> None:
    control_plane = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
    assert untolerated([control_plane], []) == control_plane
    assert untolerated([control_plane], [{"operator": "Exists"}]) is None
    assert tolerates(
        {"key": "a", "operator": "Equal", "value": "1"},
        {"key": "a", "value": "1", "effect": "NoSchedule"},
    )
    assert not tolerates({"key": "a", "value": "2"}, {"key": "a", "value": "1"})
    assert untolerated([{"key": "x", "effect": "PreferNoSchedule"}], []) is None


def test_template_hash_is_stable_and_ignores_its_own_label() -> None:
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a"}]}}
    labelled = {
        "metadata": {"labels": {"app": "web", "pod-template-hash": "x"}},
        "spec": {"containers": [{"name": "a"}]},
    }
    assert template_hash(template) == template_hash(labelled)
    assert template_hash(template) != template_hash(template, collisions=1)
    assert set(template_hash(template)) <= set("bcdfghjklmnpqrstvwxz2456789")


def test_int_or_percent() -> None:
    assert int_or_percent("25%", 3, True) == 1
    assert int_or_percent("25%", 3, False) == 0
    assert int_or_percent(2, 10, True) == 2
