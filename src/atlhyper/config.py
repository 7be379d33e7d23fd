"""Settings shared by every process: how options map to flags and environment variables.

Every process has one pydantic-settings class (`MasterSettings`, `AgentSettings`, …). Each field is
at once a CLI flag (`--field-name`), an environment variable (`PREFIX_FIELD_NAME`) and a row in the
README's configuration table, so the three can never drift apart.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

LogFormat = Literal["console", "json"]
LogLevel = Literal["debug", "info", "warning", "error"]


class ConfigError(Exception):
    """Invalid configuration; the message names the variable and what is wrong."""


class ProcessSettings(BaseSettings):
    """Options every long-running process has."""

    model_config = SettingsConfigDict(extra="forbid", validate_default=True)

    log_level: LogLevel = Field("info", description="Log level: debug, info, warning or error.")
    log_format: LogFormat = Field("console", description="Log format: console or json.")


SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def env_name(settings_cls: type[BaseSettings], field_name: str) -> str:
    prefix = str(settings_cls.model_config.get("env_prefix", ""))
    return f"{prefix}{field_name}".upper()


def load_settings(settings_cls: type[SettingsT], overrides: dict[str, Any]) -> SettingsT:
    """Build settings from CLI overrides on top of the environment.

    Raises ConfigError with one line per problem, each naming the environment variable.
    """
    try:
        return settings_cls(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "?"
            value = err.get("input")
            shown = "" if isinstance(value, dict) else f" (got {value!r})"
            lines.append(f"{env_name(settings_cls, field)}: {err['msg']}{shown}")
        raise ConfigError("; ".join(lines)) from None


def describe_default(info: FieldInfo) -> str:
    """The default as a person would type it, for help text and the README table."""
    if info.is_required():
        return "(required)"
    if info.default_factory is not None:
        return "(generated)"
    default = info.default
    if default is None:
        return "(none)"
    if isinstance(default, enum.Enum):
        return str(default.value)
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, Path):
        return str(default)
    if isinstance(default, list | tuple):
        return ",".join(str(x) for x in default) or "(empty)"
    return str(default)


def field_help(info: FieldInfo) -> str:
    return info.description or ""
