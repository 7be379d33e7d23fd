"""ClickHouse for the demo and tests: chdb (the embedded engine) behind ClickHouse's HTTP interface.

`schema` holds the OTel Collector exporter's tables, `engine` owns the chdb directory and runs
statements on worker threads, `server` answers the subset of the HTTP interface that
clickhouse-connect uses.
"""
