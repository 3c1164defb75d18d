"""Every label the dashboard shows, in Indonesian and English, in one table.

Pages call :func:`t` with a key; no page holds a user-facing string literal, so a translation
is one edit here. Column names of query results are labelled through :data:`COLUMNS` (with the
unit, because chart axes need it); an unknown column falls back to a readable form of its name.
"""

from __future__ import annotations

import streamlit as st

LANGS = ("id", "en")

TEXT: dict[str, tuple[str, str]] = {
    # navigation
    "app.title": (
        "Pantau MoU Pemprov Lampung × Pos Indonesia",
        "Pantau: Lampung × Pos Indonesia MoU",
    ),
    "nav.overview": ("Ringkasan", "Overview"),
    "nav.volume": ("Volume", "Volume"),
    "nav.waiting": ("Waktu tunggu", "Waiting"),
    "nav.reach": ("Jangkauan", "Reach"),
    "nav.branch": ("Kantor", "Branch"),
    "nav.queries": ("Kueri", "Queries"),
    "nav.data": ("Data", "Data"),
    # sidebar filters
    "filters.title": ("Saringan", "Filters"),
    "filters.language": ("Bahasa", "Language"),
    "filters.period_kind": ("Periode", "Period"),
    "filters.kind.month": ("Bulan", "Month"),
    "filters.kind.quarter": ("Triwulan", "Quarter"),
    "filters.kind.year": ("Tahun", "Year"),
    "filters.kind.custom": ("Rentang", "Range"),
    "filters.month": ("Bulan", "Month"),
    "filters.quarter": ("Triwulan", "Quarter"),
    "filters.year": ("Tahun", "Year"),
    "filters.from": ("Dari bulan", "From month"),
    "filters.to": ("Sampai bulan", "To month"),
    "filters.kabupaten": ("Kabupaten/kota", "Kabupaten/kota"),
    "filters.all_kabupaten": ("Seluruh provinsi", "Whole province"),
    "filters.service": ("Layanan", "Service"),
    "filters.all_services": ("Semua layanan", "All services"),
    "filters.channels": ("Kanal", "Channels"),
    "filters.all_channels": ("Semua kanal", "All channels"),
    "filters.share": (
        "Tautan halaman ini menyimpan saringan: salin dari bilah alamat untuk dibagikan.",
        "This page's link keeps the filters: copy it from the address bar to share.",
    ),
    "channel.LOKET": ("Loket", "Counter"),
    "channel.AGEN": ("Agen", "Agent"),
    "channel.KELILING": ("Pos Keliling", "Mobile unit"),
    "channel.ONLINE": ("Daring", "Online"),
    # everywhere
    "asof": ("Data per {latest} · dimuat {loaded}", "Data as of {latest} · loaded {loaded}"),
    "asof.none": ("Belum ada data dimuat.", "No data loaded yet."),
    "open_access": (
        "Mode terbuka: tanpa login (data demo di komputer ini).",
        "Open mode: no login (demo data on this machine).",
    ),
    "empty": ("Tidak ada data untuk saringan ini.", "No data for these filters."),
    "error.query": (
        "Angka ini tidak dapat dihitung: {error}",
        "This figure could not be computed: {error}",
    ),
    "no_warehouse": (
        "Gudang data belum ada. Jalankan `make run` untuk data demo atau `pantau load FOLDER`.",
        "There is no warehouse yet. Run `make run` for demo data or `pantau load FOLDER`.",
    ),
    "download.csv": ("Unduh CSV", "Download CSV"),
    "download.xlsx": ("Unduh Excel", "Download Excel"),
    "source": ("Sumber: kueri {name}", "Source: query {name}"),
    "cut": ("Hasil dipotong pada {n} baris.", "The result was cut at {n} rows."),
    "axis.million_rupiah": ("Nilai (juta Rp)", "Amount (million Rp)"),
    # overview
    "overview.title": ("Ringkasan kinerja MoU", "MoU performance overview"),
    "overview.example_targets": (
        "Target yang dipakai adalah contoh sampai Pemprov menetapkan targetnya.",
        "The targets are examples until the province sets its own.",
    ),
    "overview.sentence": (
        "{period}: {met} dari {total} indikator sesuai target.",
        "{period}: {met} of {total} indicators on track.",
    ),
    "overview.lag_use": (
        " Penggunaan layanan MoU per penduduk terendah: {where}.",
        " Lowest MoU-service use per resident: {where}.",
    ),
    "overview.lag_wait": (
        " Waktu tunggu paling jauh dari standar: {where}.",
        " Waiting furthest from the standard: {where}.",
    ),
    "overview.target": ("Target {value}", "Target {value}"),
    "overview.previous": ("{change} dibanding {period}", "{change} vs {period}"),
    "overview.mou": (
        "Sebelum dan sesudah MoU (22 April 2025)",
        "Before and since the MoU (22 April 2025)",
    ),
    "overview.lagging": ("Kabupaten/kota yang paling tertinggal", "Kabupaten/kota lagging most"),
    "overview.lagging_help": (
        "Diurutkan dari penggunaan layanan MoU per 1.000 penduduk terendah.",
        "Sorted from the lowest MoU-service use per 1,000 residents.",
    ),
    "status.on_track": ("Sesuai target", "On track"),
    "status.at_risk": ("Berisiko", "At risk"),
    "status.off_track": ("Tertinggal", "Off track"),
    "status.no_data": ("Tidak ada data", "No data"),
    "status.no_target": ("Belum ada target", "No target"),
    # volume
    "volume.title": ("Volume transaksi", "Transaction volume"),
    "volume.trend_note": (
        "Grafik tren menampilkan 24 bulan sampai akhir periode terpilih.",
        "Trend charts show the 24 months up to the end of the chosen period.",
    ),
    # waiting
    "waiting.title": ("Waktu tunggu dan layanan", "Waiting and service times"),
    "waiting.median": ("Median tunggu", "Median wait"),
    "waiting.p90": ("p90 tunggu", "p90 wait"),
    "waiting.within": ("Dalam standar", "Within standard"),
    "waiting.customers": ("Pelanggan loket", "Counter customers"),
    # reach
    "reach.title": ("Jangkauan layanan", "Service reach"),
    "reach.measure": ("Warnai kecamatan menurut", "Colour kecamatan by"),
    "reach.measure.coverage": ("Terlayani (titik layanan MoU)", "Served (MoU service point)"),
    "reach.measure.per_capita": (
        "Transaksi MoU per 1.000 penduduk",
        "MoU transactions per 1,000 residents",
    ),
    "reach.measure.within": ("Menunggu dalam standar", "Waiting within standard"),
    "reach.points": ("Titik layanan (ukuran = volume)", "Service points (size = volume)"),
    "reach.unserved": ("Kecamatan belum terlayani", "Kecamatan not yet served"),
    "reach.all_served": (
        "Semua kecamatan terlayani dalam periode ini.",
        "Every kecamatan was served in this period.",
    ),
    "reach.legend": (
        "Warna kecamatan: {measure} ({scale}; abu-abu = tidak ada data). Titik layanan: "
        "biru tua = KC, biru muda = KCP, jingga = agen, hijau = Pos Keliling.",
        "Kecamatan colour: {measure} ({scale}; grey = no data). Service points: dark blue = KC, "
        "light blue = KCP, orange = agent, green = mobile unit.",
    ),
    "reach.scale": ("biru tua = {low}, kuning = {high}", "dark blue = {low}, yellow = {high}"),
    "reach.scale_served": ("biru = terlayani, jingga = belum", "blue = served, orange = not yet"),
    "reach.remote_trend": (
        "Porsi adil kecamatan terpencil per bulan",
        "Remote fair share by month",
    ),
    # branch
    "branch.title": ("Profil kantor", "Branch profile"),
    "branch.pick": ("Kantor (cari kode atau nama)", "Branch (search code or name)"),
    "branch.peers": (
        "Dibanding kantor sejenis dan provinsi",
        "Against peers of the same type and the province",
    ),
    "branch.missing": ("Hari tanpa data", "Days without data"),
    "branch.no_missing": ("Tidak ada hari kerja tanpa data.", "No working day without data."),
    "branch.bookmark": (
        "Tandai halaman ini: tautannya menyimpan kantor yang dipilih.",
        "Bookmark this page: its link keeps the chosen branch.",
    ),
    # queries
    "queries.title": ("Pustaka kueri", "Query library"),
    "queries.pick": ("Kueri", "Query"),
    "queries.run": ("Jalankan", "Run"),
    "queries.sql": ("SQL ad-hoc (hanya baca, dalam sandbox)", "Ad-hoc SQL (read-only, sandboxed)"),
    "queries.sql_help": (
        "Satu pernyataan SELECT pada tabel gudang; batas waktu {timeout} detik dan {rows} baris.",
        "One SELECT statement on the warehouse tables; limits {timeout} s and {rows} rows.",
    ),
    "queries.refused": ("Ditolak: {error}", "Refused: {error}"),
    "queries.rows": ("{n} baris · {seconds} detik", "{n} rows · {seconds} s"),
    # data
    "data.title": ("Data: muat, riwayat, penolakan", "Data: loads, history, rejects"),
    "data.upload": (
        "Unggah file ekspor (CSV, Excel, Parquet)",
        "Upload export files (CSV, Excel, Parquet)",
    ),
    "data.load": ("Muat ke gudang", "Load into the warehouse"),
    "data.loading": ("Memuat {name}…", "Loading {name}…"),
    "data.loaded": ("Selesai: generasi {generation}", "Done: generation {generation}"),
    "data.history": ("Riwayat muat", "Load history"),
    "data.rejects": ("Baris ditolak menurut alasan", "Rejected rows by reason"),
    "data.examples": (
        "Contoh baris ditolak (data pribadi disamarkan)",
        "Example rejected rows (personal data masked)",
    ),
    "data.silent": ("Kantor yang belum melapor", "Branches that have not reported"),
    "data.silent_days": (
        "lebih dari {days} hari sebelum data terakhir",
        "more than {days} days before the latest data",
    ),
    "data.none_silent": ("Semua kantor melapor.", "Every branch is reporting."),
}

