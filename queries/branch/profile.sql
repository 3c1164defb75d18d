-- title = { id = "Profil kantor dibanding kantor sejenis dan provinsi", en = "Branch profile against peers and the province" }
-- description.id = "Satu kantor di samping kantor sejenis (jenis yang sama: KC, KCP, AGEN atau KELILING; tanpa kantor ini) dan seluruh provinsi, untuk satu periode. Kelompok pembanding hanya berisi kantor yang aktif (paling sedikit satu transaksi terdaftar) dalam periode. Volume (transaksi, pelanggan loket, hari aktif) ditampilkan per kantor (rata-rata kelompok); rasio dan waktu tunggu dihitung dari gabungan semua transaksi kelompok. Median dan p90 dari histogram per menit (tepat sampai satu menit). Pertumbuhan = dibanding bulan yang sama setahun sebelumnya (kosong bila belum ada datanya). Kelompok sejenis dengan kurang dari 3 kantor tidak ditampilkan, agar satu kantor lain tidak dapat dikenali; pertumbuhan kelompok ikut menghitung kantor yang baru buka (tahun lalu nol), jadi bisa jauh di atas pertumbuhan kantor lama. Bawaan: kantor pertama dalam daftar (KC diurutkan lebih dulu)."
-- description.en = "One branch beside its peers (the same type: KC, KCP, AGEN or KELILING; without this branch) and the whole province, for a period. Comparison groups hold only branches active in the period (at least one registered transaction). Volumes (transactions, counter customers, active days) are per branch (the group's mean); ratios and waiting times are pooled over all the group's transactions. Median and p90 come from the one-minute histogram (exact to within one minute). Growth = against the same months a year earlier (empty without data for them). A peer group of fewer than 3 branches is not shown, so that no single other branch can be made out; a group's growth includes branches opened since (zero last year), so it can be well above that of established branches. Default: the first branch in the list (KC branches come first)."
-- tags = ["branch", "profile"]
--
-- [params.branch]
-- type = "choice"
-- choices = "meta/branches"
-- default = "first"
-- label = { id = "Kantor", en = "Branch" }
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
-- [chart]
-- kind = "table"
WITH agg AS (
    SELECT branch_code,
           sum(n_total) AS registered,
           sum(n_completed) AS transactions,
           sum(n_completed) FILTER (WHERE mou_service) AS mou_transactions,
           sum(n_waited) AS counter_customers,
           sum(wait_seconds_sum) AS wait_seconds,
           sum(n_within_standard) AS within_standard,
           sum(n_served) AS served,
           sum(service_seconds_sum) AS service_seconds
    FROM agg_branch_month
    WHERE month BETWEEN $from_month AND $to_month
    GROUP BY branch_code
), prev AS (
    SELECT branch_code, sum(n_completed) AS transactions
    FROM agg_branch_month
    WHERE month BETWEEN ($from_month::DATE - INTERVAL 12 MONTH)::DATE
                    AND ($to_month::DATE - INTERVAL 12 MONTH)::DATE
    GROUP BY branch_code
), prev_covered AS (
    SELECT ($from_month::DATE - INTERVAL 12 MONTH)::DATE >= min(month) AS covered
    FROM agg_branch_month
), days AS (
    SELECT branch_code, count(*) AS days_active
    FROM agg_branch_day
    WHERE month BETWEEN $from_month AND $to_month AND n_total > 0
    GROUP BY branch_code
), per_branch AS (
    SELECT b.branch_code,
           b.name,
           b.type,
           coalesce(a.registered, 0) > 0 AS active,
           coalesce(a.registered, 0) AS registered,
           coalesce(a.transactions, 0) AS transactions,
           coalesce(a.mou_transactions, 0) AS mou_transactions,
           CASE WHEN pc.covered THEN coalesce(p.transactions, 0) END AS transactions_prev_year,
           coalesce(a.counter_customers, 0) AS counter_customers,
           coalesce(a.wait_seconds, 0) AS wait_seconds,
           coalesce(a.within_standard, 0) AS within_standard,
           coalesce(a.served, 0) AS served,
           coalesce(a.service_seconds, 0) AS service_seconds,
           coalesce(d.days_active, 0) AS days_active
    FROM branches b
    CROSS JOIN prev_covered pc
    LEFT JOIN agg a USING (branch_code)
    LEFT JOIN prev p USING (branch_code)
    LEFT JOIN days d USING (branch_code)
), this AS (
    SELECT branch_code, name, type FROM branches WHERE branch_code = $branch
), scoped AS (
    SELECT 1 AS scope_order, 'branch' AS scope,
           'Kantor ini: ' || t.branch_code || ' · ' || coalesce(t.name, '?') AS scope_label,
           'This branch: ' || t.branch_code || ' · ' || coalesce(t.name, '?') AS scope_label_en,
           pb.*
    FROM per_branch pb JOIN this t USING (branch_code)
    UNION ALL
    SELECT 2, 'peers',
           'Kantor sejenis (' || t.type || '), per kantor',
           'Peers (' || t.type || '), per branch',
           pb.*
    FROM per_branch pb JOIN this t ON pb.type = t.type AND pb.branch_code <> t.branch_code
    WHERE pb.active
    UNION ALL
    SELECT 3, 'province', 'Provinsi Lampung, per kantor', 'Lampung province, per branch', pb.*
    FROM per_branch pb
    WHERE pb.active
), hist AS (
    SELECT s.scope_order, w.wait_minute, sum(w.n) AS n
    FROM scoped s
    JOIN agg_wait_hist w USING (branch_code)
    WHERE w.month BETWEEN $from_month AND $to_month
    GROUP BY s.scope_order, w.wait_minute
), pct AS (
    SELECT scope_order,
           min(wait_minute) FILTER (WHERE 2 * cum_n >= total_n) AS p50,
           min(wait_minute) FILTER (WHERE 10 * cum_n >= 9 * total_n) AS p90
    FROM (
        SELECT scope_order, wait_minute,
               sum(n) OVER (PARTITION BY scope_order ORDER BY wait_minute) AS cum_n,
               sum(n) OVER (PARTITION BY scope_order) AS total_n
        FROM hist
    )
    GROUP BY scope_order
), g AS (
    SELECT scope_order,
           any_value(scope) AS scope,
           any_value(scope_label) AS scope_label,
           any_value(scope_label_en) AS scope_label_en,
           count(*) AS branches,
           sum(registered) AS registered,
           sum(transactions) AS transactions,
           sum(mou_transactions) AS mou_transactions,
           sum(transactions_prev_year) AS transactions_prev_year,
           sum(counter_customers) AS counter_customers,
           sum(wait_seconds) AS wait_seconds,
           sum(within_standard) AS within_standard,
           sum(served) AS served,
           sum(service_seconds) AS service_seconds,
           sum(days_active) AS days_active
    FROM scoped
    GROUP BY scope_order
)
SELECT g.scope,
       g.scope_label,
       g.scope_label_en,
       g.branches::BIGINT AS branches,
       (g.transactions / g.branches)::DOUBLE AS transactions_per_branch,
       (g.mou_transactions / g.branches)::DOUBLE AS mou_transactions_per_branch,
       (g.mou_transactions / NULLIF(g.transactions, 0))::DOUBLE AS mou_share,
       ((g.registered - g.transactions) / NULLIF(g.registered, 0))::DOUBLE AS not_completed_share,
       ((g.transactions - g.transactions_prev_year) / NULLIF(g.transactions_prev_year, 0))::DOUBLE
           AS growth_share,
       (g.counter_customers / g.branches)::DOUBLE AS counter_customers_per_branch,
       (g.wait_seconds / NULLIF(g.counter_customers, 0) / 60)::DOUBLE AS mean_wait_min,
       p.p50::DOUBLE AS median_wait_min,
       p.p90::DOUBLE AS p90_wait_min,
       (g.within_standard / NULLIF(g.counter_customers, 0))::DOUBLE AS within_standard_share,
       (g.service_seconds / NULLIF(g.served, 0) / 60)::DOUBLE AS mean_service_min,
       (g.days_active / g.branches)::DOUBLE AS days_active_per_branch
FROM g
LEFT JOIN pct p USING (scope_order)
WHERE g.scope <> 'peers' OR g.branches >= 3  -- fewer peers than 3 would single one out
ORDER BY g.scope_order
