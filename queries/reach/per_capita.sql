-- title = { id = "Transaksi MoU per 1.000 penduduk", en = "MoU transactions per 1,000 residents" }
-- description.id = "Per kabupaten/kota tempat tinggal pelanggan (dari kode pos), untuk satu periode: transaksi selesai layanan MoU per 1.000 penduduk, dan transaksi Samsat (PKB + perpanjangan STNK 5 tahunan) per 1.000 kendaraan terdaftar (2023). Transaksi tanpa kode pos yang dikenali (sekitar 3–4%) tidak dihitung; angkanya untuk seluruh periode, bukan per tahun. Baris terakhir = provinsi (kode provinsi). Saring kanal."
-- description.en = "Per kabupaten/kota where the customer lives (from the postcode), for a period: completed MoU-service transactions per 1,000 residents, and Samsat transactions (PKB + five-yearly STNK renewal) per 1,000 registered vehicles (2023). Transactions without a recognised postcode (about 3–4%) are not counted; rates are for the whole period, not per year. The last row is the province (its province code). Filter by channel."
-- tags = ["reach", "region", "mou", "samsat"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month-11m"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [params.channels]
-- type = "list"
-- choices = ["LOKET", "AGEN", "KELILING", "ONLINE"]
-- default = []
-- label = { id = "Kanal (kosong = semua)", en = "Channels (empty = all)" }
--
-- [chart]
-- kind = "bar"
-- x = "kabupaten"
-- y = "mou_per_1000_residents"
WITH prov AS (
    -- the province the query runs in (every province at once: 00, "Semua provinsi")
    SELECT CASE WHEN count(DISTINCT k.province_code) = 1 THEN min(k.province_code) ELSE '00' END
               AS code,
           CASE WHEN count(DISTINCT k.province_code) = 1 THEN 'Provinsi ' || min(p.name)
                ELSE 'Semua provinsi' END AS name
    FROM ref_kabupaten k
    JOIN ref_province p USING (province_code)
), c AS (
    SELECT kabupaten_code,
           sum(n_completed) FILTER (WHERE mou_service) AS mou_transactions,
           sum(n_completed) FILTER (WHERE service_code IN ('PKB', 'STNK5')) AS samsat_transactions
    FROM agg_customer_kecamatan_month
    WHERE month BETWEEN $from_month AND $to_month
      AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], channel))
    GROUP BY kabupaten_code
), k AS (
    SELECT grouping(k.kabupaten_code) AS is_total,
           coalesce(k.kabupaten_code, (SELECT code FROM prov)) AS kabupaten_code,
           coalesce(k.name, (SELECT name FROM prov)) AS kabupaten,
           sum(k.population)::BIGINT AS population,
           sum(k.vehicles_2023)::BIGINT AS vehicles_2023,
           coalesce(sum(c.mou_transactions), 0)::BIGINT AS mou_transactions,
           coalesce(sum(c.samsat_transactions), 0)::BIGINT AS samsat_transactions
    FROM ref_kabupaten k
    LEFT JOIN c USING (kabupaten_code)
    GROUP BY GROUPING SETS ((k.kabupaten_code, k.name), ())
)
SELECT kabupaten_code,
       kabupaten,
       population,
       mou_transactions,
       (1000 * mou_transactions / NULLIF(population, 0))::DOUBLE AS mou_per_1000_residents,
       vehicles_2023,
       samsat_transactions,
       (1000 * samsat_transactions / NULLIF(vehicles_2023, 0))::DOUBLE AS samsat_per_1000_vehicles
FROM k
ORDER BY is_total, kabupaten_code
