"""The DuckDB warehouse: schema migrations and generations that loads publish atomically."""

from etl.warehouse.generations import (
    NewGeneration,
    current_generation,
    open_current,
    read_config,
    reader,
    release,
    remove_old_generations,
    warehouse_dir,
    writer_lock,
)

__all__ = [
    "NewGeneration",
    "current_generation",
    "open_current",
    "read_config",
    "reader",
    "release",
    "remove_old_generations",
    "warehouse_dir",
    "writer_lock",
]
