-- title = { id = "Inklusi: warga terlayani menurut jenis kelamin dan umur", en = "Inclusion: citizens served by sex and age" }
-- description.id = "Warga berbeda (NIK valid yang dipseudonimkan) dengan transaksi layanan MoU selesai dalam periode, menurut jenis kelamin (P perempuan, L laki-laki) dan kelompok umur pada tanggal transaksi (<25, 25-39, 40-59, 60+), dengan pangsanya. Jenis kelamin dan kelompok umur dibaca dari NIK saat dimuat, sebelum NIK dipseudonimkan; gudang hanya menyimpan kelompoknya, tidak pernah tanggal lahir. Saringan kabupaten/kota memakai tempat tinggal pelanggan (kode pos). Sel kecil layanan kesehatan (BPJS) disembunyikan (<10). Membaca tabel transactions langsung (hitungan warga berbeda)."
-- description.en = "Distinct citizens (valid pseudonymised NIKs) with a completed MoU-service transaction in the period, by sex (P women, L men) and age band at the transaction date (<25, 25-39, 40-59, 60+), with their shares. Sex and age band are read from the NIK at load time, before it is pseudonymised; the warehouse keeps only the band, never a birth date. The kabupaten filter uses where customers live (postcode). Small cells of a health service (BPJS) are suppressed (<10). Reads the transactions table directly (distinct citizens)."
-- formula = { id = "warga = NIK valid berbeda per jenis kelamin × kelompok umur; pangsa = warga sel ÷ jumlah warga semua sel", en = "citizens = distinct valid NIKs per sex × age band; share = the cell's citizens ÷ the citizens of all cells" }
-- caveats = { id = "NIK mencatat tahun lahir dua angka: abad dipilih sehingga umur 0–99 pada tanggal transaksi (orang berumur 100+ terbaca 100 tahun lebih muda). Baris yang dimuat sebelum migrasi 6 (versi Pantau sebelum Desember 2026) tidak punya kelompok dan tidak dihitung; memuat ulang berkas yang sama tidak mengisinya (baris sama = duplikat), membangun ulang gudang mengisinya. Warga yang pindah kelompok umur dalam periode (ulang tahun) dihitung di kedua kelompok. Tanpa NIK valid (sekitar 5%) tidak dihitung; NIK pembayar, bukan selalu penerima manfaat. Belum ada penduduk per jenis kelamin dan umur di data/reference, jadi tidak ada angka per 1.000 per kelompok.", en = "A NIK records a two-digit birth year: the century is chosen so that the age is 0–99 at the transaction date (a person of 100+ reads 100 years younger). Rows loaded before migration 6 (Pantau versions before December 2026) have no band and are not counted; re-loading the same file does not fill them (same row = duplicate), rebuilding the warehouse does. A citizen who moves to the next band within the period (a birthday) counts in both. Without a valid NIK (about 5%) not counted; the payer's NIK, not always the beneficiary's. data/reference has no population by sex and age yet, so there is no per-1,000 figure per band." }
-- tags = ["reach", "inclusion"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [params.service]
-- type = "choice"
-- choices = "meta/mou_services"
-- optional = true
-- label = { id = "Layanan MoU (kosong = semua)", en = "MoU service (empty = all)" }
--
-- [chart]
-- kind = "bar"
-- x = "age_band"
-- y = "citizens"
-- color = "sex"
--
-- [disclosure]
-- counts = ["citizens"]
-- service_param = "service"
-- withhold = ["citizens_share"]
-- groups = [[]]
WITH people AS (
    -- one row per citizen and band, then counted (a GROUP BY runs in parallel;
    -- count(DISTINCT) did not)
    SELECT citizen_sex AS sex, citizen_age_band AS age_band, nik_pid
    FROM transactions
    WHERE arrived_at >= $from_month::DATE
      AND arrived_at < $to_month::DATE + INTERVAL 1 MONTH
      AND status = 'COMPLETED' AND mou_service AND nik_valid
      AND citizen_sex IS NOT NULL AND citizen_age_band IS NOT NULL
      AND ($service IS NULL OR service_code = $service)
      AND ($kabupaten IS NULL OR customer_kabupaten_code = $kabupaten)
    GROUP BY ALL
), cells AS (
    SELECT sex, age_band, count(*) AS citizens FROM people GROUP BY ALL
), grid AS (
    SELECT s.sex, s.sex_order, b.age_band, b.band_order
    FROM (VALUES ('P', 1), ('L', 2)) s(sex, sex_order)
    CROSS JOIN (VALUES ('<25', 1), ('25-39', 2), ('40-59', 3), ('60+', 4)) b(age_band, band_order)
)
SELECT g.sex,
       g.age_band,
       coalesce(c.citizens, 0)::BIGINT AS citizens,
       (coalesce(c.citizens, 0) / NULLIF(sum(coalesce(c.citizens, 0)) OVER (), 0))::DOUBLE
           AS citizens_share
FROM grid g
LEFT JOIN cells c USING (sex, age_band)
ORDER BY g.sex_order, g.band_order
