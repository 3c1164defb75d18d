-- title = { id = "Kantor dengan waktu tunggu di atas standar beberapa hari kerja berturut-turut", en = "Branches whose waits ran over the standard for several working days in a row" }
-- description.id = "Kantor yang sudah buka dan, pada setiap hari dari N hari kerja terakhirnya, melayani kurang dari pangsa minimum pelanggan loket (kanal LOKET dan KELILING yang dilayani, semua layanan) dalam standar waktu tunggu layanannya. Hari kerja kantor = hari dengan sedikitnya jumlah minimum pelanggan loket (hari yang lebih sepi tidak dihitung, baik sebagai hari buruk maupun baik, dan tidak memutus deretan); N hari kerja terakhir dihitung sampai hari terakhir berdata di seluruh gudang (seperti quality/silent_branches), jadi kantor yang punya kurang dari N hari kerja tidak ditampilkan. Dari agg_branch_day. Pangsa dalam standar = pelanggan dalam standar ÷ pelanggan loket, digabung atas N hari itu; pangsa harian terendah juga ditampilkan."
-- description.en = "Open branches that, on every one of their latest N working days, served fewer than the minimum share of their counter customers (channels LOKET and KELILING, served, all services) within their service's waiting standard. A branch's working day = a day with at least the minimum number of counter customers (a quieter day counts neither as a bad nor as a good day, and does not break the run); the latest N working days are taken up to the latest day with data in the whole warehouse (as quality/silent_branches), so a branch with fewer than N working days is not listed. From agg_branch_day. Share within standard = customers within the standard ÷ counter customers, pooled over those N days; the lowest daily share is shown too."
-- tags = ["alerts", "branch", "wait"]
--
-- [params.days]
-- type = "integer"
-- default = 3
-- min = 1
-- label = { id = "Hari kerja berturut-turut", en = "Consecutive working days" }
--
-- [params.min_share]
-- type = "number"
-- default = 0.8
-- min = 0
-- max = 1
-- label = { id = "Pangsa dalam standar minimum (pecahan, 0,8 = 80%)", en = "Minimum share within standard (fraction, 0.8 = 80%)" }
--
-- [params.min_customers]
-- type = "integer"
-- default = 10
-- min = 1
-- label = { id = "Pelanggan loket minimum per hari", en = "Minimum counter customers per day" }
--
-- [params.within_days]
-- type = "integer"
-- default = 14
-- min = 1
-- label = { id = "Hanya hari dalam N hari terakhir berdata", en = "Only days within the last N days with data" }
--
-- [chart]
-- kind = "table"
-- value = "share_within_standard"
WITH latest AS (SELECT max(day) AS day FROM agg_branch_day),
working AS (
    -- each branch's working days, newest first (all of them up to the latest day with data)
    SELECT branch_code, day, n_waited, n_within_standard,
           n_within_standard::DOUBLE / NULLIF(n_waited, 0) AS day_share,
           row_number() OVER (PARTITION BY branch_code ORDER BY day DESC) AS recency
    FROM agg_branch_day
    WHERE n_waited >= $min_customers
      -- a run that ended weeks ago is history, not an alert (the silence rule covers a branch
      -- that stopped sending)
      AND day > (SELECT day FROM latest) - $within_days::INTEGER
),
run AS (
    SELECT branch_code,
           min(day) AS first_day,
           max(day) AS last_day,
           count(*) AS days,
           sum(n_waited) AS customers,
           sum(n_within_standard) AS within_standard,
           min(day_share) AS lowest_day_share,
           count(*) FILTER (WHERE day_share < $min_share) AS low_days
    FROM working
    WHERE recency <= $days
    GROUP BY branch_code
)
SELECT r.branch_code,
       b.name AS branch,
       b.type,
       k.name AS kabupaten,
       r.first_day,
       r.last_day,
       r.days::BIGINT AS days,
       r.customers::BIGINT AS customers,
       r.within_standard::BIGINT AS within_standard,
       (r.within_standard::DOUBLE / NULLIF(r.customers, 0))::DOUBLE AS share_within_standard,
       r.lowest_day_share::DOUBLE AS lowest_day_share
FROM run r
JOIN branches b USING (branch_code)
JOIN ref_kabupaten k USING (kabupaten_code)
WHERE r.low_days = $days  -- so it has that many working days, each one below the share
  AND coalesce(b.opened_on, DATE '1900-01-01') <= (SELECT day FROM latest)
ORDER BY share_within_standard, r.branch_code
