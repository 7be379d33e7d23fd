"""A simulated cluster that speaks the Kubernetes REST API, for the demo, tests and benchmarks."""
