"""What people run: the query runner and its gate, roles and the audit log, the MoU scorecard,
the report and the ``pantau`` command. It stands on ``etl`` (ingest and warehouse) and ``base``."""
