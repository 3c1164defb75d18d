"""The service-standards file (etl/config/service_standards.toml, PANTAU_SERVICE_STANDARDS): the
shipped one is usable, a file Pantau cannot use is refused with one sentence naming the file,
the key and what to do (before any load starts), and a load copies the file into
ref_service_standards, where the queries read it."""

from __future__ import annotations

import tomllib
from contextlib import closing
from pathlib import Path

import duckdb
import polars as pl
import pytest

from base import reference
from etl.load import load
from etl.standards import ServiceStandardsError, load_standards, standards_file
from tests.support import SMALL_BRANCHES

SHIPPED = Path(__file__).resolve().parents[2] / "etl" / "config" / "service_standards.toml"
GOOD = {
    "PKB": (20, 4),
    "STNK5": (30, 0),
    "BPJS": (15, 4),
    "PBB": (15, 4),
    "PENSIUN": (15, 1),
    "ADMINDUK": (15, 2),
    "BANSOS": (20, 0),
}


def _write(folder: Path, entries: dict[str, tuple[object, object]], extra: str = "") -> Path:
    lines = [extra] if extra else []
    for code, (minutes, days) in entries.items():
        lines += [
            f"[services.{code}]",
            f"completion_standard_min = {minutes}",
            f"regular_days_per_month = {days}",
        ]
    path = folder / "standards.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_shipped_file_is_the_default_and_lists_every_mou_service() -> None:
    assert standards_file() == SHIPPED
    frame = load_standards()
    raw = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))["services"]
    assert frame["service_code"].to_list() == sorted(raw)
    mou = reference.services().filter(pl.col("mou"))["service_code"].to_list()
    assert set(mou) <= set(frame["service_code"])
    assert frame["completion_standard_min"].is_between(1, 240).all()
    assert frame["regular_days_per_month"].is_between(0, 31).all()
    text = SHIPPED.read_text(encoding="utf-8")
    for needed in ("UU 25/2009", "Ombudsman", "EXAMPLE", "CONTOH"):
        assert needed in text, f"the shipped file's comment should say {needed}"


def test_the_setting_names_another_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, {**GOOD, "PKB": (25, 8)})
    monkeypatch.setenv("PANTAU_SERVICE_STANDARDS", str(path))
    row = load_standards().filter(pl.col("service_code") == "PKB").row(0, named=True)
    assert (row["completion_standard_min"], row["regular_days_per_month"]) == (25, 8)


@pytest.mark.parametrize(
    ("entries", "extra", "says"),
    [
        ({**GOOD, "PKB": ('"20"', 4)}, "", "[services.PKB] completion_standard_min = '20'"),
        ({**GOOD, "PKB": (0, 4)}, "", "is not a whole number from 1 to 240"),
        ({**GOOD, "PKB": (241, 4)}, "", "completion_standard_min = 241"),
        ({**GOOD, "BPJS": (15, 2.5)}, "", "[services.BPJS] regular_days_per_month = 2.5"),
        ({**GOOD, "BPJS": (15, 32)}, "", "from 0 to 31"),
        ({**GOOD, "BPJS": (15, "true")}, "", "regular_days_per_month = True"),
        ({k: v for k, v in GOOD.items() if k != "PENSIUN"}, "", "[services.PENSIUN] is missing"),
        ({**GOOD, "SIM": (10, 1)}, "", "[services.SIM] is not a service code of services.csv"),
        (GOOD, "[meta]\nx = 1", "[meta] is not a table Pantau knows"),
        ({}, "", "there is no [services.CODE] table"),
    ],
    ids=[
        "text",
        "zero",
        "too-long",
        "fraction",
        "too-many-days",
        "boolean",
        "mou-missing",
        "unknown-code",
        "unknown-table",
        "empty",
    ],
)
def test_a_bad_file_is_one_sentence_naming_file_key_and_what_to_do(
    tmp_path: Path, entries: dict, extra: str, says: str
) -> None:
    path = _write(tmp_path, entries, extra)
    with pytest.raises(ServiceStandardsError) as caught:
        load_standards(path)
    sentence = str(caught.value)
    assert sentence.startswith(f"{path}: ")
    assert says in sentence
    assert "PANTAU_SERVICE_STANDARDS" in sentence and "fix the file" in sentence
    assert "\n" not in sentence and sentence.endswith(".")


def test_an_unknown_key_and_broken_toml_and_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "standards.toml"
    path.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            "[services.PKB]\n", "[services.PKB]\nwait_standard_min = 15\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ServiceStandardsError, match=r"\[services\.PKB\] wait_standard_min "):
        load_standards(path)
    path.write_text("[services.PKB\n", encoding="utf-8")
    with pytest.raises(ServiceStandardsError, match="is not valid TOML"):
        load_standards(path)
    with pytest.raises(ServiceStandardsError, match="the file does not exist"):
        load_standards(tmp_path / "gone.toml")


def _branch_file(folder: Path) -> Path:
    path = folder / "kantor.csv"
    path.write_text(SMALL_BRANCHES, encoding="utf-8")
    return path


def test_a_load_with_a_bad_file_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _write(tmp_path, {**GOOD, "PKB": (20, '"weekly"')})
    monkeypatch.setenv("PANTAU_SERVICE_STANDARDS", str(bad))
    with pytest.raises(ServiceStandardsError, match=r"\[services\.PKB\] regular_days_per_month"):
        load([_branch_file(tmp_path)], db=tmp_path / "wh")
    assert not (tmp_path / "wh" / "CURRENT").exists()


def test_a_load_copies_the_file_into_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = _write(tmp_path, {**GOOD, "PKB": (12, 6)})
    monkeypatch.setenv("PANTAU_SERVICE_STANDARDS", str(mine))
    load([_branch_file(tmp_path)], db=tmp_path / "wh")
    current = (tmp_path / "wh" / "CURRENT").read_text(encoding="utf-8").strip()
    with closing(duckdb.connect(str(tmp_path / "wh" / current), read_only=True)) as con:
        rows = con.sql(
            "SELECT service_code, completion_standard_min, regular_days_per_month "
            "FROM ref_service_standards ORDER BY service_code"
        ).fetchall()
    assert rows == sorted((code, m, d) for code, (m, d) in {**GOOD, "PKB": (12, 6)}.items())
