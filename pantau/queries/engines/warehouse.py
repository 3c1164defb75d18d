"""The warehouse engine: the published generation of a warehouse folder, read-only, in the
query sandbox (:func:`etl.warehouse.read_config`). The default engine and the only one a load
goes through."""

from __future__ import annotations

from pathlib import Path

from base.errors import PantauError
from etl.warehouse import (
    current_generation,
    open_current,
    refuse_an_older_warehouse,
    release,
    warehouse_dir,
)
from pantau.queries.engines import Opened
from pantau.queries.engines.duck import DuckDBEngine


class WarehouseEngine(DuckDBEngine):
    writable = True

    def __init__(self, db: Path | None = None) -> None:
        self.db = warehouse_dir(db)

    def published(self) -> Path | None:
        return current_generation(self.db)

    def open(self) -> Opened:
        con, path = open_current(self.db)
        try:
            refuse_an_older_warehouse(con, warehouse_dir(self.db))
        except PantauError:
            release(path)
            raise

        def close() -> None:
            con.close()
            release(path)

        return Opened(con, path.name, path, close)
