"""AtlHyper: multi-cluster Kubernetes observability and control."""

__version__ = "0.1.0"
