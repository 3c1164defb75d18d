"""What a run returns: rows plus what a reader needs to trust them (and which cells the gate
hid)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pantau.queries.disclosure import Suppression
from pantau.queries.header import QuerySpec


@dataclass(frozen=True)
class QueryResult:
    """A query's rows plus what a reader needs to trust them.

    ``frame`` is what the caller may see: rows outside a branch manager's scope are gone and
    hidden cells are null; ``suppression`` says which cells are hidden and what each reads
    (``<10`` or the secondary marker), for the outputs to print."""

    name: str
    params: dict[str, object]
    frame: pl.DataFrame
    truncated: bool
    generation: str
    seconds: float
    spec: QuerySpec | None = None
    from_cache: bool = False
    suppression: Suppression | None = None
    cut: str | None = None
    """Why ``truncated``: ``"rows"`` (the row cap) or ``"bytes"`` (the result-size cap)."""

    @property
    def rows(self) -> list[dict[str, object]]:
        return self.frame.to_dicts()
