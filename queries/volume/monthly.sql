-- title = { id = "Volume transaksi bulanan per layanan", en = "Monthly transactions by service" }
-- description.id = "Transaksi selesai per bulan dan layanan, dari ringkasan harian. Saring kabupaten/kota kantor, layanan dan kanal."
-- description.en = "Completed transactions per month and service, from the daily summary. Filter by the branch's kabupaten/kota, the service and the channel."
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
-- y = "transactions"
-- color = "service"
--
-- [disclosure]
-- counts = ["transactions"]
-- service = "service_code"
-- withhold = ["amount_idr"]
-- groups = [["month"], ["service_code"]]
SELECT d.month,
       s.name_id AS service,
       d.service_code,
       sum(d.n_completed)::BIGINT AS transactions,
       sum(d.amount_idr)::DECIMAL(18, 2) AS amount_idr
FROM agg_day d
JOIN ref_services s USING (service_code)
WHERE d.month BETWEEN $from_month AND $to_month
  AND ($kabupaten IS NULL OR d.kabupaten_code = $kabupaten)
  AND ($service IS NULL OR d.service_code = $service)
  AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], d.channel))
GROUP BY ALL
ORDER BY d.month, d.service_code
