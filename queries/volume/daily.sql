-- title = { id = "Volume transaksi harian per layanan", en = "Daily transactions by service" }
-- description.id = "Transaksi selesai per hari dan layanan (bawaan: 90 hari terakhir yang berdata), dari ringkasan harian. Saring kabupaten/kota kantor, layanan dan kanal. Hari tanpa transaksi untuk suatu layanan tidak muncul sebagai baris."
-- description.en = "Completed transactions per day and service (default: the last 90 days with data), from the daily summary. Filter by the branch's kabupaten/kota, the service and the channel. A day without transactions for a service has no row."
-- tags = ["volume"]
--
-- [params.from_date]
-- type = "date"
-- default = "today-90d"
-- label = { id = "Dari tanggal", en = "From date" }
--
-- [params.to_date]
-- type = "date"
-- default = "today-1d"
-- label = { id = "Sampai tanggal", en = "To date" }
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
-- kind = "line"
-- x = "day"
-- y = "transactions"
-- color = "service"
--
-- [disclosure]
-- counts = ["transactions", "registered"]
-- service = "service_code"
-- withhold = ["amount_idr"]
-- groups = [["day"], ["service_code"]]
SELECT d.day,
       s.name_id AS service,
       d.service_code,
       sum(d.n_completed)::BIGINT AS transactions,
       sum(d.n_total)::BIGINT AS registered,
       sum(d.amount_idr)::DECIMAL(18, 2) AS amount_idr
FROM agg_day d
JOIN ref_services s USING (service_code)
WHERE d.day BETWEEN $from_date AND $to_date
  AND ($kabupaten IS NULL OR d.kabupaten_code = $kabupaten)
  AND ($service IS NULL OR d.service_code = $service)
  AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], d.channel))
GROUP BY d.day, s.name_id, d.service_code
ORDER BY d.day, d.service_code
