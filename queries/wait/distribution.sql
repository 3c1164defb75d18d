-- title = { id = "Sebaran waktu tunggu", en = "Waiting-time distribution" }
-- description.id = "Jumlah pelanggan loket (kanal LOKET dan KELILING yang dilayani) per menit tunggu: ember 0 = kurang dari 1 menit, …, 59, dan 60 = satu jam atau lebih. Dengan pangsa (0–1) dan pangsa kumulatif. Dari histogram agg_wait_hist; saring kabupaten/kota kantor, kantor dan layanan."
-- description.en = "Counter customers (channels LOKET and KELILING, served) per minute of waiting: bucket 0 = under 1 minute, …, 59, and 60 = an hour or more. With share (0–1) and cumulative share. From the agg_wait_hist histogram; filter by the branch's kabupaten/kota, the branch and the service."
-- tags = ["wait"]
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
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
-- label = { id = "Kabupaten/kota", en = "Kabupaten/kota" }
--
-- [params.branch]
-- type = "choice"
-- choices = "meta/branches"
-- optional = true
-- label = { id = "Kantor (kosong = semua)", en = "Branch (empty = all)" }
--
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [chart]
-- kind = "histogram"
-- x = "wait_minute"
-- y = "customers"
--
-- [disclosure]
-- counts = ["customers"]
-- service_param = "service"
-- withhold = ["customers_share"]
-- withhold_all = ["cumulative_share"]
-- groups = [[]]
WITH h AS (
    SELECT w.wait_minute, sum(w.n) AS n
    FROM agg_wait_hist w
    JOIN branches b USING (branch_code)
    WHERE w.month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
      AND ($branch IS NULL OR w.branch_code = $branch)
      AND ($service IS NULL OR w.service_code = $service)
    GROUP BY w.wait_minute
), buckets AS (
    SELECT m::SMALLINT AS wait_minute FROM range(0, 61) AS r(m)
), c AS (
    SELECT k.wait_minute, coalesce(h.n, 0)::BIGINT AS customers
    FROM buckets k
    LEFT JOIN h USING (wait_minute)
)
SELECT wait_minute,
       CASE WHEN wait_minute = 60 THEN '60+' ELSE wait_minute::VARCHAR END AS wait_label,
       customers,
       (customers / NULLIF(sum(customers) OVER (), 0))::DOUBLE AS customers_share,
       (sum(customers) OVER (ORDER BY wait_minute) / NULLIF(sum(customers) OVER (), 0))::DOUBLE
           AS cumulative_share
FROM c
ORDER BY wait_minute
