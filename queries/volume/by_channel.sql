-- title = { id = "Volume transaksi bulanan per kanal", en = "Monthly transactions by channel" }
-- description.id = "Transaksi selesai per bulan dan kanal (LOKET = loket kantor, AGEN = Agen Pos, KELILING = Pos Keliling, ONLINE = daring), dengan pangsa kanal dalam bulan itu (0–1). Saring kabupaten/kota kantor, layanan dan kanal (pangsa tetap terhadap semua kanal)."
-- description.en = "Completed transactions per month and channel (LOKET = branch counter, AGEN = Pos agent, KELILING = mobile unit, ONLINE = online), with the channel's share of that month (0–1). Filter by the branch's kabupaten/kota, the service and the channels (the share stays that of all channels)."
-- tags = ["volume", "channel"]
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
-- kind = "area"
-- x = "month"
-- y = "transactions"
-- color = "channel"
--
-- [disclosure]
-- counts = ["transactions"]
-- service_param = "service"
-- withhold = ["amount_idr", "channel_share"]
-- groups = [["month"], ["channel"]]
WITH m AS (
    SELECT month, channel,
           sum(n_completed)::BIGINT AS transactions,
           sum(amount_idr)::DECIMAL(18, 2) AS amount_idr
    FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
      AND ($service IS NULL OR service_code = $service)
    GROUP BY month, channel
)
SELECT month,
       channel,
       transactions,
       amount_idr,
       (transactions / NULLIF(sum(transactions) OVER (PARTITION BY month), 0))::DOUBLE
           AS channel_share
FROM m
QUALIFY len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], channel)
ORDER BY month, channel
