-- title = { id = "Pangsa kecamatan terpencil", en = "Remote kecamatan share" }
-- description.id = "Per kabupaten/kota dan total provinsi (baris terakhir): pangsa penduduk yang tinggal di kecamatan terpencil dibandingkan pangsa transaksi layanan MoU yang selesai oleh penduduk kecamatan terpencil (menurut kode pos pelanggan). Indeks keterwakilan = pangsa transaksi ÷ pangsa penduduk (1 = sebanding, di bawah 1 = kurang terlayani); kosong bila kabupaten/kota tidak punya kecamatan terpencil. Pelanggan tanpa kode pos yang dikenali tidak dihitung."
-- description.en = "Per kabupaten/kota and the province total (last row): the share of residents living in remote kecamatan against the share of completed MoU-service transactions by residents of remote kecamatan (from the customer's postcode). Representation index = transaction share ÷ population share (1 = proportional, below 1 = under-served); empty when the kabupaten/kota has no remote kecamatan. Customers without a recognised postcode are not counted."
-- tags = ["reach", "region", "remote", "mou"]
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
-- [params.service]
-- type = "choice"
-- choices = "meta/mou_services"
-- optional = true
-- label = { id = "Layanan MoU (kosong = semua)", en = "MoU service (empty = all)" }
--
-- [chart]
-- kind = "bar"
-- x = "kabupaten"
-- y = "remote_population_share,remote_transaction_share"
--
-- [disclosure]
-- counts = ["transactions", "remote_transactions"]
-- service_param = "service"
-- withhold = ["remote_transaction_share", "representation_index"]
-- groups = [[]]
WITH prov AS (
    -- the province the query runs in (every province at once: 00, "Semua provinsi")
    SELECT CASE WHEN count(DISTINCT k.province_code) = 1 THEN min(k.province_code) ELSE '00' END
               AS code,
           CASE WHEN count(DISTINCT k.province_code) = 1 THEN 'Provinsi ' || min(p.name)
                ELSE 'Semua provinsi' END AS name
    FROM ref_kabupaten k
    JOIN ref_province p USING (province_code)
), residents AS (
    SELECT kecamatan_code, sum(n_completed) AS transactions
    FROM agg_customer_kecamatan_month
    WHERE mou_service
      AND month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
    GROUP BY kecamatan_code
), g AS (
    SELECT grouping(k.kabupaten_code) AS is_total,
           coalesce(k.kabupaten_code, (SELECT code FROM prov)) AS kabupaten_code,
           coalesce(kab.name, (SELECT name FROM prov)) AS kabupaten,
           count(*) AS kecamatan,
           count(*) FILTER (WHERE k.remote) AS remote_kecamatan,
           sum(k.population) AS population,
           coalesce(sum(k.population) FILTER (WHERE k.remote), 0) AS remote_population,
           coalesce(sum(r.transactions), 0) AS transactions,
           coalesce(sum(r.transactions) FILTER (WHERE k.remote), 0) AS remote_transactions
    FROM ref_kecamatan k
    JOIN ref_kabupaten kab USING (kabupaten_code)
    LEFT JOIN residents r USING (kecamatan_code)
    GROUP BY GROUPING SETS ((k.kabupaten_code, kab.name), ())
)
SELECT kabupaten_code,
       kabupaten,
       kecamatan::BIGINT AS kecamatan,
       remote_kecamatan::BIGINT AS remote_kecamatan,
       population::BIGINT AS population,
       remote_population::BIGINT AS remote_population,
       transactions::BIGINT AS transactions,
       remote_transactions::BIGINT AS remote_transactions,
       (remote_population / NULLIF(population, 0))::DOUBLE AS remote_population_share,
       (remote_transactions / NULLIF(transactions, 0))::DOUBLE AS remote_transaction_share,
       ((remote_transactions / NULLIF(transactions, 0))
           / NULLIF(remote_population / NULLIF(population, 0), 0))::DOUBLE
           AS representation_index
FROM g
ORDER BY is_total, kabupaten_code
