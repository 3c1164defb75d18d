"""Satisfaction surveys (SKM, PermenPANRB 14/2017) of the Pos units, as the areas send them.

One row per respondent: unit, service, date, sex, age, education, occupation and the nine
elements U1-U9 scored 1-4 (order and answer wording from
``shared/reference/context/ikm_permenpanrb_14_2017.md``). Main offices, sub-branches and mobile
units run the survey all year (agents do not): per unit and month a Poisson number of
respondents (:data:`RESPONSES_PER_MONTH`), on the unit's opening days since it opened; Samsat
services only once the unit takes them.

Scores: a latent ``3.10 + unit + service + element + respondent + noise`` rounded and clipped
to 1-4. The unit effect (sd 0.22, seeded per unit, fixed for the whole demo) makes the IKM
differ across units (roughly 68-86); services and elements shift it plausibly: waiting time
(U3) and complaint handling (U8) score lowest, cost (U4, mostly free) highest; a five-yearly
STNK renewal or a crowded bansos payout scores lower than a parcel. About
:data:`UNANSWERED_SHARE` of the responses leave one to three elements empty: such a response
is not complete and must be rejected by the IKM (never scored 0).

Layouts (``_instansi/survei/``, one file per area and year)

=======  ======================================================================================
numeric  ``skm_{area}_{YYYY}.csv`` (Bandar Lampung, Metro, Kotabumi: paper forms keyed in):
         ``,`` UTF-8, LF; :data:`NUMERIC_HEADER`; unit by ``Kode Kantor``, service by code,
         ``Tanggal`` dd/mm/yyyy, sex ``L``/``P``, ``Umur`` in years, ``U1``..``U9`` digits.
form     ``Survei Kepuasan Masyarakat - {Area} {YYYY} (Jawaban).xlsx`` (Pringsewu, Liwa: an online
         form's export): sheet ``Respons Formulir 1``, header in row 1 (:data:`FORM_HEADER`,
         the questions as asked), ``Timestamp`` a date-time cell; unit by branch name (a name
         two sub-branches share carries `` (code)``), service by its Indonesian name, sex
         ``Laki-laki``/``Perempuan``, age as a group, answers as texts (:data:`ANSWERS`).
         With ``csv_only`` the form's CSV export instead (``.csv``, ``,``, Timestamp
         ``dd/mm/yyyy HH:MM:SS``).
=======  ======================================================================================

IKM (for the tests and the KPI): per element the mean over complete responses, IKM = mean of
the nine means x 25; A >= 88.31, B >= 76.61, C >= 65.00, else D. Truth: see
:mod:`demodata.truth` (``survey.parquet``).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from base import reference
from demodata.areas import AREAS, area_of_kabupaten
from demodata.bapenda import AGENCY_DIR
from demodata.calendar import Calendar
from demodata.geography import Geography
from demodata.network import Network
from demodata.services import KC, KCP, KELILING, SERVICE_CODES
from demodata.writers import XLSX_CREATED

SURVEY_DIR = Path(AGENCY_DIR, "survei")
STREAM_SURVEY, STREAM_UNITS = 500, 501
NUMERIC, FORM = "numeric", "form"
FORM_AREAS = ("pringsewu", "liwa")
RESPONSES_PER_MONTH = {KC: 10.0, KCP: 3.0, KELILING: 1.5}
UNANSWERED_SHARE = 0.02
ELEMENTS = tuple(f"U{i}" for i in range(1, 10))
SERVICE_WEIGHT = {
    "PKB": 0.22,
    "STNK5": 0.03,
    "BPJS": 0.14,
    "BANSOS": 0.12,
    "PBB": 0.08,
    "PENSIUN": 0.12,
    "ADMINDUK": 0.05,
    "POS_KIRIM": 0.15,
    "POS_WESEL": 0.09,
}
SERVICE_EFFECT = {
    "PKB": -0.10,
    "STNK5": -0.25,
    "BPJS": 0.05,
    "BANSOS": -0.15,
    "PBB": 0.05,
    "PENSIUN": 0.10,
    "ADMINDUK": 0.0,
    "POS_KIRIM": 0.10,
    "POS_WESEL": 0.05,
}
ELEMENT_EFFECT = np.array([0.05, 0.0, -0.20, 0.35, 0.05, 0.05, 0.15, -0.25, -0.05])
BASE_SCORE, UNIT_SD, RESPONDENT_SD, ITEM_SD = 3.10, 0.22, 0.30, 0.50
_SESUAI = ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai")
# Answer texts for scores 1..4 per element; the model questionnaire gives no wording for U6
# and U8, so those use the Sesuai scale.
ANSWERS: tuple[tuple[str, str, str, str], ...] = (
    _SESUAI,
    ("Tidak Mudah", "Kurang Mudah", "Mudah", "Sangat Mudah"),
    ("Tidak Cepat", "Kurang Cepat", "Cepat", "Sangat Cepat"),
    ("Sangat Mahal", "Cukup Mahal", "Murah", "Gratis"),
    _SESUAI,
    _SESUAI,
    (
        "Tidak Sopan dan Ramah",
        "Kurang Sopan dan Ramah",
        "Sopan dan Ramah",
        "Sangat Sopan dan Ramah",
    ),
    _SESUAI,
    ("Buruk", "Cukup", "Baik", "Sangat Baik"),
)
QUESTIONS = (
    "1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
    "pelayanannya?",
    "2. Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "3. Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "4. Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "5. Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
    "dalam standar pelayanan dengan hasil yang diberikan?",
    "6. Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "7. Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
    "dan keramahan?",
    "8. Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "9. Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
)
EDUCATION = ("SD", "SMP", "SMA/SMK", "D1/D2/D3", "D4/S1", "S2/S3")
EDUCATION_P = (0.12, 0.16, 0.42, 0.10, 0.17, 0.03)
OCCUPATION = (
    "PNS/TNI/Polri",
    "Pegawai Swasta",
    "Wiraswasta",
    "Petani/Nelayan",
    "Pelajar/Mahasiswa",
    "Ibu Rumah Tangga",
    "Pensiunan",
    "Lainnya",
)
OCCUPATION_P = (0.10, 0.18, 0.24, 0.16, 0.07, 0.15, 0.04, 0.06)
AGE_GROUPS = (
    (0, 19, "< 20 tahun"),
    (20, 29, "20 - 29 tahun"),
    (30, 39, "30 - 39 tahun"),
    (40, 49, "40 - 49 tahun"),
    (50, 59, "50 - 59 tahun"),
    (60, 200, "60 tahun ke atas"),
)
SEX_TEXT = {"L": "Laki-laki", "P": "Perempuan"}
NUMERIC_HEADER = (
    "No",
    "Kode Kantor",
    "Layanan",
    "Tanggal",
    "Jenis Kelamin",
    "Umur",
    "Pendidikan",
    "Pekerjaan",
    *ELEMENTS,
)
FORM_HEADER = (
    "Timestamp",
    "Kantor Pos tempat Anda dilayani",
    "Jenis layanan yang Anda terima",
    "Jenis Kelamin",
    "Usia",
    "Pendidikan Terakhir",
    "Pekerjaan Utama",
    *QUESTIONS,
)
SURVEY_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(),
    "row": pl.Int64(),
    "layout": pl.String(),
    "branch_code": pl.String(),
    "unit_text": pl.String(),
    "service_code": pl.String(),
    "survey_date": pl.Date(),
    "submitted_at": pl.Datetime("us"),
    "sex": pl.String(),
    "age": pl.Int64(),
    "age_group": pl.String(),
    "education": pl.String(),
    "occupation": pl.String(),
    **{e.lower(): pl.Int8() for e in ELEMENTS},
    "answered": pl.Int8(),
    "complete": pl.Boolean(),
}


def ikm(scores: np.ndarray) -> float:
    """IKM of complete responses (rows x 9 scores 1-4): mean of the element means x 25."""
    return float(scores.mean(axis=0).mean() * 25)


def grade(value: float) -> str:
    return "A" if value >= 88.31 else "B" if value >= 76.61 else "C" if value >= 65.0 else "D"


def _age_group(age: pl.Expr) -> pl.Expr:
    expr = pl.lit(None, pl.String)
    for lo, hi, label in reversed(AGE_GROUPS):
        expr = pl.when(age.is_between(lo, hi)).then(pl.lit(label)).otherwise(expr)
    return expr


def _survey_days(
    rng: np.random.Generator, cal: Calendar, net: Network, m: int, branch: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each response's day: one the unit was open (Mon-Sat, not a holiday; mobile units
    Mon-Fri) since it opened. Returns (calendar day index, kept: the unit had such a day)."""
    lo, hi = int(cal.month_first[m]), int(cal.month_stop[m])
    days = np.arange(lo, hi)
    open_day = ~cal.closed[days]
    weekday = cal.dow[days]
    mobile = net.kind[branch] == KELILING
    ok = (open_day & (weekday < 6))[None, :] & (
        cal.epoch_day[days][None, :] >= net.opened[branch][:, None]
    )
    ok &= ~(mobile[:, None] & (weekday == 5)[None, :])
    available = ok.sum(axis=1)
    pick = (rng.random(len(branch)) * available).astype(np.int64)
    choice = days[np.argmax(np.cumsum(ok, axis=1) > pick[:, None], axis=1)]
    return choice, available > 0


