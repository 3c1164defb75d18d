"""Constants and small builders that several test modules share."""

TEST_KEY = "pantau-test-key-0123456789abcdef"
SMALL_BRANCHES = (
    "kode_kantor,nama_kantor,jenis,kode_kecamatan,lat,lon,mulai_layanan,jumlah_loket\n"
    "35111,KC Kalianda,KC,18.01.06,-5.68,105.58,2020-01-01,4\n"
    "0180101,Pos Keliling 1,KELILING,18.01.04,-5.26,105.21,2025-06-01,1\n"
)
