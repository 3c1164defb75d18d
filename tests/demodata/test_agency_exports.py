"""The agency exports of the demo (Bapenda PKB realisation, SKM surveys) read back to their truth.

Files are parsed here with plain polars/openpyxl and a vocabulary written out in this file, not
with the generator's code; the Kantor Pos channel is checked against the Pos transactions'
truth (the warehouse a loader builds), which the realisation module does not produce.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl

from base import reference
from demodata import generate
from etl.load import discover
from tests.demodata.demo_support import MOU, ROWS, Demo, classify, read_cells, to_canonical

AMOUNT_COLUMNS = ("pkb_pokok", "opsen_pkb", "denda", "swdkllj", "pnbp")
XLSX_CHANNELS = {
    "Samsat Induk": "SAMSAT_INDUK",
    "Samsat Keliling": "SAMSAT_KELILING",
    "Samsat Drive Thru": "DRIVE_THRU",
    "SIGNAL / e-Samsat": "E_SAMSAT",
    "Kantor Pos": "KANTOR_POS",
    "Bank": "BANK",
}
CSV_CHANNELS = {
    "SAMSAT INDUK": "SAMSAT_INDUK",
    "SAMKEL": "SAMSAT_KELILING",
    "DRIVE THRU": "DRIVE_THRU",
    "E-SAMSAT/SIGNAL": "E_SAMSAT",
    "PT POS": "KANTOR_POS",
    "BANK": "BANK",
}
MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
SCALES = (
    ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai"),
    ("Tidak Mudah", "Kurang Mudah", "Mudah", "Sangat Mudah"),
    ("Tidak Cepat", "Kurang Cepat", "Cepat", "Sangat Cepat"),
    ("Sangat Mahal", "Cukup Mahal", "Murah", "Gratis"),
    ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai"),
    ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai"),
    (
        "Tidak Sopan dan Ramah",
        "Kurang Sopan dan Ramah",
        "Sopan dan Ramah",
        "Sangat Sopan dan Ramah",
    ),
    ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai"),
    ("Buruk", "Cukup", "Baik", "Sangat Baik"),
)
U = [f"u{i}" for i in range(1, 10)]


def _agency(demo: Demo) -> dict:
    return json.loads((demo.out / "_truth" / "agency_exports.json").read_text(encoding="utf-8"))


def _realisation(demo: Demo) -> pl.DataFrame:
    return pl.read_parquet(demo.out / "_truth" / "realisation.parquet")


def _survey(demo: Demo) -> pl.DataFrame:
    return pl.read_parquet(demo.out / "_truth" / "survey.parquet")


def _files(demo: Demo, kind: str, layout: str) -> list[str]:
    return [
        f["path"] for f in _agency(demo)["files"] if f["kind"] == kind and f["layout"] == layout
    ]


def _rupiah(text: str) -> int:
    assert text.startswith("Rp ") or text[0].isdigit(), text
    return int(text.removeprefix("Rp ").replace(".", ""))


# ---------------------------------------------------------------- where the files are


def test_both_layouts_of_both_kinds_are_written_where_the_demo_load_does_not_look(
    demo_mou: Demo,
) -> None:
    for kind, layouts in (
        ("pkb_realisation", ("xlsx", "csv")),
        ("satisfaction_survey", ("numeric", "form")),
    ):
        for layout in layouts:
            paths = _files(demo_mou, kind, layout)
            assert paths, (kind, layout)
            assert all((demo_mou.out / p).is_file() for p in paths)
            assert all(p.startswith("_instansi/") for p in paths)
    on_disk = {p.relative_to(demo_mou.out).as_posix() for p in demo_mou.out.rglob("*.*")}
    assert {f["path"] for f in _agency(demo_mou)["files"]} == {
        p for p in on_disk if p.startswith("_instansi/")
    }
    loaded = {p.relative_to(demo_mou.out).as_posix() for p in discover([demo_mou.out])}
    assert loaded == {f["path"] for f in demo_mou.manifest["files"]}


# ---------------------------------------------------------------- realisation files


def _read_realisation_xlsx(path: Path) -> tuple[list[tuple], pl.DataFrame, dict]:
    sheet = openpyxl.load_workbook(path, data_only=True).active
    formulas = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No" and r[1] == "UPTD")
    records, uptd = [], None
    for i in range(header_at + 1, len(rows)):
        r = rows[i]
        if r[0] == "TOTAL":
            total = {"row": i + 1, "values": r[3:10], "formula": formulas.cell(i + 1, 4).value}
            break
        uptd = r[1] if r[1] is not None else uptd
        records.append(
            {
                "row": i + 1,
                "uptd_name": uptd,
                "channel": XLSX_CHANNELS[r[2]],
                "vehicles": r[3],
                **dict(zip(AMOUNT_COLUMNS, r[4:9], strict=True)),
                "total": r[9],
            }
        )
    return rows[:header_at], pl.DataFrame(records), total


def test_realisation_workbooks_read_back_to_the_truth(demo_mou: Demo) -> None:
    truth = _realisation(demo_mou)
    paths = _files(demo_mou, "pkb_realisation", "xlsx")
    for rel in paths:
        title, frame, total = _read_realisation_xlsx(demo_mou.out / rel)
        expected = truth.filter(pl.col("file") == rel)
        month = expected["month"][0]
        label = f"{MONTHS_ID[int(month[5:]) - 1]} {month[:4]}".upper()
        assert 3 <= len(title) <= 6 and title[0][0] == "PEMERINTAH PROVINSI LAMPUNG"
        assert any(r[0] == f"BULAN : {label}" for r in title)
        assert any("PENERIMAAN" in str(c) for r in title for c in r if c)
        columns = ["row", "uptd_name", "channel", "vehicles", *AMOUNT_COLUMNS, "total"]
        assert frame.select(columns).rows() == expected.select(columns).rows()
        assert list(total["values"]) == [
            frame[c].sum() for c in ("vehicles", *AMOUNT_COLUMNS, "total")
        ]
        assert str(total["formula"]).startswith("=SUM(D")


def test_realisation_csv_reads_back_to_the_truth(demo_mou: Demo) -> None:
    truth = _realisation(demo_mou)
    for rel in _files(demo_mou, "pkb_realisation", "csv"):
        data = (demo_mou.out / rel).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
        cells = pl.read_csv(io.BytesIO(data[3:]), separator=";", infer_schema=False)
        assert cells.columns[4:7] == ["Jumlah Kendaraan", "Pokok PKB", "Opsen PKB"]
        body, last = cells[:-1], cells.row(-1)
        assert last[0] == "JUMLAH"
        amounts = cells.columns[5:]
        parsed = body.select(
            pl.int_range(2, body.height + 2).alias("row"),
            pl.col("Kode Wilayah").alias("kabupaten_code"),
            pl.col("Kabupaten/Kota").alias("kabupaten_name"),
            pl.col("Saluran").replace_strict(CSV_CHANNELS).alias("channel"),
            pl.col("Jumlah Kendaraan").str.replace_all(r"\.", "").cast(pl.Int64).alias("vehicles"),
            *(
                pl.col(c).map_elements(_rupiah, return_dtype=pl.Int64).alias(n)
                for c, n in zip(amounts, (*AMOUNT_COLUMNS, "total"), strict=True)
            ),
        )
        expected = truth.filter(pl.col("file") == rel)
        month = expected["month"][0]
        assert set(body["Bulan"]) == {f"{MONTHS_ID[int(month[5:]) - 1]} {month[:4]}"}
        assert parsed.rows() == expected.select(parsed.columns).rows()
        sums = [parsed[c].sum() for c in ("vehicles", *AMOUNT_COLUMNS, "total")]
        assert [int(last[4].replace(".", "")), *(_rupiah(v) for v in last[5:])] == sums


def test_realisation_covers_every_unit_month_and_channel_once(demo_mou: Demo) -> None:
    truth = _realisation(demo_mou)
    assert truth.select("month", "kabupaten_code", "channel").is_duplicated().sum() == 0
    per_month = truth.group_by("month").agg(pl.col("kabupaten_code").n_unique())
    assert set(per_month["kabupaten_code"]) == {15}
    assert truth.filter(pl.col("channel") == "KANTOR_POS").height == 15 * 3
    total = pl.sum_horizontal(*AMOUNT_COLUMNS)
    assert truth.filter(pl.col("total") != total).height == 0
    assert truth.select((pl.col(c) >= 0).all() for c in ("vehicles", *AMOUNT_COLUMNS)).row(0)
    drive = truth.filter(pl.col("channel") == "DRIVE_THRU")
    assert set(drive["month"]) == {"2025-04", "2025-05"}  # opened 21 April 2025
    assert set(drive["kabupaten_code"]) == {"18.71"}


def test_opsen_starts_in_january_2025(tmp_path: Path) -> None:
    generate(tmp_path, rows=2_000, truth=True, start=date(2024, 12, 1), end=date(2025, 1, 31))
    truth = pl.read_parquet(tmp_path / "_truth" / "realisation.parquet")
    opsen = dict(truth.group_by("month").agg(pl.col("opsen_pkb").sum()).iter_rows())
    assert opsen["2024-12"] == 0 and opsen["2025-01"] > 0


# ---------------------------------------------------------------- Kantor Pos vs Pos files


def _pos_pkb(demo: Demo) -> pl.DataFrame:
    """Completed PKB payments per kabupaten and month, from the transactions' truth."""
    kab = demo.branches.select(
        pl.col("kode_kantor").alias("branch_code"),
        pl.col("kode_kecamatan").str.slice(0, 5).alias("kabupaten_code"),
    )
    return (
        demo.truth.filter((pl.col("service_code") == "PKB") & (pl.col("status") == "COMPLETED"))
        .join(kab, on="branch_code")
        .group_by("kabupaten_code", pl.col("arrived_at").dt.strftime("%Y-%m").alias("month"))
        .agg(pl.len().alias("pos_vehicles"), pl.col("amount_idr").sum().alias("pos_amount"))
    )


