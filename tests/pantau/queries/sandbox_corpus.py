"""Statements an analyst must not be able to run, for the sandbox tests, each with the reason
the engine must give.

``ENGINE_REFUSES``: DuckDB itself refuses each of these on a sandboxed connection, with no
statement check in front, and for the reason it names: a file-system permission, the read-only
attachment or the locked configuration. Any other error (a missing file, a missing function, no
network) would make the test pass with the sandbox switched off, so every statement here also
runs as a *control* on an unsandboxed scratch copy of the warehouse, where it must succeed.
``{files}`` in a statement is a folder of small local fixtures (``make_fixtures``) that exists
for both runs, and ``~`` is that folder in the control: the sandbox refuses a file that is there.

``WITHOUT_CONTROL`` lists the statements dropped from the corpus because their control cannot
succeed on this machine, each with the reason; the engine's refusal of them is still checked.
``RUNNER_REFUSES`` adds the few a read-only DuckDB still accepts (temporary objects, several
statements in one call, CHECKPOINT): the runner's one-read-statement rule refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Escape:
    """A statement and the refusal it must meet: DuckDB's exception class and a fragment of
    its message that names the permission or setting (not just any error)."""

    sql: str
    error: type[duckdb.Error]
    says: str

    def text(self, files: Path) -> str:
        return self.sql.replace("{files}", str(files))


def _files(sql: str) -> Escape:
    return Escape(sql, duckdb.PermissionException, "disabled by configuration")


def _read_only(sql: str) -> Escape:
    return Escape(sql, duckdb.InvalidInputException, "attached in read-only mode")


def _locked(sql: str) -> Escape:
    return Escape(sql, duckdb.InvalidInputException, "the configuration has been locked")


ENGINE_REFUSES: dict[str, Escape] = {
    "read_csv": _files("SELECT * FROM read_csv('{files}/data.csv')"),
    "read_csv_auto_relative": _files("SELECT * FROM read_csv_auto('data.csv')"),
    "read_parquet": _files("SELECT * FROM read_parquet('{files}/data.parquet')"),
    "read_json_home": _files("SELECT * FROM read_json('~/data.json')"),
    "glob": _files("SELECT * FROM glob('{files}/*')"),
    "read_text": _files("SELECT * FROM read_text('{files}/notes.txt')"),
    "read_blob_home": _files("SELECT * FROM read_blob('~/notes.txt')"),
    "sniff_csv": _files("SELECT * FROM sniff_csv('{files}/data.csv')"),
    "replacement_scan": _files("SELECT * FROM 'data.csv'"),
    "replacement_scan_home": _files("SELECT * FROM '~/data.csv'"),
    "read_in_cte": _files("WITH x AS (SELECT * FROM read_csv('{files}/data.csv')) SELECT * FROM x"),
    "read_in_subquery": _files("SELECT (SELECT count(*) FROM read_text('{files}/notes.txt')) AS n"),
    "copy_to": _files("COPY transactions TO '{files}/leak.csv'"),
    "copy_query_to": _files("COPY (SELECT 1) TO '{files}/leak.parquet' (FORMAT parquet)"),
    "copy_from": _files("COPY rejects FROM '{files}/rejects.csv'"),
    "export_database": _files("EXPORT DATABASE '{files}/export'"),
    "attach_file": _files("ATTACH '{files}/other.duckdb' AS other"),
    "attach_home": _files("ATTACH '~/other.duckdb' AS other"),
    "set_memory": _locked("SET memory_limit = '100GB'"),
    "pragma_memory": _locked("PRAGMA memory_limit = '100GB'"),
    "set_unlock": _locked("SET lock_configuration = false"),
    "set_temp_dir": _locked("SET temp_directory = '{files}/spill'"),
    "set_global": _locked("SET GLOBAL threads = 64"),
    "create_table": _read_only("CREATE TABLE leaked AS SELECT 1 AS a"),
    "create_view": _read_only("CREATE VIEW v AS SELECT 1 AS a"),
    "create_macro": _read_only("CREATE MACRO m(a) AS a + 1"),
    "insert": _read_only("INSERT INTO rejects (reason) VALUES ('x')"),
    "update": _read_only("UPDATE branches SET name = 'x'"),
    "delete": _read_only("DELETE FROM rejects"),
    "drop": _read_only("DROP TABLE transactions"),
    "alter": _read_only("ALTER TABLE branches ADD COLUMN x INTEGER"),
    "dml_in_cte": _read_only("WITH x AS (SELECT 1) INSERT INTO rejects (reason) SELECT 'x' FROM x"),
    "dml_after_semicolon": _read_only("SELECT 1; DELETE FROM rejects"),
    # was "COMMIT; DELETE ...": a bare COMMIT fails on any connection (no transaction is
    # active), so the engine's refusal said nothing about the sandbox; the runner keeps it below
    "commit_then_write": _read_only("BEGIN TRANSACTION; COMMIT; DELETE FROM rejects"),
    "comment_hides_write": _read_only("SELECT 1 /* harmless */; /* */ DROP TABLE branches -- done"),
    "line_comment_trick": _read_only("SELECT 1 --\n; INSERT INTO rejects (reason) VALUES ('x')"),
    "table_function_in_from": _files("SELECT * FROM read_csv_auto('{files}/data.csv') t, branches"),
    "table_function_join": _files("SELECT * FROM branches JOIN glob('{files}/*') g ON true"),
    # query_table() names a table; a file name in it is read by a replacement scan
    "query_table_function": _files("SELECT * FROM query_table('{files}/data.csv')"),
    "set_home": _locked("SET home_directory = '{files}'"),
    "pragma_home": _locked("PRAGMA home_directory = '{files}'"),
    "attach_memory": Escape(
        "ATTACH ':memory:' AS m", duckdb.CatalogException, "in-memory database in read-only mode"
    ),
    "secrets": _files("SELECT * FROM duckdb_secrets()"),
    # was TYPE s3, which needs the httpfs extension (not installed here: the control failed);
    # http secrets are built in, and the sandbox refuses the secret store just the same
    "create_secret": _files("CREATE SECRET s (TYPE http, BEARER_TOKEN 'x')"),
    "create_persistent_secret": _files("CREATE PERSISTENT SECRET s (TYPE http, BEARER_TOKEN 'x')"),
}

WITHOUT_CONTROL: dict[str, tuple[Escape, str]] = {
    "install": (
        _files("INSTALL httpfs"),
        "installing needs the extension repository on the network, which no test touches",
    ),
    "install_from": (
        _files("INSTALL httpfs FROM 'http://127.0.0.1:9/'"),
        "no extension binary exists offline to serve from a local repository",
    ),
    "load_extension": (
        Escape("LOAD httpfs", duckdb.PermissionException, "external extensions is disabled"),
        "httpfs is not installed here, so unsandboxed LOAD fails too",
    ),
    "load_path": (
        Escape(
            "LOAD '{files}/evil.duckdb_extension'",
            duckdb.PermissionException,
            "external extensions is disabled",
        ),
        "no loadable extension binary exists offline",
    ),
    "set_external": (
        _locked("SET enable_external_access = true"),
        "DuckDB never turns external access on in a running database, locked or not",
    ),
    "reset_external": (
        _locked("RESET enable_external_access"),
        "DuckDB never turns external access on in a running database, locked or not",
    ),
}
"""Dropped: ``getenv`` (a DuckDB shell function, absent from the Python engine: it failed with
"does not exist" everywhere, so it never tested the sandbox)."""

RUNNER_ONLY: dict[str, str] = {
    "create_temp_table": "CREATE TEMP TABLE t AS SELECT 1 AS a",
    "create_temp_macro": "CREATE TEMP MACRO m(a) AS a",
    "two_selects": "SELECT 1; SELECT 2",
    "checkpoint": "CHECKPOINT",
    "pragma_info": "PRAGMA database_size",
    "temp_after_select": "SELECT 1; CREATE TEMP TABLE t AS SELECT 1",
    "commit_then_write": "COMMIT; DELETE FROM rejects",
}
"""Statements a sandboxed DuckDB runs (or fails for no sandbox reason) that the runner's
one-read-statement rule must refuse."""

RUNNER_REFUSES: dict[str, str] = {
    **{name: escape.sql for name, escape in ENGINE_REFUSES.items()},
    **{name: escape.sql for name, (escape, _) in WITHOUT_CONTROL.items()},
    **{f"runner_{name}": sql for name, sql in RUNNER_ONLY.items()},
}


def make_fixtures(folder: Path) -> Path:
    """The small files the statements read, so a refusal is never just "no such file"."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.csv").write_text("a,b\n1,x\n2,y\n", encoding="utf-8")
    (folder / "data.json").write_text('[{"a": 1}, {"a": 2}]\n', encoding="utf-8")
    (folder / "notes.txt").write_text("nothing secret\n", encoding="utf-8")
    (folder / "rejects.csv").write_text(
        "file_id,source_row,transaction_id,column_name,reason,value,branch_code\n"
        "1,2,T1,nik,bad,,35111\n",
        encoding="utf-8",
    )
    scratch = duckdb.connect()
    try:
        scratch.execute(f"COPY (SELECT 1 AS a) TO '{folder / 'data.parquet'}' (FORMAT parquet)")
    finally:
        scratch.close()
    duckdb.connect(str(folder / "other.duckdb")).close()
    return folder
