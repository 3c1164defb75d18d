-- title = { id = "Jangkauan per kecamatan", en = "Reach by kecamatan" }
-- description.id = "Setiap kecamatan di Lampung (juga yang tanpa transaksi): terlayani = ada kantor, agen atau Pos Keliling yang berkedudukan di kecamatan itu dengan paling sedikit satu transaksi layanan MoU yang selesai dalam periode; jumlah kantor yang berkedudukan di sana dan yang aktif; status terpencil dan alasannya; transaksi layanan MoU yang selesai oleh penduduknya (di kantor mana pun, menurut kode pos) dan per 1.000 penduduk; koordinat untuk peta."
-- description.en = "Every kecamatan in Lampung (also those without transactions): served = a branch, agent or mobile unit based in the kecamatan had at least one completed MoU-service transaction in the period; branches based there and active ones; remote flag and reason; completed MoU-service transactions by its residents (at any branch, from the postcode) and per 1,000 residents; coordinates for the map."
-- tags = ["reach", "region", "map", "mou"]
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
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [chart]
-- kind = "map"
-- x = "lon"
-- y = "lat"
-- color = "served"
-- size = "resident_transactions"
-- text = "kecamatan"
--
-- [disclosure]
-- counts = ["resident_transactions"]
-- service_param = "service"
-- withhold = ["resident_per_1000"]
-- groups = [[], ["kabupaten_code"]]
WITH active AS (
    SELECT branch_code
    FROM agg_branch_month
    WHERE mou_service
      AND n_completed > 0
      AND month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
    GROUP BY branch_code
), based AS (
    SELECT b.kecamatan_code,
           count(*) AS branches,
           count(a.branch_code) AS active_branches
    FROM branches b
    LEFT JOIN active a USING (branch_code)
    WHERE b.opened_on IS NULL OR b.opened_on < ($to_month::DATE + INTERVAL 1 MONTH)
    GROUP BY b.kecamatan_code
), waits AS (
    SELECT b.kecamatan_code,
           sum(m.n_within_standard) AS within,
           sum(m.n_waited) AS waited
    FROM agg_branch_month m
    JOIN branches b USING (branch_code)
    WHERE m.month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR m.service_code = $service)
    GROUP BY b.kecamatan_code
), residents AS (
    SELECT kecamatan_code, sum(n_completed) AS transactions
    FROM agg_customer_kecamatan_month
    WHERE mou_service
      AND month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
    GROUP BY kecamatan_code
)
SELECT k.kecamatan_code,
       k.name AS kecamatan,
       k.kabupaten_code,
       kab.name AS kabupaten,
       k.lat,
       k.lon,
       k.population,
       k.remote,
       k.remote_reason,
       k.dist_capital_km,
       coalesce(bs.branches, 0)::BIGINT AS branches,
       coalesce(bs.active_branches, 0)::BIGINT AS active_branches,
       coalesce(bs.active_branches, 0) > 0 AS served,
       coalesce(r.transactions, 0)::BIGINT AS resident_transactions,
       (1000 * coalesce(r.transactions, 0) / NULLIF(k.population, 0))::DOUBLE
           AS resident_per_1000,
       (w.within / NULLIF(w.waited, 0))::DOUBLE AS within_standard_share
FROM ref_kecamatan k
JOIN ref_kabupaten kab USING (kabupaten_code)
LEFT JOIN based bs USING (kecamatan_code)
LEFT JOIN residents r USING (kecamatan_code)
LEFT JOIN waits w USING (kecamatan_code)
WHERE $kabupaten IS NULL OR k.kabupaten_code = $kabupaten
ORDER BY k.kecamatan_code
