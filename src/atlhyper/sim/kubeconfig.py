"""The kubeconfig a sim run hands to its clients.

Tests wait for this file to appear and then connect at once, so it is written only after the
server accepts connections, and atomically (temp file + rename): a reader never sees half a file.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

import yaml

CLUSTER = "atlhyper-sim"
USER = "atlhyper-sim-admin"


def render(server: str, token: str, ca_pem: bytes | None) -> str:
    cluster: dict[str, str] = {"server": server}
    if ca_pem is not None:
        cluster["certificate-authority-data"] = base64.b64encode(ca_pem).decode()
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CLUSTER, "cluster": cluster}],
        "users": [{"name": USER, "user": {"token": token}}],
        "contexts": [
            {"name": CLUSTER, "context": {"cluster": CLUSTER, "user": USER, "namespace": "default"}}
        ],
        "current-context": CLUSTER,
        "preferences": {},
    }
    return yaml.safe_dump(config, sort_keys=False)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        Path(temp).chmod(0o600)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_if_ours(path: Path, text: str) -> None:
    """Delete the kubeconfig at exit unless another sim has since written its own there."""
    try:
        if path.read_text() == text:
            path.unlink()
    except OSError:
        pass
