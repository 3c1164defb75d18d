-- title = { id = "Waktu tunggu menurut jam dan hari", en = "Waiting time by hour and weekday" }
-- description.id = "Per hari dalam minggu (Senin dahulu) dan jam kedatangan (WIB): rata-rata waktu tunggu pelanggan loket (menit), jumlah pelanggan loket, semua transaksi terdaftar (semua kanal dan status) dan pangsa dalam standar (0–1). Saring kabupaten/kota kantor dan layanan."
-- description.en = "Per weekday (Monday first) and hour of arrival (WIB): mean wait of counter customers (minutes), number of counter customers, all registered transactions (every channel and status) and the share within the standard (0–1). Filter by the branch's kabupaten/kota and the service."
-- tags = ["wait", "time"]
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
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [chart]
-- kind = "heatmap"
-- x = "hour"
-- y = "weekday"
-- z = "mean_wait_min"
--
-- [disclosure]
-- counts = ["counter_customers", "registered"]
-- service_param = "service"
-- withhold = ["mean_wait_min", "within_standard_share"]
-- groups = [["iso_weekday"], ["hour"]]
SELECT iso_weekday::INTEGER AS iso_weekday,
       ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][iso_weekday] AS weekday,
       ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][iso_weekday]
           AS weekday_en,
       hour::INTEGER AS hour,
       (sum(wait_seconds_sum) / NULLIF(sum(n_waited), 0) / 60)::DOUBLE AS mean_wait_min,
       sum(n_waited)::BIGINT AS counter_customers,
       sum(n_total)::BIGINT AS registered,
       (sum(n_within_standard) / NULLIF(sum(n_waited), 0))::DOUBLE AS within_standard_share
FROM agg_hour_weekday
WHERE month BETWEEN $from_month AND $to_month
  AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
  AND ($service IS NULL OR service_code = $service)
GROUP BY iso_weekday, hour
ORDER BY iso_weekday, hour
