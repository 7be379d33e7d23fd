"""Running one command: validate, refuse what the queue forbids, time out, report."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import structlog

from atlhyper.agent.commands.actions import ACTIONS
from atlhyper.agent.commands.context import ActionContext, ActionError
from atlhyper.agent.k8s.api import KubeApiError
from atlhyper.agent.k8s.discovery import UnknownKind
from atlhyper.model.commands import (
    ACTIONS as ACTION_SPECS,
)
from atlhyper.model.commands import (
    Command,
    CommandResult,
    InvalidCommand,
    check_target,
    parse_params,
)

log = structlog.get_logger(__name__)


def _now() -> str:
    return datetime.now(UTC).isoformat()


class CommandRunner:
    def __init__(self, ctx: ActionContext) -> None:
        self.ctx = ctx

    async def run(self, command: Command) -> CommandResult:
        started = _now()

        def result(status: str, output: object = None, error: str = "") -> CommandResult:
            return CommandResult(
                command_id=command.id,
                status=status,  # type: ignore[arg-type]
                started_at=started,
                finished_at=_now(),
                output=output,
                error=error,
            )

        spec = ACTION_SPECS.get(command.action)
        if spec is None:
            return result("rejected", error=f"this Agent has no action {command.action!r}")
        # The Agent enforces the ai queue's read-only rule itself; it never trusts the Master.
        if command.queue == "ai" and spec.mutating:
            return result(
                "rejected", error=f"{command.action} changes the cluster; the ai queue is read-only"
            )
        try:
            params = parse_params(command.action, command.params)
            check_target(command.action, command.target)
        except InvalidCommand as exc:
            return result("rejected", error=str(exc))
        action = ACTIONS[command.action]
        try:
            async with asyncio.timeout(command.timeout_seconds):
                output = await action(self.ctx, command.target, params, command.dry_run)
        except TimeoutError:
            return result(
                "timeout",
                error=f"{command.action} did not finish within {command.timeout_seconds}s",
            )
        except ActionError as exc:
            return result("failed", output=exc.output, error=str(exc))
        except (KubeApiError, UnknownKind) as exc:
            return result("failed", error=str(exc))
        except Exception:
            log.exception("command failed unexpectedly", command=command.id, action=command.action)
            return result("failed", error=f"{command.action} failed inside the Agent; see its log")
        return result("success", output=output)
