"""Other provinces in the demo (issue 18): ``pantau demo --provinces 18,16``.

Only Lampung (18) has real reference data, so every other province ``PP`` is a *transplant*:
Lampung's geography relabelled (:func:`demodata.geography.transplant`) - kabupaten ``PP.xx``,
kecamatan ``PP.xx.yy`` named ``Contoh ...``, postcodes moved to prefixes of its own, NIKs
starting with ``PP`` - and generated with a seed of its own (:func:`province_seed`), so its
numbers differ from Lampung's. It is written beside Lampung's exports:

* ``provinsi_PP/``: ``kantor/kantor_pos_contoh_PP.csv`` and
  ``transaksi/YYYY-MM/transaksi_contoh_PP_<n>_YYYY-MM.{csv|xlsx}`` (Lampung's five area
  layouts, the areas named ``Contoh <province> 1..5``), and with ``truth`` its ``_truth/``
  (the files :mod:`demodata.truth` describes, paths relative to ``provinsi_PP/``);
* ``_referensi/PP/``: the reference the loader needs to know the province (``kabupaten.csv``,
  ``kecamatan.csv``, ``postcodes.csv``, ``desa.csv`` in the formats of ``data/reference``)
  and a ``README.txt`` saying that they are transplanted demo figures: populations, vehicles,
  areas, coordinates and remoteness are Lampung's, not the province's.

``pantau load DIR`` passes over ``_referensi`` and ``_truth`` as transaction exports (names
starting with ``_``) and reads ``_referensi`` as the provinces' reference instead
(:mod:`etl.load.provinces`). The agencies' exports (``_instansi/``) stay Lampung's only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from base import reference
from demodata.geography import (
    LAMPUNG,
    area_name,
    capital_name,
    kabupaten_name,
    transplant_postcodes,
)

REFERENCE_DIR = "_referensi"
README = "README.txt"
MARKER = "pantau demo: transplanted demo reference"
"""The README's first line: a folder holding it is the generator's, so a later run may clear it."""
REFERENCE_FILES = ("kabupaten.csv", "kecamatan.csv", "postcodes.csv", "desa.csv")
TRANSPLANT_REMOTE_REASON = {"pesisir_barat": "daerah_tertinggal"}
"""A Lampung place name in ``remote_reason``, said without it."""


def province_dir(out_dir: Path, province: str) -> Path:
    """Where a transplanted province's exports go: ``DIR/provinsi_PP``."""
    return Path(out_dir) / f"provinsi_{province}"


def province_seed(seed: int, province: str) -> int:
    """The seed of a transplanted province: its own, derived from the run's seed and its code
    (Lampung keeps the run's seed, so its files are what a Lampung-only run writes)."""
    return seed if province == LAMPUNG else seed * 100 + int(province)


def province_names() -> dict[str, str]:
    """Province code -> name, from ``provinces.csv``."""
    return dict(reference.provinces().select("province_code", "name").iter_rows())


def check_provinces(codes: Sequence[str]) -> tuple[str, ...]:
    """The provinces asked for, checked: each a code of ``provinces.csv``, none twice. Raises
    ``ValueError`` with one sentence otherwise."""
    cleaned = tuple(str(code).strip() for code in codes)
    if not cleaned:
        raise ValueError("No province was given; name at least one, for example 18 (Lampung).")
    known = province_names()
    for code in cleaned:
        if code not in known:
            raise ValueError(
                f"{code!r} is not a province code; use the two-digit Kemendagri codes listed "
                "in data/reference/provinces.csv (18 = Lampung), separated by commas."
            )
    twice = sorted({c for c in cleaned if cleaned.count(c) > 1})
    if twice:
        raise ValueError(f"Province {twice[0]} is named twice; name each province once.")
    return cleaned


def _readme(province: str, region: str) -> str:
    return (
        f"{MARKER}\n\n"
        f"Reference data of province {province} ({region}) for the Pantau demo - DATA CONTOH.\n"
        "Written by `pantau demo --provinces`: Lampung's kabupaten, kecamatan, desa and\n"
        f"postcodes relabelled as {province}.xx / {province}.xx.yy, named 'Contoh ...', with\n"
        "postcodes of a range of their own. The figures (population, vehicles_2023, area_km2,\n"
        "n_desa, coordinates, distances, remote) are Lampung's, copied: transplanted demo\n"
        f"figures, NOT those of {region}. dist_bandar_lampung_km is left empty.\n"
        "Load the demo folder with `pantau load`: it reads this folder as the province's\n"
        "reference (and keeps a copy in the warehouse folder).\n"
    )


def write_reference(folder: Path, province: str, region: str) -> list[Path]:
    """Write a transplanted province's reference files (see the module docstring) to
    ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)

    def moved(column: str) -> pl.Expr:
        return (pl.lit(province) + pl.col(column).str.slice(2)).alias(column)

    kab = reference.kabupaten().with_columns(
        moved("kabupaten_code"),
        moved("bps_code"),
    )
    kab = kab.with_columns(
        name=pl.Series([kabupaten_name(c, region) for c in kab["kabupaten_code"]]),
        capital=pl.Series([capital_name(c) for c in kab["kabupaten_code"]]),
    )
    kec = reference.kecamatan().with_columns(moved("kecamatan_code"), moved("kabupaten_code"))
    kec = kec.with_columns(
        name=pl.Series([area_name(c) for c in kec["kecamatan_code"]]),
        dist_bandar_lampung_km=pl.lit(None, pl.Float64),
        remote_reason=pl.col("remote_reason").replace(TRANSPLANT_REMOTE_REASON),
    )
    pc = reference.postcodes().with_columns(moved("kecamatan_code"), moved("kabupaten_code"))
    pc = pc.with_columns(postcode=transplant_postcodes(pc["postcode"], province))
    desa = reference.desa().with_columns(moved("desa_code"), moved("kecamatan_code"))
    desa = desa.with_columns(
        name=pl.Series([area_name(c) for c in desa["desa_code"]]),
        postcode=transplant_postcodes(desa["postcode"], province),
    )
    written = []
    for name, frame in zip(REFERENCE_FILES, (kab, kec, pc, desa), strict=True):
        path = folder / name
        frame.write_csv(path)
        written.append(path)
    (folder / README).write_text(_readme(province, region), encoding="utf-8")
    return [*written, folder / README]


def clean_reference(root: Path) -> None:
    """Remove the reference folders an earlier demo wrote below ``root`` (``_referensi``):
    only folders whose README starts with :data:`MARKER`, only the files the demo writes."""
    if not root.is_dir():
        return
    for folder in sorted(root.glob("[0-9][0-9]")):
        readme = folder / README
        if not readme.is_file():
            continue
        first = readme.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        if first.strip() != MARKER:
            continue
        for name in (*REFERENCE_FILES, README):
            (folder / name).unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()
    if not any(root.iterdir()):
        root.rmdir()
