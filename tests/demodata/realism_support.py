"""Measures of the demo against public figures, computed from the files and the truth only.

Used by ``test_demo_realism.py`` and to re-measure the issue's table; nothing here runs the
generator's own code paths (the polygon test and the poverty ranking are written out again).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from base import reference
from base.settings import PROJECT_ROOT

PHYSICAL = ("LOKET", "AGEN", "KELILING")
SAMSAT = ("PKB", "STNK5")


def _point_in_rings(rings: list[list[list[float]]], lon: float, lat: float) -> bool:
    inside = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i]
            x2, y2 = ring[(i + 1) % n]
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def kecamatan_rings() -> dict[str, list[list[list[float]]]]:
    path = PROJECT_ROOT / "data" / "reference" / "kecamatan.geojson"
    out = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        out[f["properties"]["kode"]] = [ring for poly in polys for ring in poly]
    return out


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = np.argsort(np.argsort(a))
    rb = np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def measure(out: Path) -> dict:
    truth = pl.read_parquet(out / "_truth" / "transactions.parquet")
    manifest = json.loads((out / "_truth" / "manifest.json").read_text(encoding="utf-8"))
    branches = pl.read_csv(out / "kantor" / "kantor_pos_lampung.csv", infer_schema=False)
    kab = reference.kabupaten().select("kabupaten_code", "name", "population", "vehicles_2023")
    br = branches.select(
        pl.col("kode_kantor").alias("branch_code"),
        pl.col("jenis"),
        pl.col("kode_kecamatan").str.slice(0, 5).alias("kabupaten_code"),
    )
    t = truth.join(br, on="branch_code", how="left").with_columns(
        day=pl.col("arrived_at").dt.date(), year=pl.col("arrived_at").dt.year()
    )
    done = t.filter(pl.col("status") == "COMPLETED")
    m: dict = {}

    # 1. PKB per kabupaten vs registered vehicles (2025).
    pkb = (
        done.filter(pl.col("service_code").is_in(SAMSAT) & (pl.col("year") == 2025))
        .group_by("kabupaten_code")
        .agg(pl.col("amount_idr").sum().alias("pkb"))
    )
    k = kab.join(pkb, on="kabupaten_code", how="left").fill_null(0).sort("kabupaten_code")
    v = k["vehicles_2023"].to_numpy().astype(float)
    p = k["pkb"].to_numpy().astype(float)
    m["pkb_vs_vehicles_pearson"] = float(np.corrcoef(v, p)[0, 1])
    per_1000 = p / v * 1000 / max(p.sum(), 1) * 1000
    m["pkb_share_bandar_lampung"] = float(p[k["kabupaten_code"] == "18.71"].sum() / p.sum())
    m["pkb_per_vehicle_max_over_min"] = float(per_1000.max() / max(per_1000.min(), 1e-9))

    # 2. Payments per vehicle-year.
    vy = done.filter(pl.col("service_code").is_in(SAMSAT)).group_by("plate", "year").len()
    m["vehicle_years"] = vy.height
    m["vehicle_years_paying_twice_or_more"] = float((vy["len"] >= 2).mean())
    m["max_payments_per_vehicle_year"] = int(vy["len"].max())

    # 3. Cars among payers.
    if "vehicle_type" in t.columns:
        payers = done.filter(pl.col("service_code").is_in(SAMSAT)).unique("plate")
        m["car_share_of_payers"] = float((payers["vehicle_type"] == "R4").mean())

    # 4. Composition.
    parts = [
        "pkb_pokok_idr",
        "opsen_pkb_idr",
        "denda_pkb_idr",
        "swdkllj_idr",
        "denda_swdkllj_idr",
        "pnbp_idr",
    ]
    m["composition_columns"] = all(c in t.columns for c in parts)
    if m["composition_columns"]:
        paid = done.filter(
            pl.col("service_code").is_in(SAMSAT) & pl.col("pkb_pokok_idr").is_not_null()
        )
        m["composition_rows"] = paid.height
        m["composition_sum_mismatch"] = int(
            (paid.select(pl.sum_horizontal(parts)).to_series() != paid["amount_idr"]).sum()
        )
        opsen_day = paid["day"] >= date(2025, 1, 6)
        ratio = (
            paid["opsen_pkb_idr"]
            / paid["pkb_pokok_idr"]
            / (1 + paid["arrears_years"].fill_null(0) * 0)
        )
        m["opsen_over_pokok_from_2025"] = float(ratio.filter(opsen_day).median())
        m["opsen_before_2025"] = int(paid.filter(~opsen_day)["opsen_pkb_idr"].sum())
        pem = (paid["day"] >= date(2025, 5, 1)) & (paid["day"] <= date(2025, 10, 31))
        m["denda_in_pemutihan"] = int(paid.filter(pem)["denda_pkb_idr"].sum())
        fine_rate = (
            paid["denda_pkb_idr"]
            / (paid["pkb_pokok_idr"] + paid["opsen_pkb_idr"])
            * (1 + paid["arrears_years"])
        )
        m["max_fine_share_of_annual_tax"] = float(fine_rate.max())

    # 5. Five-yearly STNK at agents and mobile units.
    m["stnk5_at_agents_or_mobile"] = t.filter(
        (pl.col("service_code") == "STNK5") & pl.col("channel").is_in(["AGEN", "KELILING"])
    ).height

    # 6. Social aid vs poverty.
    pov = reference.poverty_rate_by_kabupaten()
    bansos = done.filter(pl.col("service_code") == "BANSOS").group_by("kabupaten_code").len()
    b = kab.join(bansos, on="kabupaten_code", how="left").fill_null(0).sort("kabupaten_code")
    per_res = b["len"].to_numpy() / b["population"].to_numpy()
    rates = np.array([pov[c][0] for c in b["kabupaten_code"]])
    m["bansos_per_resident_vs_poverty_spearman"] = _spearman(per_res, rates)
    codes = b["kabupaten_code"].to_list()
    m["bansos_lampung_utara_over_metro"] = float(
        per_res[codes.index("18.03")] / max(per_res[codes.index("18.72")], 1e-12)
    )
    m["bansos_top_per_resident"] = b["name"][int(np.argmax(per_res))]
    niks = {
        s: set(done.filter((pl.col("service_code") == s) & pl.col("nik").is_not_null())["nik"])
        for s in ("BANSOS", "BPJS", "PENSIUN")
    }
    m["bansos_niks_also_bpjs_payers"] = len(niks["BANSOS"] & niks["BPJS"]) / max(
        len(niks["BANSOS"]), 1
    )
    m["bansos_niks_also_pensioners"] = len(niks["BANSOS"] & niks["PENSIUN"]) / max(
        len(niks["BANSOS"]), 1
    )

    # 7. Bansos waves.
    bz = done.filter(pl.col("service_code") == "BANSOS")
    blts = bz.filter(pl.col("day").is_between(date(2025, 11, 20), date(2025, 12, 19)))
    m["blts_rows"] = blts.height
    m["blts_amount_900k_share"] = (
        float((blts["amount_idr"] == 900_000).mean()) if blts.height else 0.0
    )
    daily = bz.group_by("day").len()
    inside = daily.filter(pl.col("day").is_between(date(2025, 11, 20), date(2025, 12, 19)))["len"]
    outside = daily.filter(~pl.col("day").is_between(date(2025, 11, 20), date(2025, 12, 19)))
    m["blts_daily_over_other_daily"] = (
        float(inside.mean() / outside["len"].mean()) if inside.len() else 0.0
    )
    all_days = pl.date_range(t["day"].min(), t["day"].max(), eager=True)
    m["share_of_days_without_bansos"] = 1 - daily.height / len(all_days)

    # 8. Holidays.
    closed = reference.closed_days()
    m["physical_rows_on_closed_days"] = t.filter(
        pl.col("channel").is_in(PHYSICAL) & pl.col("day").is_in(closed)
    ).height
    m["rows_on_14_feb_2024"] = t.filter(
        pl.col("channel").is_in(PHYSICAL) & (pl.col("day") == date(2024, 2, 14))
    ).height

    # 9. Policy events.
    sam = done.filter(pl.col("service_code").is_in(SAMSAT))
    if "arrears_years" in t.columns:
        pem = pl.col("day").is_between(date(2025, 5, 1), date(2025, 10, 31))
        rel = pl.col("day").is_between(date(2024, 9, 2), date(2024, 12, 16))
        by = {}
        for ch in sam["channel"].unique().sort():
            c = sam.filter(pl.col("channel") == ch)
            a_in = c.filter(pem)["arrears_years"].gt(0).mean()
            a_out = c.filter(~pem & ~rel)["arrears_years"].gt(0).mean()
            r_in = c.filter(rel)["arrears_years"].gt(0).mean()
            by[ch] = (a_in, r_in, a_out)
        m["arrears_share_pemutihan_relief_normal_by_channel"] = by
    jan_oct = pl.col("arrived_at").dt.month() <= 10
    y25 = sam.filter((pl.col("year") == 2025) & jan_oct)["amount_idr"].sum()
    y26 = sam.filter((pl.col("year") == 2026) & jan_oct)["amount_idr"].sum()
    m["pkb_2026_over_2025_jan_oct"] = float(y26 / y25) if y25 else None
    mou = date(2025, 4, 22)
    m["pkb_outside_main_offices_before_mou"] = sam.filter(
        (pl.col("day") < mou)
        & ~pl.col("jenis").is_in(["KCU", "KC"])
        & (pl.col("channel") != "ONLINE")
        & ~pl.col("branch_code").is_in(_main_office_codes(branches))
    ).height

    # 11. Network.
    m["network"] = dict(branches.group_by("jenis").len().sort("jenis").iter_rows())
    m["kc_names"] = sorted(branches.filter(pl.col("jenis").is_in(["KCU", "KC"]))["nama_kantor"])
    lpu = branches.filter(pl.col("nama_kantor").str.starts_with("KCP LPU"))
    m["kcp_lpu"] = lpu.height
    m["kcp_lpu_opened"] = sorted(set(lpu["mulai_layanan"]))
    kec = reference.kecamatan()
    remote = set(kec.filter(pl.col("remote"))["kecamatan_code"])
    m["kcp_lpu_in_remote"] = int(lpu["kode_kecamatan"].is_in(sorted(remote)).sum())

    # 12. Remote flag.
    for code, name in (("18.01", "lampung_selatan"), ("18.09", "pesawaran")):
        m[f"remote_kecamatan_{name}"] = int(
            kec.filter((pl.col("kabupaten_code") == code) & pl.col("remote")).height
        )

    # 13. Service points.
    rings = kecamatan_rings()
    outside_own = outside_all = 0
    for code, lat, lon in branches.select("kode_kecamatan", "lat", "lon").iter_rows():
        x, y = float(lon), float(lat)
        if not _point_in_rings(rings[code], x, y):
            outside_own += 1
            if not any(_point_in_rings(r, x, y) for r in rings.values()):
                outside_all += 1
    m["points_outside_own_kecamatan"] = outside_own
    m["points_outside_every_kecamatan"] = outside_all
    m["branches"] = branches.height

    # 14. Scale.
    m["pkb_payments_2025"] = sam.filter(pl.col("year") == 2025).height
    m["sample_share"] = manifest.get("sample", {}).get("sample_share")
    return m


def _main_office_codes(branches: pl.DataFrame) -> list[str]:
    """The regency main offices: the offices named after a kabupaten capital."""
    capitals = set(reference.kabupaten()["capital"])
    names = branches["nama_kantor"].to_list()
    return [
        c
        for c, n in zip(branches["kode_kantor"], names, strict=True)
        if n.split(" ", 1)[-1] in capitals and n.split(" ", 1)[0] in ("KCU", "KC", "KCP")
    ]