def _survey_services(
    rng: np.random.Generator, cal: Calendar, net: Network, branch: np.ndarray, choice: np.ndarray
) -> np.ndarray:
    """Each response's service index: Samsat only where the unit takes Samsat payments that day."""
    weights = np.array([SERVICE_WEIGHT[c] for c in SERVICE_CODES])
    samsat = cal.epoch_day[choice] >= net.samsat_from[branch]
    w = np.where(
        samsat[:, None],
        weights[None, :],
        weights[None, :] * np.isin(SERVICE_CODES, ("PKB", "STNK5"), invert=True)[None, :],
    )
    cum = np.cumsum(w, axis=1)
    return (rng.random(len(branch))[:, None] * cum[:, -1:] >= cum).sum(axis=1)


def _respondents(rng: np.random.Generator, service_code: np.ndarray) -> dict[str, np.ndarray]:
    """Sex, age, education and occupation (most pension customers are pensioners)."""
    n = len(service_code)
    pension = service_code == "PENSIUN"
    age = np.where(
        pension,
        rng.integers(56, 81, n),
        np.clip(np.round(18 + rng.gamma(3.0, 8.0, n)), 17, 79).astype(np.int64),
    )
    occupation = rng.choice(len(OCCUPATION), n, p=OCCUPATION_P)
    occupation = np.where(
        pension & (rng.random(n) < 0.8), OCCUPATION.index("Pensiunan"), occupation
    )
    education = rng.choice(len(EDUCATION), n, p=EDUCATION_P)
    sex = np.where(rng.random(n) < 0.52, "L", "P")
    return {
        "sex": sex,
        "age": age,
        "education": np.array(EDUCATION)[education],
        "occupation": np.array(OCCUPATION)[occupation],
    }


