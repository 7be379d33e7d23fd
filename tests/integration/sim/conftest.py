"""Clients for the sim: the official `kubernetes` client and Debian's kubectl, both unchanged."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client, config

from tests.conftest import SimCluster


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
        self, *args: str, timeout: float = 30, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.binary, "--kubeconfig", str(self.kubeconfig), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"kubectl {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result


@pytest.fixture(scope="session")
def kubectl(sim: SimCluster) -> Kubectl:
    binary = shutil.which("kubectl")
    if binary is None:
        pytest.skip("kubectl is not installed (apt-get install kubernetes-client)")
    return Kubectl(binary, sim.kubeconfig)


def wait_until(check: Callable[[], bool], timeout: float = 15, interval: float = 0.1) -> bool:
    """Poll `check` for at most `timeout` seconds; True as soon as it holds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
