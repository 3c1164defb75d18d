-- title = { id = "Warga terlayani per 1.000 penduduk, terpencil dan lainnya", en = "Citizens served per 1,000 residents, remote and other" }
-- description.id = "Per kabupaten/kota tempat tinggal pelanggan (kode pos) dan total provinsi (baris terakhir; dengan saringan kabupaten/kota: kabupaten itu dan provinsi): warga berbeda (NIK valid yang dipseudonimkan) dengan transaksi layanan MoU selesai dalam periode, per 1.000 penduduk; sama untuk kecamatan terpencil dan kecamatan lain, dan rasionya (1 = merata). Membaca tabel transactions langsung: hitungan warga berbeda tidak bisa dijumlahkan dari ringkasan bulanan."
-- description.en = "Per kabupaten/kota where the customer lives (postcode) and the province total (last row; with a kabupaten filter: that kabupaten and the province): distinct citizens (valid pseudonymised NIKs) with a completed MoU-service transaction in the period, per 1,000 residents; the same for remote and for other kecamatan, and their ratio (1 = even). Reads the transactions table directly: distinct citizens cannot be summed from monthly summaries."
-- formula = { id = "warga_per_1000 = 1.000 × NIK valid berbeda ÷ penduduk; rasio_terpencil = warga per 1.000 penduduk kecamatan terpencil ÷ warga per 1.000 penduduk kecamatan lain", en = "citizens_per_1000 = 1,000 × distinct valid NIKs ÷ residents; remote_ratio = citizens per 1,000 residents of remote kecamatan ÷ citizens per 1,000 residents of other kecamatan" }
-- caveats = { id = "Tanpa NIK valid atau kode pos yang dikenali tidak dihitung. Warga dengan kode pos di dua wilayah dihitung di keduanya (sekali di baris provinsi), jadi baris kabupaten bisa berjumlah sedikit lebih dari provinsi.", en = "Without a valid NIK or a recognised postcode not counted. A citizen with postcodes in two areas counts in both (once in the province row), so the kabupaten rows may add up to slightly more than the province." }
-- tags = ["reach", "region", "remote", "inclusion"]
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
-- kind = "bar"
-- x = "kabupaten"
-- y = "remote_per_1000,other_per_1000"
WITH prov AS (
    -- the province the query runs in (every province at once: 00, "Semua provinsi")
    SELECT CASE WHEN count(DISTINCT k.province_code) = 1 THEN min(k.province_code) ELSE '00' END
               AS code,
           CASE WHEN count(DISTINCT k.province_code) = 1 THEN 'Provinsi ' || min(p.name)
                ELSE 'Semua provinsi' END AS name
    FROM ref_kabupaten k
    JOIN ref_province p USING (province_code)
), ck AS (
    -- one row per citizen and kabupaten, then per citizen: GROUP BYs run in parallel, where
    -- count(DISTINCT) with FILTERs in GROUPING SETS was 4-5x slower (measured on the demo)
    SELECT nik_pid,
           customer_kabupaten_code AS kabupaten_code,
           bool_or(customer_remote) AS remote,
           bool_or(NOT customer_remote) AS other
    FROM transactions
    WHERE arrived_at >= $from_month::DATE
      AND arrived_at < $to_month::DATE + INTERVAL 1 MONTH
      AND status = 'COMPLETED' AND mou_service AND nik_valid
      AND customer_kecamatan_code IS NOT NULL
      AND customer_kabupaten_code IN (SELECT kabupaten_code FROM ref_kabupaten)
    GROUP BY nik_pid, customer_kabupaten_code
), cp AS (
    SELECT nik_pid, bool_or(remote) AS remote, bool_or(other) AS other
    FROM ck
    GROUP BY nik_pid
), c AS (
    SELECT 0 AS is_total, kabupaten_code, count(*) AS citizens,
           count(*) FILTER (WHERE remote) AS remote_citizens,
           count(*) FILTER (WHERE other) AS other_citizens
    FROM ck
    GROUP BY kabupaten_code
    UNION ALL
    SELECT 1, (SELECT code FROM prov), count(*), count(*) FILTER (WHERE remote), count(*) FILTER (WHERE other)
    FROM cp
), p AS (
    SELECT grouping(k.kabupaten_code) AS is_total,
           coalesce(k.kabupaten_code, (SELECT code FROM prov)) AS kabupaten_code,
           coalesce(kab.name, (SELECT name FROM prov)) AS kabupaten,
           sum(k.population) AS population,
           coalesce(sum(k.population) FILTER (WHERE k.remote), 0) AS remote_population,
           coalesce(sum(k.population) FILTER (WHERE NOT k.remote), 0) AS other_population
    FROM ref_kecamatan k
    JOIN ref_kabupaten kab USING (kabupaten_code)
    GROUP BY GROUPING SETS ((k.kabupaten_code, kab.name), ())
), r AS (
    SELECT p.is_total, p.kabupaten_code, p.kabupaten, p.population,
           coalesce(c.citizens, 0) AS citizens,
           p.remote_population, coalesce(c.remote_citizens, 0) AS remote_citizens,
           p.other_population, coalesce(c.other_citizens, 0) AS other_citizens
    FROM p
    LEFT JOIN c USING (is_total, kabupaten_code)
    WHERE p.is_total = 1 OR $kabupaten IS NULL OR p.kabupaten_code = $kabupaten
)
SELECT kabupaten_code,
       kabupaten,
       population::BIGINT AS population,
       citizens::BIGINT AS citizens,
       (1000 * citizens / NULLIF(population, 0))::DOUBLE AS citizens_per_1000,
       remote_population::BIGINT AS remote_population,
       remote_citizens::BIGINT AS remote_citizens,
       (1000 * remote_citizens / NULLIF(remote_population, 0))::DOUBLE AS remote_per_1000,
       other_population::BIGINT AS other_population,
       other_citizens::BIGINT AS other_citizens,
       (1000 * other_citizens / NULLIF(other_population, 0))::DOUBLE AS other_per_1000,
       ((remote_citizens / NULLIF(remote_population, 0))
           / NULLIF(other_citizens / NULLIF(other_population, 0), 0))::DOUBLE AS remote_ratio
FROM r
ORDER BY is_total, kabupaten_code