def test_kantor_pos_agrees_with_the_pos_pkb_transactions_within_the_late_bookings(
    demo_mou: Demo,
) -> None:
    pos = _realisation(demo_mou).filter(pl.col("channel") == "KANTOR_POS")
    both = pos.join(_pos_pkb(demo_mou), on=["kabupaten_code", "month"], how="left").fill_null(0)
    revised = demo_mou.manifest["revised_file"]
    revised_month = revised.split("/")[1]
    exact = both.filter(pl.col("month") != revised_month)
    # Outside the month a re-sent file corrected, Pos's takings are exactly the loaded payments.
    assert exact["transacted_total"].to_list() == exact["pos_amount"].to_list()
    assert exact["transacted_vehicles"].to_list() == exact["pos_vehicles"].to_list()
    for r in both.iter_rows(named=True):
        assert r["total"] == r["transacted_total"] - r["late_out_total"] + r["late_in_total"]
        # In the revised month the re-sent file's corrections move Pos's total too (one car's
        # PKB swapped for another's can be a tenth of a small regency-month).
        corrected = abs(r["transacted_total"] - r["pos_amount"])
        gap = r["late_in_total"] + r["late_out_total"] + corrected + 0.03 * r["pos_amount"]
        assert abs(r["total"] - r["pos_amount"]) <= gap
        assert r["late_booking"] == (r["late_in_vehicles"] > 0)
    late_share = both["late_out_total"].sum() / both["transacted_total"].sum()
    assert 0.003 <= late_share <= 0.08, late_share
    assert both.filter("late_booking").height >= 1
    stated = _agency(demo_mou)["kantor_pos_reconciliation"]
    assert stated["late_out_total"] == both["late_out_total"].sum()


