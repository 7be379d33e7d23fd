"""The CronJob controller: creates a Job at each scheduled minute, and trims finished ones.

Jobs are named `<cronjob>-<minutes since the epoch>` as upstream does, so a missed schedule is
created once. `concurrencyPolicy` Forbid skips and Replace deletes running jobs;
`successfulJobsHistoryLimit`/`failedJobsHistoryLimit` bound the finished jobs kept. Status keeps
`active`, `lastScheduleTime` and `lastSuccessfulTime`.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from atlhyper.sim.controllers.base import Context, Key, Reconciler, owned, owner_keys, owner_ref
from atlhyper.sim.controllers.jobs import finished
from atlhyper.sim.cron import CronError, Schedule
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event
from atlhyper.sim.tables import parse_time

Obj = dict[str, Any]
COMPONENT = "cronjob-controller"


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class CronJobs(Reconciler):
    watches = ("CronJob", "Job")
    owns = "CronJob"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._kind = ctx.kind("CronJob")
        self._jobs = ctx.kind("Job")

    def keys_for(self, kind: Kind, event: Event) -> list[Key]:
        if kind is self._kind:
            return [event.entry.key]
        return owner_keys(kind, event, "CronJob")

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return None
        cronjob = entry.decode()
        if cronjob["metadata"].get("deletionTimestamp"):
            return None
        spec = cronjob.get("spec") or {}
        try:
            schedule = Schedule.parse(str(spec.get("schedule", "")))
        except CronError:
            return None
        now = datetime.now(UTC)
        jobs = owned(self.ctx, entry.uid, "Job")
        active = [job for job in jobs if not finished(job)]
        status = cronjob.get("status") or {}
        last = (
            parse_time(status.get("lastScheduleTime"))
            or parse_time(cronjob["metadata"].get("creationTimestamp"))
            or now
        )
        due = None
        cursor = schedule.next_after(last)
        while cursor is not None and cursor <= now:
            due, cursor = cursor, schedule.next_after(cursor)
        scheduled_at = status.get("lastScheduleTime")
        if due is not None and not spec.get("suspend"):
            policy = spec.get("concurrencyPolicy", "Allow")
            if policy == "Forbid" and active:
                pass
            else:
                if policy == "Replace":
                    for job in active:
                        self._delete(job)
                    active = []
                created = self._create(entry, cronjob, due)
                if created is not None:
                    active.append(created)
                scheduled_at = _stamp(due)
        self._trim(entry, spec, jobs)
        successes = [
            str((j.get("status") or {}).get("completionTime"))
            for j in jobs
            if finished(j) == "Complete" and (j.get("status") or {}).get("completionTime")
        ]
        new_status: Obj = {}
        if active:
            new_status["active"] = [
                {
                    "kind": "Job",
                    "namespace": key[0],
                    "name": j["metadata"]["name"],
                    "uid": j["metadata"]["uid"],
                    "apiVersion": "batch/v1",
                    "resourceVersion": j["metadata"].get("resourceVersion", ""),
                }
                for j in active
            ]
        if scheduled_at:
            new_status["lastScheduleTime"] = scheduled_at
        if successes:
            new_status["lastSuccessfulTime"] = max(successes)

        def change(obj: Obj) -> bool:
            if obj.get("status") == new_status:
                return False
            obj["status"] = new_status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)
        if cursor is None:
            return None
        return max((cursor - datetime.now(UTC)).total_seconds(), 0.0) + 0.5

    def _create(self, entry: Any, cronjob: Obj, due: datetime) -> Obj | None:
        spec = cronjob.get("spec") or {}
        template = copy.deepcopy(spec.get("jobTemplate") or {})
        name = f"{cronjob['metadata']['name']}-{int(due.timestamp() // 60)}"
        metadata = template.get("metadata") or {}
        job: Obj = {
            "kind": "Job",
            "apiVersion": "batch/v1",
            "metadata": {
                "name": name,
                "namespace": cronjob["metadata"]["namespace"],
                "labels": dict(metadata.get("labels") or {}),
                "annotations": {
                    **(metadata.get("annotations") or {}),
                    "batch.kubernetes.io/cronjob-scheduled-timestamp": due.strftime(
                        "%Y-%m-%dT%H:%M:%SZ"
                    ),
                },
                "ownerReferences": [owner_ref(self._kind, cronjob)],
            },
            "spec": template.get("spec") or {},
        }
        if not job["metadata"]["labels"]:
            del job["metadata"]["labels"]
        try:
            created = self.ctx.cluster.create(self._jobs, entry.namespace, job)
        except ApiError as exc:
            if exc.code == 409:
                return None
            raise
        self.ctx.recorder.emit(
            self._kind, entry, "Normal", "SuccessfulCreate", f"Created job {name}", COMPONENT
        )
        return created.decode()

    def _delete(self, job: Obj) -> None:
        try:
            self.ctx.cluster.delete(
                self._jobs,
                job["metadata"]["namespace"],
                job["metadata"]["name"],
                {"propagationPolicy": "Background"},
            )
        except ApiError:
            return

    def _trim(self, entry: Any, spec: Obj, jobs: list[Obj]) -> None:
        for outcome, limit in (
            ("Complete", int(spec.get("successfulJobsHistoryLimit", 3))),
            ("Failed", int(spec.get("failedJobsHistoryLimit", 1))),
        ):
            done = sorted(
                (j for j in jobs if finished(j) == outcome),
                key=lambda j: str(j["metadata"].get("creationTimestamp", "")),
            )
            for job in done[: max(len(done) - limit, 0)]:
                self._delete(job)
                self.ctx.recorder.emit(
                    self._kind,
                    entry,
                    "Normal",
                    "SuccessfulDelete",
                    f"Deleted job {job['metadata']['name']}",
                    COMPONENT,
                )