REASONS: dict[str, tuple[str, str]] = {
    "missing_required": ("Kolom wajib kosong", "Required column empty"),
    "bad_timestamp": ("Tanggal/jam tidak terbaca", "Unreadable date/time"),
    "date_out_of_range": ("Tanggal di luar rentang wajar", "Date out of range"),
    "time_order": ("Urutan jam tidak masuk akal", "Times out of order"),
    "absurd_duration": ("Durasi lebih dari 12 jam", "Duration over 12 hours"),
    "bad_amount": ("Nilai bukan angka", "Amount is not a number"),
    "negative_amount": ("Nilai negatif", "Negative amount"),
    "absurd_amount": ("Nilai tidak masuk akal", "Implausible amount"),
    "unknown_branch": ("Kantor tidak dikenal", "Unknown branch"),
    "unknown_service": ("Layanan tidak dikenal", "Unknown service"),
    "unknown_kecamatan": ("Kecamatan tidak dikenal", "Unknown kecamatan"),
    "bad_channel": ("Kanal tidak dikenal", "Unknown channel"),
    "bad_status": ("Status tidak dikenal", "Unknown status"),
    "bad_type": ("Jenis kantor tidak dikenal", "Unknown branch type"),
    "bad_coordinate": ("Koordinat tidak sah", "Invalid coordinate"),
    "bad_date": ("Tanggal tidak terbaca", "Unreadable date"),
    "bad_number": ("Bukan bilangan bulat", "Not a whole number"),
    "ragged_row": ("Jumlah kolom salah", "Wrong number of columns"),
    "field_too_large": ("Isi sel terlalu panjang", "Cell too long"),
    "malformed_row": ("Baris rusak", "Malformed row"),
}
"""Why the loader rejected a row (``rejects.reason``), in words an admin can act on."""