# The realisation's components from the transaction truth's composition of a PKB payment.
COMPOSITION = {
    "pkb_pokok": ("pkb_pokok_idr",),
    "opsen_pkb": ("opsen_pkb_idr",),
    "denda": ("denda_pkb_idr",),
    "swdkllj": ("swdkllj_idr", "denda_swdkllj_idr"),  # Jasa Raharja's, its fine included
    "pnbp": ("pnbp_idr",),
}


def _first_sent_amounts(demo: Demo, ids: list[str]) -> pl.DataFrame:
    """What the first-sent file of the revised area-month said these transactions paid."""
    files = {f["path"]: f for f in demo.manifest["files"]}
    first = files[files[demo.manifest["revised_file"]]["revises"]]
    rows = classify(
        to_canonical(read_cells(demo.out / first["path"], first["layout"]), first["layout"]),
        set(demo.branches["kode_kantor"]),
    ).filter(pl.col("_reject").is_null() & pl.col("transaction_id").is_in(ids))
    rows = rows.unique("transaction_id", keep="first", maintain_order=True)
    assert rows.height == len(ids)
    assert (rows["status"] == "COMPLETED").all() and (rows["service_code"] == "PKB").all()
    return rows.select("transaction_id", pl.col("amount_idr").alias("_unknown"))


