"""Print the Master's OpenAPI document: `python -m atlhyper.master.openapi > openapi.json`.

The web UI's API types are generated from this output, so they cannot drift from the server.
"""

from __future__ import annotations

import sys

import msgspec

from atlhyper.master.app import create_app
from atlhyper.master.config import MasterSettings


def main() -> None:
    app = create_app(MasterSettings(database_url="sqlite+aiosqlite:///:memory:"))
    sys.stdout.write(
        msgspec.json.format(msgspec.json.encode(app.openapi_schema.to_schema())).decode()
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
