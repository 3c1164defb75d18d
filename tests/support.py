"""Constants and small builders that several test modules share."""

from pathlib import Path

TEST_KEY = "pantau-test-key-0123456789abcdef"
SMALL_BRANCHES = (
    "kode_kantor,nama_kantor,jenis,kode_kecamatan,lat,lon,mulai_layanan,jumlah_loket\n"
    "35111,KC Kalianda,KC,18.01.06,-5.68,105.58,2020-01-01,4\n"
    "0180101,Pos Keliling 1,KELILING,18.01.04,-5.26,105.21,2025-06-01,1\n"
)
TRANSACTION_HEADER = (
    "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"
)


def one_row_exports(folder: Path, month: str, transaction_id: str, wait_min: int = 5) -> Path:
    """A folder with :data:`SMALL_BRANCHES` and one BPJS counter customer of KC Kalianda on the
    1st of ``month`` (YYYY-MM) who waited ``wait_min`` minutes (under 60)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kantor.csv").write_text(SMALL_BRANCHES)
    (folder / f"trx_{month}.csv").write_text(
        TRANSACTION_HEADER
        + f"{transaction_id},35111,BPJS,{month}-01T08:00:00,{month}-01T08:{wait_min:02d}:00,"
        f"{month}-01T08:59:00,35000\n"
    )
    return folder
