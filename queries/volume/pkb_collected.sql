-- title = { id = "Penerimaan PKB bulanan", en = "Monthly vehicle tax (PKB) collected" }
-- description.id = "Pembayaran Pajak Kendaraan Bermotor (PKB) yang selesai per bulan: jumlah transaksi, nilai dalam rupiah dan rata-rata per transaksi. Saring kabupaten/kota kantor dan kanal; layanan lain selain PKB tidak menghasilkan baris."
-- description.en = "Completed motor-vehicle tax (PKB) payments per month: number of transactions, amount in rupiah and the mean per transaction. Filter by the branch's kabupaten/kota and the channel; a service other than PKB gives no rows."
-- tags = ["volume", "samsat", "mou"]
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
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
-- label = { id = "Kabupaten/kota", en = "Kabupaten/kota" }
--
-- [params.channels]
-- type = "list"
-- choices = ["LOKET", "AGEN", "KELILING", "ONLINE"]
-- default = []
-- label = { id = "Kanal (kosong = semua)", en = "Channels (empty = all)" }
--
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [chart]
-- kind = "bar"
-- x = "month"
-- y = "amount_idr"
WITH months AS (
    SELECT m::DATE AS month
    FROM range($from_month::DATE, $to_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS r(m)
    WHERE $service IS NULL OR $service = 'PKB'  -- another service holds no PKB: no rows
), pkb AS (
    SELECT month, sum(n_completed) AS transactions, sum(amount_idr) AS amount_idr
    FROM agg_day
    WHERE service_code = 'PKB'
      AND month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
      AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], channel))
    GROUP BY month
)
SELECT m.month,
       coalesce(p.transactions, 0)::BIGINT AS transactions,
       coalesce(p.amount_idr, 0)::DECIMAL(18, 2) AS amount_idr,
       (p.amount_idr / NULLIF(p.transactions, 0))::DECIMAL(18, 2) AS mean_amount_idr
FROM months m
LEFT JOIN pkb p USING (month)
ORDER BY m.month
