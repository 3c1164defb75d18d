-- title = { id = "Indikator MoU per kabupaten/kota", en = "MoU indicators by kabupaten/kota" }
-- description.id = "Untuk setiap kabupaten/kota dalam periode: transaksi layanan MoU per 1.000 penduduk (menurut tempat tinggal pelanggan) dan indeksnya terhadap provinsi (1,0 = sama dengan provinsi), pertumbuhan terhadap periode yang sama setahun sebelumnya (menurut kantor), bagian pelanggan loket yang dilayani dalam standar, dan cakupan kecamatan. Diurutkan dari indeks terendah: kabupaten/kota yang paling tertinggal lebih dulu."
-- description.en = "For each kabupaten/kota in the period: MoU-service transactions per 1,000 residents (by where customers live) and its index against the province (1.0 = as the province), growth against the same period a year earlier (by branch), the share of counter customers served within standard, and kecamatan coverage. Sorted from the lowest index: the kabupaten lagging most come first."
-- tags = ["kpi", "region"]
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
-- [chart]
-- kind = "bar"
-- x = "kabupaten"
-- y = "use_index"
WITH use AS (
    SELECT kabupaten_code, sum(n_completed) AS n
    FROM agg_customer_kecamatan_month
    WHERE month BETWEEN $from_month AND $to_month AND mou_service
    GROUP BY kabupaten_code
),
province AS (
    SELECT (SELECT sum(n) FROM use) / (SELECT sum(population) FROM ref_kabupaten) AS rate
),
branch_side AS (
    SELECT kabupaten_code,
           sum(n_completed) FILTER (WHERE mou_service AND month BETWEEN $from_month AND $to_month)
               AS mou_now,
           sum(n_completed) FILTER (WHERE mou_service AND month
               BETWEEN ($from_month::DATE - INTERVAL 12 MONTH)::DATE
                   AND ($to_month::DATE - INTERVAL 12 MONTH)::DATE) AS mou_year_earlier,
           sum(n_within_standard) FILTER (WHERE month BETWEEN $from_month AND $to_month)
               AS within,
           sum(n_waited) FILTER (WHERE month BETWEEN $from_month AND $to_month) AS waited
    FROM agg_day
    WHERE month BETWEEN ($from_month::DATE - INTERVAL 12 MONTH)::DATE AND $to_month
    GROUP BY kabupaten_code
),
served AS (
    SELECT DISTINCT b.kecamatan_code
    FROM agg_branch_month m
    JOIN branches b USING (branch_code)
    WHERE m.month BETWEEN $from_month AND $to_month AND m.mou_service AND m.n_completed > 0
),
coverage AS (
    SELECT kabupaten_code,
           count(*) FILTER (WHERE kecamatan_code IN (SELECT kecamatan_code FROM served))
               / count(*) AS coverage_share
    FROM ref_kecamatan
    GROUP BY kabupaten_code
)
SELECT k.kabupaten_code,
       k.name AS kabupaten,
       k.population::BIGINT AS population,
       coalesce(u.n, 0)::BIGINT AS mou_transactions,
       (1000 * coalesce(u.n, 0) / nullif(k.population, 0))::DOUBLE AS mou_per_1000_residents,
       (coalesce(u.n, 0) / nullif(k.population, 0) / nullif((SELECT rate FROM province), 0))::DOUBLE
           AS use_index,
       (b.mou_now / nullif(b.mou_year_earlier, 0) - 1)::DOUBLE AS growth_share,
       (b.within / nullif(b.waited, 0))::DOUBLE AS within_standard_share,
       c.coverage_share::DOUBLE AS coverage_share
FROM ref_kabupaten k
LEFT JOIN use u USING (kabupaten_code)
LEFT JOIN branch_side b USING (kabupaten_code)
LEFT JOIN coverage c USING (kabupaten_code)
WHERE (SELECT rate FROM province) IS NOT NULL
ORDER BY use_index NULLS FIRST, k.kabupaten_code
