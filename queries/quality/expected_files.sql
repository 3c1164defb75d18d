-- title = { id = "Berkas yang diharapkan per bulan dan wilayah", en = "Expected files per month and area" }
-- description.id = "Untuk setiap kabupaten/kota dan bulan: apakah ekspornya sudah masuk (ada transaksi dari kantornya), berkas yang membawanya, kantor yang sudah buka pada bulan itu dan yang datanya sudah masuk, serta kantor yang belum punya transaksi bulan itu. Lengkap bila setiap kantor yang buka punya transaksi."
-- description.en = "For each kabupaten/kota and month: whether its export has arrived (its branches have transactions), the files that brought it, the branches open that month and those whose data is in, and the branches with no transactions that month. Complete when every open branch has transactions."
-- tags = ["quality", "load"]
--
-- [params.since_month]
-- type = "month"
-- default = "last_full_month-5m"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.until_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [chart]
-- kind = "table"
WITH months AS (
    SELECT r.m::DATE AS month
    FROM range($since_month::DATE, $until_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS r(m)
),
expected AS (
    SELECT m.month, b.kabupaten_code, b.branch_code, coalesce(b.name, b.branch_code) AS branch
    FROM months m
    JOIN branches b
      ON coalesce(b.opened_on, DATE '1900-01-01') < m.month + INTERVAL 1 MONTH
    WHERE b.kabupaten_code IS NOT NULL
),
reported AS (
    SELECT month, branch_code, sum(n_total) AS transactions
    FROM agg_branch_month
    WHERE month BETWEEN $since_month::DATE AND $until_month::DATE
    GROUP BY ALL
),
files AS (
    SELECT date_trunc('month', t.arrived_at)::DATE AS month, b.kabupaten_code,
           string_agg(DISTINCT f.name, ', ' ORDER BY f.name) AS files
    FROM transactions t
    JOIN branches b ON b.branch_code = t.branch_code
    JOIN load_files f ON f.file_id = t.file_id
    WHERE t.arrived_at >= $since_month::DATE AND t.arrived_at < $until_month::DATE + INTERVAL 1 MONTH
    GROUP BY ALL
)
SELECT k.name AS kabupaten,
       e.month,
       count(*) FILTER (r.transactions > 0) > 0 AS arrived,
       count(*) FILTER (r.transactions > 0) = count(*) AS complete,
       count(*)::BIGINT AS branches_expected,
       count(*) FILTER (r.transactions > 0)::BIGINT AS branches_reported,
       coalesce(sum(r.transactions), 0)::BIGINT AS transactions,
       string_agg(e.branch || ' (' || e.branch_code || ')', ', ' ORDER BY e.branch_code)
           FILTER (coalesce(r.transactions, 0) = 0) AS branches_missing,
       any_value(fl.files) AS files,
       e.kabupaten_code
FROM expected e
JOIN ref_kabupaten k USING (kabupaten_code)
LEFT JOIN reported r USING (month, branch_code)
LEFT JOIN files fl USING (month, kabupaten_code)
GROUP BY k.name, e.month, e.kabupaten_code
ORDER BY e.month DESC, arrived, complete, k.name
