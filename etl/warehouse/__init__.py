"""The DuckDB warehouse: schema migrations and generations that loads publish atomically."""

from etl.warehouse.generations import (
    NewGeneration,
    before_cleanup,
    current_generation,
    held_in_this_process,
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
    "before_cleanup",
    "current_generation",
    "held_in_this_process",
    "open_current",
    "read_config",
    "reader",
    "release",
    "remove_old_generations",
    "warehouse_dir",
    "writer_lock",
]
