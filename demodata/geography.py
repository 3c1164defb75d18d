"""Lampung's regions as numpy arrays, shaped for fast vectorised sampling.

The generator draws millions of customers, so everything it needs from the reference tables
(populations, vehicles, neighbours, postcodes per kecamatan) is turned once into index arrays:
kecamatan are sorted by code, so every kabupaten is one contiguous block and a
population-weighted draw inside a kabupaten is a single ``searchsorted`` on a cumulative sum.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import polars as pl

from base import reference

N_NEIGHBOURS = 4


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


def pkb_weights(kab_code: list[str], vehicles: np.ndarray) -> np.ndarray:
    """Each kabupaten's share of PKB from the 2025 UPTD targets.

    Two kabupaten have no UPTD figure in the sources (UPTD XIV and XV); they get the median
    target per registered vehicle of the other kabupaten (not the cities) times their vehicles.
    """
    targets = reference.pkb_target_by_kabupaten()
    known = np.array([c in targets for c in kab_code])
    value = np.array([targets.get(c, np.nan) for c in kab_code])
    rural = known & ~np.isin(kab_code, ["18.71", "18.72"])
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
    )
