"""The kubelets of every node: pod sandboxes, image pulls, container runs, restarts and probes.

A bound pod first shows ContainerCreating, then after the start-up delay its images are pulled and
its containers started, with the events a real kubelet emits (Pulling, Pulled, Created, Started).
From there each container follows its `Program`: it keeps running, or exits and is restarted with
the kubelet's crash-loop backoff (10 s doubling to 5 min, scaled by the sim's time scale) showing
Error or OOMKilled, then CrashLoopBackOff with `lastState.terminated`, a growing restartCount and
BackOff events; a failing pull cycles through ErrImagePull and ImagePullBackOff; a failing
readiness probe keeps the container unready with Unhealthy events. A pod being deleted gets its
containers stopped (Killing) and is removed after the stop delay. Kubelets on nodes that are not
Ready do nothing, as a kubelet that stopped reporting would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from atlhyper.sim import objects
from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Context, Key, Reconciler
from atlhyper.sim.controllers.programs import Program, program
from atlhyper.sim.controllers.scheduler import node_info
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Entry, Event

Obj = dict[str, Any]

BACKOFF_START = 10.0
BACKOFF_MAX = 300.0
PROBE_PERIOD = 10.0
COMPONENT = "kubelet"


@dataclass
class _Container:
    name: str
    image: str
    program: Program
    #: creating | pull-error | pull-backoff | running | terminated | backoff | done
    state: str = "creating"
    restarts: int = 0
    started: str = ""
    finished: str = ""
    container_id: str = ""
    last: Obj | None = None
    #: The termination before `last`, shown as lastState while the newest one is the state.
    prior: Obj | None = None
    backoff: float = BACKOFF_START
    due: float = 0.0
    pulled: bool = False
    exit_at: float = 0.0
    probe_at: float = 0.0


@dataclass
class _Pod:
    uid: str
    node: str
    restart_policy: str
    containers: list[_Container] = field(default_factory=list)
    pod_ip: str = ""
    host_ip: str = ""
    started: str = ""
    stopping: bool = False
    #: How the kubelet names the pod in messages: name_namespace(uid).
    ref: str = ""


class Kubelet(Reconciler):
    watches = ("Pod", "Node")
    owns = "Pod"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._pods = ctx.kind("Pod")
        self._nodes = ctx.kind("Node")
        self._running: dict[str, _Pod] = {}
        self._next_host: dict[str, int] = {}

    def start(self) -> None:
        for entry in self.ctx.store.entries(self._pods):
            if not entry.field(self._pods, "spec.nodeName"):
                continue
            node = entry.field(self._pods, "spec.nodeName")
            self._next_host[node] = self._next_host.get(node, 0) + 1
            if entry.field(self._pods, "status.phase") == "Pending" or self._needs_runtime(entry):
                self.enqueue((entry.key,))

    def forget(self, uid: str) -> None:
        """Stop running a pod whose status someone else finished (an eviction)."""
        runtime = self._running.pop(uid, None)
        if runtime is not None:
            runtime.stopping = True

    def _needs_runtime(self, entry: Entry) -> bool:
        return entry.field(self._pods, "status.phase") == "Running" and bool(
            entry.decode()["metadata"].get("deletionTimestamp")
        )

    def keys_for(self, kind: Kind, event: Event) -> tuple[Key, ...]:
        if kind is self._nodes:
            return ()
        entry = event.entry
        if event.type == "DELETED":
            self._running.pop(entry.uid, None)
            return ()
        if not entry.field(kind, "spec.nodeName"):
            return ()
        if event.prev is None or not event.prev.field(kind, "spec.nodeName"):
            return (entry.key,)
        if entry.uid not in self._running and entry.field(kind, "status.phase") == "Pending":
            return (entry.key,)
        if entry.rv != event.prev.rv and self._deleting(entry):
            return (entry.key,)
        return ()

    def _deleting(self, entry: Entry) -> bool:
        runtime = self._running.get(entry.uid)
        if runtime is not None and runtime.stopping:
            return False
        return bool(entry.decode()["metadata"].get("deletionTimestamp"))

    # reconcile

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._pods, *key)
        if entry is None:
            return None
        pod = entry.decode()
        spec = pod.get("spec") or {}
        node_name = spec.get("nodeName")
        if not node_name:
            return None
        node_entry = self.ctx.store.get(self._nodes, "", node_name)
        if node_entry is None or not node_info(node_entry.decode()).ready:
            return None  # this node's kubelet is not reporting
        runtime = self._running.get(entry.uid)
        if pod["metadata"].get("deletionTimestamp"):
            return self._stop(entry, pod, runtime)
        if runtime is None:
            phase = (pod.get("status") or {}).get("phase")
            if phase != "Pending" or (pod.get("status") or {}).get("containerStatuses"):
                return None  # already running (loaded with the cluster) or finished
            runtime = self._admit(entry, pod, node_entry.decode())
            self._write(key, runtime)
            for container in runtime.containers:
                # The pull starts with the sandbox; it is done when the start-up delay is over.
                self._emit(
                    entry, "Normal", "Pulling", f'Pulling image "{container.image}"', container.name
                )
            return self.ctx.timing.pod_start
        return self._advance(key, entry, runtime)

    def _admit(self, entry: Entry, pod: Obj, node: Obj) -> _Pod:
        spec = pod.get("spec") or {}
        info = node_info(node)
        if spec.get("hostNetwork"):
            pod_ip = info.ip
        else:
            host = self._next_host.get(info.name, 0) + 1
            self._next_host[info.name] = host
            pod_ip = objects.pod_ip_in(info.cidr, host)
        policy = str(spec.get("restartPolicy") or "Always")
        containers = [
            _Container(
                c.get("name", ""),
                str(c.get("image", "")),
                program(c, policy, self.ctx.timing.job_seconds, pod_ip),
                due=self._now() + self.ctx.timing.pod_start,
            )
            for c in spec.get("containers") or []
            if isinstance(c, dict)
        ]
        runtime = _Pod(entry.uid, info.name, policy, containers, pod_ip, info.ip, now_rfc3339())
        runtime.ref = f"{entry.name}_{entry.namespace}({entry.uid})"
        self._running[entry.uid] = runtime
        return runtime

    def _now(self) -> float:
        return self.ctx.loop.time()

    def _advance(self, key: Key, entry: Entry, runtime: _Pod) -> float | None:
        now = self._now()
        changed = False
        for container in runtime.containers:
            while container.due and container.due <= now:
                self._step(entry, runtime, container, now)
                changed = True
        if changed:
            entry = self._write(key, runtime) or entry
        dues = [c.due for c in runtime.containers if c.due]
        if not dues:
            return None
        return max(min(dues) - now, 0.0)

    def _emit(self, entry: Entry, type: str, reason: str, message: str, container: str) -> None:
        current = self.ctx.store.get(self._pods, entry.namespace, entry.name) or entry
        self.ctx.recorder.emit(
            self._pods,
            current,
            type,
            reason,
            message,
            COMPONENT,
            host=self._running[entry.uid].node if entry.uid in self._running else "",
            field_path=f"spec.containers{{{container}}}",
        )

    def _scaled(self, seconds: float) -> float:
        return seconds * self.ctx.timing.scale

    def _step(self, entry: Entry, runtime: _Pod, c: _Container, now: float) -> None:
        prog = c.program
        if c.state in ("creating", "pull-backoff"):
            if c.state == "pull-backoff":
                self._emit(entry, "Normal", "Pulling", f'Pulling image "{c.image}"', c.name)
            if prog.pull_error:
                self._emit(
                    entry,
                    "Warning",
                    "Failed",
                    f'Failed to pull image "{c.image}": {prog.pull_error}',
                    c.name,
                )
                self._emit(entry, "Warning", "Failed", "Error: ErrImagePull", c.name)
                c.state = "pull-error"
                c.due = now + self._scaled(c.backoff) / 2
                return
            size = 20_000_000 + int(hashlib.sha256(c.image.encode()).hexdigest()[:6], 16) * 10
            seconds = max(self.ctx.timing.pod_start, 0.001)
            self._emit(
                entry,
                "Normal",
                "Pulled",
                f'Successfully pulled image "{c.image}" in {seconds:.3f}s ({seconds:.3f}s '
                f"including waiting). Image size: {size} bytes.",
                c.name,
            )
            c.pulled = True
            self._start(entry, runtime, c, now)
        elif c.state == "pull-error":
            self._emit(entry, "Normal", "BackOff", f'Back-off pulling image "{c.image}"', c.name)
            self._emit(entry, "Warning", "Failed", "Error: ImagePullBackOff", c.name)
            c.state = "pull-backoff"
            c.due = now + self._scaled(c.backoff)
            c.backoff = min(c.backoff * 2, BACKOFF_MAX)
        elif c.state == "running":
            if c.exit_at and c.exit_at <= now:
                self._exit(entry, runtime, c, now)
                return
            self._emit(
                entry, "Warning", "Unhealthy", f"Readiness probe failed: {prog.probe_error}", c.name
            )
            c.probe_at = now + self._scaled(PROBE_PERIOD)
            c.due = min(t for t in (c.exit_at, c.probe_at) if t)
        elif c.state == "terminated":
            c.state = "backoff"
            c.restarts += 1
            self._emit(
                entry,
                "Warning",
                "BackOff",
                f"Back-off restarting failed container {c.name} in pod {runtime.ref}",
                c.name,
            )
            c.due = now + self._scaled(c.backoff) * 0.7
            c.backoff = min(c.backoff * 2, BACKOFF_MAX)
        elif c.state == "backoff":
            self._emit(
                entry,
                "Normal",
                "Pulled",
                f'Container image "{c.image}" already present on machine',
                c.name,
            )
            self._start(entry, runtime, c, now)
        else:
            c.due = 0.0

    def _start(self, entry: Entry, runtime: _Pod, c: _Container, now: float) -> None:
        self._emit(entry, "Normal", "Created", f"Created container: {c.name}", c.name)
        self._emit(entry, "Normal", "Started", f"Started container {c.name}", c.name)
        c.state = "running"
        c.started = now_rfc3339()
        c.finished = ""
        c.container_id = "containerd://" + f"{self.ctx.rng.getrandbits(256):064x}"
        prog = c.program
        c.exit_at = now + self._scaled(prog.run_seconds) if prog.run_seconds is not None else 0.0
        c.probe_at = now + self._scaled(PROBE_PERIOD) / 2 if prog.probe_error else 0.0
        c.due = min((t for t in (c.exit_at, c.probe_at) if t), default=0.0)

    def _exit(self, entry: Entry, runtime: _Pod, c: _Container, now: float) -> None:
        prog = c.program
        c.finished = now_rfc3339()
        c.exit_at = c.probe_at = 0.0
        c.prior = c.last
        c.last = {
            "terminated": {
                "exitCode": prog.exit_code,
                "reason": prog.reason,
                "startedAt": c.started,
                "finishedAt": c.finished,
                "containerID": c.container_id,
            }
        }
        if prog.reason == "OOMKilled":
            node = self.ctx.store.get(self._nodes, "", runtime.node)
            if node is not None:
                self.ctx.recorder.emit(
                    self._nodes,
                    node,
                    "Warning",
                    "OOMKilling",
                    f"Memory cgroup out of memory: Killed process {1000 + c.restarts} "
                    f"({c.name}) total-vm:1183540kB, anon-rss:524288kB, file-rss:2048kB, "
                    "shmem-rss:0kB, UID:0 pgtables:1200kB oom_score_adj:999",
                    "kernel-monitor",
                    host=runtime.node,
                )
        restart = runtime.restart_policy == "Always" or (
            runtime.restart_policy == "OnFailure" and prog.exit_code != 0
        )
        if restart:
            c.state = "terminated"
            c.due = now + self._scaled(c.backoff) * 0.3
        else:
            c.state = "done"
            c.due = 0.0

    def _stop(self, entry: Entry, pod: Obj, runtime: _Pod | None) -> float | None:
        if runtime is not None and runtime.stopping:
            return None
        if runtime is None:
            spec = pod.get("spec") or {}
            runtime = _Pod(entry.uid, str(spec.get("nodeName")), "Always")
            self._running[entry.uid] = runtime
        runtime.stopping = True
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        for status in statuses:
            if "running" in (status.get("state") or {}):
                self._emit(
                    entry,
                    "Normal",
                    "Killing",
                    f"Stopping container {status.get('name')}",
                    str(status.get("name")),
                )
        self.ctx.later(self.ctx.timing.pod_stop, self._finish, entry.key, entry.uid)
        return None

    def _finish(self, key: Key, uid: str) -> None:
        self._running.pop(uid, None)
        entry = self.ctx.store.get(self._pods, *key)
        if entry is None or entry.uid != uid:
            return
        pod = entry.decode()
        if pod["metadata"].get("finalizers"):

            def stopped(obj: Obj) -> bool:
                status = obj.setdefault("status", {})
                if status.get("phase") in ("Succeeded", "Failed"):
                    return False
                status["phase"] = "Failed"
                return True

            self.ctx.cluster.mutate(self._pods, key[0], key[1], stopped)
            return
        self.ctx.store.remove(self._pods, *key)

    # status

    def _write(self, key: Key, runtime: _Pod) -> Entry | None:
        def change(obj: Obj) -> bool:
            if obj["metadata"].get("uid") != runtime.uid or obj["metadata"].get(
                "deletionTimestamp"
            ):
                return False
            status = self._status(obj, runtime)
            if status == obj.get("status"):
                return False
            obj["status"] = status
            return True

        return self.ctx.cluster.mutate(self._pods, key[0], key[1], change)

    def _status(self, obj: Obj, runtime: _Pod) -> Obj:
        old = obj.get("status") or {}
        statuses = [self._container_status(c, runtime.ref) for c in runtime.containers]
        ready_all = bool(statuses) and all(s["ready"] for s in statuses)
        started_any = any(
            c.state not in ("creating", "pull-error", "pull-backoff") for c in runtime.containers
        )
        done = [c for c in runtime.containers if c.state == "done"]
        if runtime.containers and len(done) == len(runtime.containers):
            failed = any(c.program.exit_code for c in done)
            phase = "Failed" if failed else "Succeeded"
        elif started_any:
            phase = "Running"
        else:
            phase = "Pending"
        sandbox = any(c.due == 0 or c.state != "creating" for c in runtime.containers)
        previous = {c.get("type"): c for c in old.get("conditions") or []}
        unready = [s["name"] for s in statuses if not s["ready"]]
        conditions = [
            self._condition(previous, "PodReadyToStartContainers", "True" if sandbox else "False"),
            self._condition(previous, "Initialized", "True"),
            self._condition(previous, "Ready", "True" if ready_all else "False", unready, phase),
            self._condition(
                previous, "ContainersReady", "True" if ready_all else "False", unready, phase
            ),
            self._condition(previous, "PodScheduled", "True"),
        ]
        status: Obj = {
            "phase": phase,
            "conditions": conditions,
            "hostIP": runtime.host_ip,
            "hostIPs": [{"ip": runtime.host_ip}],
            "startTime": runtime.started,
            "containerStatuses": statuses,
            "qosClass": old.get("qosClass", "BestEffort"),
        }
        if sandbox:
            status["podIP"] = runtime.pod_ip
            status["podIPs"] = [{"ip": runtime.pod_ip}]
        return status

    def _condition(
        self,
        previous: dict[str, Obj],
        kind: str,
        value: str,
        unready: list[str] | None = None,
        phase: str = "",
    ) -> Obj:
        before = previous.get(kind) or {}
        when = before.get("lastTransitionTime") if before.get("status") == value else None
        condition: Obj = {
            "type": kind,
            "status": value,
            "lastProbeTime": None,
            "lastTransitionTime": when or now_rfc3339(),
        }
        if value == "False" and kind in ("Ready", "ContainersReady"):
            if phase in ("Succeeded", "Failed"):
                condition["reason"] = "PodCompleted"
            else:
                condition["reason"] = "ContainersNotReady"
                condition["message"] = (
                    f"containers with unready status: [{' '.join(unready or [])}]"
                )
        return condition

    def _container_status(self, c: _Container, ref: str) -> Obj:
        image = objects.qualified_image(c.image)
        state: Obj
        ready = False
        if c.state == "creating":
            state = {"waiting": {"reason": "ContainerCreating"}}
        elif c.state == "pull-error":
            state = {"waiting": {"reason": "ErrImagePull", "message": c.program.pull_error}}
        elif c.state == "pull-backoff":
            state = {
                "waiting": {
                    "reason": "ImagePullBackOff",
                    "message": f'Back-off pulling image "{c.image}": ErrImagePull: '
                    f"{c.program.pull_error}",
                }
            }
        elif c.state == "running":
            state = {"running": {"startedAt": c.started}}
            ready = not c.program.probe_error
        elif c.state in ("terminated", "done"):
            state = dict(c.last or {})
        else:
            seconds = int(self._scaled(c.backoff / 2))
            state = {
                "waiting": {
                    "reason": "CrashLoopBackOff",
                    "message": f"back-off {seconds}s restarting failed container={c.name} "
                    f"pod={ref}",
                }
            }
        last: Obj = {}
        if c.state in ("running", "backoff") and c.last is not None:
            last = c.last
        elif c.state in ("terminated", "done") and c.prior is not None:
            last = c.prior
        status: Obj = {
            "name": c.name,
            "state": state,
            "lastState": last,
            "ready": ready,
            "restartCount": c.restarts,
            "image": image if c.pulled else c.image,
            "imageID": objects.image_id(c.image) if c.pulled else "",
            "started": c.state == "running",
        }
        if c.container_id:
            status["containerID"] = c.container_id
        return status
