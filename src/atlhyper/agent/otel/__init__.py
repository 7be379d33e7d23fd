"""The Agent's OpenTelemetry repository: SQL over the exporter's tables (ARCHITECTURE §6).

- `context`: what every query needs (client, detected schema, Kubernetes lookups) and the
  time-range rules shared by all queries;
- `apm`: services, operations, topology and their series from `otel_traces`;
- `traces`: the trace list and one trace's waterfall;
- `logs`: full-text search on `otel_logs` through the token index, facets and histogram;
- `nodes`: node_exporter: the hardware summary and the history of any node metric;
- `slo`: Traefik ingress and Linkerd mesh SLOs, edges and the 1d/7d/30d windows;
- `rollup`: per-minute APM services and edges kept in memory, so a refresh reads only new minutes;
- `slo_hours`: per-hour SLO counts kept in memory, so a 30-day window reads only the open hour;
- `promql`: reset-safe counter increases and histogram percentiles in SQL;
- `summary`: the cached summary that rides in snapshots, refreshed off the snapshot path;
- `commands`: the `query_*` actions over the above.
"""
