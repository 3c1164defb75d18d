-- title = { id = "Waktu tunggu p90 (menit)", en = "p90 waiting time (minutes)" }
-- description.id = "Waktu tunggu yang tidak dilampaui 90% pelanggan loket dan Pos Keliling, dalam menit penuh (dari histogram per menit; tepat sampai satu menit, 60 = satu jam atau lebih)."
-- description.en = "The waiting time 90% of counter and mobile-unit customers did not exceed, in whole minutes (from the one-minute histogram; exact to a minute, 60 = an hour or more)."
-- tags = ["kpi"]
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
-- kind = "table"
-- value = "value"
WITH hist AS (
    SELECT h.wait_minute, sum(h.n) AS n
    FROM agg_wait_hist h
    JOIN branches b USING (branch_code)
    WHERE h.month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
    GROUP BY h.wait_minute
),
cumulative AS (
    SELECT wait_minute, sum(n) OVER (ORDER BY wait_minute) AS running, sum(n) OVER () AS total
    FROM hist
)
SELECT (SELECT any_value(total) FROM cumulative)::BIGINT AS numerator,
       NULL::BIGINT AS denominator,
       min(wait_minute)::DOUBLE AS value
FROM cumulative
WHERE running >= 0.9 * total