def _element_scores(
    rng: np.random.Generator, unit_effect: np.ndarray, branch: np.ndarray, service: np.ndarray
) -> dict[str, pl.Series]:
    """The nine element scores (1-4) per response; a few leave one to three unanswered."""
    n = len(branch)
    effect = np.array([SERVICE_EFFECT[c] for c in SERVICE_CODES])[service]
    latent = (
        BASE_SCORE
        + unit_effect[branch][:, None]
        + effect[:, None]
        + ELEMENT_EFFECT[None, :]
        + RESPONDENT_SD * rng.standard_normal((n, 1))
        + ITEM_SD * rng.standard_normal((n, 9))
    )
    scores = np.clip(np.rint(latent), 1, 4).astype(np.int8)
    gaps = rng.random(n) < UNANSWERED_SHARE
    how_many = rng.choice([1, 2, 3], n, p=[0.7, 0.2, 0.1])
    order = np.argsort(rng.random((n, 9)), axis=1)
    missing = (np.argsort(order, axis=1) < how_many[:, None]) & gaps[:, None]
    return {
        e.lower(): pl.Series(scores[:, i]).set(pl.Series(missing[:, i]), None)
        for i, e in enumerate(ELEMENTS)
    }


def _month_responses(
    rng: np.random.Generator,
    cal: Calendar,
    net: Network,
    m: int,
    units: np.ndarray,
    unit_effect: np.ndarray,
) -> pl.DataFrame:
    """Month ``m``'s responses. The steps share ``rng`` in a fixed order: reordering them
    changes every demo."""
    rate = np.array([RESPONSES_PER_MONTH[int(net.kind[b])] for b in units])
    count = rng.poisson(rate)
    branch = np.repeat(units, count)
    n = len(branch)
    choice, keep = _survey_days(rng, cal, net, m, branch)
    seconds = rng.integers(8 * 3600, 15 * 3600 + 1800, n)
    service = _survey_services(rng, cal, net, branch, choice)
    service_code = np.array(SERVICE_CODES)[service]
    who = _respondents(rng, service_code)
    frame = pl.DataFrame(
        {
            "branch": branch,
            "survey_date": pl.Series(cal.epoch_day[choice]).cast(pl.Date),
            "seconds": seconds,
            "service_code": service_code,
            **who,
            **_element_scores(rng, unit_effect, branch, service),
        }
    ).filter(pl.Series(keep))
    return frame.with_columns(
        submitted_at=(
            pl.col("survey_date").cast(pl.Datetime("us"))
            + pl.duration(seconds=pl.col("seconds"), time_unit="us")
        )
    ).drop("seconds")


