"""HTTP routes of the Master, one module per group; `ROUTES` lists them all."""
