"""The `atlhyper` command: one sub-command per process.

Each sub-command's flags are generated from its settings class, so a flag, its environment
variable and its default are declared once. Processes are imported only when they run, which keeps
`atlhyper --help` fast.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import typer
from pydantic_settings import BaseSettings

from atlhyper.agent.config import AgentSettings
from atlhyper.collector.settings import CollectorSettings
from atlhyper.config import ConfigError, describe_default, env_name, field_help, load_settings
from atlhyper.demo import DemoSettings
from atlhyper.master.config import MasterSettings
from atlhyper.sim.config import SimSettings

app = typer.Typer(
    name="atlhyper",
    help="AtlHyper: multi-cluster Kubernetes observability and control.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _option_for(settings_cls: type[BaseSettings], name: str) -> inspect.Parameter:
    info = settings_cls.model_fields[name]
    flag = "--" + name.replace("_", "-")
    is_bool = info.annotation is bool
    decls = [f"{flag}/--no-{flag[2:]}"] if is_bool else [flag]
    help_text = (
        f"{field_help(info)} "
        f"[env: {env_name(settings_cls, name)}; default: {describe_default(info)}]"
    )
    option: Any = typer.Option(None, *decls, help=help_text, show_default=False)
    annotation = bool | None if is_bool else str | None
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation
    )


def _register(name: str, settings_cls: type[BaseSettings], target: str, help_text: str) -> None:
    """Add a sub-command that validates its settings, then calls `module:function(settings)`."""
    module_name, func_name = target.split(":")

    def command(**given: Any) -> None:
        overrides = {key: value for key, value in given.items() if value is not None}
        try:
            settings = load_settings(settings_cls, overrides)
        except ConfigError as exc:
            typer.echo(f"atlhyper {name}: invalid configuration: {exc}", err=True)
            raise typer.Exit(2) from None
        run: Callable[[Any], None] = getattr(importlib.import_module(module_name), func_name)
        run(settings)

    params = [_option_for(settings_cls, field) for field in settings_cls.model_fields]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__doc__ = help_text
    app.command(name, help=help_text)(command)


_register(
    "master",
    MasterSettings,
    "atlhyper.master.app:run",
    "Run the Master: agent ingest, the UI API and the web UI.",
)
_register(
    "agent",
    AgentSettings,
    "atlhyper.agent.app:run",
    "Run the Agent in one cluster: watch resources and push snapshots to the Master.",
)
_register(
    "collector",
    CollectorSettings,
    "atlhyper.collector.app:run",
    "Run the host metrics collector: sample this machine and send batches to the Agent"
    " (cluster mode) or the Master (host mode).",
)
_register(
    "sim",
    SimSettings,
    "atlhyper.sim.app:run",
    "Run a simulated cluster that speaks the Kubernetes API, and write its kubeconfig.",
)
_register(
    "demo",
    DemoSettings,
    "atlhyper.demo:run",
    "Run sim, Master and Agent together on loopback; print the URL and the admin login.",
)


def main() -> None:
    app()