def build_responses(geo: Geography, net: Network, cal: Calendar, seed: int) -> pl.DataFrame:
    """Every response of the demo period with its unit's area (no file columns yet)."""
    units = np.flatnonzero(np.isin(net.kind, list(RESPONSES_PER_MONTH)))
    unit_effect = UNIT_SD * np.random.default_rng([seed, STREAM_UNITS]).standard_normal(net.n)
    months = []
    for m in range(len(cal.month_keys)):
        rng = np.random.default_rng([seed, STREAM_SURVEY, m])
        months.append(_month_responses(rng, cal, net, m, units, unit_effect))
    frame = pl.concat(months)
    area = area_of_kabupaten(geo.kab_code)[net.kab]
    branch = frame["branch"].to_numpy()
    frame = frame.with_columns(
        branch_code=pl.Series(np.array(net.code)[branch], dtype=pl.String),
        branch_name=pl.Series(np.array(net.name)[branch], dtype=pl.String),
        area=pl.Series(area[branch]),
    )
    elements = [pl.col(e.lower()) for e in ELEMENTS]
    return (
        frame.with_columns(
            answered=pl.sum_horizontal(e.is_not_null().cast(pl.Int8) for e in elements).cast(
                pl.Int8
            ),
            age_group=_age_group(pl.col("age")),
        )
        .with_columns(complete=pl.col("answered") == 9)
        .sort("area", "submitted_at", "branch_code")
    )


def _form_names(net: Network) -> dict[str, str]:
    """The unit names of the form's list: a name two units share gets its code appended."""
    counts: dict[str, int] = {}
    for name in net.name:
        counts[name] = counts.get(name, 0) + 1
    return {
        code: (f"{name} ({code})" if counts[name] > 1 else name)
        for code, name in zip(net.code, net.name, strict=True)
    }


def _excel_serial(column: pl.Series) -> np.ndarray:
    micros = column.dt.epoch("us").to_numpy()
    return micros / 86_400_000_000 + 25_569


def _write_numeric(path: Path, rows: pl.DataFrame) -> pl.DataFrame:
    cells = rows.select(
        pl.int_range(1, rows.height + 1).cast(pl.String).alias("No"),
        pl.col("branch_code").alias("Kode Kantor"),
        pl.col("service_code").alias("Layanan"),
        pl.col("survey_date").dt.strftime("%d/%m/%Y").alias("Tanggal"),
        pl.col("sex").alias("Jenis Kelamin"),
        pl.col("age").cast(pl.String).alias("Umur"),
        pl.col("education").alias("Pendidikan"),
        pl.col("occupation").alias("Pekerjaan"),
        *(pl.col(e.lower()).cast(pl.String).alias(e) for e in ELEMENTS),
    )
    buffer = io.BytesIO()
    cells.write_csv(buffer, quote_style="necessary")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return rows.with_columns(
        unit_text=pl.col("branch_code"), submitted_at=pl.lit(None, pl.Datetime("us"))
    )


