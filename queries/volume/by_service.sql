-- title = { id = "Transaksi per layanan dibanding tahun lalu", en = "Transactions by service against a year earlier" }
-- description.id = "Untuk periode: transaksi selesai dan nilainya per layanan, dan periode yang sama setahun sebelumnya, menurut kabupaten/kota kantor."
-- description.en = "For the period: completed transactions and their amount by service, and the same period a year earlier, by the branch's kabupaten/kota."
-- tags = ["volume", "report"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month"
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
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [chart]
-- kind = "bar"
-- x = "service"
-- y = "transactions"
--
-- [disclosure]
-- counts = ["transactions", "transactions_prev_year"]
-- service = "service_code"
-- withhold = ["amount_idr", "growth_share"]
-- groups = [[]]
WITH now AS (
    SELECT service_code, sum(n_completed) AS n, sum(amount_idr) AS amount
    FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY service_code
),
before AS (
    SELECT service_code, sum(n_completed) AS n
    FROM agg_day
    WHERE month BETWEEN ($from_month::DATE - INTERVAL 12 MONTH)::DATE
                    AND ($to_month::DATE - INTERVAL 12 MONTH)::DATE
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY service_code
)
SELECT s.service_code,
       s.name_id AS service,
       s.name_en AS service_en,
       s.mou,
       coalesce(now.n, 0)::BIGINT AS transactions,
       coalesce(now.amount, 0)::DECIMAL(18, 2) AS amount_idr,
       before.n::BIGINT AS transactions_prev_year,
       (now.n / nullif(before.n, 0) - 1)::DOUBLE AS growth_share
FROM ref_services s
LEFT JOIN now USING (service_code)
LEFT JOIN before USING (service_code)
ORDER BY s.mou DESC, transactions DESC, s.service_code
