"""The Parquet lake (issue 18): the warehouse in an open layout that DuckDB and Spark read alike.

- :mod:`etl.lake.layout`: the contract (folders, partitions, types, what stays out) and the
  manifest;
- :mod:`etl.lake.export`: ``export_lake`` writes it atomically and incrementally;
- :mod:`etl.lake.read`: ``attach_lake`` gives a DuckDB connection the warehouse's tables back;
- :mod:`etl.lake.verify`: recomputes the manifest's checksums and row counts.

docs/lake.md describes the layout for people.
"""
