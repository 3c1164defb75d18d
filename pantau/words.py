"""Every word and sentence Pantau shows people, in Indonesian and English, in one table.

The dashboard, the report, the CLI and the scorecard take their words from here, so a
translation is one edit and a test (``tests/pantau/test_words.py``) can check that every entry
has both languages and that no page, report or command holds a user-facing literal of its own.
Functions take the language explicitly (``"id"`` or ``"en"``); the dashboard wraps them with the
language of the session (``dashboard/i18n.py``). Number, date and unit formats live in
``base/formats.py``; a KPI's name is its query's title (``queries/kpi/*.sql``).

Errors and refusals are raised below the page, which does not know its reader's language, so
they carry their words rather than a sentence: every :class:`~base.errors.PantauError` raised in
``pantau/`` gets a :class:`Phrase` from :func:`message` (a key and its values; as a ``str`` it
is the English sentence, so logs, the audit log and ``str(error)`` read as they always did).
Whoever shows it to a person says it again with :func:`explain`:

- the dashboard in the session's language (``dashboard.i18n.explain``);
- the CLI in the language of ``--lang`` when the command line gives it, and in English when it
  does not, even on commands whose tables default to Indonesian: a script or an operator that
  never asked for Indonesian keeps the English sentences on stderr it had (``pantau/cli/main.py``,
  ``pantau/cli/options.py``). Notes on stderr (a cut result) stay English.

Errors from ``etl`` and ``base`` (a file that cannot be loaded) are plain English sentences and
stay English everywhere.
"""