SERVICES: dict[str, tuple[str, str]] = {
    "PKB": ("PKB & STNK tahunan", "Vehicle tax"),
    "STNK5": ("STNK 5 tahunan", "5-yearly STNK"),
    "BPJS": ("BPJS Kesehatan", "BPJS Health"),
    "BANSOS": ("Bansos", "Social aid"),
    "PBB": ("PBB", "Land tax"),
    "PENSIUN": ("Pensiun", "Pensions"),
    "ADMINDUK": ("Adminduk", "Civil registry"),
    "POS_KIRIM": ("Kiriman pos", "Mail & parcels"),
    "POS_WESEL": ("Wesel pos", "Money transfer"),
}
"""Short service names for legends and axes (the full names live in ref_services)."""

COLUMNS: dict[str, tuple[str, str]] = {
    "month": ("Bulan", "Month"),
    "day": ("Tanggal", "Date"),
    "service": ("Layanan", "Service"),
    "service_code": ("Kode layanan", "Service code"),
    "channel": ("Kanal", "Channel"),
    "kabupaten": ("Kabupaten/kota", "Kabupaten/kota"),
    "kabupaten_code": ("Kode kab/kota", "Kabupaten code"),
    "kecamatan": ("Kecamatan", "Kecamatan"),
    "branch": ("Kantor", "Branch"),
    "branch_code": ("Kode kantor", "Branch code"),
    "type": ("Jenis", "Type"),
    "transactions": ("Transaksi", "Transactions"),
    "amount_idr": ("Nilai (Rp)", "Amount (Rp)"),
    "growth_share": ("Pertumbuhan thd tahun lalu", "Growth vs a year earlier"),
    "mou_per_1000_residents": (
        "Transaksi MoU per 1.000 penduduk",
        "MoU transactions per 1,000 residents",
    ),
    "remote_population_share": ("Porsi penduduk terpencil", "Remote population share"),
    "remote_transaction_share": ("Porsi transaksi terpencil", "Remote transaction share"),
    "baseline_monthly_avg": ("Rata-rata bulanan sebelum MoU", "Monthly average before the MoU"),
    "counter_customers": ("Pelanggan loket", "Counter customers"),
    "customers": ("Pelanggan", "Customers"),
    "p90_wait_min": ("p90 tunggu (menit)", "p90 wait (min)"),
    "median_wait_min": ("Median tunggu (menit)", "Median wait (min)"),
    "mean_wait_min": ("Rata-rata tunggu (menit)", "Mean wait (min)"),
    "mean_service_min": ("Rata-rata lama layanan (menit)", "Mean service time (min)"),
    "within_standard_share": ("Dalam standar", "Within standard"),
    "wait_minute": ("Menit menunggu", "Minutes waited"),
    "hour": ("Jam", "Hour"),
    "weekday": ("Hari", "Weekday"),
    "reason": ("Alasan", "Reason"),
    "rejects": ("Baris ditolak", "Rejected rows"),
    "column_name": ("Kolom", "Column"),
    "value": ("Nilai", "Value"),
    "served": ("Terlayani", "Served"),
    "remote": ("Terpencil", "Remote"),
    "resident_transactions": ("Transaksi penduduk", "Residents' transactions"),
    "population": ("Penduduk", "Population"),
    "active_branches": ("Kantor aktif", "Active branches"),
    "baseline_days_with_data": ("Hari berdata (dasar)", "Baseline days with data"),
    "baseline_per_day": ("Per hari sebelum MoU", "Per day before the MoU"),
    "branches": ("Kantor", "Branches"),
    "cancelled": ("Batal", "Cancelled"),
    "change": ("Perubahan", "Change"),
    "change_share": ("Perubahan", "Change"),
    "channel_share": ("Porsi kanal", "Channel share"),
    "completeness_share": ("Kelengkapan", "Completeness"),
    "counter_customers_per_branch": ("Pelanggan loket per kantor", "Counter customers per branch"),
    "coverage_share": ("Cakupan kecamatan", "Kecamatan coverage"),
    "cumulative_share": ("Kumulatif", "Cumulative"),
    "customers_share": ("Porsi pelanggan", "Customer share"),
    "days": ("Hari", "Days"),
    "days_active": ("Hari aktif", "Active days"),
    "days_active_per_branch": ("Hari aktif per kantor", "Active days per branch"),
    "days_expected": ("Hari diharapkan", "Days expected"),
    "days_missing": ("Hari tanpa data", "Days missing"),
    "days_outside_schedule": ("Hari di luar jadwal", "Days outside schedule"),
    "days_silent": ("Hari tanpa laporan", "Days silent"),
    "days_with_data": ("Hari berdata", "Days with data"),
    "dist_capital_km": ("Jarak ke ibu kota kab. (km)", "Distance to capital (km)"),
    "error": ("Galat", "Error"),
    "file_format": ("Format", "Format"),
    "file_name": ("File", "File"),
    "files": ("File", "Files"),
    "kind": ("Jenis", "Kind"),
    "last_day_with_data": ("Hari terakhir berdata", "Last day with data"),
    "load_finished_at": ("Selesai dimuat", "Load finished"),
    "load_id": ("Muat #", "Load #"),
    "loaded_at": ("Dimuat", "Loaded"),
    "mean_amount_idr": ("Rata-rata nilai (Rp)", "Mean amount (Rp)"),
    "mou_share": ("Porsi layanan MoU", "MoU share"),
    "mou_transactions": ("Transaksi MoU", "MoU transactions"),
    "mou_transactions_per_branch": ("Transaksi MoU per kantor", "MoU transactions per branch"),
    "name": ("Nama", "Name"),
    "no_show": ("Tidak hadir", "No-show"),
    "not_completed_share": ("Tidak selesai", "Not completed"),
    "opened_on": ("Mulai layanan", "Opened"),
    "per_day_change_share": ("Perubahan per hari", "Change per day"),
    "rank": ("Peringkat", "Rank"),
    "registered": ("Terdaftar", "Registered"),
    "rejected_share": ("Porsi ditolak", "Rejected share"),
    "rejects_share": ("Porsi", "Share"),
    "remote_fair_share": ("Porsi adil terpencil", "Remote fair share"),
    "remote_kecamatan": ("Kecamatan terpencil", "Remote kecamatan"),
    "remote_population": ("Penduduk terpencil", "Remote population"),
    "remote_reason": ("Alasan terpencil", "Why remote"),
    "remote_transactions": ("Transaksi terpencil", "Remote transactions"),
    "representation_index": ("Indeks keterwakilan", "Representation index"),
    "resident_per_1000": ("Transaksi per 1.000 penduduk", "Transactions per 1,000 residents"),
    "rows_duplicate": ("Duplikat", "Duplicates"),
    "rows_loaded": ("Dimuat", "Loaded"),
    "rows_read": ("Dibaca", "Read"),
    "rows_rejected": ("Ditolak", "Rejected"),
    "rows_updated": ("Diperbarui", "Updated"),
    "samsat_per_1000_vehicles": ("Samsat per 1.000 kendaraan", "Samsat per 1,000 vehicles"),
    "samsat_transactions": ("Transaksi Samsat", "Samsat transactions"),
    "scope_label": ("Pembanding", "Compared"),
    "seconds": ("Detik", "Seconds"),
    "source_row": ("Baris", "Row"),
    "status": ("Status", "Status"),
    "transaction_id": ("No. transaksi", "Transaction no."),
    "transactions_per_branch": ("Transaksi per kantor", "Transactions per branch"),
    "transactions_per_day": ("Transaksi per hari", "Transactions per day"),
    "transactions_prev_year": ("Transaksi tahun lalu", "Transactions a year earlier"),
    "use_index": ("Indeks penggunaan", "Use index"),
    "vehicles_2023": ("Kendaraan (2023)", "Vehicles (2023)"),
    "wait_standard_min": ("Standar tunggu (menit)", "Waiting standard (min)"),
    "within_standard": ("Dalam standar", "Within standard"),
    "path": ("Lokasi file", "Path"),
    "sha256": ("SHA-256", "SHA-256"),
}


def lang() -> str:
    """The language of this session: the URL's ``lang`` (so a shared link keeps it)."""
    value = st.query_params.get("lang", "id")
    return value if value in LANGS else "id"


def t(key: str, **values: object) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if lang() == "en" else pair[0]
    return text.format(**values) if values else text


def reason(code: str) -> str:
    pair = REASONS.get(code)
    if pair is None:
        return code
    return pair[1] if lang() == "en" else pair[0]


def service(code: str) -> str:
    pair = SERVICES.get(code)
    if pair is None:
        return code
    return pair[1] if lang() == "en" else pair[0]


def column(name: str) -> str:
    pair = COLUMNS.get(name)
    if pair is None:
        return name.replace("_", " ").capitalize()
    return pair[1] if lang() == "en" else pair[0]
