"""AtlHyper: multi-cluster Kubernetes observability and control."""
