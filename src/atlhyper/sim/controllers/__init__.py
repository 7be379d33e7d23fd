"""The cluster's moving parts, one module per controller, run by `manager.Manager`."""
