"""The DuckDB warehouse: schema migrations and generations that loads publish atomically."""

from etl.warehouse.generations import (
    NewGeneration,
    NoPreviousGenerationError,
    before_cleanup,
    current_generation,
    held_in_this_process,
    open_current,
    previous_generation,
    read_config,
    reader,
    refuse_an_older_warehouse,
    release,
    remove_old_generations,
    rollback,
    warehouse_dir,
    writer_lock,
)

__all__ = [
    "NewGeneration",
    "NoPreviousGenerationError",
    "before_cleanup",
    "current_generation",
    "held_in_this_process",
    "open_current",
    "previous_generation",
    "read_config",
    "reader",
    "refuse_an_older_warehouse",
    "release",
    "remove_old_generations",
    "rollback",
    "warehouse_dir",
    "writer_lock",
]