from __future__ import annotations

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
    "app.page_title": ("Pantau", "Pantau"),
    "language.id": ("Indonesia", "Indonesia"),
    "language.en": ("English", "English"),
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
    "filters.province": ("Provinsi", "Province"),
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
    # uploads (refused before Streamlit reads a byte)
    "upload.not_permitted": (
        "Unggahan hanya untuk admin data yang sudah masuk; masuk sebagai admin lalu unggah dari halaman Data.",
        "Uploads are for signed-in data admins only; sign in as an admin and upload from the Data page.",
    ),
    "upload.over_cap": (
        "Unggahan ditolak: satu sesi boleh menahan paling banyak {session_mb} MB dan server {server_mb} MB; muat berkas yang sudah diunggah dulu, lalu unggah sisanya.",
        "Upload refused: one session may hold at most {session_mb} MB and the server {server_mb} MB; load the files already uploaded first, then upload the rest.",
    ),
    # everywhere
    "asof": ("Data per {latest} · dimuat {loaded}", "Data as of {latest} · loaded {loaded}"),
    "asof.none": ("Belum ada data dimuat.", "No data loaded yet."),
    "public_access": (
        "Tampilan publik: angka provinsi dan kabupaten/kota, jumlah kecil disembunyikan. Data "
        "yang sama tersedia sebagai JSON/CSV di API Pantau.",
        "Public view: province and kabupaten/kota figures, small counts hidden. The same data "
        "is available as JSON/CSV from the Pantau API.",
    ),
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
    "disclosure.note": (
        "Sel layanan kesehatan dengan kurang dari {threshold} transaksi ditulis {primary}; sel "
        "bertanda {secondary} disembunyikan agar sel kecil tidak dapat dihitung dari total "
        "(nilainya bisa berapa saja). Grafik tidak menggambar sel yang disembunyikan.",
        "Health-service cells with fewer than {threshold} transactions read {primary}; cells "
        "marked {secondary} are hidden so that a small cell cannot be worked out from a total "
        "(their value may be anything). Charts leave hidden cells out.",
    ),
    "download.csv": ("Unduh CSV", "Download CSV"),
    "download.xlsx": ("Unduh Excel", "Download Excel"),
    "source": ("Sumber: kueri {name}", "Source: query {name}"),
    "cut": ("Hasil dipotong pada {n} baris.", "The result was cut at {n} rows."),
    # report
    "report.title": (
        "Laporan Kinerja MoU Pemprov Lampung × PT Pos Indonesia",
        "MoU Performance Report: Lampung Province × PT Pos Indonesia",
    ),
    "scope.province": ("Provinsi {name}", "{name} Province"),
    "scope.all": ("Semua provinsi", "All provinces"),
    "scope.bad_code": (
        "'{code}' bukan kode provinsi (dua angka Kemendagri, mis. 18)",
        "'{code}' is not a province code (two Kemendagri digits, e.g. 18)",
    ),
    "report.period": ("Periode", "Period"),
    "report.area": ("Wilayah", "Area"),
    "report.as_of": ("Data per", "Data as of"),
    "report.loaded": ("dimuat", "loaded"),
    "report.generation": ("Generasi gudang data", "Warehouse generation"),
    "report.targets_file": ("file target", "targets file"),
    "report.generated": ("Dibuat {when}.", "Generated {when}."),
    "report.scorecard": ("1. Skor kinerja MoU", "1. MoU scorecard"),
    "report.kpi": ("Indikator", "Indicator"),
    "report.value": ("Nilai", "Value"),
    "report.target": ("Target", "Target"),
    "report.status": ("Status", "Status"),
    "report.change": ("Perubahan thd {period}", "Change vs {period}"),
    "report.scorecard_note": (
        "Target jumlah (transaksi, rupiah) dibagi ke bulan menurut pola musiman tahun lalu dan ke "
        "kabupaten/kota menurut dasar KPI itu (kendaraan untuk PKB, penduduk untuk yang lain); "
        "lihat lampiran. Tahun berjalan dihitung sampai bulan lengkap terakhir.",
        "Count targets (transactions, rupiah) are spread over the months by last year's seasonal "
        "profile and over kabupaten/kota by the KPI's base (vehicles for PKB, population "
        "otherwise); see the appendix. A year in progress counts to its last full month.",
    ),
    "report.narrative": ("2. Ringkasan", "2. Summary"),
    "report.compare": (
        "MoU dinilai: Pos dibanding semua kanal (PKB menurut pembukuan Bapenda)",
        "The MoU judged: Pos against every channel (PKB as Bapenda books it)",
    ),
    "report.compare_intro": (
        "Pangsa Pos dalam PKB pokok + opsen semua kanal, 12 bulan sebelum MoU dibanding bulan "
        "kalender yang sama sesudahnya; pertumbuhan Pos dikurangi pertumbuhan semua kanal. "
        "Program keringanan dan pemutihan menaikkan semua kanal, jadi perbandingan juga dibuat "
        "tanpa bulan berperistiwa kebijakan.",
        "Pos's share of PKB principal + opsen over every channel, the 12 months before the MoU "
        "against the same calendar months after; Pos growth minus all-channel growth. Relief "
        "programmes and pemutihan lift every channel, so the comparison is also made without "
        "the months a policy event touched.",
    ),
    "report.compare_all": ("Semua bulan", "Every month"),
    "report.compare_no_events": ("Tanpa bulan kebijakan", "Without policy months"),
    "report.compare_pairs": ("Pasangan bulan", "Month pairs"),
    "report.compare_before": ("Pangsa Pos sebelum", "Pos share before"),
    "report.compare_after": ("Pangsa Pos sesudah", "Pos share after"),
    "report.compare_change": ("Perubahan pangsa", "Share change"),
    "report.compare_pos_growth": ("Pertumbuhan Pos", "Pos growth"),
    "report.compare_all_growth": ("Pertumbuhan semua kanal", "All-channel growth"),
    "report.compare_gap": ("Selisih pertumbuhan", "Growth gap"),
    "report.compare_missing": (
        "Realisasi PKB dari Bapenda belum dimuat, jadi Pos belum dapat dibandingkan dengan "
        "semua kanal.",
        "Bapenda's PKB realisation is not loaded, so Pos cannot yet be compared with every "
        "channel.",
    ),
    "report.compare_sentence": (
        "Pangsa Pos dalam PKB yang dibukukan Bapenda berubah {change} dibanding bulan yang sama "
        "sebelum MoU (pertumbuhan Pos melebihi semua kanal {gap}); tanpa bulan berperistiwa "
        "kebijakan: {clean}.",
        "Pos's share of the PKB Bapenda books changed by {change} against the same months before "
        "the MoU (Pos growth minus all-channel growth {gap}); without policy months: {clean}.",
    ),
    "report.state": (
        "{period}: {met} dari {total} indikator MoU sesuai target, {at_risk} berisiko, "
        "{off} tertinggal.",
        "{period}: {met} of {total} MoU indicators on track, {at_risk} at risk, {off} off track.",
    ),
    "report.improved": ("Membaik dibanding {period}: {what}.", "Improved since {period}: {what}."),
    "report.worse": ("Memburuk: {what}.", "Worse: {what}."),
    "report.lags": ("Tertinggal dari target: {what}.", "Off track: {what}."),
    "report.mou_growth": (
        "Transaksi layanan MoU: {value}, {growth} dibanding periode yang sama tahun lalu.",
        "MoU-service transactions: {value}, {growth} against the same period a year earlier.",
    ),
    "report.since_mou": (
        "Sejak MoU rata-rata {since} transaksi layanan MoU per bulan, dibanding {base} pada 12 "
        "bulan sebelumnya ({change}).",
        "Since the MoU, {since} MoU-service transactions a month on average, against {base} in "
        "the 12 months before ({change}).",
    ),
    "report.lowest_use": (
        "Penggunaan layanan MoU per penduduk terendah: {where}.",
        "Lowest MoU-service use per resident: {where}.",
    ),
    "report.worst_wait": (
        "Waktu tunggu paling jauh dari standar: {branch} ({kabupaten}), {share} pelanggan "
        "dilayani dalam standar.",
        "Waiting furthest from the standard: {branch} ({kabupaten}), {share} of customers served "
        "within it.",
    ),
    "report.data_caveat": (
        "Kelengkapan data: {silent} kantor belum melapor lebih dari seminggu; {rejects} baris "
        "ditolak saat dimuat. Penurunan di wilayah kantor tersebut bisa karena data yang hilang.",
        "Data completeness: {silent} branches have not reported for over a week; {rejects} rows "
        "were rejected at load. A dip where those branches are may be missing data.",
    ),
    "report.volume": ("3. Volume dan PKB sejak MoU", "3. Volume and PKB since the MoU"),
    "report.trend_mou": ("Transaksi layanan MoU per bulan", "MoU-service transactions per month"),
    "report.trend_pkb": ("PKB terkumpul per bulan", "PKB collected per month"),
    "report.baseline_avg": ("Rata-rata 12 bulan sebelum MoU", "Average of the 12 months before"),
    "report.trend_note": (
        "Garis merah: April 2025, bulan penandatanganan MoU (22 April 2025). Garis putus-putus: "
        "rata-rata bulanan April 2024–Maret 2025.",
        "Red line: April 2025, the month the MoU was signed (22 April 2025). Dashed line: the "
        "monthly average of April 2024–March 2025.",
    ),
    "report.suppressed": (
        "Sel layanan kesehatan (BPJS) dengan kurang dari {threshold} transaksi ditulis "
        '"{primary}" agar orang tidak dapat dikenali; pertumbuhan dan nilainya ditulis '
        '"{secondary}".',
        "Health-service (BPJS) cells with fewer than {threshold} transactions read "
        '"{primary}" so that no one can be identified; their growth and amount read '
        '"{secondary}".',
    ),
    "report.suppressed_secondary": (
        "Sel lain bertanda {marker} disembunyikan agar sel kecil tidak dapat dihitung dari total "
        "atau dari pertumbuhan dan nilai di sampingnya; nilainya bisa berapa saja.",
        "Other cells marked {marker} are hidden so that a small cell cannot be worked out from "
        "a total or from the growth and amount beside it; their value may be anything.",
    ),
    "report.no_chromium": (
        "PDF memerlukan Chromium (apt-get install chromium); tulis laporan sebagai .html.",
        "A PDF needs Chromium (apt-get install chromium); write the report as .html instead.",
    ),
    "report.pdf_failed": (
        "Chromium tidak dapat mencetak {pdf}: {error}",
        "Chromium could not print {pdf}: {error}",
    ),
    "report.bad_suffix": (
        "--out {out} harus berakhiran .html atau .pdf.",
        "--out {out} must end in .html or .pdf.",
    ),
    "report.waiting": ("4. Waktu tunggu", "4. Waiting times"),
    "report.waiting_intro": (
        "Kantor dengan porsi pelanggan loket terkecil yang dilayani dalam standar waktu tunggu "
        "(paling sedikit 30 pelanggan loket dalam periode).",
        "Branches with the smallest share of counter customers served within the waiting "
        "standard (at least 30 counter customers in the period).",
    ),
    "report.reach": ("5. Jangkauan kecamatan", "5. Kecamatan reach"),
    "report.map_served": ("terlayani", "served"),
    "report.no_map": (
        "Tidak ada peta untuk {province}: Pantau hanya membawa batas wilayah Lampung.",
        "No map for {province}: Pantau ships Lampung's boundaries only.",
    ),
    "report.map_unserved_remote": ("belum terlayani, terpencil", "not served, remote"),
    "report.map_unserved": ("belum terlayani", "not served"),
    "report.unserved_remote": (
        "Kecamatan terpencil yang belum terlayani",
        "Remote kecamatan not yet served",
    ),
    "report.all_remote_served": (
        "Semua kecamatan terpencil terlayani dalam periode ini.",
        "Every remote kecamatan was served in this period.",
    ),
    "report.more": (
        "… dan {n} lainnya (lihat dasbor, halaman Jangkauan).",
        "… and {n} more (see the dashboard's Reach page).",
    ),
    "report.regions": (
        "6. Lima kabupaten/kota dengan penggunaan terendah",
        "6. The five kabupaten/kota with the lowest use",
    ),
    "report.regions_intro": (
        "Transaksi layanan MoU per 1.000 penduduk menurut tempat tinggal pelanggan; indeks 1,0 = "
        "sama dengan provinsi.",
        "MoU-service transactions per 1,000 residents by where customers live; index 1.0 = as "
        "the province.",
    ),
    "report.data": ("7. Kelengkapan data", "7. Data completeness"),
    "report.data_intro": (
        "Agar penurunan yang nyata dapat dibedakan dari data yang tidak terkirim.",
        "So that a real dip can be told from data that did not arrive.",
    ),
    "report.rejects": (
        "Baris ditolak dalam file periode ini",
        "Rows rejected in this period's files",
    ),
    "report.no_rejects": ("Tidak ada baris yang ditolak.", "No rows were rejected."),
    "report.sources": ("Kueri sumber", "Source queries"),
    "report.download": ("Unduh laporan (HTML)", "Download the report (HTML)"),
    "report.file_name": ("laporan-mou-{period}{area}.html", "laporan-mou-{period}{area}.html"),
    "axis.million_rupiah": ("Nilai (juta Rp)", "Amount (million Rp)"),
    # overview
    "overview.title": ("Ringkasan kinerja MoU", "MoU performance overview"),
    "overview.example_targets": (
        "Target yang dipakai adalah contoh sampai Pemprov menetapkan targetnya.",
        "The targets are examples until the province sets its own.",
    ),
    "overview.sentence": (
        "{period}: {headline}.",
        "{period}: {headline}.",
    ),
    "overview.target": ("Target {value}", "Target {value}"),
    "overview.previous": ("{change} dibanding {period}", "{change} vs {period}"),
    "overview.vs": ("dibanding {period}", "vs {period}"),
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
    "reach.no_boundaries": (
        "Peta tidak tersedia untuk {province}: Pantau hanya membawa batas wilayah Lampung. "
        "Angka kecamatan ada di tabel di bawah.",
        "No map for {province}: Pantau ships Lampung's boundaries only. The kecamatan figures "
        "are in the tables below.",
    ),
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
    # queries
    "queries.title": ("Pustaka kueri", "Query library"),
    "queries.pick": ("Kueri", "Query"),
    "queries.run": ("Jalankan", "Run"),
    "queries.sql": ("SQL ad-hoc (hanya baca, dalam sandbox)", "Ad-hoc SQL (read-only, sandboxed)"),
    "queries.sql_help": (
        "Satu pernyataan SELECT pada tabel gudang; batas waktu {timeout} detik dan {rows} baris.",
        "One SELECT statement on the warehouse tables; limits {timeout} s and {rows} rows.",
    ),
    "queries.sql_label": ("SQL", "SQL"),
    "queries.refused": ("Ditolak: {error}", "Refused: {error}"),
    "queries.rows": ("{n} baris · {seconds} detik", "{n} rows · {seconds} s"),
    # data
    "data.title": ("Data: muat, riwayat, penolakan", "Data: loads, history, rejects"),
    "data.upload": (
        "Unggah file ekspor (CSV, Excel, Parquet)",
        "Upload export files (CSV, Excel, Parquet)",
    ),
    "data.loading": ("Memuat {name}…", "Loading {name}…"),
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
    # sign-in and roles (dashboard/session.py)
    "sign_in.title": ("Masuk ke Pantau", "Sign in to Pantau"),
    "sign_in.why": (
        "Pantau menampilkan data kantor pos sesuai peran Anda; masuk dengan akun kantor Anda.",
        "Pantau shows post-office data according to your role; sign in with your work account.",
    ),
    "sign_in.button": ("Masuk", "Sign in"),
    "sign_out": ("Keluar", "Sign out"),
    "denied": (
        "Akun `{email}` belum diberi akses ke Pantau; minta administrator menambahkannya ke "
        "berkas akses.",
        "The account `{email}` has no access to Pantau; ask the administrator to add it to the "
        "access file.",
    ),
    "access_file_broken": (
        "Berkas akses tidak dapat dibaca, jadi tidak ada yang dapat masuk: {error}",
        "The access file cannot be read, so nobody can get in: {error}",
    ),
    "signed_in": (
        "Masuk sebagai `{email}` · peran: {role}",
        "Signed in as `{email}` · role: {role}",
    ),
    "role.leadership": ("pimpinan", "leadership"),
    "role.branch_manager": ("kepala kantor ({branches})", "branch manager ({branches})"),
    "role.analyst": ("analis", "analyst"),
    "role.admin": ("admin data", "data admin"),
    "manager.province": (
        "Sebagai kepala kantor Anda melihat kantor Anda dan angka seluruh provinsi; saringan "
        "kabupaten/kota tidak berlaku.",
        "As a branch manager you see your branches and province-wide figures; the "
        "kabupaten/kota filter does not apply.",
    ),
    "sql.analysts_only": (
        "SQL ad-hoc hanya untuk peran analis.",
        "Ad-hoc SQL is for the analyst role only.",
    ),
    "role_name.leadership": ("pimpinan", "leadership"),
    "role_name.branch_manager": ("kepala kantor", "branch manager"),
    "role_name.analyst": ("analis", "analyst"),
    "role_name.admin": ("admin data", "data admin"),
    "role_name.public": ("publik", "public"),
    # refusals of the gate (pantau/access.py, pantau/queries/gate.py)
    "access.unknown_role": (
        "Peran {role} tidak dikenal; peran: {roles}.",
        "Unknown role {role}; roles: {roles}.",
    ),
    "access.query": (
        "Kueri {name} tidak tersedia untuk peran {role}.",
        "The query {name} is not available to the {role} role.",
    ),
    "access.sql": (
        "SQL ad-hoc untuk analis; peran {role} hanya menjalankan kueri bernama.",
        "Ad-hoc SQL is for analysts; the {role} role runs the named queries only.",
    ),
    "access.hidden_tables": (
        "Peran {role} membaca log muat dan baris ditolak melalui analyst_load_log dan "
        "analyst_rejects, bukan {tables}.",
        "The {role} role reads the load log and rejected rows through analyst_load_log and "
        "analyst_rejects, not {tables}.",
    ),
    "access.branch": (
        "Kantor {code} bukan milik Anda: kepala kantor melihat lengkap hanya {branches}, di luar "
        "itu angka provinsi dan kantor sejenis.",
        "Branch {code} is not yours: a branch manager sees only {branches} in full, beyond them "
        "province and peer figures.",
    ),
    "cli.api.serving": (
        "Pantau API di http://{host}:{port}/api/queries (OpenAPI: /api/openapi.json); Ctrl+C "
        "menghentikannya.",
        "Pantau API at http://{host}:{port}/api/queries (OpenAPI: /api/openapi.json); Ctrl+C "
        "stops it.",
    ),
    "cli.api.token_role": (
        "--new-token perlu --role (leadership, analyst, branch_manager dengan --branch, atau "
        "admin).",
        "--new-token needs --role (leadership, analyst, branch_manager with --branch, or admin).",
    ),
    "cli.api.token": (
        "Token (ditampilkan sekali ini saja; berikan lewat saluran aman):\n{token}\n\nTambahkan "
        "ke berkas akses (hanya SHA-256-nya yang disimpan):\n\n{entry}",
        "The token (shown this once only; hand it over on a safe channel):\n{token}\n\nAdd "
        "this to the access file (only its SHA-256 is kept):\n\n{entry}",
    ),
    "cli.opendata.written": (
        "{folder}: datapackage.json dan {n} berkas CSV, {rows} baris ({hidden} sel jumlah kecil "
        "disembunyikan).",
        "{folder}: datapackage.json and {n} CSV files, {rows} rows ({hidden} small-count cells "
        "hidden).",
    ),
    "opendata.title": (
        "Kinerja MoU Pemprov Lampung × PT Pos Indonesia, {period}",
        "Performance of the Lampung Province × PT Pos Indonesia MoU, {period}",
    ),
    "opendata.description": (
        "Layanan publik (PKB/Samsat, BPJS, bantuan sosial, PBB dan lainnya) melalui jaringan "
        "kantor Pos, agen dan Pos Keliling di Lampung menurut MoU 22 April 2025: indikator MoU, "
        "transaksi, waktu tunggu dan jangkauan per provinsi, kabupaten/kota dan kecamatan. "
        "Jumlah kecil layanan kesehatan disembunyikan (ditandai <10 atau [c]).",
        "Public services (vehicle tax/Samsat, BPJS health, social aid, land tax and more) "
        "through the post-office network, agents and mobile post units in Lampung under the MoU "
        "of 22 April 2025: MoU indicators, transactions, waiting times and reach by province, "
        "regency/city and district. Small counts of health services are hidden (marked <10 or "
        "[c]).",
    ),
    "opendata.kpi.title": ("Indikator kinerja MoU", "MoU performance indicators"),
    "opendata.kpi.description": (
        "Setiap indikator MoU untuk periode ini terhadap targetnya, seperti kartu skor Pantau: "
        "value dalam unit-nya (share: proporsi 0–1; count: jumlah; rupiah; minutes: menit), "
        "target dan status (on_track, at_risk, off_track, no_data, not_applicable).",
        "Each MoU indicator for the period against its target, as Pantau's scorecard gives it: "
        "value in its unit (share: 0-1; count; rupiah; minutes), target and status (on_track, "
        "at_risk, off_track, no_data, not_applicable).",
    ),
    "api.public_off": (
        "API ini hanya melayani pemegang token (PANTAU_API_PUBLIC_RATE = 0); kirim "
        "'Authorization: Bearer <token>'.",
        "This API serves token holders only (PANTAU_API_PUBLIC_RATE = 0); send "
        "'Authorization: Bearer <token>'.",
    ),
    "api.bad_authorization": (
        "Header Authorization harus berbentuk 'Bearer <token>'; tanpa header itu berlaku akses "
        "publik.",
        "The Authorization header must read 'Bearer <token>'; without it public access applies.",
    ),
    "api.unknown_token": (
        "Token ini tidak terdaftar di berkas akses (mungkin sudah dicabut); minta token baru ke "
        "admin Pantau, atau kirim permintaan tanpa token untuk akses publik.",
        "This token is not listed in the access file (it may have been revoked); ask the Pantau "
        "admin for a new one, or send the request without a token for public access.",
    ),
    "api.rate": (
        "Terlalu banyak permintaan: akses publik dibatasi {rate} per menit per alamat; coba lagi "
        "dalam {seconds} detik.",
        "Too many requests: public access is limited to {rate} a minute per address; try again "
        "in {seconds} s.",
    ),
    "api.kpi_param": (
        "/api/kpi tidak mengenal parameter {name}; yang dikenal: period, kabupaten, lang.",
        "/api/kpi has no parameter {name}; it takes period, kabupaten and lang.",
    ),
    "api.no_warehouse": (
        "Belum ada data di {folder}; muat ekspor dulu (pantau load).",
        "There is no data in {folder} yet; load the exports first (pantau load).",
    ),
    "api.unavailable": (
        "Pantau belum punya data untuk disajikan atau gudang datanya tidak terbaca; log server "
        "menyebut sebabnya. Coba lagi nanti.",
        "Pantau has no data to serve yet or cannot read its warehouse; the server's log says "
        "why. Try again later.",
    ),
    "api.internal": (
        "Terjadi galat di server Pantau; sudah dicatat di log server. Coba lagi nanti.",
        "Something went wrong in the Pantau server; it is in the server's log. Try again later.",
    ),
    "access.public_branch": (
        "Akses publik hanya untuk angka provinsi dan kabupaten/kota; angka per kantor butuh "
        "token API atau masuk sebagai pegawai.",
        "Public access is for province and kabupaten/kota figures only; figures per branch need "
        "an API token or a staff sign-in.",
    ),
    "access.public_columns": (
        "Kueri {name} memuat kolom {columns}, yang tidak pernah diberikan kepada publik.",
        "The query {name} returns the column(s) {columns}, which are never given to the public.",
    ),
    "access.kabupaten": (
        "Kepala kantor melihat kantornya sendiri dan provinsi secara keseluruhan; saringan "
        "kabupaten/kota tidak tersedia untuk peran ini.",
        "A branch manager sees their own branches and the province as a whole; the "
        "kabupaten/kota filter is not available to this role.",
    ),
    "access.audit_log": (
        "Log audit tidak tersedia untuk peran {role}.",
        "The audit log is not available to the {role} role.",
    ),
    "access.upload": (
        "Mengunggah data untuk admin data; peran {role} tidak dapat memuat file.",
        "Uploading data is for data admins; the {role} role cannot load files.",
    ),
    # the access file (pantau/access.py)
    "access_file.toml": ("{path}: {error}; perbaiki TOML-nya.", "{path}: {error}; fix the TOML."),
    "access_file.unknown_key": (
        "{path}: kunci {entry} tidak dikenal; berkas ini hanya memuat [[users]].",
        "{path}: unknown key {entry}; the file holds [[users]] only.",
    ),
    "access_file.user": ("{path}: pengguna {n}", "{path}: user {n}"),
    "access_file.token": ("{path}: token {n}", "{path}: token {n}"),
    "access_file.tokens_table": (
        "{path}: setiap token harus berupa tabel [[tokens]] (name, sha256, role).",
        "{path}: each token must be a [[tokens]] table (name, sha256, role).",
    ),
    "access_file.token_name": (
        "{where}: name harus 1–64 huruf, angka, titik, garis bawah atau tanda hubung.",
        "{where}: name must be 1-64 letters, digits, dots, underscores or hyphens.",
    ),
    "access_file.token_sha256": (
        "{where} ({name}): sha256 harus 64 digit heksadesimal, SHA-256 dari token (buat dengan "
        "`pantau api token`); token itu sendiri tidak pernah ditulis di berkas ini.",
        "{where} ({name}): sha256 must be 64 hexadecimal digits, the SHA-256 of the token "
        "(make one with `pantau api token`); the token itself is never written in this file.",
    ),
    "access_file.not_a_table": (
        "{where} harus berupa tabel [[users]].",
        "{where} must be a [[users]] table.",
    ),
    "access_file.user_key": (
        "{where} memuat kunci {entry} yang tidak dikenal (email, role, branches).",
        "{where} has an unknown key {entry} (email, role, branches).",
    ),
    "access_file.email": ("{where} perlu alamat email.", "{where} needs an email address."),
    "access_file.role": (
        "{where} ({email}): role harus salah satu dari {roles}.",
        "{where} ({email}): role must be one of {roles}.",
    ),
    "access_file.branches": (
        '{where} ({email}): branches harus daftar kode dalam tanda kutip, mis. ["35111"].',
        '{where} ({email}): branches must be a list of quoted codes, e.g. ["35111"].',
    ),
    "access_file.no_branches": (
        "{where} ({email}): kepala kantor perlu kode kantornya.",
        "{where} ({email}): a branch manager needs their branch codes.",
    ),
    "access_file.not_a_manager": (
        "{where} ({email}): hanya kepala kantor yang memiliki branches.",
        "{where} ({email}): only a branch manager has branches.",
    ),
    "access_file.twice": (
        "{where}: {email} tercantum dua kali.",
        "{where}: {email} is listed twice.",
    ),
    "audit.unwritable": (
        "Log audit di {folder} tidak dapat ditulis ({error}); atur PANTAU_AUDIT_DIR ke folder "
        "yang dapat ditulisi.",
        "The audit log in {folder} cannot be written ({error}); set PANTAU_AUDIT_DIR to a "
        "writable folder.",
    ),
    # the disclosure policy (pantau/queries/disclosure.py)
    "disclosure.unknown_key": (
        "{path}: kunci {entry} tidak dikenal; berkas ini memuat {known}.",
        "{path}: unknown key {entry}; the file holds {known}.",
    ),
    "disclosure.threshold": (
        "{path}: threshold harus bilangan bulat 1 atau lebih.",
        "{path}: threshold must be a whole number of 1 or more.",
    ),
    "disclosure.names": (
        '{path}: {entry} harus daftar nama dalam tanda kutip, mis. ["A"].',
        '{path}: {entry} must be a list of quoted names, e.g. ["A"].',
    ),
    "disclosure.role": (
        "{path}: unsuppressed_roles menyebut {role}; peran: {roles}.",
        "{path}: unsuppressed_roles names {role}; roles: {roles}.",
    ),
    "disclosure.marker": (
        '{path}: secondary_marker harus teks pendek yang tidak diawali "<" (itu terbaca '
        "sebagai jumlah kecil).",
        '{path}: secondary_marker must be short text not starting with "<" (that reads as a '
        "small count).",
    ),
    "disclosure.missing": (
        "Kebijakan pengungkapan {path} tidak ada; pulihkan pantau/config/disclosure.toml atau "
        "arahkan PANTAU_DISCLOSURE ke salinannya.",
        "The disclosure policy {path} is missing; restore pantau/config/disclosure.toml or point "
        "PANTAU_DISCLOSURE at a copy.",
    ),
    "disclosure.column": (
        "Kueri {query} menyatakan kolom pengungkapan {column} tetapi tidak menghasilkan kolom "
        "itu; perbaiki header [disclosure]-nya.",
        "Query {query} declares disclosure column {column} but returns no such column; fix its "
        "[disclosure] header.",
    ),
    # the query runner and its sandbox (pantau/queries/)
    "catalogue.unknown": (
        "Tidak ada kueri bernama {name}; `pantau query list` menampilkan semuanya.",
        "There is no query named {name}; `pantau query list` shows them all.",
    ),
    "catalogue.unknown_close": (
        "Tidak ada kueri bernama {name}; `pantau query list` menampilkan semuanya. Maksud Anda "
        "{close}?",
        "There is no query named {name}; `pantau query list` shows them all. Did you mean {close}?",
    ),
    "catalogue.no_folder": (
        "Folder kueri {folder} tidak ada; perbaiki PANTAU_QUERY_DIRS.",
        "The query folder {folder} does not exist; fix PANTAU_QUERY_DIRS.",
    ),
    "catalogue.taken": (
        "nama kueri {name} sudah dipakai oleh {other}; ganti nama salah satu file",
        "the query name {name} is already taken by {other}; rename one of the two files",
    ),
    "runner.choices": (
        "Kueri pilihan {query} harus menghasilkan kolom bernama value.",
        "The choices query {query} must return a column named value.",
    ),
    "runner.no_params": ("tidak ada", "none"),
    "runner.unknown_param": (
        "Kueri {query} tidak memiliki parameter {name}; parameternya: {names}.",
        "Query {query} has no parameter {name}; its parameters: {names}.",
    ),
    "params.required": (
        "Parameter {name} wajib diisi: berikan {takes}.",
        "Parameter {name} is required: give {takes}.",
    ),
    "params.cannot_be": (
        "Parameter {name} tidak bisa {value}: isinya {takes}.",
        "Parameter {name} cannot be {value}: it takes {takes}.",
    ),
    "params.cannot_include": (
        "Parameter {name} tidak bisa memuat {value}: isinya {takes}.",
        "Parameter {name} cannot include {value}: it takes {takes}.",
    ),
    "params.minimum": (
        "Parameter {name} paling kecil {limit}.",
        "Parameter {name} must be at least {limit}.",
    ),
    "params.maximum": (
        "Parameter {name} paling besar {limit}.",
        "Parameter {name} must be at most {limit}.",
    ),
    "params.takes.text": ("teks apa saja", "any text"),
    "params.takes.integer": ("bilangan bulat", "a whole number"),
    "params.takes.number": (
        "angka (pakai titik untuk desimal)",
        "a number (use a dot for decimals)",
    ),
    "params.takes.date": (
        "tanggal YYYY-MM-DD atau mis. today-90d",
        "a date YYYY-MM-DD or e.g. today-90d",
    ),
    "params.takes.month": (
        "bulan YYYY-MM atau mis. last_full_month",
        "a month YYYY-MM or e.g. last_full_month",
    ),
    "params.takes.boolean": ("true atau false (ya/tidak)", "true or false (ya/tidak)"),
    "params.takes.choice": ("salah satu dari {choices}", "one of {choices}"),
    "params.takes.list": (
        "daftar dipisah koma dari {choices}",
        "a comma-separated list of {choices}",
    ),
    "sandbox.parse": ("SQL tidak dapat diurai: {error}.", "The SQL does not parse: {error}."),
    "sandbox.empty": (
        "Tidak ada pernyataan SQL untuk dijalankan.",
        "There is no SQL statement to run.",
    ),
    "sandbox.several": (
        "Hanya satu pernyataan yang dapat dijalankan sekaligus; SQL ini memuat {n}.",
        "Only one statement can run at a time; this SQL holds {n}.",
    ),
    "sandbox.not_read": (
        "Hanya pernyataan baca (SELECT) yang diizinkan; ini pernyataan {kind}.",
        "Only reading statements (SELECT) are allowed; this is a {kind} statement.",
    ),
    "sandbox.files": (
        "SQL Pantau hanya membaca tabel gudang data; membaca file tidak diizinkan. Muat ekspor "
        "dengan `pantau load`.",
        "Pantau's SQL reads only the warehouse's tables; reading files is not allowed. Load "
        "exports with `pantau load` instead.",
    ),
    "sandbox.secrets": (
        "SQL Pantau tidak dapat melihat variabel lingkungan atau rahasia.",
        "Pantau's SQL cannot see environment variables or secrets.",
    ),
    "sandbox.timeout": (
        "Kueri berjalan lebih dari {seconds} detik dan dihentikan; persempit (periode lebih "
        "pendek, saringan, lebih sedikit join) atau beri waktu lebih dengan --timeout.",
        "The query ran longer than {seconds} s and was stopped; narrow it (a shorter period, a "
        "filter, fewer joins) or allow more time with --timeout.",
    ),
    "sandbox.memory": (
        "Kueri memerlukan memori lebih dari yang diizinkan Pantau (PANTAU_QUERY_MEMORY); "
        "agregasikan lebih awal atau baca tabel ringkasan.",
        "The query needed more memory than Pantau allows (PANTAU_QUERY_MEMORY); aggregate "
        "earlier or read a summary table.",
    ),
    "sandbox.refused": ("Ditolak oleh sandbox: {error}.", "Refused by the sandbox: {error}."),
    "sandbox.read_only": (
        "Ditolak: gudang data hanya-baca di sini ({error}).",
        "Refused: the warehouse is read-only here ({error}).",
    ),
    "sandbox.locked": (
        "Ditolak: pengaturan Pantau tidak dapat diubah dari SQL ({error}).",
        "Refused: Pantau's settings cannot be changed from SQL ({error}).",
    ),
    "sandbox.failed": ("Kueri gagal: {error}.", "The query failed: {error}."),
    "sandbox.no_rows": (
        "Pernyataan ini tidak menghasilkan baris untuk ditampilkan.",
        "The statement returned no rows to show.",
    ),
    "output.format": (
        "--format {fmt} bukan salah satu dari {formats}.",
        "--format {fmt} is not one of {formats}.",
    ),
    "output.needs_file": (
        "--format {fmt} menulis file: tambahkan -o FILE.{fmt}.",
        "--format {fmt} writes a file: add -o FILE.{fmt}.",
    ),
    # query files (pantau/queries/header.py); the problem follows the file and line
    "header.error": ("{where}: {problem}", "{where}: {problem}"),
    "header.disclosure_table": (
        "disclosure harus berupa tabel [disclosure]",
        "disclosure must be a table [disclosure]",
    ),
    "header.disclosure_key": (
        "disclosure memuat kunci {entry} yang tidak dikenal; pakai {allowed}",
        "disclosure has unknown key {entry}; use {allowed}",
    ),
    "header.disclosure_counts": (
        'disclosure perlu counts = ["kolom", …]',
        'disclosure needs counts = ["column", …]',
    ),
    "header.disclosure_source": (
        'disclosure perlu tepat satu dari service = "kolom", service_param = "param" atau '
        "health_only = true",
        'disclosure needs exactly one of service = "column", service_param = "param" or '
        "health_only = true",
    ),
    "header.disclosure_name": (
        "disclosure {entry} harus nama dalam tanda kutip",
        "disclosure {entry} must be a name in quotes",
    ),
    "header.disclosure_param": (
        "disclosure service_param {name} bukan parameter",
        "disclosure service_param {name} is not a parameter",
    ),
    "header.disclosure_columns": (
        "disclosure {entry} harus daftar nama kolom",
        "disclosure {entry} must be a list of column names",
    ),
    "header.disclosure_groups": (
        'disclosure groups harus daftar dari daftar nama kolom, mis. [["month"], []]',
        'disclosure groups must be lists of column names, e.g. [["month"], []]',
    ),
    "header.missing": (
        'header tidak memuat {entry}; tambahkan {entry}.id = "…" dan {entry}.en = "…"',
        'the header has no {entry}; add {entry}.id = "…" and {entry}.en = "…"',
    ),
    "header.bilingual": (
        '{entry} harus teks atau {{ id = "…", en = "…" }} dengan bahasa Indonesia lebih dulu',
        '{entry} must be text or {{ id = "…", en = "…" }} with Indonesian first',
    ),
    "header.param_name": (
        "nama parameter {name} harus lower_snake_case",
        "parameter name {name} must be lower_snake_case",
    ),
    "header.param_table": (
        "parameter {name} harus berupa tabel [params.{name}]",
        "parameter {name} must be a table [params.{name}]",
    ),
    "header.param_keys": (
        "parameter {name} memuat kunci tak dikenal {keys}; lihat queries/README",
        "parameter {name} has unknown keys {keys}; see queries/README",
    ),
    "header.param_type": (
        "parameter {name} perlu type = salah satu dari {types}",
        "parameter {name} needs type = one of {types}",
    ),
    "header.param_choices": (
        'parameter {name} bertipe {kind}: berikan choices = ["A", "B"] atau nama kueri yang '
        'mendaftarnya, mis. choices = "meta/kabupaten"',
        'parameter {name} is a {kind}: give choices = ["A", "B"] or the name of a query that '
        'lists them, e.g. choices = "meta/kabupaten"',
    ),
    "header.param_no_choices": (
        "parameter {name} memiliki choices tetapi bertipe {kind}",
        "parameter {name} has choices but is a {kind}",
    ),
    "header.sql_parse": ("SQL tidak dapat diurai: {error}", "the SQL does not parse: {error}"),
    "header.statements": (
        "memuat {n} pernyataan SQL; file kueri memuat satu",
        "holds {n} SQL statements; a query file holds one",
    ),
    "header.utf8": (
        "bukan teks UTF-8; simpan sebagai UTF-8",
        "is not UTF-8 text; save it as UTF-8",
    ),
    "header.none": (
        'tidak memiliki header; awali file dengan baris seperti -- title.id = "…"',
        'has no header; start the file with lines like -- title.id = "…"',
    ),
    "header.toml": (
        "header bukan TOML yang sah ({error})",
        "the header is not valid TOML ({error})",
    ),
    "header.unknown_key": (
        "kunci header {entry} tidak dikenal; yang diizinkan: title, description, params, chart, "
        "tags, disclosure",
        "unknown header key {entry}; allowed: title, description, params, chart, tags, disclosure",
    ),
    "header.chart_kind": (
        "chart perlu kind = salah satu dari {kinds}",
        "chart needs kind = one of {kinds}",
    ),
    "header.chart_keys": (
        "chart memuat kunci tak dikenal {keys}; pakai {roles}",
        "chart has unknown keys {keys}; use {roles}",
    ),
    "header.no_sql": (
        "memiliki header tetapi tidak ada SQL sesudahnya",
        "has a header but no SQL after it",
    ),
    "header.undeclared": (
        "memakai ${name} tetapi header tidak menyatakan parameter itu; tambahkan [params.{name}]",
        "uses ${name} but the header declares no such parameter; add [params.{name}]",
    ),
    "header.scope_param": (
        "menyatakan parameter {name}, padahal Pantau menambahkannya sendiri ke setiap kueri "
        "(provinsi tempat kueri berjalan); hapus [params.{name}] dan jangan menyaring provinsi "
        "di SQL",
        "declares parameter {name}, which Pantau adds to every query itself (the province the "
        "query runs in); remove [params.{name}] and do not filter by province in the SQL",
    ),
    "header.scope": (
        "scope harus salah satu dari: {scopes}",
        "scope must be one of: {scopes}",
    ),
    "header.unused": (
        "menyatakan parameter {name} tetapi SQL tidak pernah memakai ${name}; hapus atau pakai",
        "declares parameter {name} but the SQL never uses ${name}; remove it or use it",
    ),
    "audit.title": ("Log audit (terbaru dahulu)", "Audit log (newest first)"),
    "audit.help": (
        "Setiap kueri dan unggahan: siapa, peran, kueri (atau SHA-256 SQL ad-hoc), parameter, "
        "baris, waktu.",
        "Every query and upload: who, role, query (or the SHA-256 of ad-hoc SQL), parameters, "
        "rows, time.",
    ),
    # periods and the targets file (pantau/periods.py, pantau/scorecard.py)
    "periods.not_understood": (
        "Periode {text} tidak dikenali; tulis bulan 2026-10, triwulan 2026-Q3 atau tahun 2026.",
        "The period {text} is not understood; write a month 2026-10, a quarter 2026-Q3 or a "
        "year 2026.",
    ),
    "targets.missing_file": (
        "File target {path} tidak ada; perbaiki PANTAU_TARGETS.",
        "The targets file {path} does not exist; fix PANTAU_TARGETS.",
    ),
    "targets.bad_toml": (
        "{path}: bukan TOML yang sah ({error}).",
        "{path}: not valid TOML ({error}).",
    ),
    "targets.empty": ("{path}: tidak memuat tabel [kpi.…].", "{path}: lists no [kpi.…] tables."),
    "targets.missing": ("{where}: {field} tidak ada.", "{where}: {field} is missing."),
    "targets.label": (
        "{where}: nama KPI adalah judul kuerinya ({query}); hapus label di sini dan ubah judul "
        "di sana.",
        "{where}: a KPI's label is the title of its query ({query}); remove label here and edit "
        "the title there.",
    ),
    "targets.unit": (
        "{where}: unit harus salah satu dari {units}.",
        "{where}: unit must be one of {units}.",
    ),
    "targets.direction": (
        '{where}: direction harus "higher" atau "lower".',
        '{where}: direction must be "higher" or "lower".',
    ),
    "targets.goal": (
        "{where}: goal harus salah satu dari {goals}.",
        "{where}: goal must be one of {goals}.",
    ),
    # -- the MoU goal each KPI answers (targets.toml `goal`; issue 17) --
    "goal.efficiency": ("Efisiensi", "Efficiency"),
    "goal.effectiveness": ("Efektivitas", "Effectiveness"),
    "goal.access": ("Kemudahan akses", "Ease of access"),
    "goal.inclusion": ("Inklusif", "Inclusion"),
    "goal.even_reach": ("Jangkauan merata", "Even reach"),
    "goal.satisfaction": ("Kepuasan masyarakat", "Public satisfaction"),
    "goal.data_quality": (
        "Mutu data (bukan hasil MoU)",
        "Data quality (not an MoU outcome)",
    ),
    "targets.aggregation": (
        '{where}: aggregation harus "rate" atau "sum".',
        '{where}: aggregation must be "rate" or "sum".',
    ),
    "targets.not_a_table": (
        '{where}: target harus berupa tabel seperti {{ "2026" = 0.9 }}.',
        '{where}: targets must be a table like {{ "2026" = 0.9 }}.',
    ),
    "targets.bad_year": (
        "{where}: {year} = {value} harus berupa tahun dan angka.",
        "{where}: {year} = {value} must be a year and a number.",
    ),
    "targets.kpi_shape": (
        "Kueri KPI {query} harus menghasilkan satu baris dengan kolom value.",
        "The KPI query {query} must return one row with a value column.",
    ),
    # the command line (pantau/cli/)
    "cli.demo.written": (
        "Ekspor demo ditulis ke {out}: {rows} baris transaksi dalam {files} file, {branches} "
        "kantor, {seconds} detik.",
        "Demo exports written to {out}: {rows} transaction rows in {files} files, {branches} "
        "branches, {seconds} s.",
    ),
    "cli.load.ok": ("OK", "OK"),
    "cli.load.failed": ("GAGAL", "FAILED"),
    "cli.load.skipped": ("DILEWATI", "SKIPPED"),
    "cli.load.file": (
        "{name}: {read} baris dibaca = {loaded} dimuat + {updated} diperbarui + {duplicate} "
        "duplikat + {rejected} ditolak",
        "{name}: {read} rows read = {loaded} loaded + {updated} updated + {duplicate} "
        "duplicates + {rejected} rejected",
    ),
    "cli.load.ignored": ("kolom diabaikan: {columns}", "columns ignored: {columns}"),
    # --- inputs17 (issue 17: agency inputs loaded like every export) ---
    "cli.load.not_records": (
        "{n} baris bukan data dilewati (baris total, catatan; lihat tabel skipped_rows), "
        "tidak dihitung sebagai dibaca",
        "{n} rows that are no records skipped (total rows, notes; see table skipped_rows), "
        "not counted as read",
    ),
    # --- end inputs17 ---
    "cli.load.totals": (
        "{loaded_files} file dimuat, {skipped_files} dilewati, {failed_files} gagal; {read} baris "
        "dibaca, {loaded} dimuat, {updated} diperbarui, {duplicate} duplikat, {rejected} ditolak; "
        "generasi {generation}; {seconds} detik.",
        "{loaded_files} files loaded, {skipped_files} skipped, {failed_files} failed; {read} rows "
        "read, {loaded} loaded, {updated} updated, {duplicate} duplicates, {rejected} rejected; "
        "generation {generation}; {seconds} s.",
    ),
    "cli.status.generation": ("Generasi", "Generation"),
    "cli.status.transactions": ("Transaksi", "Transactions"),
    "cli.status.branches": ("Kantor", "Branches"),
    "cli.status.rejects": ("Ditolak", "Rejected"),
    "cli.status.range": ("{n} ({first} s.d. {last})", "{n} ({first} to {last})"),
    "cli.status.rows": ("{n} baris", "{n} rows"),
    "cli.status.history": ("Riwayat muat (terbaru dulu):", "Load history (newest first):"),
    "cli.status.run": (
        "#{load_id} {finished}: {loaded} dimuat, {skipped} dilewati, {failed} gagal; {rows} "
        "baris baru, {rejected} ditolak",
        "#{load_id} {finished}: {loaded} loaded, {skipped} skipped, {failed} failed; {rows} new "
        "rows, {rejected} rejected",
    ),
    "cli.status.silent": (
        "Kantor tanpa data lebih dari {days} hari: {n}",
        "Branches without data for more than {days} days: {n}",
    ),
    "cli.status.last": ("terakhir {day}", "last {day}"),
    "cli.kpi.title": ("Skor kinerja MoU {period} · {where}", "MoU scorecard {period} · {where}"),
    "cli.kpi.kpi": ("KPI", "KPI"),
    "cli.kpi.previous": ("Sebelumnya ({period})", "Previous ({period})"),
    "cli.kpi.yoy": ("Thd thn lalu", "YoY"),
    "cli.cut": (
        "hasil dipotong pada {n} baris (naikkan --max-rows atau persempit kueri).",
        "the result was cut at {n} rows (raise --max-rows or narrow the query).",
    ),
    "cli.more_rows": (
        "… {n} baris lagi (pakai --format csv atau -o FILE)",
        "… {n} more rows (use --format csv or -o FILE)",
    ),
    "cli.param_shape": (
        "-p {pair} harus berbentuk nama=nilai.",
        "-p {pair} must look like name=value.",
    ),
    "cli.report.written": ("{out} ({size} bita)", "{out} ({size} bytes)"),
    "cli.dashboard.url": (
        "Pantau: {url} (Ctrl+C untuk berhenti)",
        "Pantau: {url} (Ctrl+C to stop)",
    ),
    "cli.dashboard.no_warehouse": (
        "Belum ada gudang data untuk ditampilkan; jalankan `make run` untuk data demo atau "
        "`pantau load FILES` dahulu.",
        "There is no warehouse to show yet; run `make run` for demo data or "
        "`pantau load FILES` first.",
    ),
    "cli.interrupted": (
        "dihentikan; gudang data tidak berubah.",
        "interrupted; the warehouse is unchanged.",
    ),
    "cli.unexpected": (
        "galat tak terduga ({kind}: {first}); jalankan dengan -v untuk rinciannya dan "
        "laporkan. Gudang data yang terbit tidak berubah.",
        "unexpected error ({kind}: {first}); run with -v for details and report it. The "
        "published warehouse is unchanged.",
    ),
    # result caps and the sandbox's function check (issue 14)
    "sandbox.row_too_large": (
        "Hasil ditolak: satu barisnya memuat lebih dari {kb} KB (teks, daftar atau blob); "
        "pilih kolom yang lebih sedikit atau lebih pendek (PANTAU_QUERY_MAX_MB).",
        "The result was refused: one of its rows holds more than {kb} KB (text, lists or "
        "blobs); select fewer or shorter columns (PANTAU_QUERY_MAX_MB).",
    ),
    "cut.bytes": (
        "Hasil dipotong pada {n} baris karena melebihi {mb} MB (PANTAU_QUERY_MAX_MB).",
        "The result was cut at {n} rows because it passed {mb} MB (PANTAU_QUERY_MAX_MB).",
    ),
    "sandbox.function": (
        "Ditolak oleh sandbox: {name} menunjukkan pengaturan, berkas atau isi penyimpanan "
        "server, bukan data.",
        "Refused by the sandbox: {name} shows the server's settings, files or storage, not data.",
    ),
    "sandbox.uncheckable": (
        "Ditolak oleh sandbox: pernyataan ini tidak dapat diperiksa ({error}); tulis sebagai "
        "SELECT.",
        "Refused by the sandbox: this statement cannot be checked ({error}); write it as a SELECT.",
    ),
    "queries.nested": (
        "Kolom {columns} berisi daftar atau struktur; ditampilkan dan diunduh sebagai teks.",
        "Columns {columns} hold lists or structures; they are shown and downloaded as text.",
    ),
    # a page offers the filters its figures take; a figure that cannot follow one says so
    "filters.none": (
        "Halaman ini tidak memakai saringan samping.",
        "This page uses no sidebar filters.",
    ),
    "filters.unfollowed.period": (
        "Seluruh data — tidak mengikuti saringan periode.",
        "All the data — does not follow the period filter.",
    ),
    "filters.unfollowed.kabupaten": (
        "Semua kabupaten/kota — tidak mengikuti saringan kabupaten/kota.",
        "Every kabupaten/kota — does not follow the kabupaten/kota filter.",
    ),
    "filters.unfollowed.service": (
        "Semua layanan — tidak mengikuti saringan layanan.",
        "All services — does not follow the service filter.",
    ),
    "filters.unfollowed.channels": (
        "Semua kanal — tidak mengikuti saringan kanal.",
        "All channels — does not follow the channel filter.",
    ),
    "overview.mou_no_baseline": (
        "Data tidak mencakup seluruh masa dasar (22 April 2024 – 21 April 2025), jadi tidak ada "
        "pembanding sebelum MoU.",
        "The data does not cover the whole baseline (22 April 2024 – 21 April 2025), so there "
        "is nothing before the MoU to compare with.",
    ),
    "overview.mou_missing": (
        "Tanpa data lengkap, tidak digambar (bukan nol): {months}.",
        "Without complete data, not drawn (not zero): {months}.",
    ),
    # issue 14: sign-in hardening (dashboard/session.py, pantau/access.py)
    "denied.unverified": (
        "Penyedia masuk tidak menyatakan alamat `{email}` terverifikasi, jadi Pantau tidak "
        "menerimanya; verifikasi alamat itu di akun Anda atau minta administrator.",
        "The sign-in provider does not say the address `{email}` is verified, so Pantau does "
        "not accept it; verify the address in your account or ask the administrator.",
    ),
    "access_file.email_form": (
        "{where}: alamat {email} memuat karakter yang berubah bila dinormalkan (NFC) atau "
        "karakter kendali/spasi; tulis alamat persis seperti yang dikirim penyedia masuk.",
        "{where}: the address {email} holds characters that Unicode normalisation (NFC) would "
        "change, or control or space characters; write it exactly as the sign-in provider "
        "sends it.",
    ),
    # issue 15: one user cannot break it for others; the analyst's SQL; downloads
    "catalogue.unreadable": (
        "file kueri tidak dapat dibaca: {error}",
        "the query file cannot be read: {error}",
    ),
    "catalogue.broken_title": (
        "File kueri yang rusak (dilewati; kueri lain tetap berjalan)",
        "Broken query files (skipped; every other query still runs)",
    ),
    "catalogue.broken_cli": (
        "{n} file kueri rusak dilewati:",
        "{n} broken query file(s) skipped:",
    ),
    "catalogue.broken_where": ("Letak", "Where"),
    "app.error": (
        "Maaf, bagian halaman ini gagal ditampilkan karena kesalahan di Pantau; halaman lain "
        "tetap bisa dibuka. Kesalahan tercatat di log server dengan kode {ref}: sebutkan kode "
        "itu kepada admin.",
        "Sorry, part of this page could not be shown because of an error in Pantau; the other "
        "pages still open. The error is in the server's log under the code {ref}: give that "
        "code to the admin.",
    ),
    "catalogue.broken_reason": ("Alasan", "Reason"),
    "sql.no_column": (
        "Tidak ada kolom bernama {column}; daftar tabel di samping menunjukkan kolom yang ada.",
        "There is no column named {column}; the table list beside shows the columns there are.",
    ),
    "sql.no_column_close": (
        "Tidak ada kolom bernama {column}. Maksud Anda {close}?",
        "There is no column named {column}. Did you mean {close}?",
    ),
    "sql.no_table": (
        "Tidak ada tabel bernama {table}; daftar tabel di samping menunjukkan yang dapat Anda baca.",
        "There is no table named {table}; the table list beside shows those you may read.",
    ),
    "sql.no_table_close": (
        "Tidak ada tabel bernama {table}. Maksud Anda {close}?",
        "There is no table named {table}. Did you mean {close}?",
    ),
    "sql.no_function": (
        "Tidak ada fungsi bernama {function}; periksa ejaannya.",
        "There is no function named {function}; check its spelling.",
    ),
    "sql.group_by": (
        "Kolom {column} harus ada di GROUP BY atau di dalam fungsi agregat (sum, count, …).",
        "The column {column} must be in the GROUP BY or inside an aggregate (sum, count, …).",
    ),
    "sql.syntax": (
        'SQL tidak dapat dibaca di dekat "{near}"; periksa ejaan dan tanda baca di sana.',
        'The SQL cannot be read near "{near}"; check the spelling and punctuation there.',
    ),
    "sql.syntax_end": (
        "SQL berhenti di tengah jalan; ada yang kurang di akhir (kurung, nilai, klausa).",
        "The SQL stops half-way; something is missing at its end (a bracket, a value, a clause).",
    ),
    "sql.failed": (
        "Kueri tidak dapat dijalankan. Pesan mesin basis data: {error}.",
        "The query could not run. The database engine says: {error}.",
    ),
    "queries.sql_error": ("Periksa SQL Anda: {error}", "Check your SQL: {error}"),
    "queries.schema": ("Tabel yang dapat Anda baca", "Tables you may read"),
    "queries.schema_help": (
        "Klik tabel untuk melihat kolom dan tipenya.",
        "Click a table to see its columns and types.",
    ),
    "queries.share": (
        "Tautan ke kueri ini ada di bilah alamat; bagikan untuk membuka SQL yang sama.",
        "The address bar now links to this query; share it to open the same SQL.",
    ),
    "queries.share_too_long": (
        "SQL ini terlalu panjang untuk tautan ({n} karakter, paling banyak {limit}).",
        "This SQL is too long for a link ({n} characters, at most {limit}).",
    ),
    "queries.page": ("Halaman (dari {pages})", "Page (of {pages})"),
    "queries.paged": (
        "Baris {first}–{last} dari {n}; unduhan berisi semua baris.",
        "Rows {first}–{last} of {n}; the downloads hold every row.",
    ),
    "download.parquet": ("Unduh Parquet", "Download Parquet"),
    "download.title_sql": ("SQL ad-hoc", "Ad-hoc SQL"),
    "download.parameters": ("Parameter", "Parameters"),
    "download.sql": ("SQL", "SQL"),
    "download.source": ("Sumber", "Source"),
    "download.source_value": ("Pantau, kueri {name}", "Pantau, query {name}"),
    "download.as_of": ("Data per", "Data as of"),
    "colour.blue": ("biru", "blue"),
    "colour.light_blue": ("biru muda", "light blue"),
    "colour.dark_blue": ("biru tua", "dark blue"),
    "colour.orange": ("jingga", "orange"),
    "colour.green": ("hijau", "green"),
    "colour.vermilion": ("merah bata", "vermilion"),
    "colour.yellow": ("kuning", "yellow"),
    "colour.grey": ("abu-abu", "grey"),
    "reach.served_yes": ("terlayani", "served"),
    "reach.served_no": ("belum terlayani", "not yet served"),
    "reach.no_data": ("tidak ada data", "no data"),
    "reach.map_legend_no_points": (
        "Warna kecamatan — {measure}: {scale}.",
        "Kecamatan colour — {measure}: {scale}.",
    ),
    "reach.map_legend": (
        "Warna kecamatan — {measure}: {scale}. Titik layanan: {points}.",
        "Kecamatan colour — {measure}: {scale}. Service points: {points}.",
    ),
    "reach.point_detail": ("{n} transaksi", "{n} transactions"),
    "axis.share": ("Bagian (%)", "Share (%)"),
    "axis.ratio": ("Rasio (1,0 = setara)", "Ratio (1.0 = even)"),
    "axis.minutes": ("Menit", "Minutes"),
    "overview.trend_alt": (
        "Tren {months} bulan: {first} → {last}.",
        "{months}-month trend: {first} → {last}.",
    ),
    "overview.colour_note": (
        "Warna setiap kotak mengikuti statusnya terhadap target; panah menunjukkan arah perubahan.",
        "Each tile's colour follows its status against the target; the arrow shows the "
        "direction of change.",
    ),
    "status.not_applicable": ("Tidak berlaku", "Not applicable"),
    "branch.scope.branch": ("Kantor ini", "This branch"),
    "branch.scope.peers": ("Sejenis", "Peers"),
    "branch.scope.province": ("Provinsi", "Province"),
    "overview.no_remote": (
        "Tidak ada kecamatan terpencil di wilayah ini.",
        "There are no remote kecamatan in this area.",
    ),
    # issue 14: the PII key's fingerprint and rotation (pantau/cli/key.py)
    "cli.key.stored": ("Sidik kunci PII di gudang", "PII key fingerprint in the warehouse"),
    "cli.key.current": ("Sidik kunci PII yang dipakai", "Fingerprint of the PII key in use"),
    "cli.key.none_stored": (
        "belum ada (muatan berikutnya mencatat kunci yang dipakai)",
        "none yet (the next load records the key in use)",
    ),
    "cli.key.no_key_file": (
        "tidak ada: berkas kunci {path} belum ada",
        "none: the key file {path} does not exist",
    ),
    "cli.key.match": (
        "Sama: muatan memakai kunci yang dipakai gudang.",
        "The same: loads use the key the warehouse was pseudonymised with.",
    ),
    "cli.key.new": (
        "Gudang belum mencatat kunci: muatan berikutnya mencatat kunci ini.",
        "The warehouse records no key yet: the next load records this one.",
    ),
    "cli.key.mismatch": (
        "Berbeda: muatan akan ditolak; pakai kunci lama lagi, atau pindah ke kunci baru dengan "
        "`pantau key rotate`.",
        "Different: loads will be refused; use the old key again, or move to the new key with "
        "`pantau key rotate`.",
    ),
    "cli.key.missing_file": (
        "Berkas kunci hilang: muatan akan ditolak; pulihkan {path} dari cadangan.",
        "The key file is missing: loads will be refused; restore {path} from your backup.",
    ),
    "cli.key.rotated": (
        "Gudang baru di {into} memakai kunci {fingerprint}: arahkan PANTAU_DB ke {into} dan "
        "kunci PII ke {source}, lalu hapus gudang lama ({old}) dan kunci lamanya.",
        "The new warehouse in {into} uses the key {fingerprint}: point PANTAU_DB at {into} and "
        "the PII key at {source}, then delete the old warehouse ({old}) and its old key.",
    ),
    "cli.key.short_env": (
        "Variabel {name} kosong atau lebih pendek dari 16 karakter; isi dengan kunci baru.",
        "The variable {name} is empty or shorter than 16 characters; set it to the new key.",
    ),
    # issue 16 (scale): sample data labelled on every screen, the report, downloads, the CLI
    # (pantau/sample.py, dashboard/sample_notice.py, pantau/queries/output.py)
    "sample.banner": (
        "Data contoh: sekitar {share} dari volume sebenarnya ({basis}).",
        "Sample data: about {share} of real volume ({basis}).",
    ),
    "sample.basis": (
        "pembayaran PKB per tahun dibanding {total} pembayar PKB per tahun di Lampung; "
        "angka di sini bukan angka provinsi",
        "PKB payments a year against {total} PKB payers a year in Lampung; the figures here "
        "are not the province's",
    ),
    "sample.basis_declared": (
        "porsi menurut deklarasi folder ekspor; angka di sini bukan angka provinsi",
        "the share the export folder declares; the figures here are not the province's",
    ),
    "sample.label": ("Data contoh", "Sample data"),
    # issue 15: the branch manager's page (dashboard/branch_tiles.py, dashboard/wait_charts.py,
    # dashboard/views/branch.py, dashboard/views/waiting.py)
    "bm.tiles": ("Waktu tunggu kantor ini", "This branch's waiting time"),
    "bm.tile.median": ("Median tunggu", "Median wait"),
    "bm.tile.p90": ("p90 tunggu", "p90 wait"),
    "bm.tile.share": ("Dilayani dalam standar", "Served within standard"),
    "bm.standard": ("Standar: paling lama {value}", "Standard: at most {value}"),
    "bm.target": ("Target KPI {year}: {value}", "KPI target {year}: {value}"),
    "bm.no_target": ("Belum ada target KPI untuk {year}", "No KPI target for {year} yet"),
    "bm.status.within": ("Dalam standar", "Within the standard"),
    "bm.status.behind": (
        "Dalam standar, lebih lambat dari sejenis",
        "Within the standard, slower than peers",
    ),
    "bm.status.over": ("Melewati standar", "Above the standard"),
    "bm.status.no_data": ("Tidak ada pelanggan loket", "No counter customers"),
    "bm.peers_value": ("Sejenis ({type}): {value}", "Peers ({type}): {value}"),
    "bm.peers_hidden": (
        "Tidak ada perbandingan dengan kantor sejenis dan tidak ada peringkat: hanya {n} kantor "
        "{type} lain yang punya pelanggan loket dalam periode ini, padahal perlu paling sedikit 3 "
        "agar satu kantor lain tidak dapat dikenali.",
        "No comparison with peers and no rank: only {n} other {type} branches had counter "
        "customers in this period, and at least 3 are needed so that no single other branch "
        "can be made out.",
    ),
    "bm.rank": ("Peringkat {rank} dari {total} {type}", "Rank {rank} of {total} {type}"),
    "bm.rank_tied": (
        "sama dengan {n} kantor lain",
        "tied with {n} other branches",
    ),
    "bm.rank_rule": (
        "Peringkat menurut pangsa pelanggan loket yang dilayani dalam standar (1 = pangsa "
        "tertinggi) di antara kantor {type} yang punya pelanggan loket dalam periode; pangsa sama "
        "mendapat peringkat sama.",
        "Ranked by the share of counter customers served within the standard (1 = the highest "
        "share) among the {type} branches with counter customers in the period; equal shares "
        "share a rank.",
    ),
    "bm.no_customers": (
        "Kantor ini tidak punya pelanggan loket dalam periode ini, jadi tidak ada waktu tunggu "
        "dan tidak ada peringkat.",
        "This branch had no counter customers in this period, so there are no waits and no rank.",
    ),
    "bm.share_note": (
        "Median dan p90 dibanding standar layanan MoU ({standard}); pangsa dalam standar "
        "membandingkan setiap pelanggan dengan standar layanannya sendiri ({low} sampai {high}). "
        "Kantor sejenis: jenis yang sama, tanpa kantor ini, dihitung dari gabungan pelanggan "
        "mereka.",
        "Median and p90 against the MoU services' standard ({standard}); the share within the "
        "standard holds each customer to their own service's standard ({low} to {high}). Peers: "
        "the same type, without this branch, pooled over their customers.",
    ),
    "bm.profile_no_peers": (
        "Baris kantor sejenis tidak ada: kurang dari 3 kantor {type} lain aktif dalam periode "
        "ini, dan kelompok sekecil itu tidak dibandingkan agar satu kantor lain tidak dapat "
        "dikenali.",
        "There is no peers row: fewer than 3 other {type} branches were active in this period, "
        "and a group that small is not compared so that no single other branch can be made out.",
    ),
    "bm.line.standard": ("Standar {value}", "Standard {value}"),
    "bm.line.target": ("Target {value}", "Target {value}"),
    "bm.heatmap.empty_cells": (
        "Sel kosong: kurang dari {n} pelanggan loket pada hari dan jam itu. Angka di sel = menit; "
        "standar ditandai pada skala warna.",
        "Empty cells: fewer than {n} counter customers on that weekday and hour. Numbers in the "
        "cells are minutes; the standard is marked on the colour scale.",
    ),
    "bm.heatmap.standard_tick": ("{value} = standar", "{value} = standard"),
    "bm.daily": ("Harian", "Daily"),
    "bm.wait_branch": ("Kantor", "Branch"),
    "bm.all_branches": ("Semua kantor (provinsi)", "All branches (province)"),
    "bm.follows_branch": ("Kantor: {branch}.", "Branch: {branch}."),
    "bm.not_branch": (
        "Seluruh provinsi — tidak mengikuti pilihan kantor.",
        "The whole province — does not follow the branch choice.",
    ),
    "bm.kept": (
        "Kantor yang dipilih tetap terpilih di halaman Kantor dan Waktu tunggu; tandai halaman "
        "ini: tautannya menyimpan kantor itu.",
        "The chosen branch stays chosen on the Branch and Waiting pages; bookmark this page: "
        "its link keeps the branch.",
    ),
    # -- issue 15, data admin: dry run, failed files, batch summary, rollback, expected files
    #    (pantau/loading.py, dashboard/views/data.py, pantau/cli/load.py, pantau/cli/rollback.py)
    "load.summary.loaded": ("{n} dimuat", "{n} loaded"),
    "load.summary.ready": ("{n} siap dimuat", "{n} ready to load"),
    "load.summary.failed": ("{n} gagal", "{n} failed"),
    "load.summary.skipped": ("{n} dilewati (duplikat)", "{n} skipped (duplicate)"),
    "load.summary.none": ("Tidak ada berkas", "No files"),
    "load.fail.empty": (
        "{name} kosong: ekspor ulang dari sistem kantor (minimal ada baris judul kolom), lalu "
        "unggah lagi.",
        "{name} is empty: export it again from the branch system (it needs at least a header "
        "row), then upload it again.",
    ),
    "load.fail.too_large": (
        "{name} berukuran {size_mb} MB, di atas batas {limit_mb} MB: pecah per bulan atau per "
        "kantor, lalu unggah bagian-bagiannya.",
        "{name} is {size_mb} MB, over the {limit_mb} MB limit: split it by month or by branch "
        "and upload the parts.",
    ),
    "load.fail.not_text": (
        "{name} rusak atau bukan ekspor teks: salin atau ekspor ulang sebagai CSV (UTF-8) atau "
        "Excel, lalu unggah lagi.",
        "{name} is damaged or not a text export: copy or export it again as CSV (UTF-8) or "
        "Excel, then upload it again.",
    ),
    "load.fail.no_header": (
        "{name}: tidak ada baris judul kolom yang dikenali (seperti id_transaksi, kode_kantor, "
        "layanan): pastikan ini ekspor transaksi atau daftar kantor; bila ya, kirim berkas ini "
        "ke pengelola Pantau agar nama kolomnya dikenali.",
        "{name}: no header row with known columns (such as id_transaksi, kode_kantor, layanan): "
        "check that this is a transaction or branch export; if it is, send the file to "
        "Pantau's maintainer so its column names are recognised.",
    ),
    "load.fail.hidden_sheet": (
        "{name}: datanya ada di lembar tersembunyi «{sheet}»: tampilkan lembar itu di Excel, "
        "simpan, lalu unggah lagi.",
        "{name}: its data is on the hidden sheet «{sheet}»: unhide it in Excel, save, and upload "
        "it again.",
    ),
    "load.fail.missing_columns": (
        "{name} tidak punya kolom wajib {columns}: ekspor ulang dengan kolom itu; bila kolomnya "
        "ada dengan nama lain, kirim berkas ini ke pengelola Pantau.",
        "{name} lacks the required column(s) {columns}: export it again with them; if they are "
        "there under another name, send the file to Pantau's maintainer.",
    ),
    "load.fail.too_wide": (
        "{name} punya lebih banyak kolom daripada yang muat di spreadsheet: hapus kolom kosong "
        "atau yang tidak perlu, lalu ekspor ulang.",
        "{name} has more columns than a spreadsheet can hold: delete the empty or unneeded "
        "columns and export it again.",
    ),
    "load.fail.unclosed_quote": (
        '{name}: tanda petik (") di baris {row} tidak ditutup sehingga baris-baris di bawahnya '
        "tergabung: perbaiki baris itu atau ekspor ulang, lalu unggah lagi.",
        '{name}: a quote (") in row {row} never closes, so the rows below it run together: fix '
        "that row or export again, then upload it again.",
    ),
    "load.fail.truncated": (
        "{name} terpotong di tengah baris {row} (salinan atau ekspornya berhenti sebelum "
        "selesai), jadi tidak dimuat sama sekali: salin atau ekspor ulang seluruh berkas, lalu "
        "unggah lagi.",
        "{name} is truncated in the middle of row {row} (the copy or export stopped before the "
        "end), so none of it was loaded: copy or export the whole file again and upload it.",
    ),
    "load.fail.macro_workbook": (
        "{name} adalah buku kerja bermakro (.xlsm): simpan sebagai .xlsx tanpa makro, lalu "
        "unggah lagi.",
        "{name} is a macro-enabled workbook (.xlsm): save it as .xlsx without macros and upload "
        "it again.",
    ),
    "load.fail.unsupported_type": (
        "{name} bukan CSV, Excel (.xlsx) atau Parquet: ekspor dalam salah satu format itu.",
        "{name} is not CSV, Excel (.xlsx) or Parquet: export it in one of those formats.",
    ),
    "load.fail.unreadable": (
        "{name} tidak dapat dibaca: ekspor ulang dari sistem kantor dan unggah lagi; bila tetap "
        "gagal, kirim berkas ini ke pengelola Pantau.",
        "{name} could not be read: export it again from the branch system and upload it again; "
        "if it still fails, send the file to Pantau's maintainer.",
    ),
    "load.skip": (
        "{name} isinya sama dengan berkas yang sudah dimuat, jadi dilewati.",
        "{name} has the same content as a file loaded before, so it was skipped.",
    ),
    "load.brings": (
        "{name}: {add} baris baru, {replace} mengganti baris yang sudah ada, {reject} ditolak, "
        "{duplicate} duplikat.",
        "{name}: {add} new rows, {replace} replacing rows already stored, {reject} rejected, "
        "{duplicate} duplicates.",
    ),
    "load.kind.transactions": ("transaksi", "transactions"),
    "load.kind.branches": ("daftar kantor", "branch list"),
    "load.layout.csv": (
        "CSV {kind}, pemisah «{delimiter}», {encoding}, judul di baris {row}",
        "CSV of {kind}, delimiter «{delimiter}», {encoding}, header in row {row}",
    ),
    "load.layout.xlsx": (
        "Excel {kind}, lembar «{sheet}», judul di baris {row}",
        "Excel of {kind}, sheet «{sheet}», header in row {row}",
    ),
    "load.layout.parquet": ("Parquet {kind}", "Parquet of {kind}"),
    "load.changed": (
        "Gudang berubah setelah uji muat (ada pemuatan atau pengembalian lain), jadi tidak ada "
        "yang dimuat: jalankan uji muat lagi dan periksa angkanya.",
        "The warehouse changed after the dry run (another load or a rollback), so nothing was "
        "loaded: run the dry run again and check its numbers.",
    ),
    "load.rollback.none": (
        "Tidak ada generasi sebelumnya yang tersimpan (hanya ada setelah sebuah pemuatan, dan "
        "habis dipakai satu kali pengembalian), jadi tidak ada yang diubah.",
        "No previous generation is kept (there is one only after a load, and one rollback uses "
        "it up), so nothing was changed.",
    ),
    "load.rollback.done": (
        "Gudang dikembalikan ke generasi {restored}; generasi {undone} tidak dipakai lagi.",
        "The warehouse is back at generation {restored}; generation {undone} is no longer used.",
    ),
    "data.dry.run": ("Periksa dulu (belum dimuat)", "Check first (nothing is loaded)"),
    "data.dry.title": (
        "Hasil pemeriksaan: belum ada yang ditulis ke gudang",
        "Check result: nothing has been written to the warehouse",
    ),
    "data.dry.replacing": (
        "{n} baris yang sudah ada di gudang akan diganti oleh berkas ini. Muat hanya bila memang "
        "itu yang dimaksud (misalnya ekspor revisi).",
        "{n} rows already in the warehouse will be replaced by these files. Load only if that is "
        "intended (a revised export, say).",
    ),
    "data.dry.confirm": ("Muat berkas yang siap ({n})", "Load the ready files ({n})"),
    "data.dry.cancel": ("Batal", "Cancel"),
    "data.dry.nothing": (
        "Tidak ada berkas yang bisa dimuat: perbaiki berkas yang gagal lalu unggah lagi.",
        "No file can be loaded: fix the failed files and upload them again.",
    ),
    "data.dry.mapping": (
        "Tata letak dan pemetaan kolom: {name}",
        "Layout and column mapping: {name}",
    ),
    "data.col.file": ("Berkas", "File"),
    "data.col.state": ("Status", "Status"),
    "data.col.rows_read": ("Baris dibaca", "Rows read"),
    "data.col.add": ("Baris baru", "Rows to add"),
    "data.col.replace": ("Mengganti", "Replacing"),
    "data.col.reject": ("Ditolak", "Rejected"),
    "data.col.duplicate": ("Duplikat", "Duplicates"),
    "data.col.reasons": ("Alasan ditolak", "Rejected because"),
    "data.col.note": ("Keterangan", "Note"),
    "data.col.source": ("Kolom di berkas", "Column in the file"),
    "data.col.pantau": ("Kolom Pantau", "Pantau column"),
    "data.state.ready": ("✓ siap dimuat", "✓ ready"),
    "data.state.loaded": ("✓ dimuat", "✓ loaded"),
    "data.state.failed": ("✗ gagal", "✗ failed"),
    "data.state.skipped": ("– dilewati", "– skipped"),
    "data.done": (
        "Selesai: {summary}; generasi {generation}.",
        "Done: {summary}; generation {generation}.",
    ),
    "data.done_failed": (
        "{summary}. Berkas yang gagal tidak dimuat; lihat keterangannya di bawah.",
        "{summary}. The failed files were not loaded; see why below.",
    ),
    "data.rollback.title": ("Kembalikan pemuatan terakhir", "Undo the last load"),
    "data.rollback.help": (
        "Gudang kembali ke generasi sebelum pemuatan terakhir ({previous}); semua berkas yang "
        "dimuat sesudahnya hilang dari gudang. Hanya satu langkah yang bisa dikembalikan.",
        "The warehouse goes back to the generation before the last load ({previous}); every "
        "file loaded after it leaves the warehouse. Only one step can be undone.",
    ),
    "data.rollback.sure": (
        "Saya mengerti: pemuatan terakhir dibatalkan untuk semua pengguna",
        "I understand: the last load is undone for every user",
    ),
    "data.rollback.button": ("Kembalikan", "Undo the last load"),
    "data.rollback.none": (
        "Belum ada generasi sebelumnya yang bisa dikembalikan.",
        "There is no previous generation to go back to.",
    ),
    "data.expected.complete": (
        "✓ masuk, lengkap ({expected} kantor)",
        "✓ in, complete ({expected} branches)",
    ),
    "data.expected.partial": (
        "✓ masuk; {missing} dari {expected} kantor tanpa transaksi",
        "✓ in; {missing} of {expected} branches without transactions",
    ),
    "data.expected.none": ("✗ belum masuk", "✗ not in yet"),
    "data.expected.status": ("Ekspor", "Export"),
    "data.rejects_branch.pick": ("Kantor", "Branch"),
    "data.rejects_branch.none": (
        "Tidak ada baris ditolak dari berkas kantor ini.",
        "No rejected rows in this branch's files.",
    ),
    "cli.load.dry_title": (
        "Uji muat, tidak ada yang ditulis (terhadap generasi {generation}):",
        "Dry run, nothing written (against generation {generation}):",
    ),
    "cli.load.layout": ("dikenali: {layout}", "recognised: {layout}"),
    "cli.load.mapping": ("kolom: {pairs}", "columns: {pairs}"),
    "cli.load.reasons": ("ditolak karena: {reasons}", "rejected because: {reasons}"),
    "cli.load.replaced": (
        "{n} di antaranya mengganti baris yang sudah ada di gudang",
        "{n} of them replaced rows already in the warehouse",
    ),
    "cli.load.dry_next": (
        "Untuk memuat: jalankan perintah yang sama tanpa --dry-run.",
        "To load: run the same command without --dry-run.",
    ),
    # issue 15 (leadership): why lines, the kabupaten × KPI matrix, progress, provisional months
    "why.up": ("naik {amount} dari {period} ({better})", "up {amount} from {period} ({better})"),
    "why.down": (
        "turun {amount} dari {period} ({better})",
        "down {amount} from {period} ({better})",
    ),
    "why.same": ("sama dengan {period}", "same as {period}"),
    "why.better": ("membaik", "better"),
    "why.worse": ("memburuk", "worse"),
    "why.lagging": ("paling tertinggal: {where}", "lagging most: {where}"),
    "lead.summary": ("Status setiap indikator", "Every indicator's status"),
    "lead.area_sentence": ("{area} — {said}", "{area} — {said}"),
    "lead.lagging": ("Paling tertinggal: {areas}.", "Lagging most: {areas}."),
    "lead.count_off_track": ("{n} tertinggal", "{n} off track"),
    "lead.count_at_risk": ("{n} berisiko", "{n} at risk"),
    "lead.none_lagging": (
        "Semua kabupaten/kota sesuai target.",
        "Every kabupaten/kota is on track.",
    ),
    "lead.matrix": ("Indikator per kabupaten/kota", "Indicators by kabupaten/kota"),
    "lead.legend": (
        "✓ sesuai target · ! berisiko · ✗ tertinggal · – tidak ada data · ∅ tidak berlaku",
        "✓ on track · ! at risk · ✗ off track · – no data · ∅ not applicable",
    ),
    "lead.matrix_help": (
        "Pilih nama kabupaten/kota di tabel, atau di bawah, untuk melihat indikatornya.",
        "Choose a kabupaten/kota in the table, or below, to see its indicators.",
    ),
    "lead.status": ("Status", "Status"),
    "lead.kpi": ("Indikator", "Indicator"),
    "lead.value": ("Nilai", "Value"),
    "lead.target": ("Target", "Target"),
    "lead.area": ("Kabupaten/kota", "Kabupaten/kota"),
    "lead.drill": ("Lihat kabupaten/kota", "Show kabupaten/kota"),
    "lead.details": ("Rincian setiap indikator", "Each indicator in detail"),
    "lead.ytd_sum": (
        "Tahun berjalan ({start}–{end}): {value} dari target tahunan {annual} ({share}); "
        "target s.d. {end}: {target}.",
        "Year to date ({start}–{end}): {value} of the annual target {annual} ({share}); "
        "target to {end}: {target}.",
    ),
    "lead.ytd_rate": (
        "Tahun berjalan ({start}–{end}): {value}; target tahunan {target}.",
        "Year to date ({start}–{end}): {value}; annual target {target}.",
    ),
    "lead.since_mou": (
        "Sejak MoU ({start}–{end}): {value} dari target {target} ({share}).",
        "Since the MoU ({start}–{end}): {value} of the target {target} ({share}).",
    ),
    "lead.progress_missing": (
        "Bulan tanpa data tidak dihitung: {months}.",
        "Months without data are not counted: {months}.",
    ),
    "prov.in_progress": ("bulan berjalan", "month in progress"),
    "prov.incomplete": ("data belum lengkap", "data incomplete"),
    "prov.no_data": ("belum ada data", "no data yet"),
    "prov.tile": ("Sementara — {months}", "Provisional — {months}"),
    "prov.banner": (
        "Angka sementara untuk {months}: dapat berubah setelah semua kantor mengirim datanya.",
        "Provisional figures for {months}: they may change once every branch has sent its data.",
    ),
    "prov.chart": ("Bulan sementara: {months}.", "Provisional months: {months}."),
    "report.provisional": (
        "Angka {months} masih sementara dan dapat berubah.",
        "The figures for {months} are provisional and may change.",
    ),
    # --- issue 17: score ---
    "targets.base": (
        "{where}: base harus salah satu dari {bases}.",
        "{where}: base must be one of {bases}.",
    ),
    "targets.profile": (
        '{where}: KPI jumlah (aggregation = "sum") perlu profile (ukuran pola musiman '
        "meta/seasonal_profile).",
        '{where}: a count KPI (aggregation = "sum") needs a profile (the measure of the '
        "seasonal profile meta/seasonal_profile).",
    ),
    "scorecard.headline": (
        "{met} dari {total} indikator MoU sesuai target",
        "{met} of {total} MoU indicators on track",
    ),
    "scorecard.quality": ("kualitas data: {what}", "data quality: {what}"),
    "scorecard.spread_note": (
        "Target tahunan berupa jumlah dibagi ke bulan menurut pola musiman tahun lalu (bagian "
        "tiap bulan dari jumlah setahun; rata 1/12 bila tahun lalu tidak lengkap), dan ke "
        "kabupaten/kota menurut dasar KPI itu: kendaraan terdaftar untuk PKB, penduduk untuk "
        "yang lain. Tahun berjalan dihitung sampai bulan lengkap terakhir.",
        "Yearly count targets are spread over months by last year's seasonal profile (each "
        "month's share of the year; an even 1/12 when last year is incomplete), and over "
        "kabupaten/kota by the KPI's base: registered vehicles for PKB, residents otherwise. A "
        "year in progress counts to its last full month.",
    ),
    "target_note.no_data": (
        "target dibagi rata per bulan: tahun lalu tanpa data",
        "target spread evenly over months: no data last year",
    ),
    "target_note.incomplete": (
        "target dibagi rata per bulan: data tahun lalu tidak lengkap",
        "target spread evenly over months: last year's data incomplete",
    ),
    "kpi_reason.few_respondents": (
        "hanya {n} responden, di bawah minimum kueri; IKM tidak dinilai",
        "only {n} respondents, under the query's minimum; the IKM is not judged",
    ),
    "kpi_reason.no_responses": ("tidak ada jawaban survei", "no survey responses"),
    "cli.kpi.note": ("Catatan", "Note"),
    # --- issue 17: defs ---
    "nav.definitions": ("Definisi KPI", "KPI definitions"),
    "defs.title": ("Definisi KPI", "KPI definitions"),
    "defs.intro": (
        "Setiap indikator: tujuan MoU yang dijawabnya, definisi, rumus, kueri sumber, satuan, arah "
        "yang lebih baik, cara target tahunan diterapkan, dan catatan tentang apa yang tidak "
        "dikatakannya. Tujuan, satuan dan target berasal dari {targets}; nama, definisi, rumus dan "
        "catatan dari kepala kueri sumbernya.",
        "Every indicator: the MoU goal it answers, its definition, formula, source query, unit, "
        "which direction is better, how the yearly target applies, and caveats on what it does "
        "not say. Goal, unit and targets come from {targets}; name, definition, formula and "
        "caveats from its source query's header.",
    ),
    "defs.goal": ("Tujuan MoU", "MoU goal"),
    "defs.definition": ("Definisi", "Definition"),
    "defs.formula": ("Rumus", "Formula"),
    "defs.caveats": ("Catatan", "Caveats"),
    "defs.source": ("Kueri sumber", "Source query"),
    "defs.unit": ("Satuan", "Unit"),
    "defs.direction": ("Arah", "Direction"),
    "defs.spread": ("Cara target diterapkan", "How the target applies"),
    "defs.targets": ("Target tahunan", "Yearly targets"),
    "defs.formula_missing": ("⚠ Rumus belum ditulis.", "⚠ Formula not written."),
    "defs.caveats_missing": ("Belum ada catatan.", "No caveats written yet."),
    "defs.query_problem": (
        "Kueri {query} tidak dapat dibaca: {error}",
        "The query {query} cannot be read: {error}",
    ),
    "defs.kabupaten_targets": (
        "(target kabupaten/kota sendiri: {targets})",
        "(own kabupaten/kota targets: {targets})",
    ),
    "defs.unit.share": ("bagian (persen)", "share (percent)"),
    "defs.unit.count": ("jumlah", "count"),
    "defs.unit.rupiah": ("rupiah", "rupiah"),
    "defs.unit.minutes": ("menit", "minutes"),
    "defs.unit.ratio": ("rasio", "ratio"),
    "defs.direction.higher": ("makin tinggi makin baik", "higher is better"),
    "defs.direction.lower": ("makin rendah makin baik", "lower is better"),
    "defs.spread.rate": (
        "Angka tahunan berlaku apa adanya untuk periode apa pun (bulan, triwulan, tahun) dan untuk "
        "setiap kabupaten/kota.",
        "The yearly figure applies as it is to any period (month, quarter, year) and to every "
        "kabupaten/kota.",
    ),
    "defs.spread.sum": (
        "Jumlah selama periode: target tahunan × bagian bulan-bulan itu dalam jumlah tahun lalu "
        "(pola musiman; rata 1/12 bila tahun lalu tidak lengkap); untuk satu kabupaten/kota, "
        "dikali porsinya dalam {base}.",
        "A total over the period: the yearly target × those months' share of last year's total "
        "(the seasonal profile; 1/12 each when last year is incomplete); for one kabupaten/kota, "
        "times its share of {base}.",
    ),
    "defs.base.vehicles": ("kendaraan terdaftar", "registered vehicles"),
    "defs.base.population": ("penduduk", "the population"),
    "defs.at_risk": (
        "Berisiko bila meleset dari target paling banyak {share} (relatif); lebih jauh: tertinggal.",
        "At risk when short of the target by at most {share} (relative); further: off track.",
    ),
    "defs.open_query": (
        "Kueri sumber: {query} (buka di Kueri)",
        "Source query: {query} (open in Queries)",
    ),
    "report.appendix": ("Lampiran: definisi KPI", "Appendix: KPI definitions"),
    "report.appendix_intro": (
        "Definisi yang sama dengan halaman Definisi KPI di dasbor. Tujuan, satuan dan target dari "
        "{targets}; nama, definisi, rumus dan catatan dari kepala kueri sumber.",
        "The same definitions as the dashboard's KPI definitions page. Goal, unit and targets "
        "from {targets}; name, definition, formula and caveats from the source query's header.",
    ),
    "report.events_note": (
        "Berarsir: program kebijakan lebih dari sehari (meta/calendar_events): {events}. Hari "
        "libur, cuti bersama dan peristiwa sehari tidak digambar (hampir setiap bulan punya).",
        "Shaded: policy programmes of more than a day (meta/calendar_events): {events}. "
        "Holidays, cuti bersama and one-day events are not drawn (almost every month has one).",
    ),
    "report.events_none": (
        "Tidak ada program kebijakan yang berlangsung lebih dari satu hari dalam rentang grafik "
        "(meta/calendar_events); hari libur dan peristiwa satu hari tidak digambar.",
        "No policy programme lasting more than one day falls in the charts' range "
        "(meta/calendar_events); holidays and one-day events are not drawn.",
    ),
    "event.pemutihan": ("Pemutihan", "Pemutihan"),
    "event.keringanan": ("Keringanan", "Relief"),
    "event.bansos": ("Bansos", "Aid"),
    "event.pensiun": ("Pensiun", "Pensions"),
    "event.kebijakan": ("Kebijakan", "Policy"),
    # --- issue 17: compare ---
    "annot.holidays": ("Libur nasional / cuti bersama", "National holidays / cuti bersama"),
    "annot.kind.pemutihan": ("Pemutihan pajak kendaraan", "Vehicle-tax amnesty (pemutihan)"),
    "annot.kind.keringanan": ("Keringanan pajak kendaraan", "Vehicle-tax relief"),
    "annot.kind.bansos": ("Penyaluran bansos", "Social-aid payouts"),
    "annot.kind.pensiun": ("Pembayaran pensiun", "Pension payments"),
    "annot.kind.kebijakan": ("Peristiwa kebijakan lain", "Other policy events"),
    "annot.caption": (
        "Arsiran = peristiwa kebijakan; garis pendek di bawah = libur nasional dan cuti bersama."
        " Namanya di legenda dan pada tanda di atas grafik (arahkan kursor).",
        "Shading = policy events; short ticks at the foot = national holidays and cuti bersama."
        " Their names are in the legend and on the marks above the plot (hover).",
    ),
    "annot.list_title": (
        "Peristiwa kebijakan pada grafik tren",
        "Policy events on the trend charts",
    ),
    "compare.title": (
        "Pos dibanding semua kanal: sebelum dan sesudah MoU",
        "Pos against every channel: before and after the MoU",
    ),
    "compare.help": (
        "PKB pokok + opsen yang dibukukan Bapenda. Sebelum = Apr 2024–Mar 2025; sesudah = sejak"
        " Mei 2025, setiap bulan dipasangkan dengan bulan kalender yang sama pada masa dasar,"
        " jadi musim saling meniadakan. Rupiah = rata-rata bulanan. Yang menilai MoU adalah"
        " perubahan pangsa Pos dan selisih pertumbuhan Pos dengan semua kanal, bukan"
        " pertumbuhan Pos sendiri: pemutihan dan keringanan menaikkan semua kanal.",
        "PKB principal + opsen as Bapenda books it. Before = Apr 2024–Mar 2025; after = from May"
        " 2025, each month paired with the same calendar month of the baseline, so seasonality"
        " cancels. Rupiah = monthly averages. What judges the MoU is the change in Pos's share"
        " and the gap between Pos growth and all-channel growth, not Pos's own growth: the"
        " pemutihan and relief programmes lift every channel.",
    ),
    "compare.with_events": (
        "Semua bulan (bulan berperistiwa kebijakan ditandai)",
        "All months (policy-event months marked)",
    ),
    "compare.without_events": (
        "Tanpa bulan berperistiwa kebijakan dan bulan pasangannya",
        "Without policy-event months and their counterparts",
    ),
    "compare.before": ("Sebelum MoU", "Before the MoU"),
    "compare.after": ("Sesudah MoU", "After the MoU"),
    "compare.change": ("Perubahan", "Change"),
    "compare.effect": (
        "Perubahan pangsa Pos: {with_share} poin persen dengan semua bulan, {without_share} tanpa"
        " bulan kebijakan; pertumbuhan Pos − pertumbuhan semua kanal: {with_gap} dan"
        " {without_gap} poin persen.",
        "Change in Pos's share: {with_share} percentage points with every month,"
        " {without_share} without the policy months; Pos growth − all-channel growth:"
        " {with_gap} and {without_gap} percentage points.",
    ),
    "compare.no_pairs": (
        "Belum ada bulan sesudah MoU yang berdata realisasi Bapenda untuk dipasangkan.",
        "No month after the MoU with Bapenda realisation to pair yet.",
    ),
    # --- issue 17: reach ---
    "reach.citizens": (
        "Warga terlayani per 1.000 penduduk",
        "Citizens served per 1,000 residents",
    ),
    "reach.citizens.all": ("Semua kecamatan", "All kecamatan"),
    "reach.citizens.remote": ("Kecamatan terpencil", "Remote kecamatan"),
    "reach.citizens.other": ("Kecamatan lain", "Other kecamatan"),
    "reach.citizens.ratio": ("Terpencil ÷ lain (1 = merata)", "Remote ÷ other (1 = even)"),
    "reach.citizens.by_kabupaten": (
        "Warga per 1.000 penduduk menurut kabupaten/kota",
        "Citizens per 1,000 residents by kabupaten/kota",
    ),
    "reach.inclusion": (
        "Inklusi: warga terlayani menurut jenis kelamin dan umur",
        "Inclusion: citizens served by sex and age",
    ),
    "reach.sex.P": ("Perempuan", "Women"),
    "reach.sex.L": ("Laki-laki", "Men"),
    # --- issue 17: access ---
    "waiting.completion_note": (
        "Lama penyelesaian = dari datang sampai selesai, transaksi tatap muka. Standarnya contoh "
        "(etl/config/service_standards.toml) sampai unit layanan mengumumkan standar pelayanan "
        "sesuai UU 25/2009; Samsat Lampung belum mengumumkannya pada April 2025.",
        "Completion time = arrival to finish, in-person transactions. The standards are examples "
        "(etl/config/service_standards.toml) until the service units publish service standards "
        "as UU 25/2009 requires; Samsat Lampung had published none in April 2025.",
    ),
    # --- issue 17: bases ---
    "defs.base.poverty": ("penduduk miskin (perkiraan BPS)", "the poor (BPS estimate)"),
    "defs.base.pkb_uptd_target": ("target PKB UPTD 2025", "the UPTD PKB targets for 2025"),
    # --- issue 18: lake ---
    "lake.export.done": (
        "Lake Parquet {out} (generasi {generation}): {tables} tabel; {written} dari {partitions} "
        "partisi ditulis ulang, {tables_written} tabel kecil ditulis ulang; {rows} baris, {size}, "
        "{seconds} detik.",
        "Parquet lake {out} (generation {generation}): {tables} tables; rewrote {written} of "
        "{partitions} partitions and {tables_written} small tables; {rows} rows, {size}, "
        "{seconds} s.",
    ),
    "lake.no_dir": (
        "Folder lake tidak diberikan: tulis --out FOLDER (atau FOLDER untuk verify), atau atur "
        "PANTAU_LAKE.",
        "No lake folder was given: pass --out DIR (or DIR to verify), or set PANTAU_LAKE.",
    ),
    "lake.verify.ok": (
        "Lake {lake} cocok dengan manifesnya: {files} berkas, {rows} baris, generasi {generation}.",
        "The lake {lake} matches its manifest: {files} files, {rows} rows, generation "
        "{generation}.",
    ),
    "lake.verify.bad": (
        "Lake {lake} tidak cocok dengan manifesnya pada {n} dari {files} berkas, pertama {path}: "
        "{what}; ekspor ulang dengan `pantau lake export`.",
        "The lake {lake} differs from its manifest in {n} of {files} files, first {path}: "
        "{what}; export it again with `pantau lake export`.",
    ),
    "lake.diff.missing": ("berkasnya tidak ada", "the file is missing"),
    "lake.diff.bytes": (
        "ukurannya {found} bita, manifes menyebut {expected}",
        "it is {found} bytes, the manifest says {expected}",
    ),
    "lake.diff.sha256": (
        "SHA-256-nya {found}, manifes menyebut {expected}",
        "its SHA-256 is {found}, the manifest says {expected}",
    ),
    "lake.diff.rows": (
        "isinya {found} baris, manifes menyebut {expected}",
        "it holds {found} rows, the manifest says {expected}",
    ),
    "lake.diff.unreadable": (
        "bukan berkas Parquet yang terbaca",
        "it is not a readable Parquet file",
    ),
    "lake.diff.table_rows": (
        "jumlah baris berkasnya {found}, manifes menyebut {expected} untuk tabel itu",
        "its files hold {found} rows, the manifest says {expected} for the table",
    ),
    # --- issue 18: portable ---
    "portable.parse": (
        "{where}: SQL tidak dapat diurai untuk Spark ({error}); tulis dalam bentuk portabel "
        "(queries/README.md, 'SQL portabel').",
        "{where}: the SQL does not parse for Spark ({error}); write it in the portable forms "
        "(queries/README.md, 'Portable SQL').",
    ),
    "portable.unsupported": (
        "{where}: bentuk SQL ini tidak dapat diterjemahkan ke Spark ({error}); tulis dalam "
        "bentuk portabel (queries/README.md, 'SQL portabel').",
        "{where}: this SQL form cannot be transpiled to Spark ({error}); write it in the "
        "portable forms (queries/README.md, 'Portable SQL').",
    ),
    "portable.function": (
        "{where}: fungsi {construct}() hanya ada di DuckDB dan tidak dapat dijalankan di Spark; "
        "ganti dengan bentuk portabel (queries/README.md, 'SQL portabel').",
        "{where}: the function {construct}() is DuckDB-only and cannot run on Spark; use a "
        "portable form instead (queries/README.md, 'Portable SQL').",
    ),
    "portable.table_function": (
        "{where}: fungsi tabel {construct}() di FROM tidak ada di Spark; baca tabel gudang "
        "data, range(…) atau generate_series(…).",
        "{where}: the table function {construct}() in FROM does not exist on Spark; read a "
        "warehouse table, range(…) or generate_series(…).",
    ),
    "portable.form": (
        "{where}: {construct} hanya ada di DuckDB; tulis satu SELECT dengan JOIN biasa agar "
        "kueri berjalan sama di Spark.",
        "{where}: {construct} is DuckDB-only; write one SELECT with plain JOINs so the query "
        "runs the same on Spark.",
    ),
    "portable.uncast_list": (
        "{where}: {construct} menghitung panjang parameter tanpa jenis, yang di Spark menjadi "
        "panjang teks; cast daftar dulu: len($nama::VARCHAR[]).",
        "{where}: {construct} takes the length of an untyped parameter, which Spark reads as "
        "a text length; cast the list first: len($name::VARCHAR[]).",
    ),
    # --- issue 18: engines ---
    "engine.no_lake": (
        "Mesin ini membaca lake: tulis --lake FOLDER (dari `pantau lake export --out FOLDER`), "
        "atau atur PANTAU_LAKE.",
        "This engine reads a lake: pass --lake DIR (written by `pantau lake export --out DIR`), "
        "or set PANTAU_LAKE.",
    ),
    "engine.unknown": (
        "Mesin {engine} tidak dikenal; pilih salah satu dari: {engines}.",
        "There is no engine {engine}; choose one of: {engines}.",
    ),
    "engine.master_without_spark": (
        "--spark-master hanya berlaku dengan --engine spark.",
        "--spark-master applies only with --engine spark.",
    ),
    "engine.read_only": (
        "Mesin {engine} hanya membaca; muat berkas ke gudang data dengan `pantau load`.",
        "The {engine} engine only reads; load files into the warehouse with `pantau load`.",
    ),
    "engine.no_pyspark": (
        "Mesin Spark memerlukan pyspark dan Java 17: jalankan `make spark` (atau pip install "
        "'pantau[spark]' dan apt install openjdk-17-jre-headless).",
        "The Spark engine needs pyspark and Java 17: run `make spark` (or pip install "
        "'pantau[spark]' and apt install openjdk-17-jre-headless).",
    ),
    "engine.no_connect": (
        "Spark Connect ({master}) memerlukan pyspark[connect] (grpcio, grpcio-status, "
        "googleapis-common-protos, zstandard): pasang itu, atau gunakan URL master Spark.",
        "Spark Connect ({master}) needs pyspark[connect] (grpcio, grpcio-status, "
        "googleapis-common-protos, zstandard): install it, or use a Spark master URL.",
    ),
    "engine.spark_start": (
        "Spark tidak dapat dimulai ({error}); periksa Java 17 (`java -version`) dan --spark-master.",
        "Spark could not start ({error}); check Java 17 (`java -version`) and --spark-master.",
    ),
    # why each table stays out of the lake (etl.lake.layout.EXCLUDED says the same in English)
    "engine.excluded.pii_key": (
        "sidik kunci PII: tentang kuncinya, bukan datanya",
        "the fingerprint of the PII key: about the key, not the data",
    ),
    "engine.excluded.load_files": (
        "log muat mentah: path server, hash berkas dan teks galat (bentuk amannya, "
        "analyst_load_log, ada di lake)",
        "the raw load log: server paths, file hashes and error texts (analyst_load_log is its "
        "safe form and is in the lake)",
    ),
    "engine.excluded.rejects": (
        "baris sumber yang ditolak: ID transaksi dan nilai sel yang gagal (bentuk amannya, "
        "analyst_rejects, ada di lake)",
        "rejected source rows: transaction ids and the cell values that failed (analyst_rejects "
        "is its safe form and is in the lake)",
    ),
    "engine.excluded.skipped_rows": (
        "teks bebas baris yang bukan catatan (catatan, total) dari berkas sumber; tidak ada "
        "kueri yang membacanya",
        "free text of rows that were not records (notes, totals) from the source files; no "
        "query reads it",
    ),
    "engine.excluded.schema_migrations": (
        "catatan gudang data sendiri; manifes membawa versinya",
        "the warehouse's own bookkeeping; the manifest carries its version",
    ),
    "engine.excluded.summary_meta": (
        "catatan gudang data sendiri (versi tabel ringkasan)",
        "the warehouse's own bookkeeping (summary-table version)",
    ),
    "cli.demo.no_province": (
        "--provinces kosong; sebutkan minimal satu kode provinsi, mis. 18 (Lampung).",
        "--provinces is empty; name at least one province code, for example 18 (Lampung).",
    ),
    "cli.demo.unknown_province": (
        "--provinces: '{code}' bukan kode provinsi; pakai kode Kemendagri dua angka di "
        "data/reference/provinces.csv (18 = Lampung), dipisah koma.",
        "--provinces: '{code}' is not a province code; use the two-digit Kemendagri codes "
        "listed in data/reference/provinces.csv (18 = Lampung), separated by commas.",
    ),
    "cli.demo.province_twice": (
        "--provinces: provinsi {code} disebut dua kali; sebutkan setiap provinsi sekali.",
        "--provinces: province {code} is named twice; name each province once.",
    ),
    "engine.not_in_lake": (
        "Kueri ini membaca tabel {table}, yang tidak diekspor ke lake ({reason}); jalankan "
        "pada gudang data (tanpa --engine spark/--lake).",
        "This query reads the table {table}, which the lake leaves out ({reason}); run it on "
        "the warehouse (without --engine spark/--lake).",
    ),
    "engine.spark_type": (
        "Kolom {table}.{column} di lake berjenis {type}, yang belum dapat dibaca mesin Spark "
        "Pantau; ekspor lake dengan Pantau versi ini.",
        "The lake column {table}.{column} has type {type}, which Pantau's Spark engine cannot "
        "read yet; export the lake with this version of Pantau.",
    ),
    # alert delivery (issue 20)
    "delivery.smtp_host": (
        "PANTAU_SMTP_HOST belum diisi; isi dengan nama server surel (mis. smtp.example.go.id) "
        "agar Pantau dapat mengirim surel.",
        "PANTAU_SMTP_HOST is not set; set it to the mail server's name (e.g. smtp.example.go.id) "
        "so that Pantau can send e-mail.",
    ),
    "delivery.smtp_security": (
        "PANTAU_SMTP_SECURITY bernilai {value}; pakai starttls, ssl atau none.",
        "PANTAU_SMTP_SECURITY is {value}; use starttls, ssl or none.",
    ),
    "delivery.smtp_ca_file": (
        "PANTAU_SMTP_CA_FILE menunjuk {path}, yang bukan berkas; beri path berkas PEM sertifikat "
        "otoritas server surel, atau kosongkan variabelnya.",
        "PANTAU_SMTP_CA_FILE names {path}, which is not a file; give the path of the mail "
        "server's authority certificate (PEM), or leave the variable unset.",
    ),
    "delivery.smtp_certificate": (
        "Sertifikat server surel {server} tidak dapat diverifikasi ({reason}); tidak ada yang "
        "dikirim. Bila sertifikat itu diterbitkan otoritas instansi sendiri, set "
        "PANTAU_SMTP_CA_FILE ke sertifikat otoritas itu.",
        "The mail server {server}'s certificate could not be verified ({reason}); nothing was "
        "sent. If your organisation's own authority issued it, set PANTAU_SMTP_CA_FILE to that "
        "authority's certificate.",
    ),
    "delivery.smtp_port": (
        "PANTAU_SMTP_PORT bernilai {value}, bukan nomor port; pakai bilangan bulat 1–65535 "
        "(587 untuk starttls, 465 untuk ssl).",
        "PANTAU_SMTP_PORT is {value}, not a port number; use a whole number from 1 to 65535 "
        "(587 for starttls, 465 for ssl).",
    ),
    "delivery.smtp_password_file": (
        "Berkas kata sandi SMTP {path} (PANTAU_SMTP_PASSWORD_FILE) tidak dapat dibaca: {reason}.",
        "The SMTP password file {path} (PANTAU_SMTP_PASSWORD_FILE) cannot be read: {reason}.",
    ),
    "delivery.smtp_failed": (
        "Surel ke {to} tidak terkirim lewat {server}: {reason}.",
        "The e-mail to {to} could not be sent through {server}: {reason}.",
    ),
    "delivery.smtp_auth": (
        "Server surel {server} menolak nama pengguna atau kata sandi: {reason}; periksa "
        "PANTAU_SMTP_USER dan PANTAU_SMTP_PASSWORD.",
        "The mail server {server} refused the user name or password: {reason}; check "
        "PANTAU_SMTP_USER and PANTAU_SMTP_PASSWORD.",
    ),
    "delivery.smtp_starttls": (
        "Server surel {server} tidak menawarkan STARTTLS; pakai PANTAU_SMTP_SECURITY=ssl "
        "(port 465), atau none hanya di jaringan tepercaya.",
        "The mail server {server} does not offer STARTTLS; use PANTAU_SMTP_SECURITY=ssl "
        "(port 465), or none only on a trusted network.",
    ),
    "delivery.webhook_url": (
        "Alamat webhook ({url}) bukan URL http:// atau https:// dengan nama host; berikan "
        "alamat seperti itu.",
        "The webhook address ({url}) is not an http:// or https:// URL with a host name; give "
        "one that is.",
    ),
    "delivery.webhook_token": (
        "Token webhook {url} memuat baris baru atau karakter kendali; salin ulang tanpa itu.",
        "The token of the webhook {url} holds a line break or another control character; copy "
        "it again without them.",
    ),
    "delivery.webhook_status": (
        "Webhook {url} menjawab HTTP {status}.",
        "The webhook {url} answered HTTP {status}.",
    ),
    "delivery.webhook_failed": (
        "Webhook {url} tidak dapat dihubungi: {reason}.",
        "The webhook {url} could not be reached: {reason}.",
    ),
    # alerts and the mailed report (issue 20)
    "alerts_file.none": (
        "Tidak ada berkas peringatan: beri --rules FILE atau setel PANTAU_ALERTS (contoh: {example}).",
        "No alerts file: give --rules FILE or set PANTAU_ALERTS (example: {example}).",
    ),
    "alerts_file.unreadable": (
        "{path}: berkas peringatan tidak dapat dibaca ({error}).",
        "{path}: the alerts file cannot be read ({error}).",
    ),
    "alerts_file.toml": ("{path}: {error}; perbaiki TOML-nya.", "{path}: {error}; fix the TOML."),
    "alerts_file.top": ("{path}", "{path}"),
    "alerts_file.rule": ("{path}: aturan {n} ({id})", "{path}: rule {n} ({id})"),
    "alerts_file.webhook": ("{path}: webhook {n}", "{path}: webhook {n}"),
    "alerts_file.not_a_table": (
        "{where} harus berupa tabel TOML.",
        "{where} must be a TOML table.",
    ),
    "alerts_file.unknown_key": (
        "{where}: kunci {name} tidak dikenal (yang dikenal: {keys}).",
        "{where}: unknown key {name} (known: {keys}).",
    ),
    "alerts_file.kind": (
        "{where}: kind harus salah satu dari {kinds}.",
        "{where}: kind must be one of {kinds}.",
    ),
    "alerts_file.id": (
        "{where}: id harus berisi huruf, angka, titik, garis bawah atau tanda hubung.",
        "{where}: id must be letters, digits, dots, underscores or hyphens.",
    ),
    "alerts_file.twice": (
        "{where}: id {id} sudah dipakai aturan lain.",
        "{where}: id {id} is already used by another rule.",
    ),
    "alerts_file.statuses": (
        "{where}: statuses harus daftar yang tidak kosong dari {statuses}.",
        "{where}: statuses must be a non-empty list of {statuses}.",
    ),
    "alerts_file.number": (
        "{where}: {name} harus angka yang tidak negatif.",
        "{where}: {name} must be a number that is not negative.",
    ),
    "alerts_file.share": (
        "{where}: {name} adalah pecahan antara 0 dan 1 (0,8 = 80%).",
        "{where}: {name} is a fraction between 0 and 1 (0.8 = 80%).",
    ),
    "alerts_file.to": (
        "{where}: to harus daftar penerima yang tidak kosong.",
        "{where}: to must be a non-empty list of recipients.",
    ),
    "alerts_file.recipient": (
        "{where}: penerima {recipient} tidak dikenal; tulis role:PERAN, branch:KODE, "
        "webhook:NAMA atau sebuah alamat email.",
        "{where}: recipient {recipient} is not understood; write role:ROLE, branch:CODE, "
        "webhook:NAME or an email address.",
    ),
    "alerts_file.no_webhook": (
        "{where}: tidak ada [[webhooks]] bernama {name}.",
        "{where}: there is no [[webhooks]] entry named {name}.",
    ),
    "alerts_file.webhook_name": (
        "{where}: name harus unik dan berisi huruf, angka, titik, garis bawah atau tanda hubung.",
        "{where}: name must be unique and made of letters, digits, dots, underscores or hyphens.",
    ),
    "alerts_file.webhook_url": (
        "{where}: url harus alamat http:// atau https://.",
        "{where}: url must be an http:// or https:// address.",
    ),
    "alerts_file.webhook_role": (
        "{where}: role harus salah satu dari {roles}.",
        "{where}: role must be one of {roles}.",
    ),
    "alerts_file.webhook_branches": (
        "{where}: branches (daftar kode kantor) wajib untuk peran branch_manager dan hanya untuknya.",
        "{where}: branches (a list of branch codes) is required for the branch_manager role and "
        "only for it.",
    ),
    "access_file.lang": (
        '{where} ({email}): lang harus "id" atau "en".',
        '{where} ({email}): lang must be "id" or "en".',
    ),
    "alerts.unwritable": (
        "Folder peringatan {folder} tidak dapat ditulis ({error}); tidak ada yang dikirim.",
        "The alerts folder {folder} cannot be written ({error}); nothing was sent.",
    ),
    "alerts.history_unwritable": (
        "Riwayat peringatan {path} tidak dapat ditulis ({error}); pengirimannya sudah terjadi "
        "dan tercatat di log audit.",
        "The alerts history {path} cannot be written ({error}); the deliveries were made and "
        "are in the audit log.",
    ),
    "alerts.bad_state": (
        "{path} rusak ({error}); pindahkan berkas itu (semua peringatan aktif akan dikirim lagi).",
        "{path} is damaged ({error}); move it away (every active alert will be sent again).",
    ),
    "alerts.unknown_recipient": (
        "Penerima {address} tidak ada di berkas akses {access}; tambahkan dengan perannya.",
        "Recipient {address} is not in the access file {access}; add them with their role.",
    ),
    "alerts.no_report_list": (
        "{path} tidak punya [report] to = [...]: tidak ada penerima laporan.",
        "{path} has no [report] to = [...]: there is nobody to send the report to.",
    ),
    "alert.kpi": (
        "{kpi}: {value} pada {period}, target {target} — {status}.",
        "{kpi}: {value} in {period} against a target of {target} — {status}.",
    ),
    "alert.wait": (
        "{branch} ({code}): {days} hari kerja berturut-turut ({span}) hanya {share} dari "
        "{customers} pelanggan loket dilayani dalam standar waktu tunggu (batas {threshold}).",
        "{branch} ({code}): on {days} working days in a row ({span}) only {share} of "
        "{customers} counter customers were served within the waiting standard (limit {threshold}).",
    ),
    "alert.silence": (
        "{branch} ({code}) tidak mengirim data selama {silent} hari (data terakhir {last}; batas "
        "{days} hari).",
        "{branch} ({code}) has sent no data for {silent} days (last data {last}; limit {days} days).",
    ),
    "alert.silence_never": (
        "{branch} ({code}) belum pernah mengirim data sejak dibuka ({silent} hari; batas {days} hari).",
        "{branch} ({code}) has sent no data since it opened ({silent} days; limit {days} days).",
    ),
    "alert.rejects": (
        "Pemuatan {load} menolak {rejected} dari {read} baris ({share}, batas {threshold}) dari "
        "{files} berkas; lihat halaman Data.",
        "Load {load} rejected {rejected} of {read} rows ({share}, limit {threshold}) from {files} "
        "files; see the Data page.",
    ),
    "alert.reconciliation": (
        "PKB {kabupaten} {month}: pembukuan Bapenda {gap} ({share}) {direction} transaksi Pos "
        "(toleransi {threshold}).",
        "PKB {kabupaten} {month}: Bapenda's books are {gap} ({share}) {direction} the Pos "
        "transactions (tolerance {threshold}).",
    ),
    "alert.reconciliation_more": ("lebih tinggi dari", "above"),
    "alert.reconciliation_less": ("lebih rendah dari", "below"),
    "alert.hidden": ("(disembunyikan: jumlah kecil)", "(hidden: small count)"),
    "alert.mail.subject": ("Pantau: {n} peringatan baru", "Pantau: {n} new alerts"),
    "alert.mail.intro": (
        "Pantau menemukan hal berikut pada data terbaru:",
        "Pantau found the following in the latest data:",
    ),
    "alert.mail.footer": (
        "Peringatan yang sama tidak dikirim lagi sampai kondisinya pulih lalu terulang. Rincian "
        "ada di dasbor Pantau.",
        "The same alert is not sent again until its condition clears and returns. Details are "
        "on the Pantau dashboard.",
    ),
    "report.mail.subject": ("Laporan MoU Pantau — {period}", "Pantau MoU report — {period}"),
    "report.mail.body": (
        "Terlampir laporan MoU Pemprov Lampung × Pos Indonesia untuk {period} (HTML mandiri; PDF "
        "bila tersedia).",
        "Attached: the Lampung × Pos Indonesia MoU report for {period} (self-contained HTML; PDF "
        "where available).",
    ),
    "cli.alerts.new": ("BARU", "NEW"),
    "cli.alerts.sent_before": ("SUDAH", "SENT"),
    "cli.alerts.refused": (
        "tidak dievaluasi · {rule} → {recipient}: {why}",
        "not evaluated · {rule} → {recipient}: {why}",
    ),
    "cli.alerts.dry_run": (
        "Uji coba: {found} peringatan aktif, {new} baru; tidak ada yang dikirim.",
        "Dry run: {found} active alerts, {new} new; nothing was sent.",
    ),
    "cli.alerts.summary": (
        "{found} peringatan aktif; {sent} baru terkirim dalam {messages} pesan, {failed} pesan "
        "gagal (dicoba lagi pada jalan berikutnya); {cleared} sudah pulih.",
        "{found} active alerts; {sent} new sent in {messages} messages, {failed} messages failed "
        "(tried again on the next run); {cleared} cleared.",
    ),
    "cli.alerts.failed": (
        "GAGAL · {recipient} ({channel}, {attempts} kali): {error}",
        "FAILED · {recipient} ({channel}, {attempts} attempts): {error}",
    ),
    "cli.report.sent": ("terkirim · {recipient} ({channel})", "sent · {recipient} ({channel})"),
    "cli.report.not_sent": (
        "GAGAL · {recipient} ({channel}, {attempts} kali): {error}",
        "FAILED · {recipient} ({channel}, {attempts} attempts): {error}",
    ),
    "data.alerts.title": (
        "Peringatan dan laporan terkirim (terbaru dahulu)",
        "Alerts and reports delivered (newest first)",
    ),
    "data.alerts.help": (
        "Setiap pengiriman `pantau alerts run` dan `pantau report --send`: aturan, jumlah "
        "peringatan, saluran, penerima (disamarkan), hasil dan percobaan. Yang gagal dicoba lagi "
        "pada jalan berikutnya.",
        "Every delivery of `pantau alerts run` and `pantau report --send`: rule, number of "
        "alerts, channel, recipient (masked), outcome and attempts. A failed one is tried again "
        "on the next run.",
    ),
    "data.alerts.none": ("Belum ada peringatan yang dikirim.", "No alert has been sent yet."),
    "data.alerts.sent": ("terkirim", "sent"),
    "data.alerts.retry": ("gagal, dicoba lagi", "failed, tried again"),
    "data.alerts.failed": (
        "{n} pengiriman gagal (lihat kolom galat); dicoba lagi pada jalan berikutnya.",
        "{n} deliveries failed (see the error column); they are tried again on the next run.",
    ),
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
    # the partner agencies' files and the calendar (etl/sql/stage_{survey,realisation,calendar})
    "unanswered": ("Unsur survei tidak dijawab", "Survey element unanswered"),
    "bad_score": ("Nilai unsur bukan 1–4", "Element score not 1-4"),
    "unknown_unit": ("Unit layanan tidak dikenal", "Unknown service unit"),
    "unknown_uptd": ("UPTD tidak dikenal", "Unknown UPTD"),
    "unknown_channel": ("Kanal pembayaran tidak dikenal", "Unknown payment channel"),
    "bad_month": ("Bulan tidak terbaca", "Unreadable month"),
    "bad_kind": ("Jenis peristiwa tidak dikenal", "Unknown event kind"),
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
    # the columns a rejected row is faulted in (the loader's canonical names)
    "arrived_at": ("Waktu datang", "Arrived at"),
    "served_at": ("Waktu dilayani", "Served at"),
    "finished_at": ("Waktu selesai", "Finished at"),
    "kecamatan_code": ("Kode kecamatan", "Kecamatan code"),
    "lat": ("Lintang", "Latitude"),
    "lon": ("Bujur", "Longitude"),
    "counters": ("Jumlah loket", "Counters"),
    "vehicles": ("Jumlah kendaraan", "Vehicles"),
    "survey_date": ("Tanggal survei", "Survey date"),
    "age": ("Umur", "Age"),
    "event_id": ("Kode peristiwa", "Event id"),
    "start_date": ("Tanggal mulai", "Start date"),
    "end_date": ("Tanggal selesai", "End date"),
    **{f"u{i}": (f"Unsur U{i} (IKM)", f"Element U{i} (IKM)") for i in range(1, 10)},
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
    "pkb_amount_idr": ("PKB terkumpul (Rp)", "PKB collected (Rp)"),
    "baseline_mou_monthly_avg": ("Rata-rata bulanan sebelum MoU", "Monthly average before the MoU"),
    "sha256": ("SHA-256", "SHA-256"),
    "measure": ("Ukuran", "Measure"),
    # -- issue 15, data admin: columns of quality/expected_files and quality/rejects_by_branch
    "matched_by_file": ("Dikenali dari berkas", "Matched by file"),
    "complete": ("Lengkap", "Complete"),
    "branches_expected": ("Kantor diharapkan", "Branches expected"),
    "branches_reported": ("Kantor sudah masuk", "Branches in"),
    "branches_missing": ("Kantor tanpa transaksi", "Branches without transactions"),
    # -- issue 17 (agency KPIs): columns of queries/agency/* (Bapenda realisation, IKM survey)
    "uptd": ("UPTD", "UPTD"),
    "pkb_pokok": ("PKB pokok (Rp)", "PKB principal (Rp)"),
    "opsen_pkb": ("Opsen PKB (Rp)", "PKB opsen (Rp)"),
    "swdkllj": ("SWDKLLJ (Rp)", "SWDKLLJ (Rp)"),
    "pnbp": ("PNBP (Rp)", "PNBP (Rp)"),
    "denda": ("Denda (Rp)", "Fines (Rp)"),
    "pos_transactions": ("Transaksi PKB Pos", "Pos PKB transactions"),
    "bapenda_vehicles": ("Kendaraan menurut Bapenda", "Vehicles per Bapenda"),
    "count_gap": ("Selisih jumlah", "Count gap"),
    "pos_amount": ("Rupiah menurut Pos (Rp)", "Per Pos (Rp)"),
    "bapenda_amount": ("Rupiah menurut Bapenda (Rp)", "Per Bapenda (Rp)"),
    "amount_gap": ("Selisih (Rp)", "Gap (Rp)"),
    "amount_gap_share": ("Selisih terhadap Pos", "Gap against Pos"),
    "over_tolerance": ("Melewati toleransi", "Over tolerance"),
    "cumulative_amount_gap": ("Selisih berjalan (Rp)", "Running gap (Rp)"),
    "unit": ("Unit", "Unit"),
    "respondents": ("Responden", "Respondents"),
    "ikm": ("IKM", "IKM"),
    "grade": ("Mutu", "Grade"),
    "few_respondents": ("Responden sedikit", "Few respondents"),
    # --- issue 17: compare (agency/before_after, agency/pos_share_monthly) ---
    "period": ("Masa", "Period"),
    "first_month": ("Bulan pertama", "First month"),
    "last_month": ("Bulan terakhir", "Last month"),
    "months": ("Bulan", "Months"),
    "months_excluded": ("Bulan dibuang", "Months left out"),
    "pos_idr": ("PKB via Pos (Rp)", "PKB via Pos (Rp)"),
    "all_idr": ("PKB semua kanal (Rp)", "PKB, every channel (Rp)"),
    "pos_share": ("Pangsa Pos", "Pos share"),
    "pos_growth": ("Pertumbuhan Pos", "Pos growth"),
    "all_growth": ("Pertumbuhan semua kanal", "All-channel growth"),
    "growth_gap": ("Selisih pertumbuhan", "Growth gap"),
    "pos_growth_share": ("Pertumbuhan Pos", "Pos growth"),
    "all_growth_share": ("Pertumbuhan semua kanal", "All-channel growth"),
    "growth_gap_share": ("Selisih pertumbuhan", "Growth gap"),
    "pos_monthly": ("PKB via Pos per bulan", "PKB via Pos a month"),
    "all_monthly": ("PKB semua kanal per bulan", "PKB, every channel, a month"),
    "note": ("Catatan", "Note"),
    "policy_months": ("Bulan berperistiwa kebijakan", "Policy-event months"),
    "policy_events": ("Peristiwa kebijakan", "Policy events"),
    "policy_event": ("Ada peristiwa kebijakan", "Policy event"),
    "era": ("Masa", "Era"),
    "has_data": ("Berdata", "Has data"),
    # --- issue 17: reach ---
    "citizens": ("Warga (NIK berbeda)", "Citizens (distinct NIKs)"),
    "citizens_per_1000": ("Warga per 1.000 penduduk", "Citizens per 1,000 residents"),
    "citizens_share": ("Pangsa warga", "Share of citizens"),
    "remote_citizens": ("Warga kecamatan terpencil", "Citizens of remote kecamatan"),
    "remote_per_1000": ("Terpencil: per 1.000 penduduk", "Remote: per 1,000 residents"),
    "other_population": ("Penduduk kecamatan lain", "Residents of other kecamatan"),
    "other_citizens": ("Warga kecamatan lain", "Citizens of other kecamatan"),
    "other_per_1000": ("Lainnya: per 1.000 penduduk", "Other: per 1,000 residents"),
    "remote_ratio": ("Rasio terpencil ÷ lain", "Remote ÷ other ratio"),
    "sex": ("Jenis kelamin", "Sex"),
    "age_band": ("Kelompok umur", "Age band"),
    # --- issue 17: access --- (columns of wait/completion)
    "completed": ("Selesai", "Completed"),
    "completion_standard_min": ("Standar penyelesaian (menit)", "Completion standard (min)"),
    "median_completion_min": ("Median penyelesaian (menit)", "Median completion (min)"),
    "p90_completion_min": ("p90 penyelesaian (menit)", "p90 completion (min)"),
    # --- issue 20: alert history ---
    "time": ("Waktu", "Time"),
    "rule": ("Aturan", "Rule"),
    "alerts": ("Peringatan", "Alerts"),
    "recipient": ("Penerima", "Recipient"),
    "outcome": ("Hasil", "Outcome"),
    "attempts": ("Percobaan", "Attempts"),
    "first_day": ("Hari pertama", "First day"),
    "last_day": ("Hari terakhir", "Last day"),
    "share_within_standard": ("Pangsa dalam standar", "Share within standard"),
    "lowest_day_share": ("Pangsa hari terendah", "Lowest day's share"),
}


