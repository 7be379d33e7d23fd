"""What the Master keeps beyond the latest state: archived Kubernetes events and usage history.

Ingest only hands data over to in-memory buffers; the background jobs in `jobs.py` write, roll
up and purge, so a slow database never slows an Agent's push.
"""
