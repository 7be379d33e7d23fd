"""`pods/{name}/log`: generated container logs with the API server's query parameters and errors.

A container instance (the current one, or the previous one for `previous=true`) writes a line
every few seconds from its start until it stopped (or now); line *i* is a pure function of the
pod uid, container name, instance start and *i*, so repeated requests, `tailLines` and `follow`
agree with each other. Lines look like what the image would print (nginx access logs, redis,
postgres, structured JSON for apps), and an instance that crashed ends with the error that
killed it. `follow` keeps the response open and sends new lines until the client goes away, the
instance ends, or the pod is deleted.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from atlhyper.sim import errors
from atlhyper.sim.http import Receive, Request, Send
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Store
from atlhyper.sim.tables import parse_time

Obj = dict[str, Any]

#: Older lines have been rotated away, as by the kubelet's 10 MiB log rotation.
_MAX_LINES = 5000
_REDIS = ("Background saving started", "DB saved on disk", "10 changes in 300 seconds. Saving...")
_POSTGRES = ("checkpoint starting: time", "checkpoint complete", "autovacuum launcher started")
_PATHS = ("/", "/api/v1/items", "/api/v1/cart", "/healthz", "/metrics", "/api/v1/orders")


@dataclass(frozen=True, slots=True)
class Instance:
    """One run of a container: when it started, when it ended (None: still running), and how."""

    seed: int
    image: str
    started: datetime
    finished: datetime | None
    reason: str
    exit_code: int

    @property
    def interval(self) -> float:
        return 2.0 + self.seed % 5

    def count(self, now: datetime) -> int:
        end = self.finished or now
        lines = int((end - self.started).total_seconds() / self.interval) + 1
        # A finished run printed at least its start-up line and the error it died with.
        return max(lines, 3 if self.finished is not None else 1)

    def line(self, index: int, total: int | None) -> tuple[datetime, str]:
        when = self.started + timedelta(seconds=index * self.interval)
        if self.finished is not None:
            when = min(when, self.finished)
        rng = random.Random(self.seed * 1_000_003 + index)
        if total is not None and self.finished is not None and index >= total - 2:
            return when, _crash_line(self, index == total - 1)
        return when, _line(self.image, index, when, rng)


def _line(image: str, index: int, when: datetime, rng: random.Random) -> str:
    name = image.rsplit("/", 1)[-1].split(":", 1)[0]
    if index == 0:
        return f"starting {name} (image {image})"
    if name == "nginx":
        stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
        path = rng.choice(_PATHS)
        code = rng.choice((200, 200, 200, 200, 304, 404))
        return (
            f'10.244.{rng.randint(0, 3)}.{rng.randint(2, 250)} - - [{stamp}] "GET {path} HTTP/1.1" '
            f'{code} {rng.randint(120, 9000)} "-" "{rng.choice(("curl/8.5.0", "kube-probe/1.32"))}"'
        )
    if name == "redis":
        stamp = when.strftime("%d %b %Y %H:%M:%S.") + f"{when.microsecond // 1000:03d}"
        return f"1:M {stamp} * {rng.choice(_REDIS)}"
    if name == "postgres":
        stamp = when.strftime("%Y-%m-%d %H:%M:%S.") + f"{when.microsecond // 1000:03d} UTC"
        return f"{stamp} [1] LOG:  {rng.choice(_POSTGRES)}"
    level = rng.choice(("info", "info", "info", "debug", "warn"))
    path = rng.choice(_PATHS)
    return (
        f'{{"level":"{level}","ts":"{when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}",'
        f'"msg":"request handled","method":"GET","path":"{path}",'
        f'"status":{rng.choice((200, 200, 201, 204, 400, 500))},'
        f'"duration_ms":{rng.randint(1, 250)}}}'
    )


def _crash_line(instance: Instance, last: bool) -> str:
    if instance.reason == "OOMKilled":
        return (
            "fatal error: runtime: out of memory"
            if last
            else '{"level":"warn","msg":"heap usage above 95% of the container memory limit"}'
        )
    if instance.reason == "Completed":
        return "done" if last else "finishing work"
    if last:
        return (
            f"Error: failed to start: dial tcp 10.96.0.42:5432: connect: connection refused "
            f"(exit code {instance.exit_code})"
        )
    return '{"level":"error","msg":"cannot reach the database; giving up after 3 attempts"}'


def _instance(pod: Obj, container: Obj, status: Obj, previous: bool, now: datetime) -> Instance:
    name = container.get("name", "")
    pod_name = pod["metadata"]["name"]
    state = status.get("state") or {}
    last = (status.get("lastState") or {}).get("terminated")
    image = str(container.get("image", ""))

    def make(source: Obj, start: datetime, end: datetime | None, restarts: int) -> Instance:
        digest = hashlib.blake2b(
            f"{pod['metadata'].get('uid')}/{name}/{restarts}".encode(), digest_size=8
        ).digest()
        return Instance(
            int.from_bytes(digest, "big"),
            image,
            start,
            end,
            str(source.get("reason") or ""),
            int(source.get("exitCode") or 0),
        )

    restarts = int(status.get("restartCount") or 0)
    instances: list[Instance] = []
    if last:
        start = parse_time(last.get("startedAt")) or now
        end = parse_time(last.get("finishedAt")) or now
        instances.append(make(last, start, end, restarts - 1))
        if "waiting" in state and restarts >= 2:
            length = end - start
            earlier_end = start - timedelta(seconds=10)
            instances.insert(0, make(last, earlier_end - length, earlier_end, restarts - 2))
    if "running" in state:
        start = parse_time(state["running"].get("startedAt")) or now
        instances.append(make({}, start, None, restarts))
    elif "terminated" in state:
        term = state["terminated"]
        start = parse_time(term.get("startedAt")) or now
        instances.append(make(term, start, parse_time(term.get("finishedAt")) or now, restarts))
    if previous:
        if len(instances) < 2:
            raise errors.bad_request(
                f'previous terminated container "{name}" in pod "{pod_name}" not found'
            )
        return instances[-2]
    if not instances:
        waiting = (state.get("waiting") or {}).get("reason") or "ContainerCreating"
        if waiting in ("ErrImagePull", "ImagePullBackOff"):
            detail = "trying and failing to pull image"
        else:
            detail = waiting
        raise errors.bad_request(
            f'container "{name}" in pod "{pod_name}" is waiting to start: {detail}'
        )
    return instances[-1]


@dataclass(frozen=True, slots=True)
class LogOptions:
    container: str
    previous: bool
    follow: bool
    timestamps: bool
    tail_lines: int | None
    since_seconds: int | None
    since_time: datetime | None
    limit_bytes: int | None

    @classmethod
    def from_request(cls, request: Request) -> LogOptions:
        query = request.query
        since_time = None
        if query.get("sinceTime"):
            since_time = parse_time(query["sinceTime"])
            if since_time is None:
                raise errors.bad_request(f"sinceTime: invalid value {query['sinceTime']!r}")
        tail = request.int_param("tailLines", -1) if "tailLines" in query else None
        since = request.int_param("sinceSeconds") if "sinceSeconds" in query else None
        if since == 0:
            raise errors.bad_request("sinceSeconds: Invalid value: 0: must be greater than 0")
        limit = request.int_param("limitBytes") if "limitBytes" in query else None
        if limit == 0:
            raise errors.bad_request("limitBytes: Invalid value: 0: must be greater than 0")
        return cls(
            container=query.get("container", ""),
            previous=request.flag("previous"),
            follow=request.flag("follow"),
            timestamps=request.flag("timestamps"),
            tail_lines=tail,
            since_seconds=since,
            since_time=since_time,
            limit_bytes=limit,
        )


def _select_container(pod: Obj, wanted: str) -> tuple[Obj, Obj]:
    spec = pod.get("spec") or {}
    name = pod["metadata"]["name"]
    containers = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    init = [c for c in spec.get("initContainers") or [] if isinstance(c, dict)]
    if not wanted:
        if len(containers) != 1:
            names = " ".join(c.get("name", "") for c in containers)
            raise errors.bad_request(
                f"a container name must be specified for pod {name}, choose one of: [{names}]"
            )
        wanted = containers[0].get("name", "")
    status = pod.get("status") or {}
    for group, statuses in (
        (containers, status.get("containerStatuses") or []),
        (init, status.get("initContainerStatuses") or []),
    ):
        for container in group:
            if container.get("name") == wanted:
                found: Obj = next((s for s in statuses if s.get("name") == wanted), {})
                return container, found
    raise errors.bad_request(f"container {wanted} is not valid for pod {name}")


def _render(instance: Instance, index: int, total: int | None, timestamps: bool) -> bytes:
    when, text = instance.line(index, total)
    if timestamps:
        return f"{when.strftime('%Y-%m-%dT%H:%M:%S.%f')}000Z {text}\n".encode()
    return f"{text}\n".encode()


def _first_index(instance: Instance, total: int, options: LogOptions, now: datetime) -> int:
    first = max(total - _MAX_LINES, 0)
    since = options.since_time
    if options.since_seconds is not None:
        since = now - timedelta(seconds=options.since_seconds)
    if since is not None and since > instance.started:
        offset = (since - instance.started).total_seconds() / instance.interval
        first = max(first, int(offset) + (0 if offset == int(offset) else 1))
    if options.tail_lines is not None and options.tail_lines >= 0:
        first = max(first, total - options.tail_lines)
    return min(first, total)


async def serve(
    send: Send,
    receive: Receive,
    store: Store,
    pods: Kind,
    namespace: str,
    name: str,
    options: LogOptions,
) -> None:
    entry = store.get(pods, namespace, name)
    if entry is None:
        raise errors.not_found("pods", name)
    pod = entry.decode()
    if not (pod.get("spec") or {}).get("nodeName"):
        raise errors.bad_request(f"pod {name} does not have a host assigned")
    container, status = _select_container(pod, options.container)
    now = datetime.now(UTC)
    instance = _instance(pod, container, status, options.previous, now)
    total = instance.count(now)
    start = _first_index(instance, total, options, now)
    finished_total = total if instance.finished is not None else None
    body = b"".join(
        _render(instance, i, finished_total, options.timestamps) for i in range(start, total)
    )
    budget = options.limit_bytes
    if budget is not None:
        body = body[:budget]
        budget -= len(body)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"cache-control", b"no-cache, private"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": options.follow})
    if not options.follow:
        return
    gone = asyncio.Event()
    watcher = asyncio.create_task(_on_disconnect(receive, gone))
    try:
        sent = total
        while not gone.is_set() and (budget is None or budget > 0):
            try:
                async with asyncio.timeout(min(instance.interval, 1.0)):
                    await gone.wait()
            except TimeoutError:
                pass
            current = store.get(pods, namespace, name)
            if current is None or current.uid != entry.uid or instance.finished is not None:
                break
            now = datetime.now(UTC)
            total = instance.count(now)
            chunk = b"".join(
                _render(instance, i, None, options.timestamps) for i in range(sent, total)
            )
            sent = total
            if budget is not None:
                chunk = chunk[:budget]
                budget -= len(chunk)
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
    finally:
        watcher.cancel()
    try:
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except (OSError, RuntimeError):
        return


async def _on_disconnect(receive: Receive, gone: asyncio.Event) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            gone.set()
            return
