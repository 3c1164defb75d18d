"""Statements an analyst must not be able to run, for the sandbox tests.

``ENGINE_REFUSES``: DuckDB itself refuses each of these on a sandboxed connection, with no
statement check in front. ``RUNNER_REFUSES`` are the few a read-only DuckDB still accepts
(temporary objects, several statements in one call, CHECKPOINT): the runner's one-read-statement
rule refuses them.
"""

from __future__ import annotations

ENGINE_REFUSES: dict[str, str] = {
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "read_csv_auto_relative": "SELECT * FROM read_csv_auto('data/reference/kabupaten.csv')",
    "read_parquet": "SELECT * FROM read_parquet('/tmp/any.parquet')",
    "read_json_home": "SELECT * FROM read_json('~/x.json')",
    "glob": "SELECT * FROM glob('/*')",
    "read_text": "SELECT * FROM read_text('/etc/hostname')",
    "read_blob_home": "SELECT * FROM read_blob('~/.bashrc')",
    "sniff_csv": "SELECT * FROM sniff_csv('/etc/passwd')",
    "replacement_scan": "SELECT * FROM 'data/reference/kabupaten.csv'",
    "replacement_scan_home": "SELECT * FROM '~/.bashrc'",
    "read_in_cte": "WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x",
    "read_in_subquery": "SELECT (SELECT count(*) FROM read_text('/etc/passwd')) AS n",
    "copy_to": "COPY transactions TO '/tmp/pantau_leak.csv'",
    "copy_query_to": "COPY (SELECT 1) TO '/tmp/pantau_leak.parquet' (FORMAT parquet)",
    "copy_from": "COPY rejects FROM '/etc/passwd'",
    "export_database": "EXPORT DATABASE '/tmp/pantau_export'",
    "attach_file": "ATTACH '/tmp/pantau_other.duckdb' AS other",
    "attach_home": "ATTACH '~/x.duckdb' AS other",
    "install": "INSTALL httpfs",
    "load_extension": "LOAD httpfs",
    "load_path": "LOAD '/tmp/evil.duckdb_extension'",
    "set_external": "SET enable_external_access = true",
    "reset_external": "RESET enable_external_access",
    "set_memory": "SET memory_limit = '100GB'",
    "pragma_memory": "PRAGMA memory_limit = '100GB'",
    "set_unlock": "SET lock_configuration = false",
    "set_temp_dir": "SET temp_directory = '/tmp/pantau_spill'",
    "set_global": "SET GLOBAL threads = 64",
    "create_table": "CREATE TABLE leaked AS SELECT 1 AS a",
    "create_view": "CREATE VIEW v AS SELECT 1 AS a",
    "create_macro": "CREATE MACRO m(a) AS a + 1",
    "insert": "INSERT INTO rejects (reason) VALUES ('x')",
    "update": "UPDATE branches SET name = 'x'",
    "delete": "DELETE FROM rejects",
    "drop": "DROP TABLE transactions",
    "alter": "ALTER TABLE branches ADD COLUMN x INTEGER",
    "dml_in_cte": "WITH x AS (SELECT 1) INSERT INTO rejects (reason) SELECT 'x' FROM x",
    "dml_after_semicolon": "SELECT 1; DELETE FROM rejects",
    "getenv": "SELECT getenv('HOME')",
    "commit_then_write": "COMMIT; DELETE FROM rejects",
    "comment_hides_write": "SELECT 1 /* harmless */; /* */ DROP TABLE branches -- done",
    "line_comment_trick": "SELECT 1 --\n; INSERT INTO rejects (reason) VALUES ('x')",
    "table_function_in_from": "SELECT * FROM read_csv_auto('/etc/passwd') t, transactions",
    "table_function_join": "SELECT * FROM transactions JOIN glob('/tmp/*') g ON true",
    "query_table_function": "SELECT * FROM query_table('/etc/passwd')",
    "set_home": "SET home_directory = '/tmp'",
    "pragma_home": "PRAGMA home_directory = '/tmp'",
    "checkpoint_attach": "ATTACH ':memory:' AS m",
    "install_from": "INSTALL httpfs FROM 'http://127.0.0.1:9/'",
    "secrets": "SELECT * FROM duckdb_secrets()",
    "create_secret": "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
}

RUNNER_REFUSES: dict[str, str] = {
    **ENGINE_REFUSES,
    "create_temp_table": "CREATE TEMP TABLE t AS SELECT 1 AS a",
    "create_temp_macro": "CREATE TEMP MACRO m(a) AS a",
    "two_selects": "SELECT 1; SELECT 2",
    "checkpoint": "CHECKPOINT",
    "pragma_info": "PRAGMA database_size",
    "temp_after_select": "SELECT 1; CREATE TEMP TABLE t AS SELECT 1",
}
