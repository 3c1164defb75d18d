-- title = { id = "Klasemen kantor", en = "Branch league table" }
-- description.id = "Setiap kantor, agen dan Pos Keliling untuk satu periode, diurutkan menurut transaksi selesai: transaksi, transaksi layanan MoU, transaksi pada bulan yang sama setahun sebelumnya dan pertumbuhannya (0,25 = +25%; kosong bila gudang data belum berisi periode itu atau kantor belum bertransaksi), pelanggan loket, pangsa dalam standar waktu tunggu (0–1), p90 waktu tunggu (menit, dari histogram per menit, tepat sampai satu menit), hari aktif (hari dengan paling sedikit satu transaksi terdaftar) dan peringkat. Peringkat dihitung di antara baris yang ditampilkan (setelah saringan kabupaten/kota, jenis kantor dan transaksi minimum)."
-- description.en = "Every branch, agent and mobile unit for a period, ordered by completed transactions: transactions, MoU-service transactions, transactions in the same months a year earlier and growth (0.25 = +25%; empty when the warehouse does not hold that period or the branch had no transactions then), counter customers, share within the waiting standard (0–1), p90 wait (minutes, from the one-minute histogram, exact to within one minute), active days (days with at least one registered transaction) and rank. The rank is among the rows shown (after the kabupaten/kota, branch type and minimum-transactions filters)."
-- tags = ["branch", "league"]
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
-- [params.branch_type]
-- type = "choice"
-- choices = ["KC", "KCP", "AGEN", "KELILING"]
-- optional = true
-- label = { id = "Jenis kantor (kosong = semua)", en = "Branch type (empty = all)" }
--
-- [params.min_transactions]
-- type = "integer"
-- default = 1
-- min = 0
-- label = { id = "Transaksi minimum", en = "Minimum transactions" }
--
-- [chart]
-- kind = "table"
WITH cur AS (
    SELECT branch_code,
           sum(n_completed) AS transactions,
           sum(n_completed) FILTER (WHERE mou_service) AS mou_transactions,
           sum(n_waited) AS counter_customers,
           sum(n_within_standard) AS within_standard
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
), h AS (
    SELECT branch_code, wait_minute, sum(n) AS n
    FROM agg_wait_hist
    WHERE month BETWEEN $from_month AND $to_month
    GROUP BY branch_code, wait_minute
), p90 AS (
    SELECT branch_code, min(wait_minute) FILTER (WHERE 10 * cum_n >= 9 * total_n) AS p90
    FROM (
        SELECT branch_code, wait_minute,
               sum(n) OVER (PARTITION BY branch_code ORDER BY wait_minute) AS cum_n,
               sum(n) OVER (PARTITION BY branch_code) AS total_n
        FROM h
    )
    GROUP BY branch_code
), rows AS (
    SELECT b.branch_code,
           b.name AS branch,
           b.type,
           b.kabupaten_code,
           k.name AS kabupaten,
           coalesce(c.transactions, 0)::BIGINT AS transactions,
           coalesce(c.mou_transactions, 0)::BIGINT AS mou_transactions,
           CASE WHEN pc.covered THEN coalesce(pv.transactions, 0) END::BIGINT
               AS transactions_prev_year,
           coalesce(c.counter_customers, 0)::BIGINT AS counter_customers,
           (c.within_standard / NULLIF(c.counter_customers, 0))::DOUBLE AS within_standard_share,
           p.p90::DOUBLE AS p90_wait_min,
           coalesce(d.days_active, 0)::BIGINT AS days_active
    FROM branches b
    JOIN ref_kabupaten k ON k.kabupaten_code = b.kabupaten_code
    CROSS JOIN prev_covered pc
    LEFT JOIN cur c USING (branch_code)
    LEFT JOIN prev pv USING (branch_code)
    LEFT JOIN days d USING (branch_code)
    LEFT JOIN p90 p USING (branch_code)
    WHERE ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
      AND ($branch_type IS NULL OR b.type = $branch_type)
      AND coalesce(c.transactions, 0) >= $min_transactions
)
SELECT rank() OVER (ORDER BY transactions DESC) AS rank,
       branch_code,
       branch,
       type,
       kabupaten_code,
       kabupaten,
       transactions,
       mou_transactions,
       transactions_prev_year,
       ((transactions - transactions_prev_year) / NULLIF(transactions_prev_year, 0))::DOUBLE
           AS growth_share,
       counter_customers,
       within_standard_share,
       p90_wait_min,
       days_active
FROM rows
ORDER BY rank, branch_code
