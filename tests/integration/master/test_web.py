"""The Master serves the built web UI: client-side routes get index.html, hashed assets are
cached for good and sent gzipped, and nothing outside the build directory is reachable."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest

from tests.conftest import Master, ProcessFactory, start_master

pytestmark = pytest.mark.integration

BUNDLE = "console.log('atlhyper');\n" * 2000


@pytest.fixture(scope="module")
def web_master(processes: ProcessFactory, tmp_path_factory: pytest.TempPathFactory) -> Master:
    root = tmp_path_factory.mktemp("web")
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>AtlHyper</title>")
    (dist / "assets" / "index-abc123.js").write_text(BUNDLE)
    (root / "secret.txt").write_text("outside the build")
    return start_master(
        processes, tmp_path_factory.mktemp("web-db"), env={"MASTER_WEB_DIR": str(dist)}
    )


def test_client_routes_get_the_index_uncached(web_master: Master) -> None:
    for path in ("/", "/overview", "/pods/c1/default/web-1"):
        answer = httpx.get(web_master.url + path)
        assert answer.status_code == 200, path
        assert "<title>AtlHyper</title>" in answer.text
        assert answer.headers["cache-control"] == "no-cache"


def test_assets_are_immutable_and_gzipped(web_master: Master) -> None:
    answer = httpx.get(
        f"{web_master.url}/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert "immutable" in answer.headers["cache-control"]
    assert answer.text == BUNDLE  # httpx undoes the gzip
    assert int(answer.headers["content-length"]) < len(gzip.compress(BUNDLE.encode())) * 2


def test_nothing_outside_the_build_is_served(web_master: Master) -> None:
    for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
        answer = httpx.get(web_master.url + path)
        assert "outside the build" not in answer.text, path


def test_unknown_api_paths_are_json_404s(web_master: Master) -> None:
    answer = httpx.get(f"{web_master.url}/api/v3/nothing-here")
    assert answer.status_code == 404
    assert "no route" in answer.json()["error"]["message"]


def test_a_missing_build_says_how_to_build_it(processes: ProcessFactory, tmp_path: Path) -> None:
    master = start_master(
        processes, tmp_path / "db", env={"MASTER_WEB_DIR": str(tmp_path / "nowhere")}
    )
    answer = httpx.get(f"{master.url}/overview")
    assert answer.status_code == 503
    assert "make web" in answer.text
