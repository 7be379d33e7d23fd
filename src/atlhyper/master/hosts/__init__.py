"""Host metrics on the Master: the host registry, sample ingest and storage, time series reads,
and the job that rolls raw samples up into minutes and hours and deletes what is past retention.

Times in storage are integer epoch milliseconds, so bucketing is the same arithmetic
(`at - at % step`) on SQLite and PostgreSQL, and samples taken less than a second apart stay apart.
"""
