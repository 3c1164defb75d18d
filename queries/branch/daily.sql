-- title = { id = "Kantor: volume dan waktu tunggu harian", en = "Branch: daily volumes and waits" }
-- description.id = "Untuk satu kantor, per hari dalam periode: transaksi terdaftar dan selesai, pelanggan loket (kanal LOKET dan KELILING yang dilayani), median dan p90 waktu tunggu mereka (menit penuh: menit terkecil yang jumlah kumulatifnya mencapai 50%/90%, seperti histogram per menit; 60 = satu jam atau lebih) dan pangsa dalam standar (setiap pelanggan dibanding standar layanannya, 0–1). Hanya hari dengan transaksi; hari kerja tanpa data ada di daftar hari tanpa data. Membaca tabel transaksi yang disaring per kantor (ringkasan harian per kantor tidak menyimpan waktu tunggu)."
-- description.en = "For one branch, per day of the period: registered and completed transactions, counter customers (channels LOKET and KELILING, served), their median and p90 wait (whole minutes: the smallest minute whose cumulative count reaches 50%/90%, as in the one-minute histogram; 60 = an hour or more) and the share within the standard (each customer against their service's standard, 0–1). Only days with transactions; working days without data are in the missing-days list. Reads the transactions table filtered to the branch (the per-branch daily summary keeps no waits)."
-- tags = ["branch", "wait", "time"]
--
-- [params.branch]
-- type = "choice"
-- choices = "meta/branches"
-- default = "first"
-- label = { id = "Kantor", en = "Branch" }
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
-- [chart]
-- kind = "line"
-- x = "day"
-- y = "median_wait_min,p90_wait_min"
WITH rows AS (
    SELECT t.arrived_at::DATE AS day,
           t.status,
           t.channel IN ('LOKET', 'KELILING') AND t.served_at IS NOT NULL AS waited,
           least(t.wait_seconds // 60, 60) AS wait_minute,
           t.wait_seconds <= s.wait_standard_min * 60 AS within_standard
    FROM transactions t
    JOIN ref_services s USING (service_code)
    WHERE t.branch_code = $branch
      AND t.arrived_at >= $from_month
      AND t.arrived_at < $to_month::DATE + INTERVAL 1 MONTH
), counts AS (
    SELECT day,
           count(*) AS registered,
           count(*) FILTER (WHERE status = 'COMPLETED') AS transactions,
           count(*) FILTER (WHERE waited) AS counter_customers,
           count(*) FILTER (WHERE waited AND within_standard) AS within_standard
    FROM rows
    GROUP BY day
), hist AS (
    SELECT day, wait_minute, count(*) AS n FROM rows WHERE waited GROUP BY day, wait_minute
), pct AS (
    SELECT day,
           min(wait_minute) FILTER (WHERE 2 * cum_n >= total_n) AS p50,
           min(wait_minute) FILTER (WHERE 10 * cum_n >= 9 * total_n) AS p90
    FROM (
        SELECT day, wait_minute,
               sum(n) OVER (PARTITION BY day ORDER BY wait_minute) AS cum_n,
               sum(n) OVER (PARTITION BY day) AS total_n
        FROM hist
    )
    GROUP BY day
)
SELECT c.day,
       c.registered::BIGINT AS registered,
       c.transactions::BIGINT AS transactions,
       c.counter_customers::BIGINT AS counter_customers,
       p.p50::DOUBLE AS median_wait_min,
       p.p90::DOUBLE AS p90_wait_min,
       (c.within_standard / NULLIF(c.counter_customers, 0))::DOUBLE AS within_standard_share
FROM counts c
LEFT JOIN pct p USING (day)
ORDER BY c.day
