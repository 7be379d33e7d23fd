"""Print the README's table of configuration variables: `python -m atlhyper.config_table`."""

from __future__ import annotations

from pydantic_settings import BaseSettings

from atlhyper.agent.config import AgentSettings
from atlhyper.collector.settings import CollectorSettings
from atlhyper.config import describe_default, env_name, field_help
from atlhyper.demo import DemoSettings
from atlhyper.master.config import MasterSettings
from atlhyper.sim.config import SimSettings

PROCESSES: list[tuple[str, type[BaseSettings]]] = [
    ("master", MasterSettings),
    ("agent", AgentSettings),
    ("collector", CollectorSettings),
    ("sim", SimSettings),
    ("demo", DemoSettings),
]


def config_table() -> str:
    lines = [
        "| variable | flag | default | meaning |",
        "|---|---|---|---|",
    ]
    for command, cls in PROCESSES:
        for name, info in cls.model_fields.items():
            flag = f"`atlhyper {command} --{name.replace('_', '-')}`"
            default = describe_default(info).replace("|", "\\|")
            meaning = field_help(info).replace("|", "\\|")
            lines.append(f"| `{env_name(cls, name)}` | {flag} | `{default}` | {meaning} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(config_table())
