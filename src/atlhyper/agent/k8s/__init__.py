"""Kubernetes access: the authenticated client, list-watch caches and object converters."""