STATUSES: dict[str, tuple[str, str]] = {
    code: TEXT[f"status.{code}"]
    for code in ("on_track", "at_risk", "off_track", "no_data", "no_target")
}
"""A KPI's status against its target (the scorecard's ``status``)."""

TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "text": TEXT,
    "reason": REASONS,
    "service": SERVICES,
    "column": COLUMNS,
}
"""Every table of words, by the helper that reads it (what the tests walk)."""


def _pick(pair: tuple[str, str] | None, lang: str, fallback: str) -> str:
    if pair is None:
        return fallback
    return pair[1] if lang == "en" else pair[0]


def text(key: str, lang: str = "id", **values: object) -> str:
    """The words of ``key`` in ``lang``, with ``values`` filled into its ``{placeholders}``."""
    words = _pick(TEXT.get(key), lang, key)
    return words.format(**values) if values else words


def column(name: str, lang: str = "id") -> str:
    """A result column's heading (with its unit); unknown ones are made readable."""
    return _pick(COLUMNS.get(name), lang, name.replace("_", " ").capitalize())


def service(code: str, lang: str = "id") -> str:
    """A service's short name for legends and axes."""
    return _pick(SERVICES.get(code), lang, code)


def reason(code: str, lang: str = "id") -> str:
    """Why the loader rejected a row, in words an admin can act on."""
    return _pick(REASONS.get(code), lang, code)