def _late_days(day: pl.DataFrame, late_days: int, total: int, vehicles: int) -> list[date]:
    """The one set of a month's last ``late_days`` days whose takings make its late-out."""
    last = day.filter(
        (pl.col("tx_date").dt.month_end() - pl.col("tx_date")).dt.total_days() < late_days
    )
    found = [
        [d for d, keep in zip(last["tx_date"], pick, strict=True) if keep]
        for pick in itertools.product((False, True), repeat=last.height)
        if sum(t for t, k in zip(last["_total"], pick, strict=True) if k) == total
        and sum(v for v, k in zip(last["_vehicles"], pick, strict=True) if k) == vehicles
    ]
    assert len(found) == 1, (total, vehicles, last.rows())
    return found[0]


def test_kantor_pos_components_are_the_sums_of_the_payments_composition(demo_mou: Demo) -> None:
    """Per kabupaten and month, each component is the sum of the composition the transaction
    truth gives the completed PKB payments, minus those booked next month plus those booked
    from last month. Which month-end days went late is found from the truth alone: the one set
    of the last days whose takings make the stated late-out."""
    kab = demo_mou.branches.select(
        pl.col("kode_kantor").alias("branch_code"),
        pl.col("kode_kecamatan").str.slice(0, 5).alias("kabupaten_code"),
    )
    pkb = (
        demo_mou.truth.filter(pl.col("service_code") == "PKB")
        .join(kab, on="branch_code")
        .with_columns(pl.col("arrived_at").dt.date().alias("tx_date"))
    )
    # Payments the re-sent file corrected (amount or cancellation): the realisation books what
    # Pos remitted for the file as first sent, whose composition the truth no longer holds.
    touched = pkb.filter(
        (pl.col("file") == demo_mou.manifest["revised_file"])
        & ((pl.col("status") != "COMPLETED") | pl.col("pkb_pokok_idr").is_null())
    )
    first_sent = _first_sent_amounts(demo_mou, touched["transaction_id"].to_list())
    intact = (pl.col("status") == "COMPLETED") & pl.col("pkb_pokok_idr").is_not_null()
    paid = pl.concat(
        [
            pkb.filter(intact).with_columns(pl.lit(0, pl.Int64).alias("_unknown")),
            touched.join(first_sent, on="transaction_id"),
        ],
        how="diagonal_relaxed",
    )
    day = (
        paid.group_by("kabupaten_code", "tx_date")
        .agg(
            pl.len().alias("_vehicles"),
            *(pl.sum_horizontal(*parts).sum().alias(f"_{c}") for c, parts in COMPOSITION.items()),
            pl.col("_unknown").sum(),
        )
        .with_columns(
            pl.sum_horizontal("_unknown", *(f"_{c}" for c in COMPOSITION)).alias("_total"),
            pl.col("tx_date").dt.strftime("%Y-%m").alias("month"),
        )
        .sort("kabupaten_code", "tx_date")
    )
    pos = _realisation(demo_mou).filter(pl.col("channel") == "KANTOR_POS")
    late_days = _agency(demo_mou)["kantor_pos_reconciliation"]["late_days"]
    late: set[tuple[str, date]] = set()
    for r in pos.iter_rows(named=True):
        cell = day.filter(
            (pl.col("kabupaten_code") == r["kabupaten_code"]) & (pl.col("month") == r["month"])
        )
        for d in _late_days(cell, late_days, r["late_out_total"], r["late_out_vehicles"]):
            late.add((r["kabupaten_code"], d))
    months = sorted(set(pos["month"]))
    next_month = dict(zip(months, [*months[1:], None], strict=True))
    is_late = [(k, d) in late for k, d in day.select("kabupaten_code", "tx_date").iter_rows()]
    booked = (
        day.with_columns(pl.Series("_late", is_late))
        .with_columns(
            pl.when("_late")
            .then(pl.col("month").replace_strict(next_month, return_dtype=pl.String))
            .otherwise("month")
            .alias("month")
        )
        .group_by("kabupaten_code", "month")
        .agg(pl.col(f"_{c}").sum() for c in (*COMPOSITION, "unknown", "vehicles"))
    )
    both = pos.join(booked, on=["kabupaten_code", "month"], how="left").fill_null(0)
    assert both.height == 15 * 3 and len(late) >= 1
    assert both["vehicles"].to_list() == both["_vehicles"].to_list()
    exact = both.filter(pl.col("_unknown") == 0)
    assert exact.height >= 40
    for c in COMPOSITION:
        assert exact[c].to_list() == exact[f"_{c}"].to_list(), c
    for r in both.filter(pl.col("_unknown") > 0).iter_rows(named=True):
        gaps = [r[c] - r[f"_{c}"] for c in COMPOSITION]
        assert min(gaps) >= 0 and sum(gaps) == r["_unknown"], (r, gaps)


