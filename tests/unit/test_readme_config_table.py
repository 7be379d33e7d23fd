"""The README's configuration table is generated from the settings classes; keep it in sync."""

from __future__ import annotations

from pathlib import Path

from atlhyper.config_table import config_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_variable() -> None:
    text = README.read_text()
    assert config_table() in text, (
        "README.md's configuration table is stale: run "
        "`.venv/bin/python -m atlhyper.config_table` and paste its output"
    )