def status(code: str, lang: str = "id") -> str:
    """A KPI status (``on_track`` …) in words."""
    return text(f"status.{code}", lang)


def goal(code: str, lang: str = "id") -> str:
    """The MoU goal a KPI answers (``access`` …) in words."""
    return text(f"goal.{code}", lang)


def channel(code: str, lang: str = "id") -> str:
    """A channel (``LOKET`` …) in words."""
    return text(f"channel.{code}", lang)


MESSAGE_LANG = "en"
"""The language an error or note has before anyone knows its reader: English, as it has always
been. ``str()`` of a :class:`Phrase` (and so of an error raised with one) is this language."""


class Phrase(str):
    """A sentence that remembers its key and values, so it can be said again in another language.

    It *is* its English text (a ``str``), so an error raised with one (``raise
    AccessDeniedError(message("access.query", …))``) reads as before wherever ``str(error)`` is
    used: logs, the audit log, tests. Whoever knows the reader's language says it in that
    language with :func:`explain`. Values that are phrases themselves (a role's name) are said in
    the same language.
    """

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, values: dict[str, object] | None = None) -> Phrase:
        values = dict(values or {})
        self = super().__new__(cls, _say(key, MESSAGE_LANG, values))
        self.key, self.values = key, values
        return self

    def __getnewargs__(self) -> tuple[str, dict[str, object]]:  # type: ignore[override]
        return (self.key, self.values)

    def said(self, lang: str) -> str:
        return _say(self.key, lang, self.values)


def _say(key: str, lang: str, values: dict[str, object]) -> str:
    said = {k: v.said(lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    return text(key, lang, **said)


def message(key: str, **values: object) -> Phrase:
    """An error's or a note's sentence: English text that :func:`explain` can say in Indonesian.

    How refusals and errors reach people in their language: every :class:`~base.errors.PantauError`
    raised in ``pantau/`` is raised with a :class:`Phrase` (this function), never with a
    formatted string. The dashboard says it in the session's language (``dashboard.i18n.explain``).
    The CLI says it in the language given with ``--lang`` on the command line, and in English
    when ``--lang`` was not given (also on commands whose tables default to Indonesian), so
    scripts and the words on stderr stay as they were unless someone asks (``pantau/cli/main.py``).
    Errors raised below ``pantau`` (``etl``, ``base``: files that cannot be loaded) carry plain
    English sentences and stay English everywhere.
    """
    return Phrase(key, values)


def explain(said: object, lang: str) -> str:
    """An error's (or a phrase's) sentence in ``lang``; anything not raised with a
    :class:`Phrase` in its own words."""
    if isinstance(said, BaseException):
        said = said.args[0] if len(said.args) == 1 else str(said)
    if isinstance(said, Phrase):
        return said.said(lang)
    return str(said)
