"""Open-data packages (``pantau opendata export``): each public dataset of a period as CSV with
a Frictionless ``datapackage.json`` and the metadata the Satu Data Indonesia portals ask for.

Every figure is read as the **public** reads it (:data:`~pantau.access.PUBLIC`), through the
one gate: only queries of the public allowlist, small counts hidden (a hidden cell is its marker
in the CSV, declared a missing value in the schema), the export audited like any public read.
A package made from a sample warehouse (the demo) says so in its title and description.

The package (Frictionless Data Package v1, https://specs.frictionlessdata.io/data-package/):
``datapackage.json`` with title, description, licence, sources, and per resource its fields
(name, type, title and description in Indonesian, English in ``title_en``, ``unit``), beside
one CSV per dataset. Each resource also carries ``satudata``: judul, deskripsi, produsen data,
satuan, frekuensi, periode, tingkat penyajian and lisensi, in Indonesian (``id``) and English
(``en``), the fields of the Satu Data Indonesia metadata form (Perpres 39/2019).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from base import __version__
from base.formats import column_unit, format_month
from base.settings import get_settings
from pantau.access import PUBLIC
from pantau.periods import Period
from pantau.queries import Runner
from pantau.queries.output import csv_text
from pantau.sample import sample_sentence
from pantau.words import column, text

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
PRODUCER = {
    "id": "Pemerintah Provinsi Lampung (Pantau, pemantauan MoU dengan PT Pos Indonesia)",
    "en": "Provincial Government of Lampung (Pantau, the PT Pos Indonesia MoU monitor)",
}
SOURCES = [
    {
        "title": "PT Pos Indonesia: ekspor transaksi kantor Pos, agen dan Pos Keliling di Lampung",
    },
    {
        "title": "Ditjen Dukcapil Kemendagri: jumlah penduduk kabupaten/kota, semester II 2024 "
        "(penduduk kecamatan: perkiraan Pantau)",
    },
    {"title": "Kemendagri: kode dan nama wilayah administrasi"},
]
LEVELS = {
    "province": ("Provinsi", "Province"),
    "kabupaten": ("Kabupaten/Kota", "Regency/city"),
    "kecamatan": ("Kecamatan", "District (kecamatan)"),
}
UNIT_WORDS = {
    "share": ("pecahan, 1 = 100%", "fraction, 1 = 100%"),
    "ratio": ("rasio", "ratio"),
    "rupiah": ("rupiah", "rupiah"),
    "minutes": ("menit", "minutes"),
}
TYPES = {
    pl.Boolean: "boolean",
    pl.Date: "date",
    pl.Datetime: "datetime",
    pl.String: "string",
}


@dataclass(frozen=True)
class Dataset:
    """One public dataset: a named query of the public allowlist over the period's months."""

    name: str
    query: str
    level: str
    unit_id: str
    unit_en: str


DATASETS = (
    Dataset("indikator_kabupaten", "kpi/by_kabupaten", "kabupaten", "beragam (lihat kolom)",
            "various (see the fields)"),
    Dataset("transaksi_bulanan", "volume/monthly", "province", "transaksi; rupiah",
            "transactions; rupiah"),
    Dataset("transaksi_kabupaten", "volume/by_kabupaten", "kabupaten", "transaksi; rupiah",
            "transactions; rupiah"),
    Dataset("transaksi_layanan", "volume/by_service", "province", "transaksi; rupiah",
            "transactions; rupiah"),
    Dataset("waktu_tunggu", "wait/within_standard", "province", "pecahan (1 = 100%); menit",
            "fraction (1 = 100%); minutes"),
    Dataset("jangkauan_kecamatan", "reach/kecamatan", "kecamatan", "transaksi; orang",
            "transactions; people"),
)  # fmt: skip
"""What a package holds, besides the scorecard (``indikator_mou``)."""


@dataclass(frozen=True)
class Written:
    folder: Path
    resources: list[str]
    rows: dict[str, int]
    hidden_cells: int


def _field(name: str, dtype: pl.DataType) -> dict[str, object]:
    kind = next((t for d, t in TYPES.items() if dtype == d or isinstance(dtype, d)), None)
    if kind is None:
        kind = "integer" if dtype.is_integer() else "number" if dtype.is_numeric() else "string"
    unit = column_unit(name)
    field: dict[str, object] = {
        "name": name,
        "type": kind,
        "title": column(name, "id"),
        "title_en": column(name, "en"),
    }
    if unit is not None:
        field["unit"] = UNIT_WORDS[unit][1]
        field["description"] = f"{UNIT_WORDS[unit][0]} / {UNIT_WORDS[unit][1]}"
    return field