def test_kantor_pos_parts_follow_the_tariff(demo_mou: Demo) -> None:
    pos = _realisation(demo_mou).filter(pl.col("channel") == "KANTOR_POS")
    busy = pos.filter(pl.col("vehicles") > 20)
    assert busy.height > 0
    per_vehicle = busy.select(
        (pl.col(c) / pl.col("vehicles")).alias(c) for c in ("swdkllj", "pnbp")
    )
    assert per_vehicle["swdkllj"].is_between(35_000, 143_000 + 100_000).all()
    assert per_vehicle["pnbp"].is_between(25_000, 50_000).all()
    assert (busy["opsen_pkb"] / busy["pkb_pokok"]).is_between(0.65, 0.67).all()


# ---------------------------------------------------------------- surveys


def _form_rows(path: Path) -> tuple[list[str], list[tuple]]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def test_survey_files_read_back_to_the_truth(demo_mou: Demo) -> None:
    truth = _survey(demo_mou)
    names = dict(reference.services().select("name_id", "service_code").iter_rows())
    for rel in _files(demo_mou, "satisfaction_survey", "numeric"):
        cells = pl.read_csv(demo_mou.out / rel, infer_schema=False)
        assert cells.columns[:2] == ["No", "Kode Kantor"] and cells.columns[-9:] == [
            f"U{i}" for i in range(1, 10)
        ]
        parsed = cells.select(
            pl.int_range(2, cells.height + 2).alias("row"),
            pl.col("Kode Kantor").alias("unit_text"),
            pl.col("Layanan").alias("service_code"),
            pl.col("Tanggal").str.to_date("%d/%m/%Y").alias("survey_date"),
            pl.col("Jenis Kelamin").alias("sex"),
            pl.col("Umur").cast(pl.Int64).alias("age"),
            pl.col("Pendidikan").alias("education"),
            pl.col("Pekerjaan").alias("occupation"),
            *(pl.col(f"U{i}").cast(pl.Int8).alias(f"u{i}") for i in range(1, 10)),
        )
        expected = truth.filter(pl.col("file") == rel).select(parsed.columns)
        assert parsed.rows() == expected.rows()
    sexes = {"Laki-laki": "L", "Perempuan": "P"}
    for rel in _files(demo_mou, "satisfaction_survey", "form"):
        header, rows = _form_rows(demo_mou.out / rel)
        assert header[0] == "Timestamp" and header[7].startswith("1. ")
        parsed = [
            (
                i,
                r[0].replace(microsecond=0),
                r[1],
                names[r[2]],
                sexes[r[3]],
                r[4],
                r[5],
                r[6],
                *(None if v is None else SCALES[k].index(v) + 1 for k, v in enumerate(r[7:16])),
            )
            for i, r in enumerate(rows, start=2)
        ]
        expected = (
            truth.filter(pl.col("file") == rel)
            .select(
                "row",
                pl.col("submitted_at").dt.truncate("1s"),
                "unit_text",
                "service_code",
                "sex",
                "age_group",
                "education",
                "occupation",
                *U,
            )
            .rows()
        )
        assert parsed == expected
        assert isinstance(rows[0][0], datetime)


