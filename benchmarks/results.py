"""What one benchmark size measured, as typed records saved to ``results-<rows>.json``.

The JSON file is the record of a run: the tables in docs/benchmarks.md are rendered from it
(``python -m benchmarks.render``), so a table can be re-rendered, or its layout changed, without
measuring again. Reading is strict: a file that lacks a field, or has one these records do not
know, was written by another version of the benchmarks and is refused with one sentence rather
than rendered with a silent gap.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, fields, is_dataclass
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


class ResultsFileError(Exception):
    """A results file that cannot be read as this version's records."""


@dataclass(frozen=True)
class Machine:
    """What the numbers were measured on, for the docs' machine line."""

    cpu: str
    cores: str
    ram: str
    os: str
    python: str
    duckdb: str
    polars: str
    streamlit: str


@dataclass(frozen=True)
class RunPlan:
    """How often each measure ran (the docs' method line quotes it)."""

    sizes: list[int]
    load_runs: int  # full load, baseline and incremental load each
    query_runs: int
    page_runs: int
    quick: bool


@dataclass(frozen=True)
class GeneratorResult:
    """The demo exports the loads read, and how fast the generator wrote them."""

    transactions_written: int
    files: int
    bytes: int
    seconds: float
    rows_per_second: float
    generated_at: str
    generated_in_this_run: bool


@dataclass(frozen=True)
class Runs:
    """Wall time and peak RSS of repeated child processes."""

    seconds: list[float]
    max_rss_bytes: list[int]
    median_seconds: float
    median_max_rss_bytes: float

    @staticmethod
    def summarise(seconds: list[float], max_rss_bytes: list[int]) -> dict[str, Any]:
        return {
            "seconds": seconds,
            "max_rss_bytes": max_rss_bytes,
            "median_seconds": statistics.median(seconds),
            "median_max_rss_bytes": statistics.median(max_rss_bytes),
        }


@dataclass(frozen=True)
class Accounting:
    """``pantau load``'s per-file accounting, summed over the files of one load."""

    rows_read: int
    rows_loaded: int
    rows_updated: int
    rows_duplicate: int
    rows_rejected: int
    files: int
    transactions_loaded: int


@dataclass(frozen=True)
class LoadResult(Runs, Accounting):
    """``pantau load`` of the whole export set into an empty warehouse."""

    input_files: int
    input_bytes: int
    rows_per_second: float
    mb_per_second: float


@dataclass(frozen=True)
class BaselineResult(Runs):
    """DuckDB's own CSV reader on the same files (``benchmarks.duckdb_baseline``)."""

    rows: int
    rows_per_second: float
    mb_per_second: float
    non_utf8_files_read_with_ignore_errors: int


@dataclass(frozen=True)
class IncrementalResult(Runs, Accounting):
    """The last month loaded into a warehouse holding every other month."""

    month: str
    share_of_full_load: float


@dataclass(frozen=True)
class WarehouseSize:
    """The published generation file."""

    generation: str
    bytes: int
    transactions: int
    bytes_per_million_rows: float


@dataclass(frozen=True)
class QueryResult:
    """One query's run times (s) with its defaults, result cache off."""

    name: str
    rows: int
    median: float
    p95: float
    seconds: list[float]


@dataclass(frozen=True)
class QueryResults:
    cold: list[QueryResult]
    warm: list[QueryResult]


@dataclass(frozen=True)
class PageResult:
    """One dashboard page's server-side runs in AppTest (s)."""

    page: str
    computed: list[float]
    cached: list[float]
    errors: list[str]
    median_computed: float
    median_cached: float


@dataclass(frozen=True)
class BrowserPage:
    """One page in Chromium against the empty Streamlit page visited just before it (s)."""

    page: str
    empty: list[float]
    seconds: list[float]
    median_seconds: float
    median_empty: float
    median_ratio: float  # median of the per-pair ratios
    target: float
    errors: list[str]


@dataclass(frozen=True)
class ServerRuns:
    """One page's server-side script runs while ``users`` browsed at once (s)."""

    page: str
    users: int
    seconds: list[float]
    median: float
    p95: float
    max: float
    target: float


@dataclass(frozen=True)
class BrowserResult:
    """The browser measures of ``benchmarks.browser_pages`` (taken at the smallest size)."""

    runs: int
    users: int
    rounds: int
    pages: list[BrowserPage]
    server: list[ServerRuns]


@dataclass(frozen=True)
class SizeResult:
    """Every measure of one input size: the contents of ``results-<rows>.json``."""

    rows_requested: int
    seed: int
    date: str
    machine: Machine
    plan: RunPlan
    generator: GeneratorResult
    load: LoadResult
    baseline: BaselineResult
    load_over_baseline: float
    incremental: IncrementalResult
    warehouse: WarehouseSize
    queries: QueryResults
    pages: list[PageResult]
    browser: BrowserResult | None  # the smallest size of a run only
    load_average_1min: list[float]  # at the start and at the end of this size


def save(result: SizeResult, path: Path) -> None:
    path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")


def load(path: Path) -> SizeResult:
    """Read a results file back into its records."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ResultsFileError(f"Cannot read benchmark results from {path}: {error}.") from None
    try:
        return _build(SizeResult, data, "")
    except ResultsFileError as error:
        raise ResultsFileError(f"{path}: {error}") from None


def _build(cls: type[T], data: Any, where: str) -> T:
    if not isinstance(data, dict):
        raise ResultsFileError(f"'{where or 'the file'}' should be an object.")
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    missing = [n for n in names if n not in data]
    unknown = sorted(set(data) - set(names))
    if missing or unknown:
        raise ResultsFileError(
            f"'{where or 'the file'}' lacks {missing} and has unknown {unknown}: it was written "
            "by another version of the benchmarks."
        )
    return cls(**{n: _value(hints[n], data[n], f"{where}.{n}".lstrip(".")) for n in names})


def _value(hint: Any, value: Any, where: str) -> Any:
    if isinstance(hint, type) and is_dataclass(hint):
        return _build(hint, value, where)
    if get_origin(hint) in (Union, UnionType):  # X | None
        if value is None:
            return None
        (kind,) = [a for a in get_args(hint) if a is not type(None)]
        return _value(kind, value, where)
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        return [_value(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value
