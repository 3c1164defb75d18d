-- title = { id = "Tren layanan MoU dan PKB sejak 12 bulan sebelum MoU", en = "MoU services and PKB since 12 months before the MoU" }
-- description.id = "Per bulan dari awal masa dasar (April 2024) sampai bulan akhir: transaksi layanan MoU selesai dan PKB terkumpul (Rp), dengan masa (dasar = 12 bulan sebelum MoU 22 April 2025, dihitung per bulan Apr 2024–Mar 2025; MoU = sejak Mei 2025; April 2025 = bulan penandatanganan) dan rata-rata bulanan masa dasar untuk pembanding. Menurut kabupaten/kota kantor."
-- description.en = "Per month from the start of the baseline (April 2024) to the end month: completed MoU-service transactions and PKB collected (Rp), with the era (baseline = the 12 months before the MoU of 22 April 2025, counted in months Apr 2024–Mar 2025; MoU = from May 2025; April 2025 = the signing month) and the baseline's monthly averages for comparison. By the branch's kabupaten/kota."
-- tags = ["volume", "mou", "report"]
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
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [chart]
-- kind = "line"
-- x = "month"
-- y = "mou_transactions,baseline_mou_monthly_avg"
WITH months AS (
    SELECT m::DATE AS month
    FROM range(DATE '2024-04-01', $to_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH) r(m)
),
monthly AS (
    SELECT month,
           sum(n_completed) FILTER (WHERE mou_service) AS mou_transactions,
           sum(amount_idr) FILTER (WHERE service_code = 'PKB') AS pkb_amount_idr
    FROM agg_day
    WHERE month BETWEEN DATE '2024-04-01' AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY month
),
joined AS (
    SELECT m.month,
           CASE WHEN m.month < DATE '2025-04-01' THEN 'baseline'
                WHEN m.month = DATE '2025-04-01' THEN 'signing'
                ELSE 'mou' END AS era,
           coalesce(x.mou_transactions, 0) AS mou_transactions,
           coalesce(x.pkb_amount_idr, 0) AS pkb_amount_idr,
           x.month IS NOT NULL AS has_data
    FROM months m
    LEFT JOIN monthly x USING (month)
)
SELECT month,
       era,
       mou_transactions::BIGINT AS mou_transactions,
       pkb_amount_idr::DECIMAL(18, 2) AS pkb_amount_idr,
       (avg(mou_transactions) FILTER (WHERE era = 'baseline' AND has_data) OVER ())::DOUBLE
           AS baseline_mou_monthly_avg,
       (avg(pkb_amount_idr) FILTER (WHERE era = 'baseline' AND has_data) OVER ())::DOUBLE
           AS baseline_pkb_monthly_avg_idr,
       has_data
FROM joined
ORDER BY month
