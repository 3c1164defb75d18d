-- title = { id = "Volume transaksi per kabupaten/kota", en = "Transactions by kabupaten/kota" }
-- description.id = "Transaksi selesai dalam satu periode per kabupaten/kota tempat kantor berada (semua 15, juga yang nol), dengan transaksi layanan MoU, nilai transaksi, pangsa provinsi (0–1) dan pangsa MoU (0–1). Untuk jangkauan menurut tempat tinggal pelanggan lihat reach/per_capita."
-- description.en = "Completed transactions in a period per kabupaten/kota of the branch (all 15, zeros included), with MoU-service transactions, amount, share of the province (0–1) and MoU share (0–1). For reach by where customers live see reach/per_capita."
-- tags = ["volume", "region"]
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
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [params.channels]
-- type = "list"
-- choices = ["LOKET", "AGEN", "KELILING", "ONLINE"]
-- default = []
-- label = { id = "Kanal (kosong = semua)", en = "Channels (empty = all)" }
--
-- [chart]
-- kind = "bar"
-- x = "kabupaten"
-- y = "transactions"
--
-- [disclosure]
-- counts = ["transactions", "mou_transactions"]
-- service_param = "service"
-- withhold = ["amount_idr", "province_share", "mou_share"]
-- groups = [[]]
WITH d AS (
    SELECT kabupaten_code,
           sum(n_completed) AS transactions,
           sum(n_completed) FILTER (WHERE mou_service) AS mou_transactions,
           sum(amount_idr) AS amount_idr
    FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
      AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], channel))
    GROUP BY kabupaten_code
), k AS (
    SELECT k.kabupaten_code,
           k.name AS kabupaten,
           coalesce(d.transactions, 0)::BIGINT AS transactions,
           coalesce(d.mou_transactions, 0)::BIGINT AS mou_transactions,
           coalesce(d.amount_idr, 0)::DECIMAL(18, 2) AS amount_idr
    FROM ref_kabupaten k
    LEFT JOIN d USING (kabupaten_code)
)
SELECT kabupaten_code,
       kabupaten,
       transactions,
       mou_transactions,
       amount_idr,
       (transactions / NULLIF(sum(transactions) OVER (), 0))::DOUBLE AS province_share,
       (mou_transactions / NULLIF(transactions, 0))::DOUBLE AS mou_share
FROM k
ORDER BY kabupaten_code