def resource_descriptor(
    name: str,
    title: tuple[str, str],
    description: tuple[str, str],
    frame: pl.DataFrame,
    markers: list[str],
    level: str,
    unit: tuple[str, str],
    period: Period,
    sample: tuple[str | None, str | None],
) -> dict[str, object]:
    said = _period_words(period)
    satudata = {
        lang: {
            "judul" if lang == "id" else "title": f"{title[i]} ({said[i]})",
            "deskripsi" if lang == "id" else "description": " ".join(
                p for p in (description[i], sample[i]) if p
            ),
            "produsen_data" if lang == "id" else "data_producer": PRODUCER[lang],
            "satuan" if lang == "id" else "unit": unit[i],
            "frekuensi" if lang == "id" else "frequency": "Bulanan" if lang == "id" else "Monthly",
            "periode" if lang == "id" else "period": said[i],
            "tingkat_penyajian" if lang == "id" else "presentation_level": LEVELS[level][i],
            "lisensi" if lang == "id" else "licence": LICENCE["title"],
        }
        for i, lang in enumerate(("id", "en"))
    }
    return {
        "name": name.replace("_", "-"),
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title[0],
        "description": " ".join(p for p in (description[0], sample[0]) if p),
        "schema": {
            "fields": [_field(c, frame.schema[c]) for c in frame.columns],
            "missingValues": ["", *markers],
        },
        "satudata": satudata,
    }


def _period_words(period: Period) -> tuple[str, str]:
    if period.months == 1:
        return format_month(period.from_month, "id"), format_month(period.from_month, "en")
    first = (format_month(period.from_month, "id"), format_month(period.from_month, "en"))
    last = (format_month(period.to_month, "id"), format_month(period.to_month, "en"))
    return f"{first[0]} – {last[0]}", f"{first[1]} – {last[1]}"


def export_package(period: Period, out: Path, db: Path | None = None) -> Written:
    """Write the period's public datasets and ``datapackage.json`` into ``out``."""
    from pantau.scorecard import clip_to_data, scorecard

    runner = Runner(db, principal=PUBLIC)
    try:
        period = clip_to_data(runner, period)
        sample = (sample_sentence(runner, "id"), sample_sentence(runner, "en"))
        out.mkdir(parents=True, exist_ok=True)
        resources, rows, hidden = [], {}, 0
        kpis = pl.DataFrame(
            [
                {
                    "kpi": r.key,
                    "indikator": r.label,
                    "unit": r.unit,
                    "value": r.value,
                    "target": r.target,
                    "status": r.status,
                }
                for r in scorecard(runner, period, lang="id")
            ],
            schema={
                "kpi": pl.String,
                "indikator": pl.String,
                "unit": pl.String,
                "value": pl.Float64,
                "target": pl.Float64,
                "status": pl.String,
            },
        )
        (out / "indikator_mou.csv").write_text(csv_text(kpis), encoding="utf-8")
        resources.append(
            resource_descriptor(
                "indikator_mou",
                (text("opendata.kpi.title", "id"), text("opendata.kpi.title", "en")),
                (text("opendata.kpi.description", "id"), text("opendata.kpi.description", "en")),
                kpis,
                [],
                "province",
                ("beragam (kolom unit)", "various (the unit field)"),
                period,
                sample,
            )
        )
        rows["indikator_mou"] = kpis.height
        months = {"from_month": period.from_month, "to_month": period.to_month}
        policy = runner.gate.policy
        markers = [policy.primary_marker, policy.secondary_marker]
        for dataset in DATASETS:
            result = runner.run(dataset.query, months)
            spec = result.spec or runner.spec(dataset.query)
            (out / f"{dataset.name}.csv").write_text(
                csv_text(result.frame, result.suppression), encoding="utf-8"
            )
            if result.suppression is not None:
                hidden += result.suppression.count()
            resources.append(
                resource_descriptor(
                    dataset.name,
                    (spec.title("id"), spec.title("en")),
                    (spec.description("id"), spec.description("en")),
                    result.frame,
                    markers,
                    dataset.level,
                    (dataset.unit_id, dataset.unit_en),
                    period,
                    sample,
                )
            )
            rows[dataset.name] = result.frame.height
    finally:
        runner.close()
    said = _period_words(period)
    package = {
        "name": f"pantau-mou-lampung-pos-{period.label.lower().replace(' ', '-')}",
        "title": text("opendata.title", "id", period=said[0])
        + (" — DATA CONTOH" if sample[0] else ""),
        "description": " ".join(p for p in (text("opendata.description", "id"), sample[0]) if p),
        "title_en": text("opendata.title", "en", period=said[1])
        + (" — SAMPLE DATA" if sample[0] else ""),
        "description_en": " ".join(p for p in (text("opendata.description", "en"), sample[1]) if p),
        "version": __version__,
        "created": datetime.now(ZoneInfo(get_settings().time_zone)).isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "sources": SOURCES,
        "keywords": ["MoU", "Pos Indonesia", "Lampung", "pelayanan publik", "Samsat", "BPJS"],
        "resources": resources,
    }
    (out / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )
    return Written(out, [r["path"] for r in resources], rows, hidden)
