"""What a container "does" when the simulated kubelet runs it, read from its real spec.

No hidden annotations: failures come from what would make a real container fail.
- `command`/`args` containing `exit N` (e.g. `sh -c "sleep 5; exit 1"`): runs for the sleep,
  then exits with N;
- a memory hog (`stress --vm-bytes 512M`, `--vm-bytes`) above the container's memory limit is
  OOMKilled (exit 137);
- an image from a registry under the reserved `.invalid` TLD, or tagged `does-not-exist`, cannot
  be pulled;
- a readiness probe aimed at a port the container does not declare gets connection refused, and an
  exec probe running `false`/`exit 1` fails;
- a container of a Job (restartPolicy Never/OnFailure) with no exit in its command finishes with
  exit code 0 after `sleep N` or the configured job duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from atlhyper.sim import quantity

Obj = dict[str, Any]

_EXIT = re.compile(r"\bexit\s+(\d+)")
_SLEEP = re.compile(r"\bsleep\s+(\d+(?:\.\d+)?)")
_VM_BYTES = re.compile(r"--vm-bytes[ =](\S+)")


@dataclass(frozen=True, slots=True)
class Program:
    #: Seconds until the container exits (None: runs until stopped).
    run_seconds: float | None = None
    exit_code: int = 0
    #: Termination reason: Completed, Error or OOMKilled.
    reason: str = "Completed"
    #: Why pulling the image fails, or "" when it succeeds.
    pull_error: str = ""
    #: Why the readiness probe fails, or "" when it passes (or there is none).
    probe_error: str = ""


def _text(container: Obj) -> str:
    parts = [*(container.get("command") or []), *(container.get("args") or [])]
    return " ".join(str(p) for p in parts)


def pull_error(image: str) -> str:
    """The containerd error a real pull of `image` would end with, or ""."""
    name, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "")
    host = name.split("/", 1)[0] if "/" in name else "docker.io"
    if host.endswith(".invalid"):
        return (
            f'failed to pull and unpack image "{image}": failed to resolve reference "{image}": '
            f'failed to do request: Head "https://{host}/v2/": dial tcp: lookup {host}: '
            "no such host"
        )
    if tag == "does-not-exist":
        return (
            f'rpc error: code = NotFound desc = failed to pull and unpack image "{image}": failed '
            f'to resolve reference "{image}": {image}: not found'
        )
    return ""


def _probe_error(container: Obj, pod_ip: str) -> str:
    probe = container.get("readinessProbe")
    if not isinstance(probe, dict):
        return ""
    declared = {p.get("containerPort") for p in container.get("ports") or []}
    names = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
    for style in ("httpGet", "tcpSocket"):
        action = probe.get(style)
        if not isinstance(action, dict):
            continue
        port = action.get("port")
        number = names.get(port, port)
        if number in declared:
            return ""
        ip = pod_ip or "10.244.0.1"
        if style == "httpGet":
            path = action.get("path", "/")
            return (
                f'Get "http://{ip}:{number}{path}": dial tcp {ip}:{number}: connect: '
                "connection refused"
            )
        return f"dial tcp {ip}:{number}: connect: connection refused"
    command = " ".join(str(c) for c in (probe.get("exec") or {}).get("command") or [])
    if command and (re.search(r"\bfalse\b", command) or _EXIT.search(command)):
        return f"command {command!r} exited with 1"
    return ""


def program(container: Obj, restart_policy: str, job_seconds: float, pod_ip: str = "") -> Program:
    text = _text(container)
    sleep = _SLEEP.search(text)
    run = float(sleep.group(1)) if sleep else None
    limit = quantity.parse(((container.get("resources") or {}).get("limits") or {}).get("memory"))
    hog = _VM_BYTES.search(text)
    pull = pull_error(str(container.get("image", "")))
    probe = _probe_error(container, pod_ip)
    if hog and limit and quantity.parse(hog.group(1)) > limit:
        return Program(run if run is not None else 4.0, 137, "OOMKilled", pull, probe)
    exited = _EXIT.search(text)
    if exited:
        code = int(exited.group(1))
        return Program(
            run if run is not None else 3.0,
            code,
            "Completed" if code == 0 else "Error",
            pull,
            probe,
        )
    if restart_policy in ("Never", "OnFailure"):
        return Program(run if run is not None else job_seconds, 0, "Completed", pull, probe)
    return Program(None, 0, "Completed", pull, probe)
