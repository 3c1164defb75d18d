-- title = { id = "Pertumbuhan tahunan per layanan", en = "Year-on-year growth by service" }
-- description.id = "Setiap bulan dalam periode dibandingkan dengan bulan yang sama setahun sebelumnya, per layanan: transaksi selesai, transaksi tahun lalu dan pertumbuhan (0,25 = +25%). Tahun lalu kosong (NULL) bila gudang data belum berisi bulan itu; pertumbuhan kosong bila tahun lalu nol. Saring kabupaten/kota kantor, layanan dan kanal."
-- description.en = "Each month of the period against the same month a year earlier, by service: completed transactions, last year's and growth (0.25 = +25%). Last year is empty (NULL) when the warehouse holds no data for that month; growth is empty when last year is zero. Filter by the branch's kabupaten/kota, the service and the channel."
-- tags = ["volume", "growth"]
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
-- kind = "line"
-- x = "month"
-- y = "growth_share"
-- color = "service"
--
-- [disclosure]
-- counts = ["transactions", "transactions_prev_year"]
-- service = "service_code"
-- withhold = ["change", "growth_share"]
-- groups = [["month"], ["service_code"]]
WITH months AS (
    SELECT m::DATE AS month
    FROM range($from_month::DATE, $to_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS r(m)
), per_month AS (
    SELECT month, service_code, sum(n_completed) AS transactions
    FROM agg_day
    WHERE (month BETWEEN $from_month AND $to_month
           OR month BETWEEN ($from_month::DATE - INTERVAL 12 MONTH)::DATE
                        AND ($to_month::DATE - INTERVAL 12 MONTH)::DATE)
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
      AND ($service IS NULL OR service_code = $service)
      AND (len($channels::VARCHAR[]) = 0 OR list_contains($channels::VARCHAR[], channel))
    GROUP BY month, service_code
), grid AS (
    SELECT m.month,
           (m.month - INTERVAL 12 MONTH)::DATE AS month_prev_year,
           s.service_code,
           s.name_id AS service,
           coalesce(cur.transactions, 0)::BIGINT AS transactions,
           CASE WHEN (m.month - INTERVAL 12 MONTH)::DATE >= (SELECT min(month) FROM agg_day)
                THEN coalesce(prev.transactions, 0)::BIGINT END AS transactions_prev_year
    FROM months m
    CROSS JOIN ref_services s
    LEFT JOIN per_month cur ON cur.month = m.month AND cur.service_code = s.service_code
    LEFT JOIN per_month prev
           ON prev.month = (m.month - INTERVAL 12 MONTH)::DATE AND prev.service_code = s.service_code
)
SELECT month,
       month_prev_year,
       service,
       service_code,
       transactions,
       transactions_prev_year,
       (transactions - transactions_prev_year)::BIGINT AS change,
       ((transactions - transactions_prev_year) / NULLIF(transactions_prev_year, 0))::DOUBLE
           AS growth_share
FROM grid
WHERE transactions > 0 OR coalesce(transactions_prev_year, 0) > 0
ORDER BY month, service_code
