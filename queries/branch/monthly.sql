-- title = { id = "Volume bulanan satu kantor per layanan", en = "One branch's monthly volumes by service" }
-- description.id = "Untuk satu kantor, per bulan dan layanan: transaksi terdaftar, selesai, batal dan tidak hadir, nilai transaksi selesai, pelanggan loket dan rata-rata waktu tunggunya (menit). Bawaan: kantor pertama dalam daftar (KC diurutkan lebih dulu)."
-- description.en = "For one branch, per month and service: registered, completed, cancelled and no-show transactions, amount of completed ones, counter customers and their mean wait (minutes). Default: the first branch in the list (KC branches come first)."
-- tags = ["branch", "volume"]
--
-- [params.branch]
-- type = "choice"
-- choices = "meta/branches"
-- default = "first"
-- label = { id = "Kantor", en = "Branch" }
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month-23m"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [chart]
-- kind = "bar"
-- x = "month"
-- y = "transactions"
-- color = "service"
--
-- [disclosure]
-- counts = ["registered", "transactions", "cancelled", "no_show", "counter_customers"]
-- service = "service_code"
-- withhold = ["amount_idr", "mean_wait_min"]
-- groups = [["month"], ["service_code"]]
SELECT m.month,
       s.name_id AS service,
       m.service_code,
       sum(m.n_total)::BIGINT AS registered,
       sum(m.n_completed)::BIGINT AS transactions,
       sum(m.n_cancelled)::BIGINT AS cancelled,
       sum(m.n_no_show)::BIGINT AS no_show,
       sum(m.amount_idr)::DECIMAL(18, 2) AS amount_idr,
       sum(m.n_waited)::BIGINT AS counter_customers,
       (sum(m.wait_seconds_sum) / NULLIF(sum(m.n_waited), 0) / 60)::DOUBLE AS mean_wait_min
FROM agg_branch_month m
JOIN ref_services s USING (service_code)
WHERE m.branch_code = $branch
  AND m.month BETWEEN $from_month AND $to_month
GROUP BY m.month, s.name_id, m.service_code
ORDER BY m.month, m.service_code
