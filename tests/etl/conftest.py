"""Fixtures the loader's tests share."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from etl.sqlfiles import sql_text


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory connection with the loader's ``pantau_*`` macros (etl/sql/macros.sql),
    for testing them without a load."""
    connection = duckdb.connect()
    connection.execute(sql_text("macros"))
    yield connection
    connection.close()
