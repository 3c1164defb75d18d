-- title = { id = "Cakupan kecamatan terpencil", en = "Remote kecamatan coverage" }
-- description.id = "Seperti cakupan kecamatan, hanya untuk kecamatan terpencil (lihat data/reference/README.md)."
-- description.en = "As kecamatan coverage, for remote kecamatan only (see data/reference/README.md)."
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
WITH has_data AS (
    SELECT count(*) > 0 AS ok FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
),
scope AS (
    SELECT kecamatan_code FROM ref_kecamatan
    WHERE ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
      AND remote
),
served AS (
    SELECT DISTINCT b.kecamatan_code
    FROM agg_branch_month m
    JOIN branches b USING (branch_code)
    WHERE m.month BETWEEN $from_month AND $to_month AND m.mou_service AND m.n_completed > 0
)
SELECT count(*) FILTER (WHERE kecamatan_code IN (SELECT kecamatan_code FROM served))::BIGINT
           AS numerator,
       count(*)::BIGINT AS denominator,
       CASE WHEN (SELECT ok FROM has_data)
            THEN numerator / nullif(denominator, 0) END::DOUBLE AS value
FROM scope
