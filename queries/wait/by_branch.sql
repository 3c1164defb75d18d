-- title = { id = "Waktu tunggu per kantor", en = "Waiting time by branch" }
-- description.id = "Per kantor yang melayani di loket (kanal LOKET dan KELILING): pelanggan loket, rata-rata, median dan persentil 90 waktu tunggu (menit), dan pangsa yang dilayani dalam standar layanan (0–1). Median dan p90 dari histogram per menit: menit terkecil yang jumlah kumulatifnya mencapai 50%/90%, jadi tepat sampai satu menit (nilai 9 berarti 9 sampai di bawah 10 menit; 60 berarti satu jam atau lebih). Kantor dengan pelanggan loket lebih sedikit dari batas minimum tidak ditampilkan."
-- description.en = "Per branch serving at a counter (channels LOKET and KELILING): counter customers, mean, median and 90th-percentile wait (minutes), and the share served within the service standard (0–1). Median and p90 come from the one-minute histogram: the smallest minute whose cumulative count reaches 50%/90%, so they are exact to within one minute (9 means 9 to under 10 minutes; 60 means an hour or more). Branches with fewer counter customers than the minimum are left out."
-- tags = ["wait", "branch"]
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
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [params.min_customers]
-- type = "integer"
-- default = 30
-- min = 1
-- label = { id = "Pelanggan loket minimum", en = "Minimum counter customers" }
--
-- [chart]
-- kind = "scatter"
-- x = "counter_customers"
-- y = "p90_wait_min"
-- color = "type"
-- text = "branch"
--
-- [disclosure]
-- counts = ["counter_customers"]
-- service_param = "service"
-- withhold = ["mean_wait_min", "median_wait_min", "p90_wait_min", "within_standard_share"]
-- groups = [[]]
WITH m AS (
    SELECT branch_code,
           sum(n_waited) AS counter_customers,
           sum(wait_seconds_sum) AS wait_seconds,
           sum(n_within_standard) AS within_standard
    FROM agg_branch_month
    WHERE month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
    GROUP BY branch_code
), h AS (
    SELECT branch_code, wait_minute, sum(n) AS n
    FROM agg_wait_hist
    WHERE month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
    GROUP BY branch_code, wait_minute
), cum AS (
    SELECT branch_code, wait_minute,
           sum(n) OVER (PARTITION BY branch_code ORDER BY wait_minute) AS cum_n,
           sum(n) OVER (PARTITION BY branch_code) AS total_n
    FROM h
), pct AS (
    SELECT branch_code,
           min(wait_minute) FILTER (WHERE 2 * cum_n >= total_n) AS p50,
           min(wait_minute) FILTER (WHERE 10 * cum_n >= 9 * total_n) AS p90
    FROM cum
    GROUP BY branch_code
)
SELECT b.branch_code,
       b.name AS branch,
       b.type,
       b.kabupaten_code,
       k.name AS kabupaten,
       m.counter_customers::BIGINT AS counter_customers,
       (m.wait_seconds / NULLIF(m.counter_customers, 0) / 60)::DOUBLE AS mean_wait_min,
       p.p50::DOUBLE AS median_wait_min,
       p.p90::DOUBLE AS p90_wait_min,
       (m.within_standard / NULLIF(m.counter_customers, 0))::DOUBLE AS within_standard_share
FROM m
JOIN branches b USING (branch_code)
JOIN ref_kabupaten k ON k.kabupaten_code = b.kabupaten_code
LEFT JOIN pct p USING (branch_code)
WHERE m.counter_customers >= $min_customers
  AND ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
ORDER BY mean_wait_min DESC, b.branch_code
