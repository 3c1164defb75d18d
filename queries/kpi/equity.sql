-- title = { id = "Pemerataan antarwilayah", en = "Equity between areas" }
-- description.id = "Penggunaan layanan MoU per penduduk di kabupaten/kota terendah dibagi penggunaan per penduduk provinsi (1,0 = merata). Dengan saringan kabupaten/kota: kecamatan terendah dibagi kabupaten/kota itu. Menurut tempat tinggal pelanggan."
-- description.en = "MoU-service use per resident in the lowest kabupaten/kota divided by the provincial use per resident (1.0 = even). With a kabupaten filter: the lowest kecamatan divided by that kabupaten. By where customers live."
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
WITH use AS (
    SELECT CASE WHEN $kabupaten IS NULL THEN c.kabupaten_code ELSE c.kecamatan_code END AS area,
           sum(c.n_completed) AS n
    FROM agg_customer_kecamatan_month c
    WHERE c.month BETWEEN $from_month AND $to_month AND c.mou_service
      AND ($kabupaten IS NULL OR c.kabupaten_code = $kabupaten)
    GROUP BY area
),
areas AS (
    SELECT kabupaten_code AS area, population FROM ref_kabupaten WHERE $kabupaten IS NULL
    UNION ALL
    SELECT kecamatan_code, population FROM ref_kecamatan WHERE kabupaten_code = $kabupaten
),
per_capita AS (
    SELECT a.area, coalesce(u.n, 0) AS n, a.population,
           coalesce(u.n, 0) / nullif(a.population, 0) AS rate
    FROM areas a
    LEFT JOIN use u USING (area)
)
SELECT arg_min(area, rate) AS lowest_area,
       sum(n)::BIGINT AS numerator,
       sum(population)::BIGINT AS denominator,
       CASE WHEN sum(n) > 0 THEN min(rate) / (sum(n) / nullif(sum(population), 0)) END::DOUBLE
           AS value
FROM per_capita
