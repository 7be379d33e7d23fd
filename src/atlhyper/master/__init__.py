"""The Master: agent ingest, cluster state, the UI API, auth and the web UI."""
