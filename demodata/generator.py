"""The demo run: network, demand, then month by month arrivals -> rows -> files (-> truth).

Memory stays flat whatever ``rows`` is: a month is generated, written and dropped before the
next; only the per-day demand table (outlets x days x services) and the customer pools live for
the whole run. Every random stream is ``numpy.random.default_rng([seed, purpose, month])``, so
the same seed and arguments give byte-identical files, and a month's content does not depend on
how the previous months were processed.
"""

from __future__ import annotations

import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from demodata.agency import AgencyExports
from demodata.areas import (
    AREAS,
    REVISION_AREA,
    REVISION_MONTH,
    Area,
    area_of_kabupaten,
    revision_area,
    transplant_areas,
)
from demodata.calendar import Calendar, build_calendar, month_label_id
from demodata.counters import size_counters
from demodata.declaration import declaration, write_declaration
from demodata.demand import build_demand
from demodata.faults import (
    DUPLICATE_RATE,
    FAULT_RATE,
    FAULT_SERIAL_BASE,
    REASONS,
    FilePlan,
    plan_corrections,
    plan_file,
)
from demodata.geography import LAMPUNG, Geography, load_geography, transplant
from demodata.identities import build_people, build_vehicles, nik_valid_expr
from demodata.incidents import plan_incidents
from demodata.layouts import CSV_ISO, LAYOUTS, XLSX, Layout, format_frame, truth_times
from demodata.network import NEVER, build_network
from demodata.policy import PKB_PAYERS_PER_YEAR
from demodata.provinces import (
    REFERENCE_DIR,
    check_provinces,
    clean_reference,
    province_dir,
    province_names,
    province_seed,
    write_reference,
)
from demodata.queueing import MonthArrivals, queued_month, unqueued_month
from demodata.services import MOU, PKB, STNK5
from demodata.transactions import Context, ServiceLabels, merge, month_frame
from demodata.truth import TruthWriter, truth_rows
from demodata.writers import write_branch_file, write_csv, write_xlsx

BRANCH_FILE = Path("kantor") / "kantor_pos_lampung.csv"
TRANSACTION_DIR = "transaksi"
_OWN_FILE = re.compile(r"transaksi_[a-z_]+_\d{4}-\d{2}(_revisi)?\.(csv|xlsx)")
_OWN_TRANSPLANT_FILE = re.compile(r"transaksi_contoh_\d{2}_\d_\d{4}-\d{2}(_revisi)?\.(csv|xlsx)")
# Random streams (the second entropy word): what each draws never shifts the others.
STREAM_NETWORK, STREAM_DEMAND, STREAM_PEOPLE, STREAM_VEHICLES = 1, 2, 3, 4
STREAM_QUEUE, STREAM_ROWS, STREAM_FILES = 100, 200, 300
VEHICLE_MARGIN = 4.0
XLSX_TITLE = (
    "PT POS INDONESIA (PERSERO)",
    "LAPORAN TRANSAKSI LAYANAN KERJA SAMA PEMPROV LAMPUNG",
)


@dataclass
class DemoResult:
    """What :func:`generate` wrote.

    ``transactions`` counts the data rows of all transaction files (faulty, duplicate and the
    revised file's rows included); ``faults`` counts the rejects by reason plus ``duplicate``,
    ``invalid_nik`` (loaded but flagged) and ``corrected`` (rows the revised file updates).
    """

    out_dir: Path
    files: list[Path]
    branches: int
    transactions: int
    faults: dict[str, int]
    seconds: float
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class _FileResult:
    path: str
    rows: int
    truth: pl.DataFrame
    rejects: pl.DataFrame
    manifest: dict[str, Any]
    faults: Counter


def _rng(seed: int, stream: int, index: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, stream, index])


def _clean(out_dir: Path, branch_file: Path = BRANCH_FILE, own: re.Pattern = _OWN_FILE) -> None:
    """Remove what an earlier demo wrote here (only the generator's own files)."""
    for path in sorted((out_dir / TRANSACTION_DIR).glob("*/*")):
        if path.is_file() and own.fullmatch(path.name):
            path.unlink()
    for folder in sorted((out_dir / TRANSACTION_DIR).glob("*")):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if (out_dir / "_truth").is_dir():
        shutil.rmtree(out_dir / "_truth")
    (out_dir / branch_file).unlink(missing_ok=True)


