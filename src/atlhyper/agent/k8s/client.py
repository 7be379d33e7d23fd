"""The authenticated HTTP client for the Kubernetes API.

Configuration and authentication (kubeconfig with token, client certificate or exec plugin; the
in-cluster service account with token rotation) come from lightkube; the requests themselves are
ours, so the hot path can decode raw bytes straight into compact structs.
"""

from __future__ import annotations

from pathlib import Path

import httpx2
from lightkube.config.client_adapter import AsyncClient, ConnectionParams
from lightkube.config.kubeconfig import KubeConfig
from lightkube.core.exceptions import ConfigError as LightkubeConfigError

from atlhyper.config import ConfigError

_SERVICE_ACCOUNT_TOKEN = Path("/var/run/secrets/kubernetes.io/serviceaccount/token")


def load_kubeconfig(path: Path | None, context: str | None) -> KubeConfig:
    """Explicit kubeconfig, else the in-cluster service account, else $KUBECONFIG/~/.kube/config."""
    try:
        if path is not None:
            if not path.is_file():
                raise ConfigError(f"AGENT_KUBECONFIG: no such file {str(path)!r}")
            return KubeConfig.from_file(path)
        if _SERVICE_ACCOUNT_TOKEN.exists():
            return KubeConfig.from_service_account()
        return KubeConfig.from_env()
    except LightkubeConfigError as exc:
        raise ConfigError(f"AGENT_KUBECONFIG: {exc}") from None


def kube_client(config: KubeConfig, context: str | None = None) -> httpx2.AsyncClient:
    """An HTTP client bound to the API server, with authentication applied to every request.

    Per-request timeouts are set by callers (a watch waits far longer than a GET).
    """
    try:
        single = config.get(context_name=context)
    except LightkubeConfigError as exc:
        raise ConfigError(f"AGENT_KUBE_CONTEXT: {exc}") from None
    if single is None:
        raise ConfigError("AGENT_KUBECONFIG: the kubeconfig names no current context")
    return AsyncClient(single, ConnectionParams(timeout=httpx2.Timeout(30.0), trust_env=False))
