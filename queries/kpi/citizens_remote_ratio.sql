-- title = { id = "Rasio jangkauan warga terpencil", en = "Remote citizen reach ratio" }
-- description.id = "Warga terlayani per 1.000 penduduk kecamatan terpencil dibagi angka yang sama untuk kecamatan lain, menurut kecamatan tempat tinggal pelanggan (kode pos). 1,0 = jangkauan merata; di bawah 1 = penduduk kecamatan terpencil lebih jarang terlayani. Membaca tabel transactions langsung (hitungan warga berbeda; lihat kpi/citizens_per_1000)."
-- description.en = "Citizens served per 1,000 residents of remote kecamatan divided by the same figure for the other kecamatan, by the customer's home kecamatan (postcode). 1.0 = even reach; below 1 = residents of remote kecamatan are served less often. Reads the transactions table directly (distinct citizens; see kpi/citizens_per_1000)."
-- formula = { id = "(warga terlayani dari kecamatan terpencil ÷ penduduk kecamatan terpencil) ÷ (warga terlayani dari kecamatan lain ÷ penduduk kecamatan lain); warga = NIK valid berbeda dengan transaksi layanan MoU selesai dalam periode", en = "(citizens served living in remote kecamatan ÷ residents of remote kecamatan) ÷ (citizens served living in other kecamatan ÷ residents of other kecamatan); citizens = distinct valid NIKs with a completed MoU-service transaction in the period" }
-- caveats = { id = "Kosong bila wilayah tidak punya kecamatan terpencil. Status terpencil dari data/reference (jarak ke ibu kota dan kantor). Transaksi tanpa NIK valid atau kode pos yang dikenali tidak dihitung; warga yang tercatat dengan kode pos di kedua golongan dihitung di keduanya.", en = "Empty when the area has no remote kecamatan. Remoteness from data/reference (distance to the capital and branches). Transactions without a valid NIK or a recognised postcode are not counted; a citizen recorded with postcodes in both groups counts in both." }
-- tags = ["kpi", "reach", "remote"]
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
-- [chart]
-- kind = "table"
-- value = "value"
WITH has_data AS (
    SELECT count(*) > 0 AS ok FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
),
-- one row per citizen (a GROUP BY runs in parallel; count(DISTINCT) did not): whether they
-- were seen living in a remote kecamatan, in another one (both when both)
people AS (
    SELECT nik_pid,
           bool_or(customer_remote) AS remote,
           bool_or(NOT customer_remote) AS other
    FROM transactions
    WHERE arrived_at >= $from_month::DATE
      AND arrived_at < $to_month::DATE + INTERVAL 1 MONTH
      AND status = 'COMPLETED' AND mou_service AND nik_valid
      AND customer_kecamatan_code IS NOT NULL
      AND customer_kabupaten_code IN (SELECT kabupaten_code FROM ref_kabupaten)
      AND ($kabupaten IS NULL OR customer_kabupaten_code = $kabupaten)
    GROUP BY nik_pid
),
served AS (
    SELECT count(*) FILTER (WHERE remote) AS remote_citizens,
           count(*) FILTER (WHERE other) AS other_citizens
    FROM people
),
residents AS (
    SELECT coalesce(sum(population) FILTER (WHERE remote), 0) AS remote_population,
           coalesce(sum(population) FILTER (WHERE NOT remote), 0) AS other_population
    FROM ref_kecamatan
    WHERE ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
),
rates AS (
    SELECT s.remote_citizens, r.remote_population, s.other_citizens, r.other_population,
           1000 * s.remote_citizens / nullif(r.remote_population, 0) AS remote_per_1000,
           1000 * s.other_citizens / nullif(r.other_population, 0) AS other_per_1000
    FROM served s CROSS JOIN residents r
)
SELECT remote_per_1000::DOUBLE AS numerator,
       other_per_1000::DOUBLE AS denominator,
       remote_citizens::BIGINT AS remote_citizens,
       remote_population::BIGINT AS remote_population,
       other_citizens::BIGINT AS other_citizens,
       other_population::BIGINT AS other_population,
       CASE WHEN (SELECT ok FROM has_data)
            THEN remote_per_1000 / nullif(other_per_1000, 0) END::DOUBLE AS value
FROM rates