def _transplant_branch_file(province: str) -> Path:
    return Path("kantor") / f"kantor_pos_contoh_{province}.csv"


def _clean_transplants(out_dir: Path) -> None:
    """Remove every transplanted province an earlier demo wrote here (its own files only), so
    a run never leaves another run's provinces beside its own."""
    for folder in sorted(out_dir.glob("provinsi_[0-9][0-9]")):
        if not folder.is_dir():
            continue
        province = folder.name[-2:]
        _clean(folder, _transplant_branch_file(province), _OWN_TRANSPLANT_FILE)
        for sub in (folder / "kantor", folder / TRANSACTION_DIR, folder):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
    clean_reference(out_dir / REFERENCE_DIR)


def _revision_month(cal: Calendar) -> str:
    keys = cal.month_keys
    if REVISION_MONTH in keys:
        return REVISION_MONTH
    return keys[-2] if len(keys) >= 2 else keys[-1]


def _file_path(area: Area, month: str, layout: Layout, suffix: str = "") -> Path:
    name = f"transaksi_{area.slug}_{month}{suffix}.{layout.extension}"
    return Path(TRANSACTION_DIR, month, name)


def _patch(rows: list[list[Any]], layout: Layout, overrides: list) -> None:
    index = {name: i for i, name in enumerate(layout.header)}
    for row, override in zip(rows, overrides, strict=True):
        if override is not None:
            column, text = override
            row[index[layout.cells[column]]] = text


def _layout_of(area: Area, csv_only: bool) -> str:
    """The layout an area's files use (``csv_only`` turns the xlsx area into ``csv_iso``)."""
    return CSV_ISO if csv_only and area.layout == XLSX else area.layout


def _manifest_entry(
    rel: Path,
    layout: Layout,
    area: Area,
    month: str,
    data_rows: int,
    *,
    loaded: int,
    updated: int,
    duplicate: int,
    rejected: int,
) -> dict[str, Any]:
    """A transaction file's ``manifest.json`` entry: what loading it must report."""
    return {
        "path": rel.as_posix(),
        "layout": layout.name,
        "area": area.slug,
        "month": month,
        "data_rows": data_rows,
        "expected": {
            "rows_loaded": loaded,
            "rows_updated": updated,
            "rows_duplicate": duplicate,
            "rows_rejected": rejected,
        },
    }


