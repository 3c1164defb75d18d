-- title = { id = "Lama pelayanan per layanan", en = "Service time by service" }
-- description.id = "Per layanan untuk satu periode: transaksi selesai yang lama pelayanannya tercatat dan rata-rata lama pelayanan (menit, dari dilayani sampai selesai). Saring kabupaten/kota kantor, layanan dan kanal."
-- description.en = "Per service for a period: completed transactions with a recorded service time and the mean service time (minutes, from being served to finished). Filter by the branch's kabupaten/kota, the service and the channel."
-- tags = ["wait", "service"]
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
-- x = "service"
-- y = "mean_service_min"
--
-- [disclosure]
-- counts = ["served"]
-- service = "service_code"
-- withhold = ["mean_service_min"]
-- groups = [[]]
SELECT s.name_id AS service,
       d.service_code,
       s.mou AS mou_service,
       sum(d.n_served)::BIGINT AS served,
       (sum(d.service_seconds_sum) / NULLIF(sum(d.n_served), 0) / 60)::DOUBLE AS mean_service_min
FROM agg_day d
JOIN ref_services s USING (service_code)
WHERE d.month BETWEEN $from_month AND $to_month
  AND ($kabupaten IS NULL OR d.kabupaten_code = $kabupaten)
  AND ($service IS NULL OR d.service_code = $service)
  AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], d.channel))
GROUP BY s.name_id, d.service_code, s.mou
HAVING sum(d.n_served) > 0
ORDER BY s.mou DESC, d.service_code
