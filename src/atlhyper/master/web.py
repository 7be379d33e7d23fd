"""Serving the built single-page web UI, with index.html for client-side routes."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from litestar import MediaType, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import File

from atlhyper.master.errors import ApiError
from atlhyper.master.services import Services

_REPO_WEB_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
_API_PREFIXES = ("api/", "agent/")


def default_web_dir() -> Path:
    return _REPO_WEB_DIST


@get(["/", "/{path:path}"], opt={"exclude_from_auth": True}, include_in_schema=False)
async def web_ui(services: NamedDependency[Services], path: FromQuery[str] = "/") -> Any:
    relative = path.lstrip("/")
    if relative.startswith(_API_PREFIXES) or relative in {"api", "agent"}:
        raise ApiError(404, f"no route {('/' + relative)!r}; see /api/docs")
    root = (services.settings.web_dir or default_web_dir()).resolve()
    index = root / "index.html"
    if not index.is_file():
        return Response(
            f"The web UI is not built in {root}. Run `make web` (or set MASTER_WEB_DIR).",
            status_code=503,
            media_type=MediaType.TEXT,
        )
    candidate = (root / relative).resolve()
    if relative and candidate.is_file() and candidate.is_relative_to(root):
        immutable = relative.startswith("assets/")
        headers = {
            "Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache"
        }
        return _file(candidate, headers)
    return _file(index, {"Cache-Control": "no-cache"})


def _file(path: Path, headers: dict[str, str]) -> File:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return File(path, headers=headers, media_type=media_type, content_disposition_type="inline")
