-- title = { id = "Pangsa dalam standar waktu tunggu per bulan", en = "Monthly share served within the waiting standard" }
-- description.id = "Per bulan dan layanan: pelanggan loket (kanal LOKET dan KELILING yang dilayani), yang menunggu tidak lebih dari standar layanan (ref_services.wait_standard_min), dan pangsanya (0–1). Saring kabupaten/kota kantor, layanan dan kanal (LOKET atau KELILING)."
-- description.en = "Per month and service: counter customers (channels LOKET and KELILING, served), those who waited no longer than the service standard (ref_services.wait_standard_min), and their share (0–1). Filter by the branch's kabupaten/kota, the service and the channel (LOKET or KELILING)."
-- tags = ["wait"]
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
-- kind = "line"
-- x = "month"
-- y = "within_standard_share"
-- color = "service"
--
-- [disclosure]
-- counts = ["counter_customers", "within_standard"]
-- service = "service_code"
-- withhold = ["within_standard_share"]
-- groups = [["month"], ["service_code"]]
SELECT d.month,
       s.name_id AS service,
       d.service_code,
       s.wait_standard_min,
       sum(d.n_waited)::BIGINT AS counter_customers,
       sum(d.n_within_standard)::BIGINT AS within_standard,
       (sum(d.n_within_standard) / NULLIF(sum(d.n_waited), 0))::DOUBLE AS within_standard_share
FROM agg_day d
JOIN ref_services s USING (service_code)
WHERE d.month BETWEEN $from_month AND $to_month
  AND ($kabupaten IS NULL OR d.kabupaten_code = $kabupaten)
  AND ($service IS NULL OR d.service_code = $service)
  AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], d.channel))
GROUP BY d.month, s.name_id, d.service_code, s.wait_standard_min
HAVING sum(d.n_waited) > 0
ORDER BY d.month, d.service_code