def _form_cells(rows: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    services = reference.services().select("service_code", "name_id")
    lookup = dict(zip(services["service_code"], services["name_id"], strict=True))
    return rows.select(
        pl.col("branch_code").replace_strict(names).alias(FORM_HEADER[1]),
        pl.col("service_code").replace_strict(lookup).alias(FORM_HEADER[2]),
        pl.col("sex").replace_strict(SEX_TEXT).alias(FORM_HEADER[3]),
        pl.col("age_group").alias(FORM_HEADER[4]),
        pl.col("education").alias(FORM_HEADER[5]),
        pl.col("occupation").alias(FORM_HEADER[6]),
        *(
            pl.col(e.lower())
            .replace_strict(dict(enumerate(ANSWERS[i], start=1)), return_dtype=pl.String)
            .alias(QUESTIONS[i])
            for i, e in enumerate(ELEMENTS)
        ),
    )


def _write_form(path: Path, rows: pl.DataFrame, names: dict[str, str], as_csv: bool) -> None:
    cells = _form_cells(rows, names)
    path.parent.mkdir(parents=True, exist_ok=True)
    if as_csv:
        stamp = rows.select(pl.col("submitted_at").dt.strftime("%d/%m/%Y %H:%M:%S"))
        buffer = io.BytesIO()
        pl.concat([stamp.rename({"submitted_at": "Timestamp"}), cells], how="horizontal").write_csv(
            buffer, quote_style="necessary"
        )
        path.write_bytes(buffer.getvalue())
        return
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "in_memory": True})
    workbook.set_properties({"title": path.stem, "created": XLSX_CREATED})
    sheet = workbook.add_worksheet("Respons Formulir 1")
    stamp_fmt = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    head = workbook.add_format({"bold": True, "text_wrap": True})
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, len(FORM_HEADER) - 1, 24)
    for c, name in enumerate(FORM_HEADER):
        sheet.write_string(0, c, name, head)
    serials = _excel_serial(rows["submitted_at"])
    for r, (serial, values) in enumerate(zip(serials, cells.iter_rows(), strict=True), start=1):
        sheet.write_number(r, 0, float(serial), stamp_fmt)
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.write_string(r, c, value)
    sheet.freeze_panes(1, 0)
    workbook.close()


def file_name(area_slug: str, year: str, layout: str, csv_only: bool) -> str:
    if layout == NUMERIC:
        return f"skm_{area_slug}_{year}.csv"
    area = next(a for a in AREAS if a.slug == area_slug)
    extension = "csv" if csv_only else "xlsx"
    return f"Survei Kepuasan Masyarakat - {area.name} {year} (Jawaban).{extension}"


def clean(out_dir: Path) -> None:
    """Remove the survey files an earlier demo wrote (only those)."""
    folder = out_dir / SURVEY_DIR
    for pattern in ("skm_*_*.csv", "Survei Kepuasan Masyarakat - * (Jawaban).*"):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                path.unlink()


def write_surveys(
    out_dir: Path, geo: Geography, net: Network, cal: Calendar, seed: int, *, csv_only: bool
) -> tuple[list[Path], pl.DataFrame]:
    """Write one file per area and year; returns the files and the truth (``SURVEY_SCHEMA``)."""
    clean(out_dir)
    responses = build_responses(geo, net, cal, seed).with_columns(
        year=pl.col("survey_date").dt.year().cast(pl.String)
    )
    names = _form_names(net)
    files: list[Path] = []
    truths: list[pl.DataFrame] = []
    for a, area in enumerate(AREAS):
        layout = FORM if area.slug in FORM_AREAS else NUMERIC
        for year in sorted(responses.filter(pl.col("area") == a)["year"].unique()):
            rows = responses.filter((pl.col("area") == a) & (pl.col("year") == year))
            rel = SURVEY_DIR / file_name(area.slug, year, layout, csv_only)
            if layout == NUMERIC:
                rows = _write_numeric(out_dir / rel, rows)
            else:
                _write_form(out_dir / rel, rows, names, csv_only)
                rows = rows.with_columns(
                    unit_text=pl.col("branch_code").replace_strict(names),
                    age=pl.lit(None, pl.Int64),
                )
            files.append(out_dir / rel)
            truths.append(
                rows.with_columns(
                    file=pl.lit(rel.as_posix()),
                    row=pl.int_range(2, rows.height + 2, dtype=pl.Int64),
                    layout=pl.lit(layout),
                )
                .select(list(SURVEY_SCHEMA))
                .cast(SURVEY_SCHEMA)
            )
    truth = pl.concat(truths) if truths else pl.DataFrame(schema=SURVEY_SCHEMA)
    return files, truth
