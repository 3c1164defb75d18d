-- title = { id = "Pola musiman untuk target bulanan", en = "Seasonal profile for monthly targets" }
-- description.id = "Bagian tiap bulan kalender dalam jumlah setahun suatu ukuran (tahun lalu), untuk membagi target tahunan yang berupa jumlah ke bulan-bulannya. mou_transactions = transaksi layanan MoU yang selesai di jaringan Pos (agg_day); pkb_pos_booked = PKB pokok + opsen yang dibukukan Bapenda melalui kanal Kantor Pos (realisation). Bila tahun itu tidak punya data dua belas bulan penuh, setiap bulan mendapat 1/12 dan fallback_reason menyebut sebabnya (no_data: tidak ada data; incomplete: sebagian bulan tanpa data)."
-- description.en = "Each calendar month's share of a measure's yearly total (last year), to spread a yearly count target over its months. mou_transactions = completed MoU-service transactions in the Pos network (agg_day); pkb_pos_booked = PKB principal + opsen Bapenda books through the Kantor Pos channel (realisation). When the year lacks data for all twelve months, every month gets 1/12 and fallback_reason says why (no_data: no data; incomplete: some months without data)."
-- formula.id = "bagian bulan m = nilai bulan m tahun itu ÷ nilai setahun; 1/12 bila tahun itu tidak lengkap"
-- formula.en = "share of month m = the year's value in month m ÷ the year's value; 1/12 when the year is incomplete"
-- caveats.id = "Pola tahun lalu membawa peristiwa tahun lalu (pemutihan, keringanan): target bulan itu ikut tinggi atau rendah."
-- caveats.en = "Last year's profile carries last year's events (amnesties, relief): that month's target is high or low with it."
-- tags = ["meta"]
--
-- [params.measure]
-- type = "choice"
-- choices = ["mou_transactions", "pkb_pos_booked"]
-- default = "mou_transactions"
-- label = { id = "Ukuran", en = "Measure" }
--
-- [params.year]
-- type = "integer"
-- default = 2025
-- min = 2000
-- label = { id = "Tahun", en = "Year" }
WITH calendar AS (
    SELECT m::INTEGER AS month_of_year FROM range(1, 13) t(m)
), monthly AS (
    SELECT month(month) AS month_of_year, sum(n_completed) FILTER (WHERE mou_service) AS value
    FROM agg_day
    WHERE $measure = 'mou_transactions' AND year(month) = $year
    GROUP BY ALL
    UNION ALL
    SELECT month(month) AS month_of_year,
           sum(coalesce(pkb_pokok, 0) + coalesce(opsen_pkb, 0))
               FILTER (WHERE channel = 'KANTOR_POS') AS value
    FROM realisation
    WHERE $measure = 'pkb_pos_booked' AND year(month) = $year
    GROUP BY ALL
), joined AS (
    SELECT c.month_of_year, coalesce(m.value, 0)::DOUBLE AS value, m.month_of_year IS NOT NULL AS has_data
    FROM calendar c
    LEFT JOIN monthly m USING (month_of_year)
), totals AS (
    SELECT count(*) FILTER (WHERE has_data) AS months_with_data, sum(value) AS total FROM joined
), reason AS (
    SELECT months_with_data, total,
           CASE WHEN months_with_data = 0 OR total = 0 THEN 'no_data'
                WHEN months_with_data < 12 THEN 'incomplete' END AS fallback_reason
    FROM totals
)
SELECT j.month_of_year,
       j.value,
       r.months_with_data::BIGINT AS months_with_data,
       (CASE WHEN r.fallback_reason IS NULL THEN j.value / r.total ELSE 1 / 12 END)::DOUBLE AS share,
       r.fallback_reason
FROM joined j, reason r
ORDER BY j.month_of_year
