"""Lampung's regions as numpy arrays, shaped for fast vectorised sampling.

The generator draws millions of customers, so everything it needs from the reference tables
(populations, vehicles, neighbours, postcodes per kecamatan) is turned once into index arrays:
kecamatan are sorted by code, so every kabupaten is one contiguous block and a
population-weighted draw inside a kabupaten is a single ``searchsorted`` on a cumulative sum.

Another province of the demo is Lampung's geography relabelled (:func:`transplant`, issue 18):
the figures computed from Lampung's codes (PKB weights, poverty) are computed first, then codes,
names and postcodes are replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from base import reference

N_NEIGHBOURS = 4
CITY_FROM = 71
"""Kemendagri numbers a province's kota from 71 (``18.71`` Bandar Lampung, ``18.72`` Metro)."""
LAMPUNG = "18"
# Postcode prefixes a transplanted province never takes: Lampung's (34, 35), those of the
# demo's postcodes from outside Lampung (demodata.identities.FOREIGN_POSTCODES: 10, 12, 30, 38,
# 40, 60) and 99 (the loader tests' unknown branch 99999).
_RESERVED_PREFIXES = frozenset({"10", "12", "30", "34", "35", "38", "40", "60", "99"})


@dataclass(frozen=True)
class Geography:
    """Kabupaten and kecamatan, indexed 0..n-1 in code order."""

    kab_code: list[str]
    kab_short: list[str]  # "Lampung Barat", "Bandar Lampung"
    kab_capital: list[str]
    kab_pop: np.ndarray
    kab_vehicle_ratio: np.ndarray  # vehicles per head relative to the province's
    kab_vehicles: np.ndarray  # registered vehicles (Korlantas, January 2023)
    kab_pkb_weight: np.ndarray  # share of the province's PKB (2025 UPTD targets), sums to 1
    kab_poverty: np.ndarray  # poverty rate, % (BPS 2024; Pesisir Barat 2025)
    kab_first_kec: np.ndarray  # block [first, last) of the kabupaten's kecamatan
    kab_last_kec: np.ndarray
    kec_code: list[str]
    kec_name: list[str]
    kec_kab: np.ndarray
    kec_lat: np.ndarray
    kec_lon: np.ndarray
    kec_pop: np.ndarray
    kec_remote: np.ndarray
    kec_dist_capital: np.ndarray
    kec_cum_pop: np.ndarray  # cumulative population in code order, for weighted draws
    neighbours: np.ndarray  # (n_kec, N_NEIGHBOURS) nearest other kecamatan
    postcodes: pl.Series  # flat list, one entry per desa: a draw from a block is desa-weighted
    pc_first: np.ndarray
    pc_count: np.ndarray
    desa_names: list[list[str]]  # per kecamatan, for agent names
    kec_rings: list[list[np.ndarray]]  # boundary rings (lon, lat) per kecamatan, holes included
    kab_office: tuple[str, ...] = ()  # the main office's title per kabupaten: KCU, KC or KCP
    province_code: str = LAMPUNG  # the NIK's first two digits

    def inside(self, kec: int, lat: float, lon: float) -> bool:
        """Whether a point lies in the kecamatan's polygon (even-odd rule over all rings)."""
        hit = False
        for ring in self.kec_rings[kec]:
            x, y = ring[:, 0], ring[:, 1]
            x2, y2 = np.roll(x, -1), np.roll(y, -1)
            cross = (y > lat) != (y2 > lat)
            with np.errstate(divide="ignore", invalid="ignore"):
                at = x + (lat - y) * (x2 - x) / (y2 - y)
            hit ^= bool(np.count_nonzero(cross & (lon < at)) % 2)
        return hit

    @property
    def n_kec(self) -> int:
        return len(self.kec_code)

    @property
    def n_kab(self) -> int:
        return len(self.kab_code)

    def kec_nik_part(self) -> np.ndarray:
        """The 4 NIK digits after the province: kabupaten and kecamatan parts of the code."""
        return np.array([int(c[3:5]) * 100 + int(c[6:8]) for c in self.kec_code], dtype=np.int64)

    def draw_in_kabupaten(self, kab: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A population-weighted kecamatan of each row's kabupaten (u uniform in [0, 1))."""
        lo = np.where(
            self.kab_first_kec[kab] > 0, self.kec_cum_pop[self.kab_first_kec[kab] - 1], 0.0
        )
        hi = self.kec_cum_pop[self.kab_last_kec[kab] - 1]
        pick = np.searchsorted(self.kec_cum_pop, lo + u * (hi - lo), side="right")
        return np.clip(pick, self.kab_first_kec[kab], self.kab_last_kec[kab] - 1)

    def draw_postcode_index(self, kec: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Index into :attr:`postcodes` of a desa-weighted postcode of each row's kecamatan."""
        return self.pc_first[kec] + (u * self.pc_count[kec]).astype(np.int64)


def _short(name: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _postcode_blocks(
    kec_codes: list[str], lat: np.ndarray, lon: np.ndarray
) -> tuple[pl.Series, np.ndarray, np.ndarray, list[list[str]]]:
    """Postcodes per kecamatan, one entry per desa (``desa.csv``), else per postcode row.

    A kecamatan without any postcode borrows its nearest neighbour's, so every draw succeeds.
    """
    try:
        desa = reference.desa().select("kecamatan_code", "postcode", "name")
    except (AttributeError, FileNotFoundError, reference.ReferenceDataError):
        desa = reference.postcodes().select(
            "kecamatan_code", "postcode", pl.lit(None, pl.String).alias("name")
        )
    desa = desa.sort("kecamatan_code", "postcode", "name")
    by_kec: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for kec, pc, name in desa.iter_rows():
        by_kec.setdefault(kec, []).append(pc)
        if name:
            names.setdefault(kec, []).append(name)
    flat: list[str] = []
    first = np.zeros(len(kec_codes), dtype=np.int64)
    count = np.zeros(len(kec_codes), dtype=np.int64)
    for i, code in enumerate(kec_codes):
        codes = by_kec.get(code)
        if not codes:
            dist = (lat - lat[i]) ** 2 + (lon - lon[i]) ** 2
            for j in np.argsort(dist):
                codes = by_kec.get(kec_codes[j])
                if codes:
                    break
        first[i] = len(flat)
        count[i] = len(codes or [])
        flat.extend(codes or [])
    desa_names = [names.get(code, []) for code in kec_codes]
    return pl.Series("postcode", flat, dtype=pl.String), first, count, desa_names


def _rings(kec_codes: list[str]) -> list[list[np.ndarray]]:
    path = reference.boundaries_path("kecamatan")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_code: dict[str, list[np.ndarray]] = {}
    for feature in features:
        geom = feature["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        by_code[feature["properties"]["kode"]] = [
            np.asarray(ring, dtype=np.float64) for polygon in polygons for ring in polygon
        ]
    return [by_code.get(code, []) for code in kec_codes]


def is_city(kab_code: str) -> bool:
    """Whether a kabupaten code is a kota's (its number is 71 or more)."""
    return int(kab_code[3:5]) >= CITY_FROM


def processing_offices() -> dict[str, str]:
    """Capital -> ``KCU``/``KC`` for the Pos processing offices named in ``pos_network.csv``."""
    units = reference.pos_network().filter(
        pl.col("unit_type").str.starts_with("KC") & pl.col("unit_name").is_not_null()
    )
    out = {}
    for name in units["unit_name"]:
        head, _, capital = name.partition(" ")
        if head in ("KCU", "KC") and capital:
            out[capital] = head
    return out


def pkb_weights(kab_code: list[str], vehicles: np.ndarray) -> np.ndarray:
    """Each kabupaten's share of PKB from the 2025 UPTD targets.

    Two kabupaten have no UPTD figure in the sources (UPTD XIV and XV); they get the median
    target per registered vehicle of the other kabupaten (not the cities) times their vehicles.
    """
    targets = reference.pkb_target_by_kabupaten()
    known = np.array([c in targets for c in kab_code])
    value = np.array([targets.get(c, np.nan) for c in kab_code])
    rural = known & ~np.array([is_city(c) for c in kab_code])
    per_vehicle = float(np.median(value[rural] / vehicles[rural]))
    value = np.where(known, value, per_vehicle * vehicles)
    return value / value.sum()


def load_geography() -> Geography:
    """Read the reference tables (via :mod:`base.reference`) into a :class:`Geography`."""
    kab = reference.kabupaten().sort("kabupaten_code")
    kec = reference.kecamatan().sort("kecamatan_code")
    kab_code = kab["kabupaten_code"].to_list()
    kab_index = {c: i for i, c in enumerate(kab_code)}
    kec_kab = np.array([kab_index[c] for c in kec["kabupaten_code"]], dtype=np.int64)
    kab_pop = kab["population"].to_numpy().astype(np.float64)
    vehicles = kab["vehicles_2023"].to_numpy().astype(np.float64)
    ratio = (vehicles / kab_pop) / (vehicles.sum() / kab_pop.sum())
    first = np.searchsorted(kec_kab, np.arange(len(kab_code)), side="left")
    last = np.searchsorted(kec_kab, np.arange(len(kab_code)), side="right")
    lat = kec["lat"].to_numpy().astype(np.float64)
    lon = kec["lon"].to_numpy().astype(np.float64)
    pop = kec["population"].to_numpy().astype(np.float64)
    # Equirectangular distances are plenty for "nearest kecamatan" at Lampung's latitude.
    x = lon * np.cos(np.deg2rad(-5.0))
    d2 = (lat[:, None] - lat[None, :]) ** 2 + (x[:, None] - x[None, :]) ** 2
    np.fill_diagonal(d2, np.inf)
    neighbours = np.argsort(d2, axis=1, kind="stable")[:, :N_NEIGHBOURS]
    kec_codes = kec["kecamatan_code"].to_list()
    postcodes, pc_first, pc_count, desa_names = _postcode_blocks(kec_codes, lat, lon)
    return Geography(
        kab_code=kab_code,
        kab_short=[_short(n) for n in kab["name"]],
        kab_capital=kab["capital"].to_list(),
        kab_pop=kab_pop,
        kab_vehicle_ratio=ratio,
        kab_vehicles=vehicles,
        kab_pkb_weight=pkb_weights(kab_code, vehicles),
        kab_poverty=np.array(
            [reference.poverty_rate_by_kabupaten()[c][0] for c in kab_code], dtype=np.float64
        ),
        kab_first_kec=first,
        kab_last_kec=last,
        kec_code=kec_codes,
        kec_name=kec["name"].to_list(),
        kec_kab=kec_kab,
        kec_lat=lat,
        kec_lon=lon,
        kec_pop=pop,
        kec_remote=kec["remote"].fill_null(False).to_numpy().astype(bool),
        kec_dist_capital=kec["dist_capital_km"].fill_null(0.0).to_numpy().astype(np.float64),
        kec_cum_pop=np.cumsum(pop),
        neighbours=neighbours,
        postcodes=postcodes,
        pc_first=pc_first,
        pc_count=pc_count,
        desa_names=desa_names,
        kec_rings=_rings(kec_codes),
        kab_office=tuple(processing_offices().get(c, "KCP") for c in kab["capital"]),
    )


# --- other provinces: Lampung's geography relabelled (issue 18) -----------------------------


def relabel(code: str, province: str) -> str:
    """A Lampung code (``18.01``, ``18.01.04``, ``18.01.04.2001``) under ``province``."""
    return province + code[2:]


def transplant_prefixes(province: str) -> tuple[str, str]:
    """The postcode prefixes that replace Lampung's ``34`` and ``35`` in a transplanted
    province: a pair per province of ``provinces.csv`` (in code order, Lampung left out), so no
    two provinces, and none with Lampung, share a postcode."""
    others = [c for c in reference.provinces()["province_code"] if c != LAMPUNG]
    if province not in others:
        raise ValueError(f"{province!r} is not a province other than Lampung in provinces.csv.")
    free = [str(n) for n in range(10, 99) if str(n) not in _RESERVED_PREFIXES]
    i = others.index(province)
    return free[2 * i], free[2 * i + 1]


def transplant_postcodes(postcodes: pl.Series, province: str) -> pl.Series:
    """Lampung postcodes (``34xxx``/``35xxx``) as the transplanted province's."""
    first, second = transplant_prefixes(province)
    head = postcodes.str.slice(0, 2).replace_strict({"34": first, "35": second})
    return (head + postcodes.str.slice(2)).alias(postcodes.name)


def kabupaten_name(code: str, region: str) -> str:
    """A transplanted kabupaten/kota's name: ``Kabupaten Contoh Sumatera Selatan 01``."""
    return f"{'Kota' if is_city(code) else 'Kabupaten'} {kabupaten_short(code, region)}"


def kabupaten_short(code: str, region: str) -> str:
    return f"Contoh {region} {code[3:5]}"


def capital_name(code: str) -> str:
    """A transplanted kabupaten's capital (the name its main office carries)."""
    return f"Contoh {code}"


def area_name(code: str) -> str:
    """A transplanted kecamatan's or desa's name: ``Contoh 16.01.04``."""
    return f"Contoh {code}"


def transplant(geo: Geography, province: str, region: str) -> Geography:
    """Lampung's geography (``geo``, as :func:`load_geography` reads it) relabelled as demo data
    for ``province`` (``region`` its name): kabupaten ``18.xx`` -> ``PP.xx`` and kecamatan
    ``18.xx.yy`` -> ``PP.xx.yy`` named ``Contoh ...`` (never a real Lampung name under another
    province), postcodes moved to the province's own prefixes (:func:`transplant_prefixes`),
    NIKs starting with ``PP``. Everything else (populations, vehicles, PKB weights, poverty,
    coordinates, boundaries, remoteness) stays Lampung's: a transplant, not the province."""
    desa_names: list[list[str]] = [[] for _ in geo.kec_code]
    index = {code: i for i, code in enumerate(geo.kec_code)}
    try:
        desa = reference.desa().sort("kecamatan_code", "postcode", "name", "desa_code")
    except (AttributeError, FileNotFoundError, reference.ReferenceDataError):
        desa = pl.DataFrame(schema={"kecamatan_code": pl.String, "desa_code": pl.String})
    for kec, desa_code in desa.select("kecamatan_code", "desa_code").iter_rows():
        if kec in index:
            desa_names[index[kec]].append(area_name(relabel(desa_code, province)))
    kab_code = [relabel(c, province) for c in geo.kab_code]
    kec_code = [relabel(c, province) for c in geo.kec_code]
    return replace(
        geo,
        kab_code=kab_code,
        kab_short=[kabupaten_short(c, region) for c in kab_code],
        kab_capital=[capital_name(c) for c in kab_code],
        kec_code=kec_code,
        kec_name=[area_name(c) for c in kec_code],
        postcodes=transplant_postcodes(geo.postcodes, province),
        desa_names=desa_names,
        province_code=province,
    )