def _row_order(n: int, plan: FilePlan) -> tuple[np.ndarray, np.ndarray]:
    """Final order of valid, fault and duplicate rows (in that concatenation) and each one's
    position in it: valid rows keep theirs; a fault or duplicate goes just before row
    ``before``."""
    keys = np.concatenate(
        [np.arange(n, dtype=np.float64), plan.fault_before - 0.5, plan.dup_before - 0.25]
    )
    order = np.argsort(keys, kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    return order, position


def _write_xlsx_rows(
    path: Path,
    layout: Layout,
    title: tuple[str, ...],
    cells: pl.DataFrame,
    fault_cells: pl.DataFrame,
    fault_rows: list[list[Any]],
    plan: FilePlan,
    order: np.ndarray,
) -> None:
    """Write the xlsx file; a NIK the row marks as numeric is written as a number."""
    nik_number = np.concatenate(
        [
            cells["nik_number"].to_numpy(),
            fault_cells["nik_number"].to_numpy(),
            cells["nik_number"].to_numpy()[plan.dup_source],
        ]
    )
    body = cells.drop("nik_number")
    all_rows = (
        list(body.iter_rows())
        + [r[:-1] for r in fault_rows]
        + [tuple(body.row(int(i))) for i in plan.dup_source]
    )
    nik_col = layout.header.index("NIK")

    def ordered() -> Any:
        for i in order:
            row = all_rows[i]
            if nik_number[i]:
                row = list(row)
                row[nik_col] = int(row[nik_col])
            yield row

    write_xlsx(path, layout, title, ordered())


def _rejects_frame(
    rel: Path, layout: Layout, plan: FilePlan, fault_pos: np.ndarray
) -> pl.DataFrame:
    """The file's expected rejects (file, spreadsheet row, id, reason, column), by row."""
    n_f = plan.faults.height
    return pl.DataFrame(
        {
            "file": [rel.as_posix()] * n_f,
            "row": layout.spreadsheet_row(fault_pos),
            "transaction_id": plan.faults["transaction_id"],
            "reason": plan.reasons,
            "column": plan.columns,
        },
        schema={
            "file": pl.String,
            "row": pl.Int64,
            "transaction_id": pl.String,
            "reason": pl.String,
            "column": pl.String,
        },
    ).sort("row")


def _write_file(
    out_dir: Path,
    area: Area,
    month: str,
    layout: Layout,
    valid: pl.DataFrame,
    rng: np.random.Generator,
    serial: int,
    branch_codes: set[str],
    keep_truth: bool,
    xlsx_title: tuple[str, ...] = XLSX_TITLE,
) -> _FileResult:
    """One area-month file with its faults and duplicates; returns truth, rejects, manifest."""
    rel = _file_path(area, month, layout)
    plan = plan_file(rng, layout, valid, serial, branch_codes)
    n, n_f, n_d = valid.height, plan.faults.height, len(plan.dup_source)
    cells = format_frame(layout, valid)
    fault_cells = format_frame(layout, plan.faults)
    order, position = _row_order(n, plan)
    fault_rows = [list(r) for r in fault_cells.iter_rows()]
    _patch(fault_rows, layout, plan.overrides)
    path = out_dir / rel
    if layout.name == XLSX:
        title = (*xlsx_title, f"Area: {area.name}    Periode: {month_label_id(month)}")
        _write_xlsx_rows(path, layout, title, cells, fault_cells, fault_rows, plan, order)
    else:
        faults_frame = pl.DataFrame(fault_rows, schema=cells.schema, orient="row")
        merged = pl.concat([cells, faults_frame, cells[plan.dup_source]])
        write_csv(path, layout, merged[order])
    rejects = _rejects_frame(rel, layout, plan, position[n : n + n_f])
    truth = truth_rows(truth_times(layout, valid), rel.as_posix()) if keep_truth else pl.DataFrame()
    faults = Counter(plan.reasons)
    faults["duplicate"] += n_d
    faults["invalid_nik"] += int(valid.select(nik_valid_expr("nik").not_().sum()).item())
    manifest = _manifest_entry(
        rel, layout, area, month, n + n_f + n_d, loaded=n, updated=0, duplicate=n_d, rejected=n_f
    )
    return _FileResult(rel.as_posix(), n + n_f + n_d, truth, rejects, manifest, faults)


def _write_revision(
    out_dir: Path,
    area: Area,
    month: str,
    layout: Layout,
    valid: pl.DataFrame,
    truth: pl.DataFrame,
    rng: np.random.Generator,
) -> tuple[_FileResult, pl.DataFrame]:
    """The re-sent corrected file; returns its result and the month's truth after it."""
    rel = _file_path(area, month, layout, "_revisi")
    fixed, corrected = plan_corrections(rng, valid)
    write_csv(out_dir / rel, layout, format_frame(layout, fixed))
    fixed_truth = truth_rows(
        truth_times(layout, fixed.filter(pl.Series(corrected))), rel.as_posix()
    )
    if truth.height:
        truth = pl.concat([truth.filter(~pl.Series(corrected)), fixed_truth])
    n_fixed = int(corrected.sum())
    manifest = _manifest_entry(
        rel,
        layout,
        area,
        month,
        valid.height,
        loaded=0,
        updated=n_fixed,
        duplicate=valid.height - n_fixed,
        rejected=0,
    )
    manifest["revises"] = _file_path(area, month, layout).as_posix()
    result = _FileResult(
        rel.as_posix(),
        valid.height,
        fixed_truth,
        pl.DataFrame(),
        manifest,
        Counter({"corrected": n_fixed}),
    )
    return result, truth


@dataclass(frozen=True)
class _Options:
    """The run's arguments every month needs."""

    out_dir: Path
    seed: int
    csv_only: bool
    truth: bool
    revision_month: str
    branch_codes: set[str]
    """Codes the faults' unknown branches must avoid: every branch of the run's provinces."""
    areas: tuple[Area, ...] = AREAS
    revision_area: str = REVISION_AREA
    xlsx_title: tuple[str, ...] = XLSX_TITLE


@dataclass
class _Written:
    """What the run has written so far, in writing order (the manifest keeps this order)."""

    files: list[Path]
    manifest_files: list[dict[str, Any]]
    faults: Counter = field(default_factory=lambda: Counter({reason: 0 for reason in REASONS}))
    rows: int = 0
    serial: int = FAULT_SERIAL_BASE  # next fault row's serial (fault ids never repeat)

    def add(self, out_dir: Path, result: _FileResult) -> None:
        self.files.append(out_dir / result.path)
        self.manifest_files.append(result.manifest)
        self.faults.update(result.faults)
        self.rows += result.rows


def _context(
    seed: int,
    rows: int,
    start: date,
    end: date,
    geo: Geography | None = None,
    areas: tuple[Area, ...] = AREAS,
) -> Context:
    """Build what is fixed for the whole run: network, calendar, demand, customer pools (in
    Lampung's geography unless ``geo`` is given, with ``areas`` its reporting areas)."""
    geo = load_geography() if geo is None else geo
    net = build_network(geo, _rng(seed, STREAM_NETWORK))
    cal = build_calendar(start, end)
    target_valid = rows * (1.0 - FAULT_RATE - DUPLICATE_RATE)
    demand = build_demand(geo, net, cal, target_valid, _rng(seed, STREAM_DEMAND))
    net = size_counters(net, demand, cal)  # the queue runs on the written rows: fit counters
    incidents = plan_incidents(net, demand, cal)  # the final weeks' shortage and silence
    service_rows = demand.rate.sum(axis=(0, 1))
    nik_rows = float(service_rows[MOU].sum())
    samsat_rows = float(service_rows[PKB] + service_rows[STNK5])
    years = cal.n_days / 365.25
    people = build_people(geo, max(1_000, int(0.35 * nik_rows)), _rng(seed, STREAM_PEOPLE))
    # Room for every vehicle to pay once a year in its due month, with a margin for the
    # busiest months (pemutihan, MoU growth): a vehicle never pays twice in a year.
    vehicles = build_vehicles(
        geo,
        people,
        max(2_400, int(VEHICLE_MARGIN * samsat_rows / max(years, 1.0))),
        _rng(seed, STREAM_VEHICLES),
    )
    return Context(
        geo=geo,
        net=net,
        cal=cal,
        demand=demand,
        people=people,
        vehicles=vehicles,
        labels=ServiceLabels.from_reference(),
        branch_area=area_of_kabupaten(geo.kab_code, areas)[net.kab],
        branch_codes=pl.Series(net.code, dtype=pl.String),
        incidents=incidents,
    )


def _write_branch_master(
    out_dir: Path, ctx: Context, end: date, branch_file: Path = BRANCH_FILE
) -> tuple[int, _Written]:
    """Write the branch file; returns its row count and the run's record starting with it."""
    master = ctx.net.master_table(end, ctx.geo.kec_code)
    write_branch_file(out_dir / branch_file, master)
    entry = {
        "path": branch_file.as_posix(),
        "layout": "branch_master",
        "data_rows": master.height,
        "expected": {
            "rows_loaded": master.height,
            "rows_updated": 0,
            "rows_duplicate": 0,
            "rows_rejected": 0,
        },
    }
    return master.height, _Written([out_dir / branch_file], [entry])


def _month_arrivals(ctx: Context, seed: int, m: int) -> MonthArrivals:
    """Month ``m``'s arrivals at queued and unqueued outlets (one random stream for both)."""
    cal, demand = ctx.cal, ctx.demand
    lo, hi = int(cal.month_first[m]), int(cal.month_stop[m])
    queue_rng = _rng(seed, STREAM_QUEUE, m)
    shortage = ctx.incidents.shortage if ctx.incidents else None
    return merge(
        queued_month(queue_rng, demand, ctx.net, cal, lo, hi, shortage),
        unqueued_month(queue_rng, demand, cal, lo, hi),
    )


def _write_month_files(
    opt: _Options,
    m: int,
    month: str,
    frame: pl.DataFrame,
    written: _Written,
    writer: TruthWriter | None,
) -> None:
    """Write month ``m``'s file per area (and the revised file), recording them in
    ``written`` and their truth in ``writer``."""
    parts = {key[0]: part for key, part in frame.partition_by("area", as_dict=True).items()}
    month_truth: list[pl.DataFrame] = []
    for a, area in enumerate(opt.areas):
        layout = LAYOUTS[_layout_of(area, opt.csv_only)]
        valid = parts.get(a, frame.clear())
        file_rng = _rng(opt.seed, STREAM_FILES, m * len(opt.areas) + a)
        result = _write_file(
            opt.out_dir,
            area,
            month,
            layout,
            valid,
            file_rng,
            written.serial,
            opt.branch_codes,
            opt.truth,
            opt.xlsx_title,
        )
        written.serial += result.rejects.height
        written.add(opt.out_dir, result)
        area_truth = result.truth
        if writer:
            writer.add_rejects(result.rejects)
        if area.slug == opt.revision_area and month == opt.revision_month:
            revised, area_truth = _write_revision(
                opt.out_dir, area, month, layout, valid, area_truth, file_rng
            )
            written.add(opt.out_dir, revised)
        month_truth.append(area_truth)
    if writer:
        writer.add_transactions(pl.concat(month_truth))


def _write_months(
    ctx: Context,
    opt: _Options,
    written: _Written,
    writer: TruthWriter | None,
    agency: AgencyExports | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Month by month: arrivals -> rows -> the agencies' tallies (Lampung only) and the
    month's files. The silent branch's rows of its silent days are dropped before either sees
    them (:mod:`demodata.incidents`): they never reach the province."""
    n_months = len(ctx.cal.month_keys)
    for m, month in enumerate(ctx.cal.month_keys):
        arrivals = _month_arrivals(ctx, opt.seed, m)
        frame = month_frame(ctx, arrivals, _rng(opt.seed, STREAM_ROWS, m))
        if ctx.incidents:
            frame = ctx.incidents.keep(frame, ctx.cal)
        if agency:
            agency.add_month(frame)
        _write_month_files(opt, m, month, frame, written, writer)
        if progress:
            progress(m + 1, n_months)


def _missing_branch_months(ctx: Context) -> list[dict[str, str]]:
    """The branch-months deliberately left unreported."""
    net, cal = ctx.net, ctx.cal
    return [
        {"branch_code": net.code[b], "month": cal.month_keys[mi]} for b, mi in ctx.demand.missing
    ]


def _counter_changes(ctx: Context) -> list[dict[str, Any]]:
    """Branches that gained a counter within the demo period, from when."""
    net, cal = ctx.net, ctx.cal
    return [
        {
            "branch_code": net.code[b],
            "from": str(np.datetime64(int(net.extra_counter_from[b]), "D")),
            "counters": int(net.counters[b] + 1),
        }
        for b in np.flatnonzero(net.extra_counter_from != NEVER)
        if net.extra_counter_from[b] <= cal.epoch_day[-1]
    ]


def _truth_manifest(
    arguments: dict[str, Any],
    ctx: Context,
    written: _Written,
    missing: list[dict[str, str]],
    branches: int,
    truth_transactions: int,
    areas: tuple[Area, ...] = AREAS,
) -> dict[str, Any]:
    """``_truth/manifest.json``: every file and what loading it must report, and the totals."""
    written.manifest_files.sort(key=lambda f: f["path"])
    files = written.manifest_files
    return {
        "generator": "demodata",
        "seed": arguments["seed"],
        "arguments": arguments,
        "files": files,
        "missing_branch_months": missing,
        "counter_changes": _counter_changes(ctx),
        "incidents": ctx.incidents.manifest(ctx.net, ctx.cal) if ctx.incidents else None,
        "revised_file": next((f["path"] for f in files if "revises" in f), None),
        "faults": {k: int(v) for k, v in written.faults.items()},
        "layouts": {area.slug: _layout_of(area, arguments["csv_only"]) for area in areas},
        "sample": {
            "sample_share": round(ctx.demand.sample_share, 6),
            "public_total": PKB_PAYERS_PER_YEAR,
            "basis": (
                "PKB payments per year in the demo / PKB payers per year in Lampung "
                "(623,051 vehicles 1 May - 30 Aug 2025, x 3); the demo is a sample "
                "(data contoh), not the province's volume"
            ),
        },
        "totals": {
            "branches": branches,
            "data_rows": written.rows,
            "truth_transactions": truth_transactions,
        },
    }


@dataclass
class _Part:
    """One province's part of a run: where it was written and what."""

    province: str
    out_dir: Path
    seed: int
    ctx: Context
    written: _Written
    branches: int
    missing: list[dict[str, str]]
    agency_files: list[Path] = field(default_factory=list)


def _arguments(rows: int, seed: int, csv_only: bool, start: date, end: date) -> dict[str, Any]:
    return {
        "rows": rows,
        "seed": seed,
        "csv_only": csv_only,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def _lampung(
    out_dir: Path,
    rows: int,
    seed: int,
    csv_only: bool,
    truth: bool,
    start: date,
    end: date,
    progress: Callable[[int, int], None] | None,
) -> _Part:
    """Lampung's exports, its agencies' and (with ``truth``) ``_truth/``, as always."""
    ctx = _context(seed, rows, start, end)
    cal = ctx.cal
    opt = _Options(out_dir, seed, csv_only, truth, _revision_month(cal), set(ctx.net.code))
    branches, written = _write_branch_master(out_dir, ctx, end)
    writer = TruthWriter(out_dir) if truth else None
    agency = AgencyExports(ctx.geo, ctx.net, seed, csv_only)
    _write_months(ctx, opt, written, writer, agency, progress)
    agency_files = agency.write(out_dir, cal, truth)  # _instansi/: realisation, surveys
    missing = _missing_branch_months(ctx)
    if writer:
        arguments = _arguments(rows, seed, csv_only, start, end)
        writer.close(_truth_manifest(arguments, ctx, written, missing, branches, writer.rows))
    return _Part(LAMPUNG, out_dir, seed, ctx, written, branches, missing, agency_files)


def _lampung_branch_codes(seed: int) -> set[str]:
    """The branch codes a Lampung demo of ``seed`` has (the network depends on nothing else)."""
    return set(build_network(load_geography(), _rng(seed, STREAM_NETWORK)).code)


def _transplanted(
    root: Path,
    province: str,
    rows: int,
    seed: int,
    csv_only: bool,
    truth: bool,
    start: date,
    end: date,
    progress: Callable[[int, int], None] | None,
    avoid: set[str],
) -> _Part:
    """A transplanted province (:mod:`demodata.provinces`): its exports in ``provinsi_PP/``,
    its reference in ``_referensi/PP/``. ``avoid``: other provinces' branch codes, which its
    faulty rows' unknown branches must not be."""
    region = province_names()[province]
    own_seed = province_seed(seed, province)
    out_dir = province_dir(root, province)
    out_dir.mkdir(parents=True, exist_ok=True)
    areas = transplant_areas(province, region)
    geo = transplant(load_geography(), province, region)
    ctx = _context(own_seed, rows, start, end, geo=geo, areas=areas)
    title = (XLSX_TITLE[0], f"LAPORAN TRANSAKSI LAYANAN - PROVINSI {region.upper()} (DATA CONTOH)")
    opt = _Options(
        out_dir,
        own_seed,
        csv_only,
        truth,
        _revision_month(ctx.cal),
        set(ctx.net.code) | avoid,
        areas=areas,
        revision_area=revision_area(areas),
        xlsx_title=title,
    )
    branches, written = _write_branch_master(out_dir, ctx, end, _transplant_branch_file(province))
    writer = TruthWriter(out_dir) if truth else None
    _write_months(ctx, opt, written, writer, None, progress)
    write_reference(root / REFERENCE_DIR / province, province, region)
    missing = _missing_branch_months(ctx)
    if writer:
        arguments = _arguments(rows, seed, csv_only, start, end)
        manifest = _truth_manifest(arguments, ctx, written, missing, branches, writer.rows, areas)
        manifest["province"] = {
            "code": province,
            "name": region,
            "seed": own_seed,
            "transplant_of": LAMPUNG,
            "reference": f"{REFERENCE_DIR}/{province}",
            "note": "Lampung's geography relabelled as demo data (data contoh); figures are "
            "Lampung's, not the province's",
        }
        writer.close(manifest)
    return _Part(province, out_dir, own_seed, ctx, written, branches, missing)


def _progress_part(
    progress: Callable[[int, int], None] | None, index: int, parts: int
) -> Callable[[int, int], None] | None:
    """Province ``index`` of ``parts``' months as a stretch of one progress bar."""
    if progress is None or parts == 1:
        return progress
    return lambda done, total: progress(index * total + done, parts * total)


def generate(
    out_dir: Path,
    rows: int = 1_000_000,
    seed: int = 20250422,
    *,
    csv_only: bool = False,
    truth: bool = False,
    start: date = date(2024, 1, 1),
    end: date = date(2026, 10, 31),
    progress: Callable[[int, int], None] | None = None,
    provinces: Sequence[str] = (LAMPUNG,),
) -> DemoResult:
    """Write a demo export set to ``out_dir`` (see :mod:`demodata`); same arguments, same bytes.

    ``progress(done, total)`` is called after each month. ``csv_only`` writes the xlsx area as
    ``csv_iso`` instead. ``truth`` adds ``_truth/`` (see :mod:`demodata.truth`).
    ``provinces`` (Kemendagri codes) adds, beside Lampung's (``18``, written exactly as
    without the argument), a transplanted demo province per other code with about ``rows``
    rows each (:mod:`demodata.provinces`); without ``18`` only the transplants are written.
    Raises ``ValueError`` for a code ``provinces.csv`` does not list.
    """
    began = time.perf_counter()
    if rows < 0:
        raise ValueError(f"rows must not be negative (got {rows}).")
    codes = check_provinces(provinces.split(",") if isinstance(provinces, str) else provinces)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clean(out_dir)
    _clean_transplants(out_dir)
    # Lampung first: the transplants' unknown branches must avoid its branch codes.
    order = sorted(codes, key=lambda code: code != LAMPUNG)
    parts: list[_Part] = []
    lampung_codes: set[str] | None = None
    for index, code in enumerate(order):
        step = _progress_part(progress, index, len(order))
        if code == LAMPUNG:
            parts.append(_lampung(out_dir, rows, seed, csv_only, truth, start, end, step))
            lampung_codes = set(parts[-1].ctx.net.code)
            continue
        if lampung_codes is None:
            lampung_codes = _lampung_branch_codes(seed)
        avoid = lampung_codes.union(*(set(p.ctx.net.code) for p in parts))
        parts.append(
            _transplanted(out_dir, code, rows, seed, csv_only, truth, start, end, step, avoid)
        )
    first = parts[0]
    sample = {"sample_share": first.ctx.demand.sample_share, "public_total": PKB_PAYERS_PER_YEAR}
    write_declaration(out_dir, declaration(**sample, seed=seed, rows=rows, start=start, end=end))

    faults: Counter = Counter()
    for part in parts:
        faults.update(part.written.faults)
    return DemoResult(
        out_dir=out_dir,
        files=[f for part in parts for f in part.written.files],
        branches=sum(part.branches for part in parts),
        transactions=sum(part.written.rows for part in parts),
        faults={k: int(v) for k, v in faults.items()},
        seconds=time.perf_counter() - began,
        details={
            "missing_branch_months": first.missing,
            "sample_share": first.ctx.demand.sample_share,
            "agency_exports": first.agency_files,
            "provinces": {
                part.province: {
                    "out_dir": part.out_dir,
                    "seed": part.seed,
                    "branches": part.branches,
                    "transactions": part.written.rows,
                    "missing_branch_months": part.missing,
                }
                for part in parts
            },
        },
    )
