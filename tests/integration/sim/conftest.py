"""Clients for the sim: the official `kubernetes` client and Debian's kubectl, both unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client, config

from tests.conftest import SimCluster

#: The demo profile's default scenarios (crashloop, oom, imagepull) add these broken apps.
DEFAULT_PROBLEM_APPS = frozenset({"recommendations", "log-indexer", "invoice-renderer"})


@pytest.fixture(scope="session")
def core_v1(sim: SimCluster) -> Iterator[Any]:
    api_client = config.new_client_from_config(config_file=str(sim.kubeconfig))
    yield client.CoreV1Api(api_client)
    api_client.close()


@dataclass
class Kubectl:
    binary: str
    kubeconfig: Path

    def run(
        self, *args: str, timeout: float = 30, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.binary, "--kubeconfig", str(self.kubeconfig), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            input=stdin,
        )
        if check and result.returncode != 0:
            pytest.fail(f"kubectl {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result


def _binary() -> str:
    binary = shutil.which("kubectl")
    if binary is None:
        pytest.skip("kubectl is not installed (apt-get install kubernetes-client)")
    return binary


@pytest.fixture(scope="session")
def kubectl(sim: SimCluster) -> Kubectl:
    return Kubectl(_binary(), sim.kubeconfig)


@pytest.fixture(scope="session")
def fast_kubectl(fast_sim: SimCluster) -> Kubectl:
    """kubectl against the fast sim (mutating tests and scenarios run there)."""
    return Kubectl(_binary(), fast_sim.kubeconfig)


@pytest.fixture(scope="session")
def fast_client(fast_sim: SimCluster) -> Iterator[Any]:
    """The official client's ApiClient for the fast sim."""
    api_client = config.new_client_from_config(config_file=str(fast_sim.kubeconfig))
    yield api_client
    api_client.close()


def rows(output: str) -> list[list[str]]:
    """kubectl's table output split into cells (columns separated by runs of 2+ spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in output.strip().splitlines()]


def wait_until(check: Callable[[], bool], timeout: float = 15, interval: float = 0.1) -> bool:
    """Poll `check` for at most `timeout` seconds; True as soon as it holds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
