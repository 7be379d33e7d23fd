"""Generated OpenTelemetry data for the sim's ClickHouse: traces, logs and metrics of the demo's
services and nodes, shaped as the Collector's ClickHouse exporter writes them.

`topology` describes who calls whom, `traces` makes spans and their logs, `metrics` makes
node_exporter, Traefik and Linkerd series consistent with those spans, `generator` writes them
in batches (and a backfill), `bulk` fills a benchmark dataset in SQL.
"""
