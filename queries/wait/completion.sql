-- title = { id = "Lama penyelesaian per layanan dan standarnya", en = "Completion time by service against its standard" }
-- description.id = "Per layanan untuk satu periode: transaksi selesai secara tatap muka (loket, agen, Pos Keliling; daring hanya bila kanalnya dipilih) yang jam datang dan selesainya tercatat, standar lama penyelesaian layanan (menit, etl/config/service_standards.toml), bagian yang selesai dalam standar, median dan p90 lama penyelesaian (menit, dari datang sampai selesai). Menit dihitung ke atas: median 12 = separuh transaksi selesai dalam 12 menit; 241 = lebih dari 240 menit. Kabupaten/kota kantor. Dari agg_completion_hist."
-- description.en = "Per service for a period: completed in-person transactions (counter, agent, Pos Keliling; online only when that channel is chosen) with arrival and finish recorded, the service's completion standard (minutes, etl/config/service_standards.toml), the share completed within it, and the median and p90 completion time (minutes, arrival to finish). Minutes are counted up: median 12 = half were done within 12 minutes; 241 = over 240 minutes. The branch's kabupaten/kota. From agg_completion_hist."
-- caveats.id = "Standar lama penyelesaian adalah contoh: Samsat Lampung belum mengumumkan standar pelayanan pada April 2025 (UU 25/2009 mewajibkannya). Layanan tanpa standar di berkas konfigurasi tidak memiliki bagian dalam standar."
-- caveats.en = "The completion standards are examples: Samsat Lampung had published no service standard in April 2025 (UU 25/2009 requires one). A service without a standard in the configuration file has no share within it."
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
-- label = { id = "Kanal (kosong = semua kanal tatap muka)", en = "Channels (empty = every in-person channel)" }
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
-- y = "within_standard_share"
--
-- [disclosure]
-- counts = ["completed"]
-- service = "service_code"
-- withhold = ["within_standard_share", "median_completion_min", "p90_completion_min"]
-- groups = [[]]
WITH hist AS (
    SELECT service_code, completion_minute, sum(n) AS n
    FROM agg_completion_hist
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
      AND ($service IS NULL OR service_code = $service)
      AND CASE WHEN len($channels::VARCHAR[]) = 0 THEN channel <> 'ONLINE'
               ELSE list_contains($channels::VARCHAR[], channel) END
    GROUP BY service_code, completion_minute
),
cumulative AS (
    SELECT service_code, completion_minute, n,
           sum(n) OVER (PARTITION BY service_code ORDER BY completion_minute) AS cum_n,
           sum(n) OVER (PARTITION BY service_code) AS total_n
    FROM hist
)
SELECT s.name_id AS service,
       c.service_code,
       s.mou AS mou_service,
       max(c.total_n)::BIGINT AS completed,
       st.completion_standard_min::DOUBLE AS completion_standard_min,
       (sum(c.n) FILTER (WHERE c.completion_minute <= st.completion_standard_min)
           / max(c.total_n))::DOUBLE AS within_standard_share,
       min(c.completion_minute) FILTER (WHERE 2 * c.cum_n >= c.total_n)::DOUBLE
           AS median_completion_min,
       min(c.completion_minute) FILTER (WHERE 10 * c.cum_n >= 9 * c.total_n)::DOUBLE
           AS p90_completion_min
FROM cumulative c
JOIN ref_services s USING (service_code)
LEFT JOIN ref_service_standards st USING (service_code)
GROUP BY s.name_id, c.service_code, s.mou, st.completion_standard_min
HAVING max(c.total_n) > 0
ORDER BY s.mou DESC, c.service_code
