-- title = { id = "Waktu tunggu p90 (menit)", en = "p90 waiting time (minutes)" }
-- description.id = "Waktu tunggu yang tidak dilampaui 90% pelanggan loket dan Pos Keliling, dalam menit penuh (dari histogram per menit; tepat sampai satu menit, 60 = satu jam atau lebih)."
-- description.en = "The waiting time 90% of counter and mobile-unit customers did not exceed, in whole minutes (from the one-minute histogram; exact to a minute, 60 = an hour or more)."
-- formula.id = "Menit penuh terkecil m sehingga banyaknya pelanggan loket dan Pos Keliling yang dilayani dengan waktu tunggu di ember 0..m ≥ 90% dari semua pelanggan itu (histogram satu menit agg_wait_hist, ember 60 = satu jam atau lebih); semua layanan, seluruh periode digabung, menurut kabupaten/kota kantor."
-- formula.en = "The smallest whole minute m such that the counter and mobile-unit customers served with a wait in buckets 0..m are ≥ 90% of all those customers (the one-minute histogram agg_wait_hist, bucket 60 = an hour or more); all services, the whole period pooled, by the branch's kabupaten/kota."
-- caveats.id = "Dibulatkan ke bawah ke menit penuh: 9 berarti 9 sampai kurang dari 10 menit; di atas satu jam tidak dibedakan (60 = 60 menit atau lebih). Periode beberapa bulan menggabungkan semua pelanggannya, bukan rata-rata p90 bulanan. Seperti pangsa dalam standar: termasuk layanan Pos sendiri, tanpa agen dan daring, tanpa pelanggan yang pergi sebelum dilayani. Tidak mengatakan apa yang dialami 10% pelanggan dengan tunggu terlama."
-- caveats.en = "Rounded down to a whole minute: 9 means 9 to under 10 minutes; above an hour nothing is told apart (60 = 60 minutes or more). A period of several months pools all its customers; it is not the mean of monthly p90s. As the share within standard: Pos's own services included, agents and online not, customers who left before being served not counted. It says nothing of what the 10% with the longest waits went through."
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
