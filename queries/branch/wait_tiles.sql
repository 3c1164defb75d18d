-- title = { id = "Kantor: waktu tunggu dibanding standar dan kantor sejenis", en = "Branch: waiting time against the standard and its peers" }
-- description.id = "Satu baris untuk satu kantor dan periode: pelanggan loket (kanal LOKET dan KELILING yang dilayani), median dan p90 waktu tunggu (menit, dari histogram per menit, tepat sampai satu menit) dan pangsa dalam standar (setiap pelanggan dibanding standar layanannya); standar waktu tunggu layanan MoU (menit); angka yang sama untuk kantor sejenis (jenis yang sama, tanpa kantor ini, yang punya pelanggan loket dalam periode; dihitung dari gabungan pelanggan mereka) dan peringkat kantor ini di antara kantor sejenis menurut pangsa dalam standar (1 = pangsa tertinggi; kantor dengan pangsa sama mendapat peringkat yang sama, yaitu 1 + jumlah kantor dengan pangsa lebih tinggi). Kelompok sejenis dengan kurang dari 3 kantor tidak dibandingkan dan tidak diperingkat (agar satu kantor lain tidak dapat dikenali); jumlah kantornya tetap ditampilkan."
-- description.en = "One row for one branch and period: counter customers (channels LOKET and KELILING, served), median and p90 wait (minutes, from the one-minute histogram, exact to within one minute) and the share within the standard (each customer against their service's standard); the MoU services' waiting standard (minutes); the same figures for its peers (the same type, without this branch, with counter customers in the period; pooled over their customers) and this branch's rank among them by share within the standard (1 = highest share; branches with equal shares share a rank, 1 + the number of branches with a higher share). A peer group of fewer than 3 branches is neither compared nor ranked (so that no single other branch can be made out); its size is still shown."
-- tags = ["branch", "wait"]
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
WITH this AS (
    SELECT branch_code, type FROM branches WHERE branch_code = $branch
), per_branch AS (
    -- every branch of this type with counter customers in the period
    SELECT m.branch_code,
           sum(m.n_waited) AS customers,
           sum(m.n_within_standard) AS within_standard
    FROM agg_branch_month m
    JOIN branches b USING (branch_code)
    WHERE m.month BETWEEN $from_month AND $to_month
      AND b.type = (SELECT type FROM this)
    GROUP BY m.branch_code
    HAVING sum(m.n_waited) > 0
), scoped AS (
    SELECT branch_code, CASE WHEN branch_code = $branch THEN 'branch' ELSE 'peers' END AS scope,
           customers, within_standard
    FROM per_branch
), hist AS (
    SELECT s.scope, w.wait_minute, sum(w.n) AS n
    FROM scoped s
    JOIN agg_wait_hist w USING (branch_code)
    WHERE w.month BETWEEN $from_month AND $to_month
    GROUP BY s.scope, w.wait_minute
), pct AS (
    SELECT scope,
           min(wait_minute) FILTER (WHERE 2 * cum_n >= total_n) AS p50,
           min(wait_minute) FILTER (WHERE 10 * cum_n >= 9 * total_n) AS p90
    FROM (
        SELECT scope, wait_minute,
               sum(n) OVER (PARTITION BY scope ORDER BY wait_minute) AS cum_n,
               sum(n) OVER (PARTITION BY scope) AS total_n
        FROM hist
    )
    GROUP BY scope
), pooled AS (
    SELECT scope, count(*) AS branches, sum(customers) AS customers,
           sum(within_standard) AS within_standard
    FROM scoped
    GROUP BY scope
), mine AS (
    SELECT customers, within_standard FROM per_branch WHERE branch_code = $branch
), ranking AS (
    -- shares compared as cross products of whole numbers, so equal shares tie exactly
    SELECT 1 + count(*) FILTER (WHERE p.within_standard * m.customers
                                      > m.within_standard * p.customers) AS peer_rank,
           count(*) FILTER (WHERE p.branch_code <> $branch
                              AND p.within_standard * m.customers
                                  = m.within_standard * p.customers) AS tied_branches,
           count(*) AS ranked_branches
    FROM per_branch p CROSS JOIN mine m
)
SELECT t.branch_code,
       t.type,
       coalesce(b.customers, 0)::BIGINT AS counter_customers,
       bp.p50::DOUBLE AS median_wait_min,
       bp.p90::DOUBLE AS p90_wait_min,
       (b.within_standard / NULLIF(b.customers, 0))::DOUBLE AS within_standard_share,
       (SELECT max(wait_standard_min) FROM ref_services WHERE mou)::DOUBLE AS wait_standard_min,
       coalesce(p.branches, 0)::BIGINT AS peer_branches,
       CASE WHEN p.branches >= 3 THEN pp.p50 END::DOUBLE AS peer_median_wait_min,
       CASE WHEN p.branches >= 3 THEN pp.p90 END::DOUBLE AS peer_p90_wait_min,
       CASE WHEN p.branches >= 3 THEN p.within_standard / p.customers END::DOUBLE
           AS peer_within_standard_share,
       CASE WHEN p.branches >= 3 AND b.customers > 0 THEN r.peer_rank END::BIGINT AS peer_rank,
       CASE WHEN p.branches >= 3 AND b.customers > 0 THEN r.ranked_branches END::BIGINT AS ranked_branches,
       CASE WHEN p.branches >= 3 AND b.customers > 0 THEN r.tied_branches END::BIGINT AS tied_branches
FROM this t
LEFT JOIN pooled b ON b.scope = 'branch'
LEFT JOIN pct bp ON bp.scope = 'branch'
LEFT JOIN pooled p ON p.scope = 'peers'
LEFT JOIN pct pp ON pp.scope = 'peers'
LEFT JOIN ranking r ON true