def test_survey_units_match_the_branch_master(demo_mou: Demo) -> None:
    truth = _survey(demo_mou)
    master = dict(demo_mou.branches.select("kode_kantor", "nama_kantor").iter_rows())
    numeric = truth.filter(pl.col("layout") == "numeric")
    assert (numeric["unit_text"] == numeric["branch_code"]).all()
    form = truth.filter(pl.col("layout") == "form")
    for code, text in form.select("branch_code", "unit_text").unique().iter_rows():
        assert text in (master[code], f"{master[code]} ({code})")
    assert set(truth["branch_code"]) <= set(master)


def test_unanswered_items_are_few_and_flagged_incomplete(demo_mou: Demo) -> None:
    truth = _survey(demo_mou)
    answered = pl.sum_horizontal(pl.col(u).is_not_null().cast(pl.Int8) for u in U)
    assert (truth["answered"] == truth.select(answered).to_series()).all()
    assert (truth["complete"] == (truth["answered"] == 9)).all()
    incomplete = truth.filter(~pl.col("complete"))
    assert 1 <= incomplete.height <= 0.05 * truth.height
    assert incomplete["layout"].n_unique() == 2  # both layouts leave items empty
    scores = truth.select(U).unpivot()["value"].drop_nulls()
    assert set(scores) == {1, 2, 3, 4}


def test_ikm_lies_in_a_plausible_range_and_differs_across_units(demo_mou: Demo) -> None:
    complete = _survey(demo_mou).filter("complete")
    per_unit = (
        complete.group_by("branch_code")
        .agg(pl.len().alias("n"), *(pl.col(u).mean() for u in U))
        .filter(pl.col("n") >= 25)
        .select("branch_code", (pl.mean_horizontal(*U) * 25).alias("ikm"))
    )
    assert per_unit.height >= 10
    assert per_unit["ikm"].is_between(60, 95).all()
    assert per_unit["ikm"].max() - per_unit["ikm"].min() >= 5
    overall = complete.select(pl.mean_horizontal(*(pl.col(u).mean() for u in U)) * 25).item()
    assert 72 <= overall <= 88
    by_service = complete.group_by("service_code").agg(pl.mean_horizontal(*U).mean())
    assert by_service.height >= 7


# ---------------------------------------------------------------- determinism


def _cells(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_same_seed_gives_the_same_agency_exports(demo_mou: Demo, tmp_path: Path) -> None:
    again_demo = Demo(generate(tmp_path, rows=ROWS, truth=True, **MOU), tmp_path)
    files = [f["path"] for f in _agency(demo_mou)["files"]]
    assert files == [f["path"] for f in _agency(again_demo)["files"]]
    for rel in files:
        mine, again = demo_mou.out / rel, tmp_path / rel
        if rel.endswith(".csv"):
            assert (
                hashlib.sha256(mine.read_bytes()).digest()
                == hashlib.sha256(again.read_bytes()).digest()
            )
        else:
            assert _cells(mine) == _cells(again)
    for name in ("realisation.parquet", "survey.parquet"):
        assert pl.read_parquet(demo_mou.out / "_truth" / name).equals(
            pl.read_parquet(tmp_path / "_truth" / name)
        )


def test_another_seed_gives_other_surveys_and_realisation(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", rows=500, truth=True, **MOU)
    b = generate(tmp_path / "b", rows=500, seed=7, truth=True, **MOU)
    for name in ("realisation.parquet", "survey.parquet"):
        assert not pl.read_parquet(a.out_dir / "_truth" / name).equals(
            pl.read_parquet(b.out_dir / "_truth" / name)
        )


def test_csv_only_writes_the_form_export_as_csv(tmp_path: Path) -> None:
    generate(tmp_path, rows=500, truth=True, csv_only=True, **MOU)
    files = json.loads((tmp_path / "_truth" / "agency_exports.json").read_text())["files"]
    assert {f["layout"] for f in files} == {"csv", "numeric", "form"}
    assert all(f["path"].endswith(".csv") for f in files)
    form = next(f["path"] for f in files if f["layout"] == "form")
    cells = pl.read_csv(tmp_path / form, infer_schema=False)
    assert cells.columns[0] == "Timestamp"
    assert cells["Timestamp"].str.to_datetime("%d/%m/%Y %H:%M:%S").null_count() == 0
