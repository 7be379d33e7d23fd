"""The Agent: watches one cluster, pushes snapshots to the Master, runs its commands."""
